import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { createTestClock } from "~/infra/clock";
import { readSessionId } from "~/infra/auth.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { createTestServices, sessionCookieFor } from "../support/services";
import pg from "pg";
import { startPostgresCluster, withDatabase, type PostgresCluster } from "../support/postgres-cluster";
import { BENCH_SELLER_ID, GENERATOR_VERSION, datasetSize, formatSeconds, generateDataset, generationSteps, readBenchMeta, type BenchMeta } from "./generate";
import { breakdownTable, measure, renderReport, runOperation, runPair, sameOperation, scalingTable, stats, targetsTable, timeStatements, writeReport, type BenchOperation, type BenchReport, type Breakdown, type OperationResult, type PlanCheck } from "./harness";
import { operationSuites, type BenchAccount, type BenchContext } from "./operations";
import { createStatementRecorder, explain, explainInRollback, isExplainable } from "./plans";
import { measureStartup } from "./startup";

// npm run bench -- [--orders N] [--db postgres|pglite] [--iterations N] [--warmup N] [--only TEXT]
//                  [--reuse] [--force] [--keep] [--startup-runs N] [--skip-startup]
// BENCH_DATABASE_URL=postgres://… runs against an existing database (kept between runs; regenerated
// only when its dataset differs from the one asked for, never with --reuse).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(ROOT);

