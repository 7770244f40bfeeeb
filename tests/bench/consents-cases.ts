import { randomUUID } from "node:crypto";
import { clausesForForm, REVIEW_INTEGRATIONS_SETTING, type FormClause } from "~/domain/consents/form-clauses.server";
import { FORM_POSITIONS } from "~/domain/consents/positions";
import { consentHistory, consentsForSubject } from "~/domain/consents/queries.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { COUNT_CAP } from "~/domain/shared/capped-count";
import type { DomainContext } from "~/domain/context";
import type { Database } from "~/infra/db.server";
import { actorFor } from "../support/factories";
import type { BenchOperation } from "./harness";
import type { BenchContext, OperationSuite } from "./operations";
import { createStatementRecorder, type CapturedStatement } from "./plans";
import { consentHeavyCustomers, consentCustomerCount, consentCustomerId } from "./consents-generate";
import { datasetSize, readBenchMeta } from "./generate";

// The clause and consent registry (issue 12), measured through the domain functions the pages call (no
// GraphQL): a person's consent history page, the order form's clauses for a signed-in customer with
// history (the re-consent rule), an order form's submission (check + record in one transaction), and the
// records of one order. Each beside a hand-written baseline that returns the same data (`verify` compares
// them once before timing). The domain functions get their actor ready-made, so the baselines check no
// session either: the ratio is the domain's own cost (Prisma, mapping) over the bare statements.

const ORDER_BY = `r.at DESC, r.id DESC`;

/** A person's history page (consentHistory): the records they gave, newest first, with the wording as it was; the capped total. */
export const HISTORY_SQL = `SELECT r.id::text AS id, r."submissionId", r.form::text AS form, r."clauseId", r.position::text AS position, r."clauseType"::text AS "clauseType",
       r.choice::text AS choice, r."subjectType"::text AS "subjectType", r."subjectId", r."userId", r.email, r.at, r."ipAddress", r."userAgent", r."pageUrl",
       v.id AS version_id, v.version, v.content, v."contentHash",
       (SELECT count(*)::int FROM (SELECT 1 FROM "ConsentRecord" AS c WHERE c."userId" = $1::uuid ORDER BY c.at DESC, c.id DESC LIMIT ${COUNT_CAP + 1}) AS capped) AS total_count
FROM (SELECT * FROM "ConsentRecord" AS r WHERE r."userId" = $1::uuid ORDER BY ${ORDER_BY} LIMIT $2) AS r
JOIN "ClauseVersion" AS v ON v.id = r."clauseVersionId"
ORDER BY ${ORDER_BY}`;

/** One subject's records (consentsForSubject). */
export const SUBJECT_SQL = `SELECT r.id::text AS id, r."submissionId", r.form::text AS form, r."clauseId", r.position::text AS position, r."clauseType"::text AS "clauseType",
       r.choice::text AS choice, r."subjectType"::text AS "subjectType", r."subjectId", r."userId", r.email, r.at, r."ipAddress", r."userAgent", r."pageUrl",
       v.id AS version_id, v.version, v.content, v."contentHash"
FROM (SELECT * FROM "ConsentRecord" AS r WHERE r."subjectType" = $1::"ConsentSubject" AND r."subjectId" = $2::uuid ORDER BY ${ORDER_BY} LIMIT 500) AS r
JOIN "ClauseVersion" AS v ON v.id = r."clauseVersionId"
ORDER BY ${ORDER_BY}`;

