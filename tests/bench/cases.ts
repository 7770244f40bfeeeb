import { encodeGlobalID } from "@pothos/plugin-relay";
import { markOverdueDiscussions, OVERDUE_SWEEP_ACTOR } from "~/domain/discussions/overdue-sweep.server";
import { actorRef } from "~/domain/identity/actor";
import { createTestClock } from "~/infra/clock";
import { graphql } from "../support/services";
import type { BenchOperation } from "./harness";
import { u } from "./sql-kit";
import { withSession, type BenchContext, type OperationSuite } from "./operations";
import { COUNT_CAP } from "~/domain/shared/capped-count";

// The discussions and buyer-protection workloads (issues 3 and 4): the agents' discussion queue, one
// discussion's timeline, the overdue sweep over a backlog, the claims queue, the claim page with the
// agent's precheck, and the metrics panels. Each GraphQL request has a hand-written SQL twin that returns
// the same data; `verify` compares the two once before timing.

// ───────────────────────────── helpers ─────────────────────────────

async function gql<T = any>(ctx: BenchContext, query: string, cookie = ctx.agent.cookie) {
  const result = await graphql<T>(ctx.services, query, { cookie, settle: false });
  if (result.errors?.length || result.status !== 200) {
    throw new Error(`GraphQL failed (${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result;
}

const iso = (value: Date | string | null | undefined) => (value === null || value === undefined ? null : new Date(value).toISOString());
const json = <T>(value: T | string | null | undefined): T | null => (value === null || value === undefined ? null : typeof value === "string" ? JSON.parse(value) : value);
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const sortBy = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Compares two normalized results; returns the first difference or null. */
function sameRows(a: unknown[], b: unknown[]): string | null {
  if (a.length !== b.length) return `row count differs: GraphQL ${a.length}, SQL ${b.length}`;
  if (a.length === 0) return "no rows (the dataset holds nothing for this operation)";
  for (let i = 0; i < a.length; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) return `row ${i} differs: ${x.slice(0, 600)} vs ${y.slice(0, 600)}`;
  }
  return null;
}

/** Numbers from two sides of a metric (floats from different aggregation orders may differ in the last bits). */
function sameNumbers(a: Record<string, unknown>, b: Record<string, unknown>, path = ""): string | null {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    const where = `${path}${key}`;
    if (x !== null && typeof x === "object" && y !== null && typeof y === "object") {
      const inner = sameNumbers(x as Record<string, unknown>, y as Record<string, unknown>, `${where}.`);
      if (inner) return inner;
    } else if (typeof x === "number" && typeof y === "number") {
      if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x), Math.abs(y))) return `${where}: GraphQL ${x}, SQL ${y}`;
    } else if (x !== y) {
      return `${where}: GraphQL ${JSON.stringify(x)}, SQL ${JSON.stringify(y)}`;
    }
  }
  return null;
}

const DAY_MS = 86_400_000;
const ACTIVE_CLAIM_STATUSES = `('SUBMITTED', 'AWAITING_DOCUMENTS', 'AWAITING_SECOND_APPROVAL', 'APPROVED', 'PAID')`;
/** The claim's deadline state (deadlineState in app/domain/claims/queries.server.ts), in SQL; $now is the clock. */
const deadlineStateSql = (c: string, now: string) => `CASE WHEN ${c}.status IN ('APPROVED', 'PAID', 'REJECTED') THEN 'done'
       WHEN ${c}."pausedAt" IS NOT NULL THEN 'paused'
       WHEN ${c}."decisionDueAt" <= ${now} THEN 'breached'
       WHEN ${c}."decisionDueAt" - ${now} <= interval '2 hours' THEN 'soon' ELSE 'ok' END`;

// ───────────────────────────── discussions: the agents' queue ─────────────────────────────

interface QueueRow {
  id: string;
  number: number;
  reason: string;
  status: string;
  openedAt: string | null;
  escalatedAt: string | null;
  overdue: boolean;
  order: { number: string; paymentMethod: string; total: number };
  buyer: { name: string; smart: boolean };
  seller: string;
  agent: string | null;
}

export interface DiscussionQueueFilter {
  assignment?: "UNASSIGNED" | "MINE";
  reason?: string;
}

function discussionQueueOperation(ctx: BenchContext, first: number, filter: DiscussionQueueFilter): BenchOperation {
  const now = ctx.services.clock.now();
  const gqlFilter = Object.entries(filter).map(([k, v]) => `${k}: ${v}`).join(", ");
  const query = `{ discussionQueue(first: ${first}${gqlFilter ? `, filter: { ${gqlFilter} }` : ""}) { total { count atLeast } edges { node {
    id number reason status openedAt escalatedAt sellerOverdue
    order { number paymentMethod total { amount } } buyer { name smartMember } seller { name } assignedAgent { name } } } } }`;
  const params: unknown[] = [first, now];
  const where = [`status = 'ESCALATED'`];
  if (filter.reason) {
    params.push(filter.reason);
    where.push(`reason = $${params.length}::"DiscussionReason"`);
  }
  if (filter.assignment === "UNASSIGNED") where.push(`"assignedAgentId" IS NULL`);
  if (filter.assignment === "MINE") {
    params.push(ctx.agent.userId);
    where.push(`"assignedAgentId" = $${params.length}::uuid`);
  }
  const text = `SELECT d.id, d.number, d.reason::text AS reason, d.status::text AS status, d."openedAt", d."escalatedAt",
       d."sellerOverdueAt" IS NOT NULL AS overdue,
       o.number AS order_number, o."paymentMethod"::text AS payment_method, o."itemsAmount" + o."shippingAmount" AS total,
       b.name AS buyer_name, coalesce(b."smartUntil" > $2, false) AS buyer_smart, s.name AS seller_name, a.name AS agent_name,
       (SELECT count(*)::int FROM (SELECT 1 FROM "Discussion" WHERE ${where.join(" AND ")} LIMIT ${COUNT_CAP + 1}) AS capped) AS total_count
FROM (SELECT * FROM "Discussion" WHERE ${where.join(" AND ")} ORDER BY "escalatedAt" ASC, id ASC LIMIT $1) AS d
JOIN "Order" AS o ON o.id = d."orderId"
JOIN "User" AS b ON b.id = d."buyerId"
JOIN "User" AS s ON s.id = d."sellerId"
LEFT JOIN "User" AS a ON a.id = d."assignedAgentId"
ORDER BY d."escalatedAt" ASC, d.id ASC`;
  const sessioned = withSession(text, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `discussionQueue(first: ${first}${gqlFilter ? `, ${gqlFilter}` : ""}) nested — agent`,
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    kind: "list",
    pageSizeGroup: `discussionQueue${gqlFilter ? ` (${gqlFilter})` : ""}`,
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      const conn = g.data.discussionQueue;
      const a: QueueRow[] = conn.edges.map(({ node: n }: any) => ({
        id: Buffer.from(n.id, "base64").toString("utf8").split(":")[1],
        number: n.number,
        reason: n.reason,
        status: n.status,
        openedAt: iso(n.openedAt),
        escalatedAt: iso(n.escalatedAt),
        overdue: n.sellerOverdue,
        order: { number: n.order.number, paymentMethod: n.order.paymentMethod, total: n.order.total.amount },
        buyer: { name: n.buyer.name, smart: n.buyer.smartMember },
        seller: n.seller.name,
        agent: n.assignedAgent?.name ?? null,
      }));
      const b: QueueRow[] = s.map((r) => ({
        id: r.id,
        number: r.number,
        reason: r.reason,
        status: r.status,
        openedAt: iso(r.openedAt),
        escalatedAt: iso(r.escalatedAt),
        overdue: r.overdue,
        order: { number: r.order_number, paymentMethod: r.payment_method, total: Number(r.total) },
        buyer: { name: r.buyer_name, smart: r.buyer_smart },
        seller: r.seller_name,
        agent: r.agent_name,
      }));
      if (s[0] && (conn.total.count !== Math.min(s[0].total_count, COUNT_CAP) || conn.total.atLeast !== s[0].total_count > COUNT_CAP))
        return `total differs: GraphQL ${JSON.stringify(conn.total)}, SQL ${s[0].total_count} of at most ${COUNT_CAP + 1}`;
      return sameRows(a, b);
    },
  };
}

// ───────────────────────────── discussions: one timeline ─────────────────────────────

interface TimelineRow {
  id: string;
  at: string | null;
  kind: string;
  type: string;
  actorRole: string;
  actorName: string | null;
  body: string | null;
  data: string | null;
}

/** The timeline as an agent sees it (discussionTimeline in app/domain/discussions/queries.server.ts), in one statement. */
export const DISCUSSION_TIMELINE_SQL = `SELECT d.number, d.status::text AS status, e.*
FROM "Discussion" AS d
CROSS JOIN LATERAL (
  SELECT 'message:' || m.id AS entry_id, m."createdAt" AS at, 'message' AS kind, m.kind AS type, m."authorRole"::text AS actor_role,
         u.name AS actor_name, m.body, NULL::jsonb AS data, 1 AS kind_rank, m.id AS message_id, NULL::bigint AS event_id
  FROM "DiscussionMessage" AS m JOIN "User" AS u ON u.id = m."authorId"
  WHERE m."discussionId" = d.id
  UNION ALL
  SELECT 'event:' || ce.id, ce.at, 'event', ce.type, ce."actorRole", NULL, NULL, ce.data, 0, NULL, ce.id
  FROM "CaseEvent" AS ce
  WHERE ce."caseType" = 'DISCUSSION' AND ce."caseId" = d.id AND ce.type NOT IN ('MESSAGE_POSTED', 'INFORMATION_REQUESTED')
) AS e
WHERE d.id = $1::uuid
ORDER BY e.at, e.kind_rank, e.message_id, e.event_id`;

function timelineOperation(ctx: BenchContext, discussion: { id: string; messages: number; events: number }, label: string): BenchOperation {
  const query = `{ node(id: ${JSON.stringify(encodeGlobalID("Discussion", discussion.id))}) { ... on Discussion {
    id number status timeline { id at kind type actorRole actorName body data } } } }`;
  const params = [discussion.id];
  const sessioned = withSession(DISCUSSION_TIMELINE_SQL, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `node(id) { ... on Discussion { timeline } } — ${label} (${discussion.messages} messages, ${discussion.events} events) — agent`,
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    kind: "single",
    statementGroup: "discussion timeline",
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      const node = g.data.node;
      if (!node) return "GraphQL returned no discussion";
      if (s[0] && (node.number !== s[0].number || node.status !== s[0].status)) return "discussion header differs";
      const a: TimelineRow[] = node.timeline.map((e: any) => ({ ...e, at: iso(e.at) }));
      const b: TimelineRow[] = s.map((r) => ({
        id: r.entry_id,
        at: iso(r.at),
        kind: r.kind,
        type: r.type,
        actorRole: r.actor_role,
        actorName: r.actor_name,
        body: r.body,
        data: r.data === null ? null : JSON.stringify(json(r.data)),
      }));
      return sameRows(a, b);
    },
  };
}

// ───────────────────────────── discussions: metrics ─────────────────────────────

const DISCUSSION_METRICS_SQL = `SELECT count(*)::int AS opened,
       count(*) FILTER (WHERE status = 'OPEN')::int AS open,
       count(*) FILTER (WHERE status = 'ESCALATED')::int AS escalated_open,
       count(*) FILTER (WHERE status = 'CLOSED')::int AS closed,
       count(*) FILTER (WHERE status = 'CLOSED' AND "escalatedAt" IS NULL AND resolution IN ('BUYER_RESOLVED', 'AGREEMENT'))::int AS closed_without_intervention,
       count(*) FILTER (WHERE "sellerResponseDueAt" <= $3 OR "sellerRespondedAt" IS NOT NULL)::int AS seller_due,
       count(*) FILTER (WHERE "sellerRespondedAt" IS NOT NULL AND "sellerRespondedAt" <= "sellerResponseDueAt")::int AS on_time,
       count(*) FILTER (WHERE "sellerOverdueAt" IS NOT NULL)::int AS overdue
FROM "Discussion" WHERE "openedAt" >= $1 AND "openedAt" < $2`;

function discussionMetricsOperation(ctx: BenchContext, from: Date | null, label: string): BenchOperation {
  const now = ctx.services.clock.now();
  const to = new Date(now.getTime() + 1);
  const start = from ?? new Date(to.getTime() - 90 * DAY_MS);
  const query = `{ discussionMetrics${from ? `(from: ${JSON.stringify(from.toISOString())})` : ""} {
    opened open escalatedOpen closed closedWithoutIntervention withoutInterventionShare sellerDue sellerAnsweredOnTime sellerOnTimeRate overdue } }`;
  const params = [start, to, now];
  const sessioned = withSession(DISCUSSION_METRICS_SQL, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, number>>(sessioned.text, sessioned.params);
  return {
    name: `discussionMetrics — ${label}`,
    kind: "metrics",
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    iterations: 20,
    verify: async () => {
      const [g, [r]] = await Promise.all([gql(ctx, query), runSql()]);
      const m = g.data.discussionMetrics;
      if (!r.opened) return "no discussions in the range";
      return sameNumbers(m, {
        opened: r.opened,
        open: r.open,
        escalatedOpen: r.escalated_open,
        closed: r.closed,
        closedWithoutIntervention: r.closed_without_intervention,
        withoutInterventionShare: r.closed ? r.closed_without_intervention / r.closed : null,
        sellerDue: r.seller_due,
        sellerAnsweredOnTime: r.on_time,
        sellerOnTimeRate: r.seller_due ? r.on_time / r.seller_due : null,
        overdue: r.overdue,
      });
    },
  };
}

/** Issue 3: the agents' discussion queue, one discussion's timeline, the discussion metrics. */
export const discussionSuite: OperationSuite = async (ctx) => {
  // The busiest queue filter: unassigned discussions of the most common reason.
  const [common] = await ctx.db.sql.query<{ reason: string }>(
    `SELECT reason::text AS reason FROM "Discussion" WHERE status = 'ESCALATED' AND "assignedAgentId" IS NULL GROUP BY reason ORDER BY count(*) DESC LIMIT 1`,
  );
  const reason = common?.reason ?? "NOT_RECEIVED";
  // Timelines: the agent's own escalated discussion with the most messages, and a short open one.
  const pickTimeline = async (where: string, order: string, params: unknown[]) => {
    const [row] = await ctx.db.sql.query<{ id: string; messages: number; events: number }>(
      `SELECT d.id, (SELECT count(*)::int FROM "DiscussionMessage" WHERE "discussionId" = d.id) AS messages,
              (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'DISCUSSION' AND "caseId" = d.id) AS events
       FROM "Discussion" AS d WHERE ${where} ORDER BY ${order} LIMIT 1`,
      params,
    );
    return row;
  };
  const long =
    (await pickTimeline(`d.status = 'ESCALATED' AND d."assignedAgentId" = $1::uuid`, `messages DESC, d.number`, [ctx.agent.userId])) ??
    (await pickTimeline(`d.status <> 'OPEN'`, `messages DESC, d.number`, []));
  const short = await pickTimeline(`d.status = 'OPEN'`, `messages ASC, d.number`, []);
  const now = ctx.services.clock.now();
  const whole = new Date(now.getTime() - 3 * 365 * DAY_MS);
  return [
    discussionQueueOperation(ctx, 10, { assignment: "UNASSIGNED", reason }),
    discussionQueueOperation(ctx, 50, { assignment: "UNASSIGNED", reason }),
    discussionQueueOperation(ctx, 100, { assignment: "UNASSIGNED", reason }),
    discussionQueueOperation(ctx, 50, { assignment: "MINE" }),
    discussionQueueOperation(ctx, 50, {}),
    ...(long ? [timelineOperation(ctx, long, "escalated, taken by the agent")] : []),
    ...(short ? [timelineOperation(ctx, short, "open")] : []),
    discussionMetricsOperation(ctx, null, "last 90 days (default)"),
    discussionMetricsOperation(ctx, whole, "whole dataset"),
  ];
};

// ───────────────────────────── discussions: the overdue sweep ─────────────────────────────

const BACKLOG_MARK = "bench: overdue sweep backlog";
const SWEEP_ACTOR = actorRef(OVERDUE_SWEEP_ACTOR).actorId;

/**
 * A backlog of discussions due for the overdue mark (as after a worker outage): open discussions on orders
 * that have none, opened more than 24 hours ago, no seller message. Created when the first sweep operation
 * runs, removed after all operations. `reset()` brings the backlog back to "due" and removes what a sweep
 * wrote (timeline events, audit records, outbox messages), then vacuums, so every run starts alike.
 */
function createSweepBacklog(ctx: BenchContext, wanted: number) {
  const now = ctx.services.clock.now();
  // outsideBefore: discussions outside the backlog that already carry the mark "now" (generated ones whose
  // 24 hours ended minutes before the dataset's now); a sweep must not add to them.
  const state = { created: false, lo: 0, hi: 0, size: 0, maxEvent: "0", maxAudit: "0", outsideBefore: 0 };
  // The timeline and the audit log refuse DELETE (append-only triggers), and deleting discussions would fire
  // the foreign-key actions: the benchmark removes its own rows with triggers off (replica role).
  const inReplicaRole = (statements: string) =>
    ctx.db.session(async (sql) => {
      await sql.exec("BEGIN");
      try {
        await sql.exec("SET LOCAL session_replication_role = replica");
        await sql.exec(statements);
        await sql.exec("COMMIT");
      } catch (error) {
        await sql.exec("ROLLBACK");
        throw error;
      }
    });
  // VACUUM cannot run inside a (multi-statement) transaction: one statement per call.
  const vacuum = async (...statements: string[]) => {
    for (const statement of statements) await ctx.db.sql.exec(statement);
  };
  const removeLeftovers = () =>
    inReplicaRole(`DELETE FROM "Discussion" WHERE description = '${BACKLOG_MARK}';
      SELECT setval(pg_get_serial_sequence('"Discussion"', 'number'), greatest(1, (SELECT max(number) FROM "Discussion")))`);
  return {
    state,
    async ensure() {
      if (state.created) return;
      await removeLeftovers();
      const rows = await ctx.db.sql.query<{ lo: number; hi: number; n: number }>(
        `WITH inserted AS (
           INSERT INTO "Discussion" ("orderId", "openOrderId", "buyerId", "sellerId", reason, description, status, "openedAt", "sellerResponseDueAt", "lastActivityAt")
           SELECT o.id, o.id, o."buyerId", o."sellerId", 'NOT_RECEIVED', '${BACKLOG_MARK}', 'OPEN', opened, opened + interval '24 hours', opened
           FROM (
             SELECT o.*, o."placedAt" + (0.05 + 0.9 * ${u("split_part(o.number, '/', 3)::int", 700)}) * ($1::timestamptz - interval '24 hours' - o."placedAt") AS opened
             FROM "Order" AS o
             WHERE o."buyerId" IS NOT NULL AND o."paidAt" IS NOT NULL AND o."placedAt" < $1::timestamptz - interval '25 hours'
               AND NOT EXISTS (SELECT 1 FROM "Discussion" AS d WHERE d."openOrderId" = o.id)
             ORDER BY o."placedAt" DESC
             LIMIT $2
           ) AS o
           RETURNING number
         )
         SELECT min(number) AS lo, max(number) AS hi, count(*)::int AS n FROM inserted`,
        [now, wanted],
      );
      state.lo = rows[0].lo;
      state.hi = rows[0].hi;
      state.size = rows[0].n;
      const [marks] = await ctx.db.sql.query<{ e: string; a: string }>(
        `SELECT (SELECT coalesce(max(id), 0)::text FROM "CaseEvent") AS e, (SELECT coalesce(max(id), 0)::text FROM "AuditLog") AS a`,
      );
      state.maxEvent = marks.e;
      state.maxAudit = marks.a;
      const [outside] = await ctx.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Discussion" WHERE number NOT BETWEEN ${state.lo} AND ${state.hi} AND "sellerOverdueAt" = $1`,
        [now],
      );
      state.outsideBefore = outside.n;
      await vacuum(`VACUUM ANALYZE "Discussion"`);
      state.created = true;
    },
    async reset() {
      await inReplicaRole(
        `UPDATE "Discussion" SET "sellerOverdueAt" = NULL, "lastActivityAt" = "openedAt" WHERE number BETWEEN ${state.lo} AND ${state.hi} AND "sellerOverdueAt" IS NOT NULL;
         DELETE FROM "CaseEvent" WHERE id > ${state.maxEvent};
         DELETE FROM "AuditLog" WHERE id > ${state.maxAudit};
         DELETE FROM "OutboxMessage" WHERE status = 'PENDING' AND "availableAt" = '${now.toISOString()}' AND kind = 'discussion.sellerOverdue'`,
      );
      await vacuum(`VACUUM ANALYZE "Discussion"`, `VACUUM "CaseEvent"`, `VACUUM "AuditLog"`, `VACUUM "OutboxMessage"`);
    },
    async cleanup() {
      if (!state.created) return;
      await this.reset();
      await removeLeftovers();
      await vacuum(`VACUUM ANALYZE "Discussion"`);
      state.created = false;
    },
    /** What the last run marked and wrote. */
    async outcome() {
      const [row] = await ctx.db.sql.query<{ marked: number; ids: string; outside: number; events: number; audits: number; outbox: number }>(
        `SELECT (SELECT count(*)::int FROM "Discussion" WHERE number BETWEEN ${state.lo} AND ${state.hi} AND "sellerOverdueAt" = $1) AS marked,
                (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM "Discussion" WHERE number BETWEEN ${state.lo} AND ${state.hi} AND "sellerOverdueAt" = $1) AS ids,
                (SELECT count(*)::int - ${state.outsideBefore} FROM "Discussion" WHERE number NOT BETWEEN ${state.lo} AND ${state.hi} AND "sellerOverdueAt" = $1) AS outside,
                (SELECT count(*)::int FROM "CaseEvent" WHERE id > ${state.maxEvent} AND type = 'SELLER_OVERDUE' AND "actorId" = '${SWEEP_ACTOR}') AS events,
                (SELECT count(*)::int FROM "AuditLog" WHERE id > ${state.maxAudit} AND action = 'discussion.sellerOverdue') AS audits,
                (SELECT count(*)::int FROM "OutboxMessage" WHERE status = 'PENDING' AND "availableAt" = $1 AND kind = 'discussion.sellerOverdue') AS outbox`,
        [now],
      );
      return row;
    },
  };
}
type SweepBacklog = ReturnType<typeof createSweepBacklog>;

