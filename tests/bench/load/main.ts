import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { openDatabase, type Database } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { startPostgresCluster, type PostgresCluster } from "../../support/postgres-cluster";
import { GENERATOR_VERSION, datasetSize, formatSeconds, generateDataset, generationSteps, readBenchMeta } from "../generate";
import { cpuSampler, type CpuUse } from "./cpu";
import { startAppServer, type AppServer } from "./server";
import { Tally, buildCycle, prepareAccounts, prepareDecisionPools, signOutAll, type Kind } from "./workload";

// npm run bench:load -- [--orders 100000] [--duration 20] [--warmup 10] [--clients 16,64] [--processes 1,2]
//                       [--sample 200] [--keep] [--skip-build]
// The production server over HTTP on a throwaway PostgreSQL 15 cluster (or BENCH_DATABASE_URL, whose
// dataset is reused when it is the one asked for), driven by autocannon. See README "Benchmarks".

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
process.chdir(ROOT);
const RESULTS_DIR = path.join(ROOT, "tests", "bench", "results");

interface Args {
  orders: number;
  duration: number;
  warmup: number;
  clients: number[];
  processes: number[];
  sample: number;
  keep: boolean;
  skipBuild: boolean;
}

function usage() {
  return `Usage: npm run bench:load -- [--orders 100000] [--duration 20] [--warmup 10] [--clients 16,64] [--processes 1,2]
                            [--sample 200] [--keep] [--skip-build]
  --duration S    seconds per run (each client count × each process count)
  --warmup S      seconds of load before the measured runs of each server start (its errors count too)
  --clients LIST  concurrent clients (connections), comma-separated
  --processes     app processes behind one port (node's cluster module when more than one)
  --sample N      discussions and claims whose pages are read (their buyers and sellers are signed in)
  --keep          leave the throwaway cluster running and print its URL (pass it as BENCH_DATABASE_URL to reuse the data)
  --skip-build    use the existing build/ (otherwise npm run build runs first)
  BENCH_DATABASE_URL=postgres://… uses that database; its dataset is reused when it has the asked number of orders.`;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { orders: 100_000, duration: 20, warmup: 10, clients: [16, 64], processes: [1, 2], sample: 200, keep: false, skipBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (v = value(), min = 1) => {
      const n = Number(v.replace(/_/g, ""));
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer ≥ ${min}`);
      return n;
    };
    const list = () => value().split(",").map((v) => int(v.trim()));
    switch (flag) {
      case "--orders": args.orders = int(); break;
      case "--duration": args.duration = int(); break;
      case "--warmup": args.warmup = int(value(), 0); break;
      case "--clients": args.clients = list(); break;
      case "--processes": args.processes = list(); break;
      case "--sample": args.sample = int(); break;
      case "--keep": args.keep = true; break;
      case "--skip-build": args.skipBuild = true; break;
      case "--help":
      case "-h":
        console.log(usage());
        process.exit(0);
      default:
        throw new Error(`Unknown option ${flag}\n${usage()}`);
    }
  }
  return args;
}

const log = (line: string) => console.log(line);

interface KindSummary {
  kind: Kind;
  count: number;
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  examples: string[];
}

interface RunResult {
  processes: number;
  clients: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers that failed their check (status ≥ 400, GraphQL errors, a domain error, a page without its content). */
  errors: number;
  /** Statuses outside 2xx/3xx. */
  non2xx3xx: number;
  /** Lines the app logged as errors while the run's requests were handled (an error answered 200 shows here). */
  appErrors: number;
  appErrorExamples: string[];
  transportExamples: string[];
  /** Requests sent but not answered when the duration ended (their outcome shows in appErrors). */
  unanswered: number;
  /** Socket errors and timeouts (autocannon). */
  transportErrors: number;
  timeouts: number;
  decisions: number;
  starvedDecisions: number;
  loadBefore: number;
  loadAfter: number;
  cpu: CpuUse;
  kinds: KindSummary[];
}

/** What the app prints for a failure: "[graphql] unexpected error …", an uncaught Error, a Prisma error. */
const APP_ERROR = /unexpected error|^\s*(\w*Error|Error)\b|Prisma\w*Error|ECONNRESET|ECONNREFUSED/;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function drive(
  server: AppServer,
  db: Database,
  accounts: Awaited<ReturnType<typeof prepareAccounts>>,
  clients: number,
  durationS: number,
  cpu: ReturnType<typeof cpuSampler>,
): Promise<RunResult> {
  const pools = await prepareDecisionPools(db.sql);
  const firstLine = server.lines().length;
  const tally = new Tally();
  const latencies: number[] = [];
  const loadBefore = os.loadavg()[0];
  const cpuBefore = cpu.sample();
  const instance = autocannon({
    url: server.origin,
    connections: clients,
    duration: durationS,
    timeout: 10,
    requests: buildCycle({ origin: server.origin, accounts, pools, tally }),
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  // Socket errors and timeouts (no answer within 10 s) have no response to check: keep what they were.
  const transport: string[] = [];
  instance.on("reqError", (error: Error) => transport.push(error.message));
  const result = await instance;
  const cpuUse = cpu.diff(cpuBefore, cpu.sample());
  const loadAfter = os.loadavg()[0];
  // The requests still in flight when the time was up finish on the server: wait for them, so an error
  // among them shows in the app's log for this run (not the next one).
  await new Promise((r) => setTimeout(r, 3000));
  const logged = server.lines().slice(firstLine).filter((line) => APP_ERROR.test(line));
  latencies.sort((a, b) => a - b);
  const kinds: KindSummary[] = [...tally.kinds.entries()].map(([kind, k]) => {
    const sorted = [...k.latencies].sort((a, b) => a - b);
    return { kind, count: k.count, errors: k.errors, statuses: k.statuses, p50: percentile(sorted, 50), p95: percentile(sorted, 95), examples: k.examples };
  });
  kinds.sort((a, b) => a.kind.localeCompare(b.kind));
  const non2xx3xx = Object.entries(result.statusCodeStats ?? {}).reduce((n, [code, s]) => (/^[23]/.test(code) ? n : n + s.count), 0);
  return {
    processes: server.processes,
    clients,
    durationS: result.duration,
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: tally.errors,
    appErrors: logged.length,
    appErrorExamples: [...new Set(logged.map((l) => l.trim().slice(0, 300)))].slice(0, 5),
    transportExamples: [...new Set(transport)].slice(0, 5),
    unanswered: Math.max(0, result.requests.sent - latencies.length),
    non2xx3xx,
    transportErrors: result.errors,
    timeouts: result.timeouts,
    decisions: kinds.filter((k) => k.kind.startsWith("decision")).reduce((n, k) => n + k.count, 0),
    starvedDecisions: tally.starved,
    loadBefore,
    loadAfter,
    cpu: cpuUse,
    kinds,
  };
}

/** Everything that counts against the zero-error bar. */
const failures = (r: Pick<RunResult, "errors" | "transportErrors" | "appErrors">) => r.errors + r.transportErrors + r.appErrors;

const perRequest = (cpuMs: number, r: RunResult) => (r.requests ? (cpuMs / r.requests).toFixed(1) : "—");
const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : "—");
const int = (n: number) => n.toLocaleString("en");

function runsTable(runs: RunResult[]): string[] {
  const lines = [
    "| app processes | clients | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | of which non-2xx/3xx / failed checks / app-logged / socket | unanswered at stop | decisions | CPU ms per request: app / PostgreSQL / load generator | machine CPU busy | load avg before → after |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.processes} | ${r.clients} | ${int(r.requests)} | ${r.rps.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${failures(r)} | ${r.non2xx3xx} / ${r.errors} / ${r.appErrors} / ${r.transportErrors} | ${r.unanswered} | ${int(r.decisions)} | ${perRequest(r.cpu.appMs, r)} / ${r.cpu.databaseMs === null ? "—" : perRequest(r.cpu.databaseMs, r)} / ${perRequest(r.cpu.generatorMs, r)} | ${(r.cpu.machineBusy * 100).toFixed(0)} % | ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`,
    );
  }
  return lines;
}