/** The clauses of a form (clausesForForm's statement, written out): the same text the domain sends, over pg. */
export const FORM_CLAUSES_SQL = `SELECT c."id" AS "clauseId", v."id" AS "versionId", v."version", c."position"::text AS "position", v."type"::text AS "type",
       c."priority", v."content", v."contentHash"
FROM "Clause" c
JOIN "ClauseVersion" v ON v."clauseId" = c."id" AND v."version" = c."version"
WHERE c."position" = ANY($1::"ClausePosition"[]) AND c."active"
  AND (c."position" NOT IN ('ORDER_OPINEO', 'ORDER_CENEO') OR EXISTS (
        SELECT 1 FROM "Setting" s WHERE s."key" = $2
          AND (s."value" ->> (CASE c."position" WHEN 'ORDER_OPINEO' THEN 'opineo' ELSE 'ceneo' END)) = 'true'))
  AND NOT (c."position" = 'REGISTRATION_ORDER' AND $3::uuid IS NOT NULL AND EXISTS (
        SELECT 1 FROM (
          SELECT r."clauseVersionId", r."choice" FROM "ConsentRecord" r
          WHERE r."subjectType" = 'CUSTOMER' AND r."subjectId" = $3::uuid AND r."clauseId" = c."id"
          ORDER BY r."at" DESC, r."id" DESC LIMIT 1) latest
        WHERE latest."clauseVersionId" = v."id" AND latest."choice" IN ('ACCEPTED', 'DISPLAYED')))
ORDER BY array_position($1::"ClausePosition"[], c."position"), c."priority" DESC, c."createdAt", c."id"`;

export const formClausesParams = (customerId: string | null) => [[...FORM_POSITIONS.ORDER], REVIEW_INTEGRATIONS_SETTING, customerId];

export interface RecordRow {
  id: string;
  submissionId: string;
  form: string;
  clauseId: string;
  position: string;
  clauseType: string;
  choice: string;
  subjectType: string;
  subjectId: string;
  userId: string | null;
  email: string | null;
  at: string;
  ipAddress: string;
  userAgent: string;
  pageUrl: string | null;
  clauseVersion: { id: string; version: number; content: string; contentHash: string };
}

export function recordsFromSql(rows: Record<string, any>[]): RecordRow[] {
  return rows.map((r) => ({
    id: r.id,
    submissionId: r.submissionId,
    form: r.form,
    clauseId: r.clauseId,
    position: r.position,
    clauseType: r.clauseType,
    choice: r.choice,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    userId: r.userId,
    email: r.email,
    at: new Date(r.at).toISOString(),
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    pageUrl: r.pageUrl,
    clauseVersion: { id: r.version_id, version: Number(r.version), content: r.content, contentHash: r.contentHash },
  }));
}

export function recordsFromDomain(records: Awaited<ReturnType<typeof consentsForSubject>>): RecordRow[] {
  return records.map((r) => ({
    id: r.id,
    submissionId: r.submissionId,
    form: r.form,
    clauseId: r.clauseId,
    position: r.position,
    clauseType: r.clauseType,
    choice: r.choice,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    userId: r.userId,
    email: r.email,
    at: r.at.toISOString(),
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    pageUrl: r.pageUrl,
    clauseVersion: { id: r.clauseVersion.id, version: r.clauseVersion.version, content: r.clauseVersion.content, contentHash: r.clauseVersion.contentHash },
  }));
}

export function formClausesFromSql(rows: Record<string, any>[]) {
  return rows.map((r) => ({ clauseId: r.clauseId, versionId: r.versionId, version: Number(r.version), position: r.position, type: r.type, priority: Number(r.priority), contentHash: r.contentHash }));
}
export function formClausesFromDomain(clauses: FormClause[]) {
  return clauses.map((c) => ({ clauseId: c.clauseId, versionId: c.versionId, version: c.version, position: c.position, type: c.type, priority: c.priority, contentHash: c.contentHash }));
}

function sameRows(a: unknown[], b: unknown[]): string | null {
  if (a.length !== b.length) return `row count differs: domain ${a.length}, SQL ${b.length}`;
  if (a.length === 0) return "no rows (the dataset holds nothing for this operation)";
  for (let i = 0; i < a.length; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) return `row ${i} differs: ${x.slice(0, 500)} vs ${y.slice(0, 500)}`;
  }
  return null;
}

// ───────────────────────────── plans with buffers ─────────────────────────────

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of one statement: the indexes it reads, whether it scans a table
 * sequentially, the buffers it touched and its execution time — one line for the report.
 */