const DUE = `"sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL AND status <> 'CLOSED' AND "sellerResponseDueAt" <= $1`;

/** The sweep's UPDATE alone, over every due row at once. */
const BULK_UPDATE_SQL = `UPDATE "Discussion" SET "sellerOverdueAt" = $1, "lastActivityAt" = $1
WHERE ${DUE}`;

/**
 * A floor for comparison: everything the sweep writes (state, timeline event, audit record, outbox message)
 * for every due row in one statement, without batches or row locks. The gap between it and the bare UPDATE
 * is the cost of the three extra rows (and their indexes) per discussion, which no sweep can avoid.
 */
const BULK_ALL_SQL = `WITH marked AS (
  UPDATE "Discussion" SET "sellerOverdueAt" = $1, "lastActivityAt" = $1
  WHERE ${DUE}
  RETURNING id, number, "buyerId"
), events AS (
  INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at)
  SELECT 'DISCUSSION', id, 'SELLER_OVERDUE', 'SYSTEM', '${SWEEP_ACTOR}', 'SYSTEM', $1 FROM marked
  RETURNING id, "caseId"
), audit AS (
  INSERT INTO "AuditLog" (at, "actorType", "actorId", action, "subjectType", "subjectId", "requestId", metadata)
  SELECT $1, 'SYSTEM', '${SWEEP_ACTOR}', 'discussion.sellerOverdue', 'Discussion', e."caseId"::text, NULL, jsonb_build_object('eventId', e.id::text)
  FROM events AS e
), outbox AS (
  INSERT INTO "OutboxMessage" (id, "idempotencyKey", "recipientId", kind, payload, "availableAt", "createdAt")
  SELECT gen_random_uuid(), 'discussion:' || m.id || ':event:' || e.id || ':' || m."buyerId", m."buyerId", 'discussion.sellerOverdue',
         jsonb_build_object('params', jsonb_build_object('number', m.number), 'link', '/discussions/' || m.id), $1, $1
  FROM marked AS m JOIN events AS e ON e."caseId" = m.id
  ON CONFLICT ("idempotencyKey") DO NOTHING
)
SELECT count(*)::int AS marked FROM marked`;

