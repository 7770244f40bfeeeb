import type { Database, SqlRunner } from "~/infra/db.server";
import type { PlanCheck } from "./harness";

// EXPLAIN for the raw SQL and for the statements Prisma sends on a GraphQL request (captured from
// Prisma's query events), flagging sequential scans over large tables: a missing index shows here
// long before it shows in production.

export interface CapturedStatement {
  query: string;
  params: unknown[];
}

/** Captures the statements Prisma sends while fn runs. */
export function createStatementRecorder(db: Database) {
  let active: CapturedStatement[] | null = null;
  const listener = (event: { query: string; params: string }) => {
    if (!active) return;
    let params: unknown[] = [];
    try {
      params = JSON.parse(event.params);
    } catch {
      params = [];
    }
    active.push({ query: event.query, params });
  };
  (db.prisma.$on as (event: "query", cb: typeof listener) => void)("query", listener);
  return {
    async record(fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
      const captured: CapturedStatement[] = [];
      active = captured;
      try {
        await fn();
      } finally {
        active = null;
      }
      return captured;
    },
  };
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Scan Direction"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

/** Tables above this many rows should not be read sequentially by an interactive query. */
const LARGE_TABLE_ROWS = 5_000;

export async function explain(
  sql: SqlRunner,
  operation: string,
  source: PlanCheck["source"],
  statement: CapturedStatement,
): Promise<PlanCheck> {
  // The column list says nothing about the plan: keep FROM, WHERE, ORDER BY, LIMIT.
  const flat = statement.query.replace(/\s+/g, " ");
  const outer = source === "raw SQL" && flat.includes("FROM (SELECT") ? "SELECT … " + flat.slice(flat.indexOf("FROM (SELECT")) : flat;
  const short = outer
    .replace(/"public"\./g, "")
    .replace(/^SELECT (?:(?!\bFROM\b).)*? FROM "/, 'SELECT … FROM "')
    .trim();
  try {
    const rows = await sql.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.query}`, statement.params);
    const raw = rows[0]["QUERY PLAN"];
    const doc = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode; "Execution Time": number }[];
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      node.Plans?.forEach(walk);
    };
    walk(doc[0].Plan);
    const sizes = await tableSizes(sql, [...new Set(nodes.map((n) => n["Relation Name"]).filter((n): n is string => !!n))]);
    const seqScans = nodes
      .filter((n) => n["Node Type"] === "Seq Scan" && (sizes.get(n["Relation Name"] ?? "") ?? 0) > LARGE_TABLE_ROWS)
      .map((n) => `${n["Relation Name"]} (${(sizes.get(n["Relation Name"]!) ?? 0).toLocaleString("en")} rows)`);
    const describe = (n: PlanNode) => {
      const dir = n["Scan Direction"] === "Backward" ? " Backward" : "";
      if (n["Index Name"]) return `${n["Node Type"]}${n["Node Type"].includes("Bitmap Index") ? "" : dir} ${n["Index Name"]}`;
      if (n["Relation Name"]) return `${n["Node Type"]} ${n["Relation Name"]}`;
      return n["Node Type"];
    };
    const interesting = nodes.filter((n) => n["Relation Name"] || n["Index Name"] || /Sort|Limit|Hash|Nested|Merge|Aggregate/.test(n["Node Type"]));
    return {
      operation,
      source,
      statement: short.length > 220 ? short.slice(0, 217) + "…" : short,
      summary: interesting.map(describe).join(" → "),
      seqScans,
      executionMs: doc[0]["Execution Time"],
    };
  } catch (error) {
    return { operation, source, statement: short.slice(0, 220), summary: `EXPLAIN failed: ${error instanceof Error ? error.message : String(error)}`, seqScans: [] };
  }
}

const sizeCache = new Map<string, number>();
async function tableSizes(sql: SqlRunner, tables: string[]): Promise<Map<string, number>> {
  const missing = tables.filter((t) => !sizeCache.has(t));
  if (missing.length) {
    const rows = await sql.query<{ relname: string; n: number }>(
      `SELECT relname, greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE relkind = 'r' AND relname = ANY($1::text[]) AND relnamespace = current_schema()::regnamespace`,
      [missing],
    );
    for (const row of rows) sizeCache.set(row.relname, Number(row.n));
  }
  return sizeCache;
}

/** Statements worth a plan (not BEGIN, COMMIT, SET, …). */
export const isExplainable = (query: string) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(query);

/**
 * EXPLAIN ANALYZE of a statement that writes (an UPDATE, an INSERT): on one connection, inside a
 * transaction that is rolled back, so the plan is real and the data unchanged.
 */
export function explainInRollback(
  db: Database,
  operation: string,
  source: PlanCheck["source"],
  statement: CapturedStatement,
): Promise<PlanCheck> {
  return db.session(async (sql) => {
    await sql.exec("BEGIN");
    try {
      return await explain(sql, operation, source, statement);
    } finally {
      await sql.exec("ROLLBACK");
    }
  });
}