function kindsTable(runs: RunResult[]): string[] {
  const lines = ["| request | " + runs.map((r) => `${r.processes} proc × ${r.clients}: n / p50 / p95 ms / errors`).join(" | ") + " |", "|---|" + runs.map(() => "---:").join("|") + "|"];
  const kinds = [...new Set(runs.flatMap((r) => r.kinds.map((k) => k.kind)))].sort();
  for (const kind of kinds) {
    const cells = runs.map((r) => {
      const k = r.kinds.find((x) => x.kind === kind);
      return k ? `${int(k.count)} / ${ms(k.p50)} / ${ms(k.p95)} / ${k.errors}` : "—";
    });
    lines.push(`| ${kind} | ${cells.join(" | ")} |`);
  }
  return lines;
}

function scalingLines(runs: RunResult[]): string[] {
  const out: string[] = [];
  const base = Math.min(...runs.map((r) => r.processes));
  for (const r of runs) {
    if (r.processes === base) continue;
    const one = runs.find((x) => x.processes === base && x.clients === r.clients);
    if (one) {
      out.push(
        `${r.clients} clients: ${r.processes} processes serve ${(r.rps / one.rps).toFixed(2)}× the requests/s of ${base} (${r.rps.toFixed(1)} vs ${one.rps.toFixed(1)}); p95 ${ms(r.p95)} vs ${ms(one.p95)} ms; the machine's CPUs were ${(r.cpu.machineBusy * 100).toFixed(0)} % vs ${(one.cpu.machineBusy * 100).toFixed(0)} % busy` +
          (Math.min(r.cpu.machineBusy, one.cpu.machineBusy) > 0.9 ? " — no CPU was left for a second process to use, so this run cannot show scaling." : "."),
      );
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const externalUrl = process.env.BENCH_DATABASE_URL || null;

  let cluster: PostgresCluster | null = null;
  let db: Database | null = null;
  let server: AppServer | null = null;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tsb-load-"));
  let cleaned = false;
  const cleanupSync = () => {
    // The last resort on exit: nothing may outlive the run.
    server?.kill();
    try {
      if (cluster && !args.keep) cluster.stop();
    } catch (error) {
      console.error(`Stopping the PostgreSQL cluster failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await server?.stop().catch(() => undefined);
    server = null;
    if (db && externalUrl) await signOutAll(db.sql).catch(() => undefined);
    await db?.close().catch(() => undefined);
    db = null;
    cleanupSync();
  };
  process.on("exit", () => cleanupSync());
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      log(`\n${signal}: stopping the app and the database …`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    if (!args.skipBuild) {
      log("Building the app (npm run build) …");
      execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
    }
    let url: string;
    if (externalUrl) {
      url = externalUrl;
      log(`Database: BENCH_DATABASE_URL`);
    } else {
      const t0 = performance.now();
      cluster = await startPostgresCluster({ settings: { shared_buffers: "512MB", max_wal_size: "4GB", checkpoint_timeout: "30min", effective_cache_size: "2GB" } });
      url = cluster.url;
      log(`Database: throwaway PostgreSQL cluster on port ${cluster.port} (started in ${formatSeconds(performance.now() - t0)})`);
    }
    db = await openDatabase({ url, poolSize: 4 });
    const database = db;

    // ── data: the in-process bench's generator ──
    const existing = await readBenchMeta(database.sql).catch(() => null);
    const same =
      !!existing &&
      existing.orders === args.orders &&
      existing.generatorVersion === GENERATOR_VERSION &&
      generationSteps.every((step) => existing.steps.some((s) => s.name === step.name));
    if (same) {
      log(`Reusing the dataset generated ${existing!.generatedAt} (${int(existing!.orders)} orders).`);
      await database.session((sql) => migrate(sql));
      await syncRoleCatalogue(database.prisma);
    } else {
      await database.session((sql) => generateDataset(sql, database.prisma, datasetSize(args.orders), { kind: "postgres", log }));
    }
    const [counts] = await database.sql.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM "Order") AS orders, (SELECT count(*)::int FROM "User") AS users,
              (SELECT count(*)::int FROM "Discussion") AS discussions, (SELECT count(*)::int FROM "Claim") AS claims,
              (SELECT count(*)::int FROM "Discussion" WHERE status = 'ESCALATED') AS escalated,
              (SELECT count(*)::int FROM "Claim" WHERE status = 'SUBMITTED') AS submitted`,
    );
    const dataset = `${int(counts.orders)} orders, ${int(counts.users)} users, ${int(counts.discussions)} discussions (${int(counts.escalated)} escalated), ${int(counts.claims)} claims (${int(counts.submitted)} awaiting a decision)`;
    log(`Dataset: ${dataset}`);

    // ── accounts ──
    const sessionSecret = randomBytes(32).toString("hex");
    const accounts = await prepareAccounts(database.sql, sessionSecret, { sample: args.sample });
    log(`Signed in: ${accounts.counts.agents} agents, ${accounts.counts.buyers} buyers, ${accounts.counts.sellers} sellers (sessions with the second factor done).`);

    // ── runs ──
    const runs: RunResult[] = [];
    const warmups: { processes: number; requests: number; errors: number; examples: string[] }[] = [];
    for (const processes of args.processes) {
      const port = await freePort();
      const t0 = performance.now();
      server = await startAppServer({ root: ROOT, processes, port, databaseUrl: url, sessionSecret, dataDir });
      const appServer = server;
      const cpu = cpuSampler(() => appServer.pid, cluster?.port ?? null);
      log(`\nApp: ${processes} process${processes > 1 ? "es behind one port (node cluster)" : ""} on ${server.origin} (ready in ${formatSeconds(performance.now() - t0)}), NODE_ENV=production`);
      if (args.warmup > 0) {
        const warm = await drive(server, database, accounts, Math.min(...args.clients), args.warmup, cpu);
        warmups.push({ processes, requests: warm.requests, errors: failures(warm), examples: [...warm.kinds.flatMap((k) => k.examples.map((e) => `${k.kind} — ${e}`)), ...warm.appErrorExamples.map((e) => `app log: ${e}`), ...warm.transportExamples.map((e) => `socket: ${e}`)] });
        log(`  warm-up ${args.warmup} s: ${int(warm.requests)} requests, ${failures(warm)} errors`);
      }
      for (const clients of args.clients) {
        const run = await drive(server, database, accounts, clients, args.duration, cpu);
        runs.push(run);
        log(`  ${clients} clients × ${run.durationS} s: ${run.rps.toFixed(1)} requests/s, p50 ${ms(run.p50)} / p95 ${ms(run.p95)} / p99 ${ms(run.p99)} ms, ${failures(run)} errors (${run.non2xx3xx} non-2xx/3xx, ${run.appErrors} app-logged), ${run.unanswered} unanswered at stop, ${run.decisions} decisions`);
        for (const k of run.kinds) for (const e of k.examples) log(`    ✗ ${k.kind} — ${e}`);
        for (const e of run.appErrorExamples) log(`    ✗ app log: ${e}`);
        for (const e of run.transportExamples) log(`    ✗ socket: ${e}`);
      }
      await server.stop();
      server = null;
    }

    // ── report ──
    const loadAtEnd = os.loadavg();
    const totalErrors = runs.reduce((n, r) => n + failures(r), 0) + warmups.reduce((n, w) => n + w.errors, 0);
    const environment = [
      `Date: ${startedAt.toISOString()}; node ${process.version}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), shared.`,
      `Database: ${externalUrl ? "BENCH_DATABASE_URL" : "throwaway PostgreSQL 15 cluster (fsync off)"}; dataset: ${dataset}.`,
      `Load average (1/5/15 min) before: ${loadAtStart.map((n) => n.toFixed(2)).join(" / ")}; after: ${loadAtEnd.map((n) => n.toFixed(2)).join(" / ")}.`,
      `Each run: ${args.duration} s of autocannon (HTTP/1.1 keep-alive, one request at a time per client) after a ${args.warmup} s warm-up per server start; ${accounts.counts.agents} agents, ${accounts.counts.buyers} buyers and ${accounts.counts.sellers} sellers signed in.`,
      `Mix per client cycle of 16 requests: 6 queue pages (GraphQL discussionQueue ×2, claimQueue; Remix /queue/discussions, /queue/claims), 7 case pages (Remix discussion ×3 as buyer, seller and agent; Remix claim ×2 as buyer and agent; GraphQL timeline ×2), 3 decisions (GraphQL takeDiscussion, Remix form release of it, rejectClaim by GraphQL or Remix form in turn).`,
    ];
    const md = [
      "# Load through HTTP (npm run bench:load)",
      "",
      ...environment.map((l) => `- ${l}`),
      "",
      ...runsTable(runs),
      "",
      ...scalingLines(runs).map((l) => `- ${l}`),
      "",
      "## By request",
      "",
      ...kindsTable(runs),
      "",
      `Errors in all runs (warm-ups included): ${totalErrors}.`,
      ...runs.flatMap((r) => r.kinds.flatMap((k) => k.examples.map((e) => `- ${r.processes} proc × ${r.clients}: ${k.kind} — ${e}`))),
      ...runs.flatMap((r) => r.appErrorExamples.map((e) => `- ${r.processes} proc × ${r.clients}: app log — ${e}`)),
      ...runs.flatMap((r) => r.transportExamples.map((e) => `- ${r.processes} proc × ${r.clients}: socket — ${e}`)),
      ...warmups.flatMap((w) => w.examples.map((e) => `- warm-up (${w.processes} proc): ${e}`)),
      ...(runs.some((r) => r.starvedDecisions) ? [`Decisions replaced by reads because no case was left in a decidable state: ${runs.map((r) => r.starvedDecisions).join(", ")}.`] : []),
    ];
    mkdirSync(RESULTS_DIR, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    const mdFile = path.join(RESULTS_DIR, `load-${stamp}.md`);
    const jsonFile = path.join(RESULTS_DIR, `load-${stamp}.json`);
    writeFileSync(mdFile, md.join("\n") + "\n");
    writeFileSync(path.join(RESULTS_DIR, "load-latest.md"), md.join("\n") + "\n");
    writeFileSync(jsonFile, JSON.stringify({ startedAt, args, dataset: counts, loadAtStart, loadAtEnd, runs: runs.map((r) => ({ ...r })), warmups }, null, 2) + "\n");
    log("\n" + md.join("\n"));
    log(`\nWritten: ${path.relative(ROOT, mdFile)}, ${path.relative(ROOT, jsonFile)}`);
    if (cluster && args.keep) log(`\nCluster kept running: BENCH_DATABASE_URL=${cluster.url}`);
    if (totalErrors > 0) {
      log(`\n${totalErrors} requests failed: the bar is zero.`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