type SweepSide = "markOverdueDiscussions" | "one statement for all";

/**
 * The sweep over the backlog, drained until nothing is due, against ONE bulk UPDATE of the same rows (the
 * target: at most 2× that UPDATE). Each run starts from the same backlog (reset untimed before it).
 */
function sweepOperation(ctx: BenchContext, backlog: SweepBacklog, side: SweepSide, batch: number, iterations: number, explainRaw = false): BenchOperation {
  const now = ctx.services.clock.now();
  const clock = createTestClock(now);
  const prisma = ctx.db.prisma;
  let batches = 0;
  const oneBatch = async (): Promise<number> => {
    if (side === "markOverdueDiscussions") return markOverdueDiscussions(prisma, clock, batch);
    const [row] = await prisma.$queryRawUnsafe<{ marked: number }[]>(BULK_ALL_SQL, now);
    return Number(row.marked);
  };
  const runSweep = async () => {
    ctx.db.queryCounter.reset();
    let total = 0;
    let n: number;
    batches = 0;
    while ((n = await oneBatch()) > 0) {
      total += n;
      batches++;
    }
    return { queries: ctx.db.queryCounter.count, marked: total };
  };
  const runSql = () => ctx.db.sql.query(BULK_UPDATE_SQL, [now]);
  const what =
    side === "markOverdueDiscussions"
      ? `markOverdueDiscussions(db, clock, ${batch}) until 0 (each batch one statement: UPDATE … FOR UPDATE SKIP LOCKED + CaseEvent + AuditLog + OutboxMessage)`
      : `reference: one statement writing the same four rows per discussion for all due rows at once, no batches`;
  return {
    // The backlog's size is known once it exists.
    get name() {
      const size = backlog.state.size ? `${backlog.state.size.toLocaleString("en")} due` : "the due";
      return `overdue sweep over ${size} discussions: ${what} — vs ONE bulk UPDATE "Discussion"`;
    },
    graphql: runSweep,
    sql: runSql,
    // The SQL side is the same bulk UPDATE for every variant: its plan once.
    rawStatement: explainRaw ? { text: BULK_UPDATE_SQL, params: [now] } : undefined,
    mutates: true,
    kind: "sweep",
    planProbe: oneBatch,
    iterations,
    rounds: iterations,
    // verify() runs each side once: that is the warm-up.
    warmup: 0,
    setup: async () => {
      await backlog.ensure();
      await backlog.reset();
    },
    prepare: () => backlog.reset(),
    cleanup: () => backlog.cleanup(),
    verify: async () => {
      await backlog.reset();
      const swept = await runSweep();
      const a = await backlog.outcome();
      await backlog.reset();
      await runSql();
      const b = await backlog.outcome();
      await backlog.reset();
      if (a.marked === 0) return "the sweep marked nothing";
      if (a.outside || b.outside) return `rows outside the backlog were marked: sweep ${a.outside}, bulk UPDATE ${b.outside} (the generated data holds due, unmarked discussions)`;
      if (swept.marked !== a.marked) return `the sweep reported ${swept.marked} but ${a.marked} rows carry its mark`;
      if (a.marked !== backlog.state.size) return `the sweep marked ${a.marked} discussions, the backlog holds ${backlog.state.size} (the generated data holds due, unmarked discussions)`;
      if (a.marked !== b.marked || a.ids !== b.ids) return `marked rows differ: sweep ${a.marked}, bulk UPDATE ${b.marked}`;
      if (a.events !== a.marked || a.audits !== a.marked || a.outbox !== a.marked) {
        return `the sweep wrote ${a.events} events, ${a.audits} audit records, ${a.outbox} outbox messages for ${a.marked} discussions`;
      }
      return null;
    },
    notes: () => (side === "markOverdueDiscussions" ? [`markOverdueDiscussions batch ${batch}: ${batches} batches + the final empty call.`] : []),
  };
}

