import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Timing and reporting. An operation is measured twice: through GraphQL (in-process yoga server,
// authentication included) and as the hand-written SQL that returns the same data. The ratio of the
// medians is the number to watch: it is robust to a noisy machine, absolute times are not.

export interface BenchOperation {
  name: string;
  /** One GraphQL request; returns how many SQL statements Prisma sent for it. */
  graphql: () => Promise<{ queries: number }>;
  /** The hand-written SQL returning the same data. */
  sql: () => Promise<unknown>;
  /** Optional: checks once, before timing, that both sides return the same data; returns a problem or null. */
  verify?: () => Promise<string | null>;
  /** Optional: the raw SQL statement, for EXPLAIN. */
  rawStatement?: { text: string; params: unknown[] };
  /** Per-operation overrides of the run's iterations, warm-up runs and rounds (batch jobs run a few times only). */
  iterations?: number;
  warmup?: number;
  rounds?: number;
  /** Untimed, before every run of either side (e.g. resetting the rows a batch job changed). */
  prepare?: () => Promise<void>;
  /** Once before verify and timing (e.g. creating a backlog); idempotent. */
  setup?: () => Promise<void>;
  /** After every operation has run, once per distinct function (e.g. removing a backlog). */
  cleanup?: () => Promise<void>;
  /** The operation writes: its plans are taken after prepare(), inside transactions that are rolled back. */
  mutates?: boolean;
  /** What to run to capture Prisma's statements for the plans, when not the whole GraphQL side (e.g. one batch). */
  planProbe?: () => Promise<unknown>;
  /** Operations of one group differ only in page size ("first: N" in the name): the report compares statement counts. */
  pageSizeGroup?: string;
  /** Operations of one group differ only in the record they read: the report compares statement counts. */
  statementGroup?: string;
  /**
   * What the issue's targets judge it as: a single-record read (≤ 1.5× its SQL), a list page (≤ 2.5× for 50
   * nested rows; also run at two dataset sizes, ≤ 1.3× slower at the bigger), whole-dataset metrics (≤ 1.2×),
   * or a batch job (judged against its own reference).
   */
  kind?: "single" | "list" | "metrics" | "sweep";
  /** The part of the product it belongs to ("rights"): `--only rights` runs the whole part. */
  suite?: string;
  /** An absolute target for the GraphQL median (e.g. the transparency figures for a year in < 2 s). */
  targetMs?: number;
  /** Lines for the report's notes, read after the operation ran. */
  notes?: () => string[];
}

export interface MeasureOptions {
  warmup: number;
  iterations: number;
}

/**
 * Runs fn `warmup` times untimed, then `iterations` times timed; returns the samples in milliseconds.
 * `before` (untimed) runs before every call of fn.
 */
export async function measure(fn: () => Promise<unknown>, options: MeasureOptions, before?: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) {
    await before?.();
    await fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    await before?.();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (samples: number[]) => percentile(samples, 50);
export const p95 = (samples: number[]) => percentile(samples, 95);

export interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

export function stats(samples: number[]): Stats {
  return { median: median(samples), p95: p95(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

export interface OperationResult {
  name: string;
  graphql: Stats;
  sql: Stats;
  /** GraphQL median / SQL median. */
  ratio: number;
  /** SQL statements per GraphQL request (distinct values seen, normally one). */
  statements: number[];
  verify: string | null;
}

/**
 * Measures both sides of an operation. The iterations are split into rounds that alternate
 * GraphQL and SQL, so a burst of load from a neighbour hits both sides alike.
 */
export async function runOperation(op: BenchOperation, options: MeasureOptions & { rounds?: number }): Promise<OperationResult> {
  const verify = op.verify ? await op.verify() : null;
  const statements = new Set<number>();
  const graphql = async () => {
    const result = await op.graphql();
    statements.add(result.queries);
  };
  // An operation's own iteration count is a ceiling (batch jobs), so --iterations can still lower it.
  const iterations = Math.min(op.iterations ?? options.iterations, options.iterations);
  const firstWarmup = op.warmup ?? options.warmup;
  const rounds = Math.max(1, Math.min(op.rounds ?? options.rounds ?? 5, iterations));
  const perRound = Math.ceil(iterations / rounds);
  const gqlSamples: number[] = [];
  const sqlSamples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const warmup = r === 0 ? firstWarmup : Math.min(1, firstWarmup);
    const n = Math.min(perRound, iterations - r * perRound);
    if (n <= 0) break;
    gqlSamples.push(...(await measure(graphql, { warmup, iterations: n }, op.prepare)));
    sqlSamples.push(...(await measure(op.sql, { warmup, iterations: n }, op.prepare)));
  }
  const g = stats(gqlSamples);
  const s = stats(sqlSamples);
  return { name: op.name, graphql: g, sql: s, ratio: g.median / s.median, statements: [...statements].sort((a, b) => a - b), verify };
}

/**
 * The same operation on two datasets, measured in alternating rounds (a's GraphQL, b's GraphQL, a's SQL,
 * b's SQL), so the machine's noise falls on both sizes alike.
 */
export async function runPair(a: BenchOperation, b: BenchOperation, options: MeasureOptions): Promise<[OperationResult, OperationResult]> {
  const rounds = Math.max(1, Math.min(5, options.iterations));
  const perRound = Math.ceil(options.iterations / rounds);
  const samples = { ag: [] as number[], bg: [] as number[], as: [] as number[], bs: [] as number[] };
  const statements = { a: new Set<number>(), b: new Set<number>() };
  const gqlOf = (op: BenchOperation, seen: Set<number>) => async () => seen.add((await op.graphql()).queries);
  for (let r = 0; r < rounds; r++) {
    const warmup = r === 0 ? options.warmup : Math.min(1, options.warmup);
    const n = Math.min(perRound, options.iterations - r * perRound);
    if (n <= 0) break;
    samples.ag.push(...(await measure(gqlOf(a, statements.a), { warmup, iterations: n })));
    samples.bg.push(...(await measure(gqlOf(b, statements.b), { warmup, iterations: n })));
    samples.as.push(...(await measure(a.sql, { warmup, iterations: n })));
    samples.bs.push(...(await measure(b.sql, { warmup, iterations: n })));
  }
  const result = (op: BenchOperation, g: number[], q: number[], seen: Set<number>): OperationResult => {
    const gs = stats(g);
    const ss = stats(q);
    return { name: op.name, graphql: gs, sql: ss, ratio: gs.median / ss.median, statements: [...seen].sort((x, y) => x - y), verify: null };
  };
  return [result(a, samples.ag, samples.as, statements.a), result(b, samples.bg, samples.bs, statements.b)];
}

// ───────────────────────────── report ─────────────────────────────

export interface StartupResult {
  runsMs: number[];
  medianMs: number;
  targetMs: number;
  /** Per run, what server.ts reports as its own boot time (after imports: database init, migrate, seed); null when not printed. */
  serverReportedBootMs?: (number | null)[];
  error?: string;
}

export interface PlanCheck {
  operation: string;
  source: "raw SQL" | "Prisma";
  statement: string;
  summary: string;
  /** Sequential scans over tables holding more than a few thousand rows. */
  seqScans: string[];
  executionMs?: number;
}

export interface BenchReport {
  startedAt: string;
  environment: Record<string, string | number>;
  generation: { reused: boolean; totalMs: number | null; steps: { name: string; ms: number }[]; counts?: Record<string, number> };
  operations: OperationResult[];
  /** The list operations at two dataset sizes (their cost must not grow with the data). */
  scaling?: string[][];
  /** GraphQL ÷ SQL at the full size against the issue's targets. */
  targets?: string[][];
  /** Where a GraphQL request's time goes: its own statements replayed alone, and the rest (the pipeline). */
  breakdown?: string[][];
  startup: StartupResult | null;
  plans: PlanCheck[];
  notes: string[];
}

const fmt = (ms: number) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : "–");

export function operationsTable(results: OperationResult[]): string[][] {
  const header = ["operation", "GraphQL median ms", "GraphQL p95 ms", "SQL median ms", "SQL p95 ms", "ratio GQL/SQL", "SQL stmts / GQL request"];
  const rows = results.map((r) => [
    r.name,
    fmt(r.graphql.median),
    fmt(r.graphql.p95),
    fmt(r.sql.median),
    fmt(r.sql.p95),
    Number.isFinite(r.ratio) ? `${r.ratio.toFixed(1)}×` : "–",
    r.statements.join(", "),
  ]);
  return [header, ...rows];
}

/** The most a list operation may slow down from the smaller dataset to the bigger one. */
export const SCALING_LIMIT = 1.3;
export const sameOperation = (name: string) => name.replace(/"[^"]*"/g, '"…"').replace(/reason: [A-Z_]+/g, "reason: …");

/** Each list operation's GraphQL median at both sizes and the ratio, marked when over SCALING_LIMIT. */
export function scalingTable(sizeA: number, a: OperationResult[], sizeB: number, b: OperationResult[]): string[][] {
  const A = sizeA.toLocaleString("en");
  const B = sizeB.toLocaleString("en");
  const header = ["operation", `GraphQL median ms @ ${A}`, `@ ${B}`, "B/A", `SQL median ms @ ${A}`, `@ ${B}`, "B/A", `≤ ${SCALING_LIMIT}×`];
  const rows = a.flatMap((small) => {
    const big = b.find((r) => sameOperation(r.name) === sameOperation(small.name));
    if (!big) return [];
    const ratio = big.graphql.median / small.graphql.median;
    const sqlRatio = big.sql.median / small.sql.median;
    const verdict = !Number.isFinite(ratio) ? "–" : ratio <= SCALING_LIMIT ? "ok" : "OVER";
    return [[sameOperation(small.name), fmt(small.graphql.median), fmt(big.graphql.median), `${ratio.toFixed(2)}×`, fmt(small.sql.median), fmt(big.sql.median), `${sqlRatio.toFixed(2)}×`, verdict]];
  });
  return [header, ...rows];
}

/** The issue's targets for GraphQL ÷ the hand-written SQL (session check included), by kind of operation. */
export function targetFor(op: Pick<BenchOperation, "name" | "kind">): { limit: number; what: string } | null {
  if (op.kind === "single") return { limit: 1.5, what: "single-record read" };
  if (op.kind === "list" && /first: 50\b/.test(op.name)) return { limit: 2.5, what: "50-row nested list page" };
  if (op.kind === "metrics" && /whole dataset/.test(op.name)) return { limit: 1.2, what: "whole-dataset metrics" };
  return null;
}

/** Every operation with a target at the full size, met or missed; and the overdue sweep against its four-row reference (≤ 1.1×). */
export function targetsTable(orders: number, results: OperationResult[], operations: Pick<BenchOperation, "name" | "kind" | "targetMs">[]): string[][] {
  const header = ["operation", "kind", `GraphQL ÷ SQL @ ${orders.toLocaleString("en")}`, "target", "met?"];
  const rows: string[][] = [];
  for (const r of results) {
    const op = operations.find((o) => o.name === r.name);
    const target = op ? targetFor(op) : null;
    if (target) rows.push([r.name, target.what, Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : "–", `≤ ${target.limit}×`, !Number.isFinite(r.ratio) ? "–" : r.ratio <= target.limit ? "met" : "MISSED"]);
    if (op?.targetMs !== undefined) {
      const ms = r.graphql.median;
      rows.push([r.name, "GraphQL median time", Number.isFinite(ms) ? `${fmt(ms)} ms` : "–", `< ${op.targetMs.toLocaleString("en")} ms`, !Number.isFinite(ms) ? "–" : ms < op.targetMs ? "met" : "MISSED"]);
    }
  }
  const sweeps = results.filter((r) => operations.find((o) => o.name === r.name)?.kind === "sweep");
  const reference = sweeps.find((r) => /reference:/.test(r.name));
  for (const r of sweeps) {
    if (!reference || r === reference) continue;
    const ratio = r.graphql.median / reference.graphql.median;
    rows.push([r.name, "batch sweep ÷ its four-row reference statement", `${ratio.toFixed(2)}×`, "≤ 1.1×", ratio <= 1.1 ? "met" : "MISSED"]);
  }
  return [header, ...rows];
}

export function renderText(table: string[][]): string {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [line(table[0]), widths.map((w) => "─".repeat(w)).join("  "), ...table.slice(1).map(line)].join("\n");
}

export function renderMarkdown(table: string[][]): string {
  const esc = (cell: string) => cell.replace(/\|/g, "\\|");
  return [
    `| ${table[0].map(esc).join(" | ")} |`,
    `|${table[0].map((_, c) => (c === 0 ? "---" : "---:")).join("|")}|`,
    ...table.slice(1).map((row) => `| ${row.map(esc).join(" | ")} |`),
  ].join("\n");
}

function startupLines(startup: StartupResult): string[] {
  if (startup.error) return [`Startup (npx tsx server.ts, fresh embedded PGlite): FAILED — ${startup.error}`];
  const verdict = startup.medianMs <= startup.targetMs ? "within" : "OVER";
  return [
    `Startup (npx tsx server.ts, fresh DATA_DIR: PGlite init + migrate + demo seed, until GET /login = 200):`,
    `  runs: ${startup.runsMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")}; median ${(startup.medianMs / 1000).toFixed(2)} s — ${verdict} the ${startup.targetMs / 1000} s target`,
    ...(startup.serverReportedBootMs?.some((ms) => ms !== null)
      ? [`  of which server.ts "ready in" (database init + migrate + seed, after imports): ${startup.serverReportedBootMs.map((ms) => (ms === null ? "–" : `${(ms / 1000).toFixed(2)} s`)).join(", ")}`]
      : []),
  ];
}

function planLines(plans: PlanCheck[]): string[] {
  return plans.map(
    (p) =>
      `  [${p.seqScans.length ? "SEQ SCAN" : "ok"}] ${p.operation} — ${p.source}: ${p.summary}${p.executionMs !== undefined ? ` (${p.executionMs.toFixed(2)} ms)` : ""}\n      ${p.statement}`,
  );
}

export function renderReport(report: BenchReport, markdown = false): string {
  const out: string[] = [];
  const env = Object.entries(report.environment).map(([k, v]) => `${k}: ${v}`);
  const steps = report.generation.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join("; ");
  const gen = report.generation.reused
    ? `Generation: reused existing data${report.generation.totalMs !== null ? ` (generated earlier in ${(report.generation.totalMs / 1000).toFixed(1)} s: ${steps})` : ""}`
    : `Generation: ${report.generation.totalMs !== null ? (report.generation.totalMs / 1000).toFixed(1) + " s" : "–"} (${report.generation.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join("; ")})`;
  const counts = report.generation.counts ? `Rows: ${Object.entries(report.generation.counts).map(([t, n]) => `${t} ${n.toLocaleString("en")}`).join(", ")}` : "";
  const table = operationsTable(report.operations);
  if (markdown) {
    out.push(`# Benchmark — ${report.startedAt}`, "", ...env.map((e) => `- ${e}`), "", gen, "", counts, "", "## Operations", "", renderMarkdown(table));
    if (report.scaling) out.push("", "## Page cost at two dataset sizes", "", renderMarkdown(report.scaling));
    if (report.targets) out.push("", "## Targets (GraphQL ÷ hand-written SQL with the session check)", "", renderMarkdown(report.targets));
    if (report.breakdown) out.push("", "## Where a GraphQL request's time goes", "", renderMarkdown(report.breakdown));
    if (report.startup) out.push("", "## Startup", "", ...startupLines(report.startup));
    if (report.plans.length) out.push("", "## Query plans", "", "```", ...planLines(report.plans), "```");
    if (report.notes.length) out.push("", "## Notes", "", ...report.notes.map((n) => `- ${n}`));
  } else {
    out.push(`Benchmark — ${report.startedAt}`, ...env.map((e) => `  ${e}`), gen, counts, "", renderText(table));
    if (report.scaling) out.push("", "Page cost at two dataset sizes (list operations):", renderText(report.scaling));
    if (report.targets) out.push("", "Targets (GraphQL ÷ hand-written SQL with the session check):", renderText(report.targets));
    if (report.breakdown) out.push("", "Where a GraphQL request's time goes (its statements replayed alone vs the rest):", renderText(report.breakdown));
    if (report.startup) out.push("", ...startupLines(report.startup));
    if (report.plans.length) out.push("", "Query plans:", ...planLines(report.plans));
    if (report.notes.length) out.push("", "Notes:", ...report.notes.map((n) => `  - ${n}`));
  }
  return out.join("\n");
}

export interface Breakdown {
  name: string;
  graphqlMs: number;
  /** The statements Prisma sent for one request, replayed one after another over the same pool. */
  statementsMs: number;
  sqlMs: number;
}

/**
 * The floor of each operation: GraphQL's own statements cost what they cost in the database; the rest of
 * its time is the request pipeline (HTTP request object, yoga, graphql-js execution, Pothos' selection
 * mapping, Prisma's client and result parsing, JSON) — a CPU cost per request and per field returned.
 */
export function breakdownTable(rows: Breakdown[]): string[][] {
  const header = ["operation", "GraphQL median ms", "its statements alone ms", "pipeline (the rest) ms", "hand-written SQL ms", "floor: GraphQL ÷ SQL if the statements cost nothing more"];
  return [
    header,
    ...rows.map((r) => {
      const pipeline = Math.max(0, r.graphqlMs - r.statementsMs);
      return [r.name, fmt(r.graphqlMs), fmt(r.statementsMs), fmt(pipeline), fmt(r.sqlMs), `${((r.sqlMs + pipeline) / r.sqlMs).toFixed(2)}×`];
    }),
  ];
}

/** Median time of replaying the statements one after another (no Prisma, no GraphQL). */
export async function timeStatements(run: (text: string, params: unknown[]) => Promise<unknown>, statements: { query: string; params: unknown[] }[], iterations = 30): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < iterations + 3; i++) {
    const t0 = performance.now();
    for (const statement of statements) await run(statement.query, statement.params);
    if (i >= 3) times.push(performance.now() - t0);
  }
  return stats(times).median;
}

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

export function writeReport(report: BenchReport, dir = RESULTS_DIR): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, "latest.json");
  const md = path.join(dir, "latest.md");
  writeFileSync(json, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(md, renderReport(report, true) + "\n");
  return { json, md };
}