export async function explainBuffers(db: Database, label: string, statement: CapturedStatement): Promise<string> {
  const rows = await db.sql.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.query}`, statement.params);
  const raw = rows[0]["QUERY PLAN"];
  const doc = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode; "Execution Time": number }[];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(doc[0].Plan);
  const indexes = [...new Set(nodes.filter((n) => n["Index Name"]).map((n) => `${n["Node Type"]} ${n["Index Name"]}`))];
  const seq = [...new Set(nodes.filter((n) => n["Node Type"] === "Seq Scan").map((n) => n["Relation Name"]))];
  const top = doc[0].Plan;
  const buffers = (top["Shared Hit Blocks"] ?? 0) + (top["Shared Read Blocks"] ?? 0);
  return `${label}: ${indexes.length ? `index used — ${indexes.join(", ")}` : "NO INDEX"}${seq.length ? `; sequential scan of ${seq.join(", ")}` : ""}; ${buffers.toLocaleString("en")} buffers; ${doc[0]["Execution Time"].toFixed(2)} ms`;
}

// ───────────────────────────── the suite ─────────────────────────────

interface Subjects {
  heavy: { userId: string; records: number };
  typical: { userId: string; records: number };
  /** A customer with few records who places the benchmark's orders (its history page is not measured). */
  orderer: string;
  order: { id: string; records: number };
}

async function pickSubjects(ctx: BenchContext): Promise<Subjects | null> {
  const sql = ctx.db.sql;
  const [any] = await sql.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM "ConsentRecord") AS ok`);
  if (!any?.ok) return null;
  const count = async (userId: string) => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ConsentRecord" WHERE "userId" = $1::uuid`, [userId]))[0].n;
  // Heavy: the generated heavy customer with the most records; typical: the first customer past the heavy
  // ones' range, from the middle of the customer numbers, with a handful of records.
  const meta = await readBenchMeta(sql);
  if (!meta) return null;
  const size = datasetSize(meta.orders);
  const customers = consentCustomerCount(size);
  let heavy = { userId: consentCustomerId(1), records: await count(consentCustomerId(1)) };
  for (let k = 2; k <= consentHeavyCustomers(size); k++) {
    const n = await count(consentCustomerId(k));
    if (n > heavy.records) heavy = { userId: consentCustomerId(k), records: n };
  }
  let typical: Subjects["typical"] | null = null;
  for (let k = Math.floor(customers / 2); k < customers && !typical; k++) {
    const n = await count(consentCustomerId(k));
    if (n >= 5 && n <= 20) typical = { userId: consentCustomerId(k), records: n };
  }
  let orderer: string | null = null;
  for (let k = customers; k > consentHeavyCustomers(size) && !orderer; k--) if ((await count(consentCustomerId(k))) <= 10) orderer = consentCustomerId(k);
  // The latest signed-in order's records.
  const [order] = await sql.query<{ id: string; records: number }>(
    `SELECT "subjectId" AS id, (SELECT count(*)::int FROM "ConsentRecord" AS c WHERE c."subjectType" = 'ORDER' AND c."subjectId" = r."subjectId") AS records
     FROM "ConsentRecord" AS r WHERE r."subjectType" = 'ORDER' AND r.id > (SELECT max(id) - 5000 FROM "ConsentRecord") ORDER BY r.id DESC LIMIT 1`,
  );
  if (!typical || !orderer || !order) return null;
  return { heavy, typical, orderer, order };
}