/** Issue 3: the overdue sweep over a 100,000-discussion backlog (smaller datasets: what their orders allow). */
export const overdueSweepSuite: OperationSuite = (ctx) => {
  const backlog = createSweepBacklog(ctx, 100_000);
  return [
    sweepOperation(ctx, backlog, "markOverdueDiscussions", 5000, 3, true),
    sweepOperation(ctx, backlog, "markOverdueDiscussions", 20000, 3),
    sweepOperation(ctx, backlog, "one statement for all", 0, 3),
  ];
};

// ───────────────────────────── claims: the queue ─────────────────────────────

interface ClaimQueueRow {
  id: string;
  number: number;
  reference: string;
  reason: string;
  status: string;
  filedAt: string | null;
  smart: boolean;
  decisionDueAt: string | null;
  deadline: string;
  maxAmount: number;
  order: { number: string; paymentMethod: string };
  buyer: string;
  seller: string;
  lines: { quantity: number; amount: number; title: string }[];
}

function claimQueueOperation(ctx: BenchContext, first: number): BenchOperation {
  const now = ctx.services.clock.now();
  const query = `{ claimQueue(first: ${first}) { total { count atLeast } edges { node {
    id number reference reason status filedAt smartAtFiling decisionDueAt deadlineState maxAmount { amount }
    order { number paymentMethod } buyer { name } seller { name } lines { quantity amount { amount } orderLine { title } } } } } }`;
  const params = [first, now];
  const text = `SELECT c.id, c.number, c.reason::text AS reason, c.status::text AS status, c."filedAt", c."smartAtFiling", c."decisionDueAt",
       ${deadlineStateSql("c", "$2::timestamptz")} AS deadline_state, c."maxAmount",
       o.number AS order_number, o."paymentMethod"::text AS payment_method, b.name AS buyer_name, s.name AS seller_name,
       (SELECT json_agg(json_build_object('quantity', l.quantity, 'amount', l.amount, 'title', ol.title))
          FROM "ClaimLine" AS l JOIN "OrderLine" AS ol ON ol.id = l."orderLineId" WHERE l."claimId" = c.id) AS lines,
       (SELECT count(*)::int FROM (SELECT 1 FROM "Claim" WHERE status = 'SUBMITTED' LIMIT ${COUNT_CAP + 1}) AS capped) AS total_count
FROM (SELECT * FROM "Claim" WHERE status = 'SUBMITTED' ORDER BY "decisionDueAt" ASC, id ASC LIMIT $1) AS c
JOIN "Order" AS o ON o.id = c."orderId"
JOIN "User" AS b ON b.id = c."buyerId"
JOIN "User" AS s ON s.id = c."sellerId"
ORDER BY c."decisionDueAt" ASC, c.id ASC`;
  const sessioned = withSession(text, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  const lineKey = (l: { title: string; quantity: number; amount: number }) => `${l.title}|${l.quantity}|${l.amount}`;
  return {
    name: `claimQueue(first: ${first}) nested (order, buyer, seller, lines) — agent`,
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    kind: "list",
    pageSizeGroup: "claimQueue",
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      const conn = g.data.claimQueue;
      const a: ClaimQueueRow[] = conn.edges.map(({ node: n }: any) => ({
        id: Buffer.from(n.id, "base64").toString("utf8").split(":")[1],
        number: n.number,
        reference: n.reference,
        reason: n.reason,
        status: n.status,
        filedAt: iso(n.filedAt),
        smart: n.smartAtFiling,
        decisionDueAt: iso(n.decisionDueAt),
        deadline: n.deadlineState,
        maxAmount: n.maxAmount.amount,
        order: { number: n.order.number, paymentMethod: n.order.paymentMethod },
        buyer: n.buyer.name,
        seller: n.seller.name,
        lines: sortBy(n.lines.map((l: any) => ({ quantity: l.quantity, amount: l.amount.amount, title: l.orderLine.title })), lineKey),
      }));
      const b: ClaimQueueRow[] = s.map((r) => ({
        id: r.id,
        number: r.number,
        reference: `C-${r.number}`,
        reason: r.reason,
        status: r.status,
        filedAt: iso(r.filedAt),
        smart: r.smartAtFiling,
        decisionDueAt: iso(r.decisionDueAt),
        deadline: r.deadline_state,
        maxAmount: r.maxAmount,
        order: { number: r.order_number, paymentMethod: r.payment_method },
        buyer: r.buyer_name,
        seller: r.seller_name,
        lines: sortBy(json<{ quantity: number; amount: number; title: string }[]>(r.lines) ?? [], lineKey),
      }));
      if (s[0] && (conn.total.count !== Math.min(s[0].total_count, COUNT_CAP) || conn.total.atLeast !== s[0].total_count > COUNT_CAP))
        return `total differs: GraphQL ${JSON.stringify(conn.total)}, SQL ${s[0].total_count} of at most ${COUNT_CAP + 1}`;
      return sameRows(a, b);
    },
  };
}