interface Args {
  orders: number | null;
  db: "postgres" | "pglite";
  iterations: number;
  warmup: number;
  only: string | null;
  reuse: boolean;
  force: boolean;
  keep: boolean;
  startupRuns: number;
  skipStartup: boolean;
  /** The smaller dataset the list operations also run on (their cost must not grow with the data); null: the default. */
  ordersSmall: number | null;
  scaling: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { orders: null, db: "postgres", iterations: 50, warmup: 5, only: null, reuse: false, force: false, keep: false, startupRuns: 3, skipStartup: false, ordersSmall: null, scaling: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const n = Number(value().replace(/_/g, ""));
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive integer`);
      return n;
    };
    switch (flag) {
      case "--orders": args.orders = int(); break;
      case "--db": {
        const db = value();
        if (db !== "postgres" && db !== "pglite") throw new Error("--db is postgres or pglite");
        args.db = db;
        break;
      }
      case "--iterations": args.iterations = int(); break;
      case "--warmup": args.warmup = Number(value()); break;
      case "--only": args.only = value().toLowerCase(); break;
      case "--reuse": args.reuse = true; break;
      case "--force": args.force = true; break;
      case "--keep": args.keep = true; break;
      case "--startup-runs": args.startupRuns = int(); break;
      case "--skip-startup": args.skipStartup = true; break;
      case "--orders-small": args.ordersSmall = int(); break;
      case "--no-scaling": args.scaling = false; break;
      case "--help":
      case "-h":
        console.log(readmeUsage());
        process.exit(0);
      default:
        throw new Error(`Unknown option ${flag}\n${readmeUsage()}`);
    }
  }
  return args;
}

function readmeUsage() {
  return `Usage: npm run bench -- [--orders 1000000] [--db postgres|pglite] [--iterations 50] [--warmup 5] [--only TEXT]
                       [--reuse] [--force] [--keep] [--startup-runs 3] [--skip-startup]
  --db postgres (default) starts a throwaway PostgreSQL 15 cluster; --keep leaves it running and prints its URL.
  --db pglite runs on in-process PGlite (default 20,000 orders).
  BENCH_DATABASE_URL=postgres://… uses that database; data of the same size is reused, --reuse reuses any.
  --only TEXT runs the operations (and "startup") whose name contains TEXT, or a whole part: --only rights,
  --only consents (the clause and consent registry: 10 consent records per order, 10,000,000 at the default size).
  --orders-small N: the list operations also run on a dataset of N orders (default 100,000; on PGlite a tenth
  of --orders) in a second database of the same cluster, and the report compares the two sizes (≤ 1.3×).
  --no-scaling skips that second dataset.`;
}

const log = (line: string) => console.log(line);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const externalUrl = process.env.BENCH_DATABASE_URL || null;
  const orders = args.orders ?? (args.db === "pglite" && !externalUrl ? 20_000 : 1_000_000);
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg()[0];

  let cluster: PostgresCluster | null = null;
  let db: Database | null = null;
  let smallDb: Database | null = null;
  const stopCluster = () => {
    if (cluster && !args.keep) cluster.stop();
  };
  process.on("SIGINT", () => {
    stopCluster();
    process.exit(130);
  });

  try {
    let url: string | undefined;
    if (externalUrl) {
      url = externalUrl;
      log(`Database: ${redact(externalUrl)} (BENCH_DATABASE_URL)`);
    } else if (args.db === "postgres") {
      const t0 = performance.now();
      cluster = await startPostgresCluster({
        // Generous for a bulk load and closer to a real server than the defaults (128 MB buffers).
        settings: { shared_buffers: "1GB", max_wal_size: "8GB", checkpoint_timeout: "30min", effective_cache_size: "4GB" },
      });
      url = cluster.url;
      log(`Database: throwaway PostgreSQL cluster on port ${cluster.port} (started in ${formatSeconds(performance.now() - t0)})`);
    } else {
      log("Database: in-process PGlite (memory)");
    }
    // Generous transaction limits: on a shared, loaded machine the role catalogue's sync can outlast Prisma's 5 s default.
    db = await openDatabase({ url, poolSize: 10, transactionOptions: { maxWait: 30_000, timeout: 120_000 } });
    const database = db;

    // ── the smaller dataset: the list operations only, to compare their cost across sizes ──
    const ordersSmall = args.ordersSmall ?? (args.db === "pglite" && !externalUrl ? Math.max(1_000, Math.round(orders / 10)) : 100_000);
    let small: SizeRun | null = null;
    if (args.scaling && ordersSmall < orders) {
      smallDb = await openSmallDatabase(url, ordersSmall);
      log(`\nThe smaller dataset for the list operations: ${ordersSmall.toLocaleString("en")} orders (${url ? "a second database in the same cluster" : "a second in-process PGlite"}) …`);
      small = await runAtSize(smallDb, ordersSmall, args, { filter: (op) => op.kind === "list", plans: false, time: false });
      log(`\nFull run on ${orders.toLocaleString("en")} orders …`);
    }
    const big = await runAtSize(database, orders, args, { filter: () => true, plans: true });
    // Page cost at both sizes: each list operation timed on the small and the big dataset in alternating
    // rounds (the same neighbours' noise hits both), GraphQL and SQL.
    let scaling: string[][] | undefined;
    if (small) {
      log(`\nScaling: ${small.operations.length} list operations at ${ordersSmall.toLocaleString("en")} and ${orders.toLocaleString("en")} orders, interleaved …`);
      const smallResults: OperationResult[] = [];
      const bigResults: OperationResult[] = [];
      for (const a of small.operations) {
        const b = big.operations.find((op) => sameOperation(op.name) === sameOperation(a.name));
        if (!b) continue;
        try {
          const [ra, rb] = await runPair(a, b, { warmup: args.warmup, iterations: args.iterations });
          smallResults.push(ra);
          bigResults.push(rb);
          log(`  ${sameOperation(a.name)}: GraphQL ${ra.graphql.median.toFixed(2)} → ${rb.graphql.median.toFixed(2)} ms (${(rb.graphql.median / ra.graphql.median).toFixed(2)}×)`);
        } catch (error) {
          log(`  ${a.name}: FAILED — ${(error instanceof Error ? error.message : String(error)).slice(0, 300)}`);
        }
      }
      scaling = scalingTable(ordersSmall, smallResults, orders, bigResults);
    }
    const { meta, generation, results, plans, breakdown, operationNotes, operations } = big;
    const buyerOrders = { n: big.buyerOrders };
    const sellerOrders = { n: big.sellerOrders };


    // ── startup ──
    let startup: BenchReport["startup"] = null;
    if (!args.skipStartup && (!args.only || "startup".includes(args.only))) {
      log(`\nStartup: ${args.startupRuns} cold starts of npx tsx server.ts on a fresh embedded database …`);
      try {
        startup = await measureStartup({ root: ROOT, runs: args.startupRuns, log });
      } catch (error) {
        startup = { runsMs: [], medianMs: NaN, targetMs: 15_000, error: error instanceof Error ? error.message : String(error) };
      }
    }

    // ── report ──
    const notes: string[] = [];
    const pageSizes = results.filter((r) => /orders\(first: \d+\) nested — agent/.test(r.name));
    if (pageSizes.length > 1) {
      const counts = pageSizes.map((r) => `${r.name.match(/first: (\d+)/)![1]} → ${r.statements.join("/")}`);
      const constant = new Set(pageSizes.flatMap((r) => r.statements)).size === 1;
      notes.push(`SQL statements per request by page size (first: N → statements): ${counts.join(", ")} — ${constant ? "constant, no N+1" : "NOT constant: N+1 somewhere"}.`);
    }
    const byName = new Map(operations.map((op) => [op.name, op]));
    const groups = (key: "pageSizeGroup" | "statementGroup") => {
      const map = new Map<string, OperationResult[]>();
      for (const r of results) {
        const group = byName.get(r.name)?.[key];
        // A failed operation sent no counted request: it says nothing about the group's statement counts.
      if (group && r.statements.length) map.set(group, [...(map.get(group) ?? []), r]);
      }
      return map;
    };
    for (const [group, rs] of groups("pageSizeGroup")) {
      if (rs.length < 2) continue;
      const counts = rs.map((r) => `${r.name.match(/first: (\d+)/)?.[1] ?? "?"} → ${r.statements.join("/")}`);
      const constant = new Set(rs.flatMap((r) => r.statements)).size === 1;
      notes.push(`${group}: SQL statements per request by page size (first: N → statements): ${counts.join(", ")} — ${constant ? "constant, no N+1" : "NOT constant: N+1 somewhere"}.`);
    }
    for (const [group, rs] of groups("statementGroup")) {
      if (rs.length < 2) continue;
      const constant = new Set(rs.flatMap((r) => r.statements)).size === 1;
      notes.push(`${group}: SQL statements per request — ${rs.map((r) => `"${r.name}" → ${r.statements.join("/")}`).join("; ")} — ${constant ? "the same for every record" : "NOT constant"}.`);
    }
    notes.push(...operationNotes);
    notes.push(`Authentication sends no statement: sessions with roles and permissions come from the per-process authorization cache (the hand-written SQL still checks the session in its statement).`);
    notes.push(`Benchmark buyer ${meta.buyerUserId} has ${buyerOrders.n.toLocaleString("en")} orders; top seller ${BENCH_SELLER_ID} has ${sellerOrders.n.toLocaleString("en")}; agent ${meta.agentUserId}.`);
    for (const r of results) {
      if (r.verify?.startsWith("FAILED")) notes.push(`${r.name}: ${r.verify}`);
      else if (r.verify) notes.push(`${r.name}: GraphQL and SQL results differ — ${r.verify}`);
    }
    for (const p of plans) if (p.seqScans.length) notes.push(`Sequential scan in "${p.operation}" (${p.source}) over ${p.seqScans.join(", ")}: ${p.statement}`);
    const [version] = await database.sql.query<{ v: string }>(`SELECT version() AS v`);
    const report: BenchReport = {
      startedAt,
      environment: {
        database: externalUrl ? `BENCH_DATABASE_URL (${database.kind})` : args.db === "postgres" ? "throwaway PostgreSQL cluster (fsync off, shared_buffers 1GB)" : "PGlite in memory",
        server: version.v.split(",")[0],
        orders: meta.orders,
        buyers: meta.buyers,
        sellers: meta.sellers,
        offers: meta.offers,
        ...(generation.counts?.Discussion !== undefined ? { discussions: generation.counts.Discussion, claims: generation.counts.Claim } : {}),
        "data as of": meta.asOf,
        iterations: args.iterations,
        warmup: args.warmup,
        node: process.version,
        cpus: os.cpus().length,
        "load average (1 min) before/after": `${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`,
      },
      generation,
      operations: results,
      scaling,
      targets: targetsTable(meta.orders, results, operations),
      breakdown: breakdown.length ? breakdownTable(breakdown) : undefined,
      startup,
      plans,
      notes,
    };
    const files = writeReport(report);
    console.log("\n" + renderReport(report));
    console.log(`\nWritten: ${path.relative(ROOT, files.json)}, ${path.relative(ROOT, files.md)}`);
    if (cluster && args.keep) console.log(`\nCluster kept running: BENCH_DATABASE_URL=${cluster.url}`);
  } finally {
    await smallDb?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    stopCluster();
  }
}

interface SizeRun {
  meta: BenchMeta;
  generation: BenchReport["generation"];
  results: OperationResult[];
  plans: PlanCheck[];
  breakdown: Breakdown[];
  operationNotes: string[];
  operations: BenchOperation[];
  buyerOrders: number;
  sellerOrders: number;
}

/**
 * One dataset size: generates (or reuses) the data in `database`, signs the benchmark's people in and times
 * the operations (`filter` picks them). Plans are taken only when asked (the full run).
 */
async function runAtSize(database: Database, orders: number, args: Args, options: { filter: (op: BenchOperation) => boolean; plans: boolean; time?: boolean }): Promise<SizeRun> {
  // ── data ──
  const existing = await readBenchMeta(database.sql).catch(() => null);
  const stepNames = generationSteps.map((s) => s.name);
  const sameDataset =
    !!existing &&
    existing.orders === orders &&
    existing.generatorVersion === GENERATOR_VERSION &&
    stepNames.every((name) => existing.steps.some((s) => s.name === name));
  let meta: BenchMeta;
  let generation: BenchReport["generation"];
  if (existing && (args.reuse || sameDataset)) {
    log(`Reusing the dataset generated ${existing.generatedAt} (${existing.orders.toLocaleString("en")} orders, took ${formatSeconds(existing.generationMs)}).`);
    await database.session((sql) => migrate(sql));
    await syncRoleCatalogue(database.prisma);
    meta = existing;
    generation = { reused: true, totalMs: existing.generationMs, steps: existing.steps, counts: (existing as BenchMeta & { counts?: Record<string, number> }).counts };
  } else {
    const size = datasetSize(orders);
    const result = await database.session((sql) =>
      generateDataset(sql, database.prisma, size, { kind: database.kind, force: args.force, log }),
    );
    meta = (await readBenchMeta(database.sql))!;
    generation = { reused: false, totalMs: result.totalMs, steps: result.steps, counts: result.counts };
  }

  // ── services and accounts ──
  const clock = createTestClock(meta.asOf);
  const services = createTestServices(database, clock);
  const signIn = async (userId: string): Promise<BenchAccount> => {
    const cookie = await sessionCookieFor(services, userId);
    const sessionId = await readSessionId(services, new Request("http://localhost/", { headers: { cookie } }));
    if (!sessionId) throw new Error("could not read the session id back from the cookie");
    return { userId, sessionId, cookie };
  };
  const ctx: BenchContext = { db: database, services, agent: await signIn(meta.agentUserId), buyer: await signIn(meta.buyerUserId), seller: await signIn(BENCH_SELLER_ID) };
  // Sessions come from the authorization cache, as in production: listening before the first request.
  await services.authCache.start();
  await services.authCache.settle();
  const [buyerOrders] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Order" WHERE "buyerId" = $1::uuid`, [meta.buyerUserId]);
  const [sellerOrders] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Order" WHERE "sellerId" = $1::uuid`, [BENCH_SELLER_ID]);

  // ── operations ──
  const operations = (await Promise.all(operationSuites.map((suite) => suite(ctx))))
    .flat()
    .filter((op) => (!args.only || op.name.toLowerCase().includes(args.only) || op.suite === args.only) && options.filter(op));
  const recorder = createStatementRecorder(database);
  const results: OperationResult[] = [];
  const plans: PlanCheck[] = [];
  const breakdown: Breakdown[] = [];
  const explained = new Set<string>();
  if (options.time !== false) log(`\nTiming ${operations.length} operations (${args.warmup} warm-up, ${args.iterations} iterations each side, interleaved) …`);
  const operationNotes: string[] = [];
  if (options.time === false) return { meta, generation, results, plans, breakdown, operationNotes, operations, buyerOrders: buyerOrders.n, sellerOrders: sellerOrders.n };
  const cleanups = new Set<() => Promise<void>>();
  const fresh = (statement: { query: string; params: unknown[] }) => {
    if (!isExplainable(statement.query)) return false;
    const key = statement.query + JSON.stringify(statement.params);
    if (explained.has(statement.query) && !/"Order"/.test(statement.query)) return false;
    if (explained.has(key)) return false;
    explained.add(statement.query);
    explained.add(key);
    return true;
  };
  try {
    for (const op of operations) {
      if (op.cleanup) cleanups.add(op.cleanup);
      let result: OperationResult;
      try {
        await op.setup?.();
        result = await runOperation(op, { warmup: args.warmup, iterations: args.iterations });
      } catch (error) {
        // A failing request is a finding: report it and go on with the others.
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 400);
        // The hand-written side alone still says what the data costs (e.g. while the GraphQL field is not there yet).
        const sqlAlone = await measure(op.sql, { warmup: op.warmup ?? args.warmup, iterations: Math.min(op.iterations ?? args.iterations, args.iterations) }, op.prepare).catch(() => []);
        results.push({ name: op.name, graphql: stats([]), sql: stats(sqlAlone), ratio: NaN, statements: [], verify: `FAILED: ${message}` });
        log(`  ${op.name}: FAILED — ${message}${sqlAlone.length ? ` (SQL alone ${stats(sqlAlone).median.toFixed(2)} ms)` : ""}`);
        // The hand-written side's plan still says whether the data can be read well.
        if (options.plans && !op.mutates && op.rawStatement) {
          plans.push(await explain(database.sql, op.name, "raw SQL", { query: op.rawStatement.text, params: op.rawStatement.params }).catch((e) => ({ operation: op.name, source: "raw SQL" as const, statement: "", summary: `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}`, seqScans: [] })));
        }
        continue;
      }
      results.push(result);
      log(`  ${op.name}: GraphQL ${result.graphql.median.toFixed(2)} ms, SQL ${result.sql.median.toFixed(2)} ms, ${result.ratio.toFixed(1)}×, ${result.statements.join("/")} statements${result.verify ? ` — CHECK: ${result.verify}` : ""}`);
      // Plans: the raw statement, and each distinct statement Prisma sent for the GraphQL request.
      if (!options.plans) {
        // The scaling run times only.
      } else if (op.mutates) {
        // A batch job: plans on the prepared (due) rows, in transactions that are rolled back.
        if (op.rawStatement) {
          await op.prepare?.();
          plans.push(await explainInRollback(database, op.name, "raw SQL", { query: op.rawStatement.text, params: op.rawStatement.params }));
        }
        await op.prepare?.();
        const statements = await recorder.record(op.planProbe ?? op.graphql);
        await op.prepare?.();
        for (const statement of statements) if (fresh(statement)) plans.push(await explainInRollback(database, op.name, "Prisma", statement));
        await op.prepare?.();
      } else {
        if (op.rawStatement) plans.push(await explain(database.sql, op.name, "raw SQL", { query: op.rawStatement.text, params: op.rawStatement.params }));
        const statements = await recorder.record(op.graphql);
        for (const statement of statements) if (fresh(statement)) plans.push(await explain(database.sql, op.name, "Prisma", statement));
        try {
          const statementsMs = statements.length ? await timeStatements((text, params) => database.sql.query(text, params), statements) : 0;
          breakdown.push({ name: op.name, graphqlMs: result.graphql.median, statementsMs, sqlMs: result.sql.median });
        } catch (error) {
          log(`  ${op.name}: could not replay its statements (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      operationNotes.push(...(op.notes?.() ?? []));
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => log(`  cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  return { meta, generation, results, plans, breakdown, operationNotes, operations, buyerOrders: buyerOrders.n, sellerOrders: sellerOrders.n };
}

/** The scaling run's database: a second database in the same cluster (kept for --reuse), or a second PGlite. */
async function openSmallDatabase(url: string | undefined, orders: number): Promise<Database> {
  if (!url) return openDatabase({});
  const name = `bench_${orders}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return openDatabase({ url: withDatabase(url, name), poolSize: 10 });
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