/** Issue 12: the consent history page (typical and heavy customer), the order form's clauses with the re-consent rule, an order's submission, one order's records. */
export const consentsSuite: OperationSuite = async (ctx) => {
  const subjects = await pickSubjects(ctx);
  if (!subjects) return [];
  const db = ctx.db;
  const recorder = createStatementRecorder(db);
  let agent: DomainContext["actor"] | null = null;
  const domainCtx = async (): Promise<DomainContext> => ({
    db: db.prisma,
    clock: ctx.services.clock,
    actor: (agent ??= await actorFor(db.prisma, ctx.agent.userId)),
    requestId: "bench",
    origin: { ipAddress: "83.24.117.9", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", pageUrl: "/zamowienie" },
  });
  const counted = async <T>(fn: () => Promise<T>) => {
    const before = db.queryCounter.count;
    const value = await fn();
    return { queries: db.queryCounter.count - before, value };
  };

  // (a) the history page
  const historyOperation = (who: "typical" | "heavy"): BenchOperation => {
    const subject = subjects[who];
    const params = [subject.userId, 50];
    const runSql = () => db.sql.query<Record<string, any>>(HISTORY_SQL, params);
    const run = async () => counted(async () => consentHistory(await domainCtx(), subject.userId, { take: 50 }));
    const notes: string[] = [];
    return {
      name: `consentHistory(userId, first: 50) — ${who} customer — agent`,
      kind: "list",
      suite: "consents",
      targetMs: 50,
      statementGroup: "consentHistory page",
      graphql: run,
      sql: runSql,
      rawStatement: { text: HISTORY_SQL, params },
      setup: async () => {
        notes.length = 0;
        notes.push(`consentHistory — ${who} customer: ${subject.records.toLocaleString("en")} records.`);
        const statements = await recorder.record(run);
        for (const statement of statements) notes.push(await explainBuffers(db, `consentHistory — ${who} customer — EXPLAIN (ANALYZE, BUFFERS) of "${statement.query.replace(/\s+/g, " ").slice(0, 90)}…"`, statement));
        for (const line of notes) console.log(`    ${line}`);
      },
      notes: () => notes,
      verify: async () => {
        const [{ value }, s] = await Promise.all([run(), runSql()]);
        if (s[0] && (value.total.count !== Math.min(s[0].total_count, COUNT_CAP) || value.total.atLeast !== s[0].total_count > COUNT_CAP))
          return `total differs: domain ${JSON.stringify(value.total)}, SQL ${s[0].total_count} of at most ${COUNT_CAP + 1}`;
        return sameRows(recordsFromDomain(value.records), recordsFromSql(s));
      },
    };
  };

  // (b) the order form's clauses for a signed-in customer with history (the re-consent subquery)
  const formClausesOperation = (): BenchOperation => {
    const customerId = subjects.heavy.userId;
    const params = formClausesParams(customerId);
    const runSql = () => db.sql.query<Record<string, any>>(FORM_CLAUSES_SQL, params);
    const run = () => counted(() => clausesForForm(db.prisma, "ORDER", { customerId }));
    const notes: string[] = [];
    return {
      name: `clausesForForm(ORDER, customerId) — heavy customer with history`,
      kind: "single",
      suite: "consents",
      graphql: run,
      sql: runSql,
      rawStatement: { text: FORM_CLAUSES_SQL, params },
      setup: async () => {
        notes.length = 0;
        const statements = await recorder.record(run);
        notes.push(`clausesForForm(ORDER, customerId): ${statements.length} statement(s) — ${statements.map((s) => s.query.replace(/\s+/g, " ").slice(0, 60)).join(" | ")}`);
        for (const statement of statements) notes.push(await explainBuffers(db, `clausesForForm(ORDER, heavy customer) — EXPLAIN (ANALYZE, BUFFERS)`, statement));
        for (const line of notes) console.log(`    ${line}`);
      },
      notes: () => notes,
      verify: async () => {
        const [{ value }, s] = await Promise.all([run(), runSql()]);
        return sameRows(formClausesFromDomain(value), formClausesFromSql(s));
      },
    };
  };

  // (c) an order form's submission by a signed-in customer: check the answers against the clauses shown,
  // record them — in the transaction that would create the order.
  const submissionOperation = (): BenchOperation => {
    const customerId = subjects.orderer;
    let answers: { shown: string[]; accepted: string[] } = { shown: [], accepted: [] };
    // What the page carried: recomputed before every run, since the first submission records the
    // registration/order clauses on the customer and the form stops showing them (the re-consent rule).
    const prepare = async () => {
      const clauses = await clausesForForm(db.prisma, "ORDER", { customerId });
      answers = {
        shown: clauses.map((c) => c.versionId),
        accepted: clauses.filter((c) => c.type !== "INFORMATION_CLAUSE").map((c) => c.versionId),
      };
    };
    const run = async () => {
      const domain = await domainCtx();
      return counted(() =>
        db.prisma.$transaction(async (tx) => {
          const checked = await checkConsents(tx, "ORDER", answers, { customerId });
          return recordConsents(tx, domain, checked, { orderId: randomUUID(), customerId }, { userId: customerId });
        }),
      );
    };
    // Baseline: the same work over one pg connection — BEGIN, the form's clauses, one INSERT of the rows, COMMIT.
    const runSql = async () => {
      const domain = await domainCtx();
      return db.session(async (sql) => {
        await sql.exec("BEGIN");
        try {
          const clauses = await sql.query<{ clauseId: string; versionId: string; position: string; type: string }>(FORM_CLAUSES_SQL, formClausesParams(customerId));
          const accepted = new Set(answers.accepted);
          const rows = clauses.filter((c) => c.position !== "NEWSLETTER_ORDER_REGISTRATION" && c.position !== "NEWSLETTER");
          const orderId = randomUUID();
          await sql.query(
            `INSERT INTO "ConsentRecord" ("submissionId", form, "clauseId", "clauseVersionId", position, "clauseType", choice, "subjectType", "subjectId", "userId", email, at, "ipAddress", "userAgent", "pageUrl")
             SELECT $1::uuid, 'ORDER', r.clause_id, r.version_id, r.position::"ClausePosition", r.type::"ClauseType", r.choice::"ConsentChoice", r.subject_type::"ConsentSubject", r.subject_id,
                    $2::uuid, NULL, $3::timestamptz, $4, $5, $6
             FROM unnest($7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::uuid[]) AS r(clause_id, version_id, position, type, choice, subject_type, subject_id)`,
            [
              randomUUID(),
              customerId,
              domain.clock.now(),
              domain.origin!.ipAddress,
              domain.origin!.userAgent,
              domain.origin!.pageUrl,
              rows.map((r) => r.clauseId),
              rows.map((r) => r.versionId),
              rows.map((r) => r.position),
              rows.map((r) => r.type),
              rows.map((r) => (r.type === "INFORMATION_CLAUSE" ? "DISPLAYED" : accepted.has(r.versionId) ? "ACCEPTED" : "DECLINED")),
              rows.map((r) => (r.position === "REGISTRATION_ORDER" ? "CUSTOMER" : "ORDER")),
              rows.map((r) => (r.position === "REGISTRATION_ORDER" ? customerId : orderId)),
            ],
          );
          await sql.exec("COMMIT");
        } catch (error) {
          await sql.exec("ROLLBACK");
          throw error;
        }
      });
    };
    const notes: string[] = [];
    return {
      name: `checkConsents + recordConsents — order form of a signed-in customer, one transaction`,
      suite: "consents",
      mutates: true,
      graphql: run,
      sql: runSql,
      prepare,
      planProbe: run,
      iterations: 30,
      setup: async () => {
        notes.length = 0;
        await prepare();
        const statements = await recorder.record(run);
        const inserts = statements.filter((s) => /^\s*INSERT INTO "public"\."ConsentRecord"/i.test(s.query) || /^\s*INSERT INTO "ConsentRecord"/i.test(s.query));
        notes.push(
          `Order form submission (checkConsents + recordConsents in one transaction): ${statements.length} statements — ${statements.map((s) => s.query.replace(/\s+/g, " ").slice(0, 40)).join(" | ")}; ` +
            `${inserts.length} INSERT into ConsentRecord (${answers.shown.length} clauses on the page).`,
        );
        for (const line of notes) console.log(`    ${line}`);
      },
      notes: () => notes,
    };
  };

  // (d) one order's records (what staff see on the order)
  const subjectOperation = (): BenchOperation => {
    const params = ["ORDER", subjects.order.id];
    const runSql = () => db.sql.query<Record<string, any>>(SUBJECT_SQL, params);
    const run = async () => counted(async () => consentsForSubject(await domainCtx(), "ORDER", subjects.order.id));
    return {
      name: `consentsForSubject(ORDER, orderId) — an order's records — agent`,
      kind: "single",
      suite: "consents",
      graphql: run,
      sql: runSql,
      rawStatement: { text: SUBJECT_SQL, params },
      notes: () => [`consentsForSubject: the order has ${subjects.order.records} records.`],
      verify: async () => {
        const [{ value }, s] = await Promise.all([run(), runSql()]);
        return sameRows(recordsFromDomain(value), recordsFromSql(s));
      },
    };
  };

  return [historyOperation("typical"), historyOperation("heavy"), formClausesOperation(), subjectOperation(), submissionOperation()];
};