// ───────────────────────────── claims: the claim page with the agent's precheck ─────────────────────────────

const CLAIM_PAGE_QUERY = (globalId: string) => `{
  node(id: ${JSON.stringify(globalId)}) { ... on Claim {
    id number reference reason description policeReport status filedAt smartAtFiling decisionDueAt deadlineState
    itemsAmount { amount } shippingAmount { amount } maxAmount { amount } capApplied approvedAmount { amount } decidedAt rejectionReason decisionNote
    order { number paymentMethod placedAt total { amount } }
    buyer { name smartMember } seller { name }
    discussion { number status }
    terms { version perClaimCap { amount } shippingCap { amount } }
    lines { quantity amount { amount } orderLine { position title unitPrice { amount } } }
    documents { id fileName contentType sizeBytes }
    payout { amount { amount } status executedAt transferReference }
    recovery { amount { amount } status }
    timeline { id at type actorRole actorId data }
  } }
  agentClaimPrecheck(claimId: ${JSON.stringify(globalId)}) {
    eligible checks { code ok errorCode params } termsVersion covered itemsAmount { amount } shippingAmount { amount }
    shippingCapApplied claimCapApplied personCapApplied maxAmount { amount } smart decisionHours
  }
}`;

const isoSql = (expr: string) => `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The claim page in ONE statement: the claim with its order, parties, discussion, terms, lines, documents,
 * payout, recovery and timeline, and the precheck an agent sees (precheck() in
 * app/domain/claims/precheck.server.ts, judged at the filing time, leaving the claim itself out).
 */
export const CLAIM_PAGE_SQL = `WITH c AS (SELECT * FROM "Claim" WHERE id = $1::uuid),
o AS (SELECT * FROM "Order" WHERE id = (SELECT "orderId" FROM c)),
t AS (
  SELECT * FROM (
    SELECT pt.*, 0 AS pref, -extract(epoch FROM pt."effectiveFrom") AS k FROM "ProgramTerms" AS pt WHERE pt."effectiveFrom" <= (SELECT "placedAt" FROM o)
    UNION ALL
    SELECT pt.*, 1, extract(epoch FROM pt."effectiveFrom") FROM "ProgramTerms" AS pt
  ) AS x ORDER BY pref, k LIMIT 1
),
other AS (SELECT * FROM "Claim" WHERE "orderId" = (SELECT "orderId" FROM c) AND status IN ${ACTIVE_CLAIM_STATUSES} AND id <> $1::uuid),
claimed AS (SELECT "orderLineId", sum(quantity)::int AS q FROM "ClaimLine" WHERE "claimId" IN (SELECT id FROM other) GROUP BY "orderLineId"),
req AS (SELECT "orderLineId", quantity FROM "ClaimLine" WHERE "claimId" = $1::uuid),
pl AS (
  SELECT ol.id, ol.position, ol."unitAmount", ol.quantity AS ordered, coalesce(cl.q, 0) AS already, coalesce(r.quantity, 0) AS requested
  FROM "OrderLine" AS ol LEFT JOIN claimed AS cl ON cl."orderLineId" = ol.id LEFT JOIN req AS r ON r."orderLineId" = ol.id
  WHERE ol."orderId" = (SELECT id FROM o)
),
qd AS (
  SELECT d.number FROM "Discussion" AS d, c
  WHERE d."orderId" = c."orderId" AND d."buyerId" = c."buyerId" AND d."openedAt" + interval '24 hours' <= c."filedAt"
    AND d.resolution IS DISTINCT FROM 'AGREEMENT' AND d.resolution IS DISTINCT FROM 'BUYER_RESOLVED'
  ORDER BY d."openedAt" DESC LIMIT 1
),
pw AS (
  SELECT coalesce(sum(x."approvedAmount"), 0)::int AS approved FROM "Claim" AS x, c, t
  WHERE t."perPersonCap" IS NOT NULL AND t."perPersonCapWindowDays" IS NOT NULL AND x."buyerId" = c."buyerId"
    AND x.status IN ('AWAITING_SECOND_APPROVAL', 'APPROVED', 'PAID') AND x."firstApprovedAt" >= c."filedAt" - t."perPersonCapWindowDays" * interval '86400 seconds'
    AND x.id <> c.id
),
comp1 AS (
  SELECT *, CASE WHEN ship_eligible THEN least(order_shipping, shipping_cap) ELSE 0 END AS shipping, ship_eligible AND order_shipping > shipping_cap AS ship_cap_applied
  FROM (
    SELECT o."paymentMethod" = ANY(t."coveredPaymentMethods") AS covered,
           coalesce((SELECT sum("unitAmount" * requested) FROM pl WHERE requested > 0), 0)::int AS items,
           o."paymentMethod" = ANY(t."coveredPaymentMethods") AND o."paymentMethod" = ANY(t."shippingCoveredPaymentMethods")
             AND NOT EXISTS (SELECT 1 FROM other WHERE "shippingAmount" > 0) AS ship_eligible,
           o."shippingAmount" AS order_shipping, t."shippingCap" AS shipping_cap, t."perClaimCap" AS per_claim_cap, t."perPersonCap" AS per_person_cap,
           (SELECT approved FROM pw) AS person_approved
    FROM o, t
  ) AS x
),
comp2 AS (
  SELECT *, items + shipping > per_claim_cap AS claim_cap_applied, CASE WHEN covered THEN least(items + shipping, per_claim_cap) ELSE 0 END AS max0,
         CASE WHEN covered AND per_person_cap IS NOT NULL THEN greatest(0, per_person_cap - person_approved) END AS person_remaining
  FROM comp1
),
comp AS (
  SELECT *, CASE WHEN person_remaining < max0 THEN person_remaining ELSE max0 END AS max_amount, coalesce(person_remaining < max0, false) AS person_cap_applied
  FROM comp2
),
lc AS (
  SELECT count(*) AS n, coalesce(bool_and(pl.id IS NOT NULL AND r.quantity <= pl.ordered - pl.already), true) AS ok, bool_or(pl.id IS NULL) AS missing,
         (SELECT json_build_object('position', p2.position, 'claimable', greatest(0, p2.ordered - p2.already))
            FROM req AS r2 JOIN pl AS p2 ON p2.id = r2."orderLineId" WHERE r2.quantity > p2.ordered - p2.already ORDER BY p2.position LIMIT 1) AS fail_params
  FROM req AS r LEFT JOIN pl ON pl.id = r."orderLineId"
),
checks AS (
  SELECT json_build_array(
    json_build_object('code', 'ORDER_PAID', 'ok', o."paidAt" IS NOT NULL, 'errorCode', CASE WHEN o."paidAt" IS NULL THEN 'CLAIM_ORDER_NOT_PAID' END, 'params', NULL),
    json_build_object('code', 'PAYMENT_METHOD', 'ok', comp.covered, 'errorCode', CASE WHEN NOT comp.covered THEN 'CLAIM_PAYMENT_METHOD_NOT_COVERED' END,
                      'params', json_build_object('method', o."paymentMethod")),
    json_build_object('code', 'WINDOW', 'ok', c."filedAt" <= o."placedAt" + t."claimWindowDays" * interval '86400 seconds',
                      'errorCode', CASE WHEN c."filedAt" > o."placedAt" + t."claimWindowDays" * interval '86400 seconds' THEN 'CLAIM_WINDOW_CLOSED' END,
                      'params', json_build_object('until', ${isoSql(`o."placedAt" + t."claimWindowDays" * interval '86400 seconds'`)})),
    json_build_object('code', 'DISCUSSION', 'ok', qd.number IS NOT NULL, 'errorCode', CASE WHEN qd.number IS NULL THEN 'CLAIM_NO_QUALIFYING_DISCUSSION' END,
                      'params', CASE WHEN qd.number IS NOT NULL THEN json_build_object('number', qd.number) END),
    json_build_object('code', 'LINES', 'ok', lc.n > 0 AND lc.ok,
                      'errorCode', CASE WHEN lc.missing THEN 'CLAIM_LINE_NOT_IN_ORDER' WHEN NOT lc.ok THEN 'CLAIM_LINES_ALREADY_CLAIMED' WHEN lc.n = 0 THEN 'VALIDATION_FAILED' END,
                      'params', CASE WHEN NOT lc.missing AND NOT lc.ok THEN lc.fail_params END)
  ) AS list,
  o."paidAt" IS NOT NULL AND comp.covered AND c."filedAt" <= o."placedAt" + t."claimWindowDays" * interval '86400 seconds'
    AND qd.number IS NOT NULL AND lc.n > 0 AND lc.ok AS all_ok
  FROM c, o, t, comp, lc LEFT JOIN qd ON true
)
SELECT c.id, c.number, c.reason::text AS reason, c.description, c."policeReport", c.status::text AS status, c."filedAt", c."smartAtFiling",
       c."decisionDueAt", ${deadlineStateSql("c", "$2::timestamptz")} AS deadline_state, c."itemsAmount", c."shippingAmount", c."maxAmount", c."capApplied",
       c."approvedAmount", c."decidedAt", c."rejectionReason"::text AS rejection_reason, c."decisionNote",
       o.number AS order_number, o."paymentMethod"::text AS payment_method, o."placedAt", o."itemsAmount" + o."shippingAmount" AS order_total,
       b.name AS buyer_name, coalesce(b."smartUntil" > $2, false) AS buyer_smart, s.name AS seller_name,
       (SELECT json_build_object('number', d.number, 'status', d.status) FROM "Discussion" AS d WHERE d.id = c."discussionId") AS discussion,
       ct.version AS terms_version, ct."perClaimCap" AS terms_per_claim_cap, ct."shippingCap" AS terms_shipping_cap,
       (SELECT json_agg(json_build_object('quantity', l.quantity, 'amount', l.amount, 'position', ol.position, 'title', ol.title, 'unitAmount', ol."unitAmount"))
          FROM "ClaimLine" AS l JOIN "OrderLine" AS ol ON ol.id = l."orderLineId" WHERE l."claimId" = c.id) AS lines,
       (SELECT json_agg(json_build_object('id', a.id, 'fileName', a."fileName", 'contentType', a."contentType", 'sizeBytes', a."sizeBytes") ORDER BY a."createdAt", a.id)
          FROM "Attachment" AS a WHERE a."claimId" = c.id) AS documents,
       (SELECT json_build_object('amount', p.amount, 'status', p.status, 'executedAt', p."executedAt", 'transferReference', p."transferReference")
          FROM "Payout" AS p WHERE p."claimId" = c.id) AS payout,
       (SELECT json_build_object('amount', r.amount, 'status', r.status) FROM "SellerRecovery" AS r WHERE r."claimId" = c.id) AS recovery,
       (SELECT json_agg(json_build_object('id', e.id::text, 'at', e.at, 'type', e.type, 'actorRole', e."actorRole", 'actorId', e."actorId", 'data', e.data) ORDER BY e.id)
          FROM "CaseEvent" AS e WHERE e."caseType" = 'CLAIM' AND e."caseId" = c.id) AS timeline,
       checks.list AS precheck_checks, checks.all_ok AND comp.max_amount > 0 AS precheck_eligible, t.version AS precheck_terms_version,
       comp.covered AS precheck_covered, comp.items AS precheck_items, comp.shipping AS precheck_shipping, comp.ship_cap_applied AS precheck_ship_cap_applied,
       comp.claim_cap_applied AS precheck_claim_cap_applied, comp.person_cap_applied AS precheck_person_cap_applied, comp.max_amount AS precheck_max_amount,
       coalesce(b."smartUntil" > c."filedAt", false) AS precheck_smart,
       CASE WHEN coalesce(b."smartUntil" > c."filedAt", false) THEN t."smartDecisionHours" ELSE t."standardDecisionHours" END AS precheck_decision_hours
FROM c
JOIN o ON true
JOIN "User" AS b ON b.id = c."buyerId"
JOIN "User" AS s ON s.id = c."sellerId"
JOIN "ProgramTerms" AS ct ON ct.id = c."termsId"
CROSS JOIN t CROSS JOIN comp CROSS JOIN checks`;

interface ClaimPage {
  claim: Record<string, unknown>;
  precheck: Record<string, unknown>;
}

function claimPageFromGraphQL(data: any): ClaimPage {
  const n = data.node;
  const p = data.agentClaimPrecheck;
  const lineKey = (l: { position: number; quantity: number }) => `${String(l.position).padStart(4, "0")}|${l.quantity}`;
  return {
    claim: {
      id: Buffer.from(n.id, "base64").toString("utf8").split(":")[1],
      number: n.number,
      reference: n.reference,
      reason: n.reason,
      description: n.description,
      policeReport: n.policeReport,
      status: n.status,
      filedAt: iso(n.filedAt),
      smartAtFiling: n.smartAtFiling,
      decisionDueAt: iso(n.decisionDueAt),
      deadlineState: n.deadlineState,
      itemsAmount: n.itemsAmount.amount,
      shippingAmount: n.shippingAmount.amount,
      maxAmount: n.maxAmount.amount,
      capApplied: n.capApplied,
      approvedAmount: n.approvedAmount?.amount ?? null,
      decidedAt: iso(n.decidedAt),
      rejectionReason: n.rejectionReason,
      decisionNote: n.decisionNote,
      order: { number: n.order.number, paymentMethod: n.order.paymentMethod, placedAt: iso(n.order.placedAt), total: n.order.total.amount },
      buyer: { name: n.buyer.name, smart: n.buyer.smartMember },
      seller: n.seller.name,
      discussion: n.discussion ? { number: n.discussion.number, status: n.discussion.status } : null,
      terms: { version: n.terms.version, perClaimCap: n.terms.perClaimCap.amount, shippingCap: n.terms.shippingCap.amount },
      lines: sortBy(
        n.lines.map((l: any) => ({ position: l.orderLine.position, title: l.orderLine.title, unitAmount: l.orderLine.unitPrice.amount, quantity: l.quantity, amount: l.amount.amount })),
        lineKey,
      ),
      documents: sortBy(n.documents.map((d: any) => ({ id: d.id, fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes })), (d: { id: string }) => d.id),
      payout: n.payout ? { amount: n.payout.amount.amount, status: n.payout.status, executedAt: iso(n.payout.executedAt), transferReference: n.payout.transferReference } : null,
      recovery: n.recovery ? { amount: n.recovery.amount.amount, status: n.recovery.status } : null,
      timeline: n.timeline.map((e: any) => ({ id: e.id, at: iso(e.at), type: e.type, actorRole: e.actorRole, actorId: e.actorId, data: e.data })),
    },
    precheck: {
      eligible: p.eligible,
      checks: p.checks.map((c: any) => ({ code: c.code, ok: c.ok, errorCode: c.errorCode, params: c.params })),
      termsVersion: p.termsVersion,
      covered: p.covered,
      itemsAmount: p.itemsAmount.amount,
      shippingAmount: p.shippingAmount.amount,
      shippingCapApplied: p.shippingCapApplied,
      claimCapApplied: p.claimCapApplied,
      personCapApplied: p.personCapApplied,
      maxAmount: p.maxAmount.amount,
      smart: p.smart,
      decisionHours: p.decisionHours,
    },
  };
}

function claimPageFromSql(r: Record<string, any>): ClaimPage {
  const lineKey = (l: { position: number; quantity: number }) => `${String(l.position).padStart(4, "0")}|${l.quantity}`;
  const payout = json<any>(r.payout);
  const recovery = json<any>(r.recovery);
  const discussion = json<any>(r.discussion);
  return {
    claim: {
      id: r.id,
      number: r.number,
      reference: `C-${r.number}`,
      reason: r.reason,
      description: r.description,
      policeReport: r.policeReport,
      status: r.status,
      filedAt: iso(r.filedAt),
      smartAtFiling: r.smartAtFiling,
      decisionDueAt: iso(r.decisionDueAt),
      deadlineState: r.deadline_state,
      itemsAmount: r.itemsAmount,
      shippingAmount: r.shippingAmount,
      maxAmount: r.maxAmount,
      capApplied: r.capApplied,
      approvedAmount: r.approvedAmount,
      decidedAt: iso(r.decidedAt),
      rejectionReason: r.rejection_reason,
      decisionNote: r.decisionNote,
      order: { number: r.order_number, paymentMethod: r.payment_method, placedAt: iso(r.placedAt), total: Number(r.order_total) },
      buyer: { name: r.buyer_name, smart: r.buyer_smart },
      seller: r.seller_name,
      discussion: discussion ? { number: discussion.number, status: discussion.status } : null,
      terms: { version: r.terms_version, perClaimCap: r.terms_per_claim_cap, shippingCap: r.terms_shipping_cap },
      lines: sortBy(
        (json<any[]>(r.lines) ?? []).map((l) => ({ position: l.position, title: l.title, unitAmount: l.unitAmount, quantity: l.quantity, amount: l.amount })),
        lineKey,
      ),
      documents: sortBy(json<any[]>(r.documents) ?? [], (d) => d.id),
      payout: payout ? { amount: payout.amount, status: payout.status, executedAt: iso(payout.executedAt), transferReference: payout.transferReference } : null,
      recovery: recovery ? { amount: recovery.amount, status: recovery.status } : null,
      timeline: (json<any[]>(r.timeline) ?? []).map((e) => ({
        id: e.id,
        at: iso(e.at),
        type: e.type,
        actorRole: e.actorRole,
        actorId: e.actorId,
        data: JSON.stringify(e.data ?? {}),
      })),
    },
    precheck: {
      eligible: r.precheck_eligible,
      checks: (json<any[]>(r.precheck_checks) ?? []).map((c) => ({ code: c.code, ok: c.ok, errorCode: c.errorCode, params: c.params === null ? null : JSON.stringify(c.params) })),
      termsVersion: r.precheck_terms_version,
      covered: r.precheck_covered,
      itemsAmount: r.precheck_items,
      shippingAmount: r.precheck_shipping,
      shippingCapApplied: r.precheck_ship_cap_applied,
      claimCapApplied: r.precheck_claim_cap_applied,
      personCapApplied: r.precheck_person_cap_applied,
      maxAmount: r.precheck_max_amount,
      smart: r.precheck_smart,
      decisionHours: r.precheck_decision_hours,
    },
  };
}

function claimPageOperation(ctx: BenchContext, claim: { id: string; label: string }): BenchOperation {
  const now = ctx.services.clock.now();
  const query = CLAIM_PAGE_QUERY(encodeGlobalID("Claim", claim.id));
  const params = [claim.id, now];
  const sessioned = withSession(CLAIM_PAGE_SQL, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `claim page: node(id) { ... on Claim { lines documents payout terms timeline … } } + agentClaimPrecheck — ${claim.label}`,
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    kind: "single",
    statementGroup: "claim page",
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      if (!g.data.node) return "GraphQL returned no claim";
      if (!s[0]) return "SQL returned no claim";
      const a = claimPageFromGraphQL(g.data);
      const b = claimPageFromSql(s[0]);
      const claimDiff = sameRows([a.claim], [b.claim]);
      if (claimDiff) return `claim: ${claimDiff}`;
      const precheckDiff = sameRows([a.precheck], [b.precheck]);
      if (precheckDiff) return `precheck: ${precheckDiff}`;
      // The precheck at filing must reproduce the stored maximum (the data follows the compensation rules).
      if (a.precheck.maxAmount !== a.claim.maxAmount) return `precheck maximum ${a.precheck.maxAmount} differs from the claim's ${a.claim.maxAmount}`;
      return null;
    },
  };
}

// ───────────────────────────── claims: metrics ─────────────────────────────

const CLAIM_METRICS_SQL = `SELECT (SELECT count(*)::int FROM "Order" WHERE "placedAt" >= $1 AND "placedAt" < $2) AS transactions, paid.*, decisions.*,
       (SELECT json_agg(json_build_object('reason', reason, 'amount', amount, 'count', n) ORDER BY amount DESC)
          FROM (SELECT c.reason::text AS reason, sum(p.amount)::bigint AS amount, count(*)::int AS n
                FROM "Payout" AS p JOIN "Claim" AS c ON c.id = p."claimId"
                WHERE p.status = 'EXECUTED' AND p."executedAt" >= $1 AND p."executedAt" < $2
                GROUP BY c.reason) AS r) AS by_reason
FROM (
  SELECT count(*)::int AS reimbursements, coalesce(sum(p.amount), 0)::bigint AS amount_paid,
         avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling")::float8 AS avg_standard,
         avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling")::float8 AS avg_smart,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling") AS p90_standard,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling") AS p90_smart
  FROM "Payout" AS p JOIN "Claim" AS c ON c.id = p."claimId"
  WHERE p.status = 'EXECUTED' AND p."executedAt" >= $1 AND p."executedAt" < $2
) AS paid, (
  SELECT count(*)::int AS decided, count(*) FILTER (WHERE status IN ('APPROVED', 'PAID'))::int AS approved
  FROM "Claim" WHERE status IN ('APPROVED', 'PAID', 'REJECTED') AND "decidedAt" >= $1 AND "decidedAt" < $2
) AS decisions`;

/**
 * claimMetrics. `withMoney`: the whole panel, with the amounts paid (Money.amount is a GraphQL Int, 32 bits:
 * a total above 21,474,836.47 PLN cannot be returned); without: the same computation, the totals left out.
 */
function claimMetricsOperation(ctx: BenchContext, from: Date | null, label: string, withMoney: boolean): BenchOperation {
  const now = ctx.services.clock.now();
  const to = new Date(now.getTime() + 1);
  const start = from ?? new Date(to.getTime() - 365 * DAY_MS);
  const query = `{ claimMetrics${from ? `(from: ${JSON.stringify(from.toISOString())})` : ""} {
    transactions reimbursements transactionsPerReimbursement reimbursementShare ${withMoney ? "amountPaid { amount }" : ""}
    averageHoursToRefund { standard smart } p90HoursToRefund { standard smart } decided approved approvalRate
    amountPaidByReason { reason count ${withMoney ? "amount { amount }" : ""} } } }`;
  const params = [start, to];
  const sessioned = withSession(CLAIM_METRICS_SQL, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `claimMetrics — ${label}${withMoney ? ", with amountPaid (Money)" : ", without the money totals"}`,
    kind: "metrics",
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    iterations: 20,
    verify: async () => {
      const [g, [r]] = await Promise.all([gql(ctx, query), runSql()]);
      const m = g.data.claimMetrics;
      if (!r.reimbursements) return "no reimbursements in the range";
      const transactions = r.transactions;
      const reimbursements = r.reimbursements;
      return sameNumbers(
        { ...m, amountPaidByReason: Object.fromEntries(m.amountPaidByReason.map((x: any) => [x.reason, withMoney ? { count: x.count, amount: x.amount.amount } : { count: x.count }])) },
        {
          transactions,
          reimbursements,
          transactionsPerReimbursement: reimbursements ? transactions / reimbursements : null,
          reimbursementShare: transactions ? reimbursements / transactions : null,
          ...(withMoney ? { amountPaid: { amount: Number(r.amount_paid) } } : {}),
          averageHoursToRefund: { standard: num(r.avg_standard), smart: num(r.avg_smart) },
          p90HoursToRefund: { standard: num(r.p90_standard), smart: num(r.p90_smart) },
          decided: r.decided,
          approved: r.approved,
          approvalRate: r.decided ? r.approved / r.decided : null,
          amountPaidByReason: Object.fromEntries((json<any[]>(r.by_reason) ?? []).map((x) => [x.reason, withMoney ? { count: x.count, amount: Number(x.amount) } : { count: x.count }])),
        },
      );
    },
  };
}

/** Transactions as one index range count per Warsaw calendar year, the payouts grouped by year; one statement. */
const CLAIM_METRICS_BY_YEAR_SQL = `SELECT y.year,
       (SELECT count(*) FROM "Order"
        WHERE "placedAt" >= make_timestamptz(y.year, 1, 1, 0, 0, 0, 'Europe/Warsaw')
          AND "placedAt" < make_timestamptz(y.year + 1, 1, 1, 0, 0, 0, 'Europe/Warsaw'))::int AS transactions,
       coalesce(p.n, 0)::int AS reimbursements, p.avg_standard, p.avg_smart
FROM generate_series($2::int, $2::int + $3::int - 1) AS y(year)
LEFT JOIN (
  SELECT extract(year FROM p."executedAt" AT TIME ZONE 'Europe/Warsaw')::int AS year, count(*) AS n,
         avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling")::float8 AS avg_standard,
         avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling")::float8 AS avg_smart
  FROM "Payout" AS p JOIN "Claim" AS c ON c.id = p."claimId"
  WHERE p.status = 'EXECUTED' AND p."executedAt" >= $1 GROUP BY 1
) AS p ON p.year = y.year
ORDER BY y.year`;

function claimMetricsByYearOperation(ctx: BenchContext, years: number): BenchOperation {
  const now = ctx.services.clock.now();
  const firstYear = Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Warsaw", year: "numeric" }).format(now)) - years + 1;
  const since = new Date(`${firstYear}-01-01T00:00:00+01:00`);
  const query = `{ claimMetricsByYear(years: ${years}) { year transactions reimbursements transactionsPerReimbursement averageHoursToRefund { standard smart } } }`;
  const params = [since, firstYear, years];
  const sessioned = withSession(CLAIM_METRICS_BY_YEAR_SQL, params, ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `claimMetricsByYear(years: ${years}) — whole dataset`,
    kind: "metrics",
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    iterations: 20,
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      const rows: any[] = g.data.claimMetricsByYear;
      if (rows.length !== s.length) return `years differ: GraphQL ${rows.length}, SQL ${s.length}`;
      if (!s.some((r) => r.reimbursements > 0)) return "no reimbursements";
      for (let i = 0; i < rows.length; i++) {
        const r = s[i];
        const diff = sameNumbers(rows[i], {
          year: r.year,
          transactions: r.transactions,
          reimbursements: r.reimbursements,
          transactionsPerReimbursement: r.reimbursements ? r.transactions / r.reimbursements : null,
          averageHoursToRefund: { standard: num(r.avg_standard), smart: num(r.avg_smart) },
        });
        if (diff) return `year ${r.year}: ${diff}`;
      }
      return null;
    },
  };
}

/** Issue 4: the claims queue, the claim page with the agent's precheck, the metrics panel. */
export const claimSuite: OperationSuite = async (ctx) => {
  // The claim an agent opens from a paid case with documents (the busiest seller's, when there is one), and
  // the claim at the head of the queue.
  const [paid] = await ctx.db.sql.query<{ id: string; lines: number; documents: number; events: number }>(
    `SELECT c.id, (SELECT count(*)::int FROM "ClaimLine" WHERE "claimId" = c.id) AS lines,
            (SELECT count(*)::int FROM "Attachment" WHERE "claimId" = c.id) AS documents,
            (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'CLAIM' AND "caseId" = c.id) AS events
     FROM "Claim" AS c
     WHERE c.status = 'PAID' AND EXISTS (SELECT 1 FROM "Attachment" AS a WHERE a."claimId" = c.id)
     ORDER BY c."sellerId" = $1::uuid DESC, lines DESC, events DESC, c.number LIMIT 1`,
    [ctx.seller.userId],
  );
  const [head] = await ctx.db.sql.query<{ id: string; lines: number; documents: number; events: number }>(
    `SELECT c.id, (SELECT count(*)::int FROM "ClaimLine" WHERE "claimId" = c.id) AS lines,
            (SELECT count(*)::int FROM "Attachment" WHERE "claimId" = c.id) AS documents,
            (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'CLAIM' AND "caseId" = c.id) AS events
     FROM "Claim" AS c WHERE c.status = 'SUBMITTED' ORDER BY c."decisionDueAt", c.id LIMIT 1`,
  );
  const describe = (c: { lines: number; documents: number; events: number }) => `${c.lines} lines, ${c.documents} documents, ${c.events} events`;
  const now = ctx.services.clock.now();
  const whole = new Date(now.getTime() - 3 * 365 * DAY_MS);
  return [
    claimQueueOperation(ctx, 10),
    claimQueueOperation(ctx, 50),
    claimQueueOperation(ctx, 100),
    ...(paid ? [claimPageOperation(ctx, { id: paid.id, label: `PAID claim (${describe(paid)})` })] : []),
    ...(head ? [claimPageOperation(ctx, { id: head.id, label: `head of the queue (${describe(head)})` })] : []),
    claimMetricsOperation(ctx, null, "last 365 days (default)", true),
    claimMetricsOperation(ctx, whole, "whole dataset", true),
    claimMetricsOperation(ctx, null, "last 365 days (default)", false),
    claimMetricsOperation(ctx, whole, "whole dataset", false),
    claimMetricsByYearOperation(ctx, 3),
  ];
};
