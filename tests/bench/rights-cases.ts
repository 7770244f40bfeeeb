import { encodeGlobalID } from "@pothos/plugin-relay";
import { COUNT_CAP } from "~/domain/shared/capped-count";
import { transparencyFigures, type TransparencyFigures } from "~/domain/rights/transparency.server";
import { graphql } from "../support/services";
import { actorFor } from "../support/factories";
import type { BenchOperation } from "./harness";
import type { BenchContext, OperationSuite } from "./operations";
import { withSession } from "./session-sql";

// Rights protection (issue 11): the agents' item queue, a 500-item notice page and the transparency
// figures for a year, each GraphQL request beside a hand-written SQL statement that returns the same data
// (the session checked in the same statement, the queue's total capped like GraphQL's). `verify` compares
// both sides once before timing.

async function gql<T = any>(ctx: BenchContext, query: string, cookie = ctx.agent.cookie) {
  const result = await graphql<T>(ctx.services, query, { cookie, settle: false });
  if (result.errors?.length || result.status !== 200) {
    throw new Error(`GraphQL failed (${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result;
}

const iso = (value: Date | string | null | undefined) => (value === null || value === undefined ? null : new Date(value).toISOString());
const rawId = (id: string) => {
  const decoded = Buffer.from(id, "base64").toString("utf8");
  return decoded.includes(":") ? decoded.slice(decoded.indexOf(":") + 1) : id;
};

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

// ───────────────────────────── the item queue ─────────────────────────────

/** The queue's order (ITEM_QUEUE_ORDER in app/domain/rights/queries.server.ts): trusted reporters first, then deadline, then age. */
const QUEUE_ORDER = `priority DESC, "decisionDueAt" ASC, "filedAt" ASC, id ASC`;

/** The item queue page as an agent sees it: the items waiting for a decision, with offer, right, notice and reporter; the capped total. */
export const ITEM_QUEUE_SQL = `SELECT i.id, i.number, i.status::text AS status, i.kind::text AS kind, i.priority, i."needsSenior" AS needs_senior,
       i."filedAt", i."decisionDueAt", o.id AS offer_id, o.title AS offer_title, r.name AS right_name, r.type::text AS right_type,
       n.number AS notice_number, h.name AS holder_name,
       (SELECT count(*)::int FROM (SELECT 1 FROM "IpReportItem" WHERE status = 'PENDING' ORDER BY ${QUEUE_ORDER} LIMIT ${COUNT_CAP + 1}) AS capped) AS total_count
FROM (SELECT * FROM "IpReportItem" WHERE status = 'PENDING' ORDER BY ${QUEUE_ORDER} LIMIT $1) AS i
JOIN "Offer" AS o ON o.id = i."offerId"
JOIN "IpRight" AS r ON r.id = i."rightId"
JOIN "IpNotice" AS n ON n.id = i."noticeId"
JOIN "RightsHolder" AS h ON h.id = n."rightsHolderId"
ORDER BY i.priority DESC, i."decisionDueAt" ASC, i."filedAt" ASC, i.id ASC`;

export interface QueueRow {
  id: string;
  number: number;
  status: string;
  kind: string;
  priority: boolean;
  needsSenior: boolean;
  filedAt: string | null;
  decisionDueAt: string | null;
  offer: { id: string; title: string };
  right: { name: string; type: string };
  notice: { number: number; holder: string };
}

export const itemQueueQuery = (first: number) => `{ ipItemQueue(first: ${first}) { total { count atLeast } edges { node {
  id number status kind priority needsSenior filedAt decisionDueAt offer { id title } right { name type } notice { number rightsHolder { name } } } } } }`;

export function queueRowsFromSql(rows: Record<string, any>[]): QueueRow[] {
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    kind: r.kind,
    priority: r.priority,
    needsSenior: r.needs_senior,
    filedAt: iso(r.filedAt),
    decisionDueAt: iso(r.decisionDueAt),
    offer: { id: r.offer_id, title: r.offer_title },
    right: { name: r.right_name, type: r.right_type },
    notice: { number: r.notice_number, holder: r.holder_name },
  }));
}

function itemQueueOperation(ctx: BenchContext, first: number): BenchOperation {
  const query = itemQueueQuery(first);
  const sessioned = withSession(ITEM_QUEUE_SQL, [first], ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `ipItemQueue(first: ${first}) (offer, right, notice, rights holder) — agent`,
    kind: "list",
    pageSizeGroup: "ipItemQueue",
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      const conn = g.data.ipItemQueue;
      const a: QueueRow[] = conn.edges.map(({ node: n }: any) => ({
        id: rawId(n.id),
        number: n.number,
        status: n.status,
        kind: n.kind,
        priority: n.priority,
        needsSenior: n.needsSenior,
        filedAt: iso(n.filedAt),
        decisionDueAt: iso(n.decisionDueAt),
        offer: { id: rawId(n.offer.id), title: n.offer.title },
        right: { name: n.right.name, type: n.right.type },
        notice: { number: n.notice.number, holder: n.notice.rightsHolder.name },
      }));
      if (s[0] && (conn.total.count !== Math.min(s[0].total_count, COUNT_CAP) || conn.total.atLeast !== s[0].total_count > COUNT_CAP))
        return `total differs: GraphQL ${JSON.stringify(conn.total)}, SQL ${s[0].total_count} of at most ${COUNT_CAP + 1}`;
      return sameRows(a, queueRowsFromSql(s));
    },
  };
}

// ───────────────────────────── a notice's page ─────────────────────────────

/** A notice's items in number order with each one's outcome and offer (staff read any notice). */
export const NOTICE_PAGE_SQL = `SELECT n.number AS notice_number, i.id, i.number, i.status::text AS status, i.kind::text AS kind,
       i."rejectionReason"::text AS rejection_reason, o.title AS offer_title
FROM "IpNotice" AS n
CROSS JOIN LATERAL (SELECT * FROM "IpReportItem" AS it WHERE it."noticeId" = n.id ORDER BY it.number LIMIT $2) AS i
JOIN "Offer" AS o ON o.id = i."offerId"
WHERE n.id = $1::uuid
ORDER BY i.number`;

export interface NoticeItemRow {
  id: string;
  number: number;
  status: string;
  kind: string;
  rejectionReason: string | null;
  offerTitle: string;
}

export const noticePageQuery = (noticeId: string, first: number) => `{ ipNotice(id: ${JSON.stringify(encodeGlobalID("IpNotice", noticeId))}) {
  items(first: ${first}) { edges { node { id number status kind rejectionReason offer { title } } } } } }`;

export function noticeRowsFromSql(rows: Record<string, any>[]): NoticeItemRow[] {
  return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, kind: r.kind, rejectionReason: r.rejection_reason, offerTitle: r.offer_title }));
}

function noticePageOperation(ctx: BenchContext, notice: { id: string; items: number; label: string }, first = 500): BenchOperation {
  const query = noticePageQuery(notice.id, first);
  const sessioned = withSession(NOTICE_PAGE_SQL, [notice.id, first], ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `ipNotice(id) { items(first: ${first}) { … offer { title } } } — ${notice.label} (${notice.items} items) — agent`,
    kind: "list",
    statementGroup: "ipNotice page",
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    iterations: 30,
    verify: async () => {
      const [g, s] = await Promise.all([gql(ctx, query), runSql()]);
      if (!g.data.ipNotice) return "GraphQL returned no notice";
      const a: NoticeItemRow[] = g.data.ipNotice.items.edges.map(({ node: n }: any) => ({
        id: rawId(n.id),
        number: n.number,
        status: n.status,
        kind: n.kind,
        rejectionReason: n.rejectionReason ?? null,
        offerTitle: n.offer.title,
      }));
      return sameRows(a, noticeRowsFromSql(s));
    },
  };
}

// ───────────────────────────── transparency figures ─────────────────────────────

/**
 * The transparency figures for a period (transparencyFigures in app/domain/rights/transparency.server.ts)
 * from the event log alone, in one statement: each question reads only its own event types through
 * ("caseType", type, at) — the filings once (notices, kinds, trusted or not), the decisions once (counts and
 * medians), the rest counted.
 */
export const TRANSPARENCY_SQL = `WITH filed AS MATERIALIZED (
  SELECT data->>'kind' AS kind, (data->>'priority')::boolean AS priority, data->>'noticeId' AS notice_id
  FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'FILED' AND at >= $1 AND at < $2
), decided AS MATERIALIZED (
  SELECT type, (data->>'priority')::boolean AS priority, (data->>'msSinceFiled')::bigint AS ms
  FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type IN ('TAKEN_DOWN', 'REJECTED') AND at >= $1 AND at < $2
), other AS (
  SELECT "caseType" AS case_type, type, count(*)::int AS n FROM "CaseEvent"
  WHERE (("caseType" = 'IP_ITEM' AND type IN ('INFORMATION_REQUESTED', 'REINSTATED', 'APPEAL_UPHELD', 'APPEALED'))
      OR ("caseType" = 'SELLER_STANDING' AND type IN ('SUSPENDED', 'WARNED'))
      OR ("caseType" = 'RIGHTS_HOLDER' AND type IN ('NOTICES_SUSPENDED', 'REPORTER_WARNED')))
    AND at >= $1 AND at < $2
  GROUP BY 1, 2
), f AS (
  SELECT count(DISTINCT notice_id)::int AS notices, count(*) FILTER (WHERE priority)::int AS trusted_items,
         count(*) FILTER (WHERE NOT priority)::int AS other_items
  FROM filed
), d AS (
  SELECT count(*) FILTER (WHERE type = 'TAKEN_DOWN')::int AS taken_down, count(*) FILTER (WHERE type = 'REJECTED')::int AS rejected,
         count(*) FILTER (WHERE priority)::int AS trusted_actions, count(*) FILTER (WHERE NOT priority)::int AS other_actions,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE priority) AS trusted_median_ms,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE NOT priority) AS other_median_ms
  FROM decided
), o AS (
  SELECT coalesce(sum(n) FILTER (WHERE case_type = 'IP_ITEM' AND type = 'INFORMATION_REQUESTED'), 0)::int AS information_requested,
         coalesce(sum(n) FILTER (WHERE case_type = 'IP_ITEM' AND type = 'REINSTATED'), 0)::int AS reinstated,
         coalesce(sum(n) FILTER (WHERE case_type = 'IP_ITEM' AND type = 'APPEAL_UPHELD'), 0)::int AS appeal_upheld,
         coalesce(sum(n) FILTER (WHERE case_type = 'IP_ITEM' AND type = 'APPEALED'), 0)::int AS appealed,
         coalesce(sum(n) FILTER (WHERE case_type = 'SELLER_STANDING' AND type = 'SUSPENDED'), 0)::int AS sellers_suspended,
         coalesce(sum(n) FILTER (WHERE case_type = 'RIGHTS_HOLDER' AND type = 'NOTICES_SUSPENDED'), 0)::int AS reporters_suspended,
         coalesce(sum(n) FILTER (WHERE case_type = 'SELLER_STANDING' AND type = 'WARNED'), 0)::int AS sellers_warned,
         coalesce(sum(n) FILTER (WHERE case_type = 'RIGHTS_HOLDER' AND type = 'REPORTER_WARNED'), 0)::int AS reporters_warned
  FROM other
)
SELECT f.*, (SELECT coalesce(json_object_agg(kind, n), '{}') FROM (SELECT kind, count(*)::int AS n FROM filed GROUP BY kind) AS k) AS items_by_kind, d.*, o.*
FROM f, d, o`;

/** The figures in the domain's shape (TransparencyFigures without the period), from the statement's row. */
export function transparencyFromSql(r: Record<string, any>) {
  const ms = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));
  return {
    notices: r.notices,
    itemsByKind: Object.fromEntries(Object.entries(typeof r.items_by_kind === "string" ? JSON.parse(r.items_by_kind) : r.items_by_kind).sort()) as Record<string, number>,
    actionsByType: {
      TAKEN_DOWN: r.taken_down,
      REJECTED: r.rejected,
      INFORMATION_REQUESTED: r.information_requested,
      REINSTATED: r.reinstated,
      APPEAL_UPHELD: r.appeal_upheld,
      SELLER_SUSPENDED: r.sellers_suspended,
    } as Record<string, number>,
    medianMsToAction: ms(r.median_ms),
    appeals: { filed: r.appealed, upheld: r.appeal_upheld, reversed: r.reinstated },
    suspensionsByCause: { sellersRepeatedInfringement: r.sellers_suspended, reportersManifestlyUnfounded: r.reporters_suspended },
    warnings: { sellers: r.sellers_warned, reporters: r.reporters_warned },
    trusted: { items: r.trusted_items, actions: r.trusted_actions, medianMsToAction: ms(r.trusted_median_ms) },
    others: { items: r.other_items, actions: r.other_actions, medianMsToAction: ms(r.other_median_ms) },
  };
}
export type TransparencyRow = ReturnType<typeof transparencyFromSql>;

/** The domain's figures in the same shape (sorted keys, no period). */
export function transparencyFromDomain(f: TransparencyFigures): TransparencyRow {
  const { from: _from, to: _to, ...rest } = f;
  return { ...rest, itemsByKind: Object.fromEntries(Object.entries(f.itemsByKind).sort()), actionsByType: { ...f.actionsByType } };
}

/** The transparency figures' GraphQL selection (the whole report). */
export const TRANSPARENCY_SELECTION = `notices itemsByKind { kind count } actionsByType { type count } medianMsToAction
  appeals { filed upheld reversed } suspensionsByCause { sellersRepeatedInfringement reportersManifestlyUnfounded }
  warnings { sellers reporters } trusted { items actions medianMsToAction } others { items actions medianMsToAction }`;

function transparencyFromGraphQL(f: any): TransparencyRow {
  const map = (rows: any[], key: string) => Object.fromEntries(rows.map((x) => [x[key], x.count]).sort());
  return {
    notices: f.notices,
    itemsByKind: map(f.itemsByKind, "kind"),
    actionsByType: Object.fromEntries(f.actionsByType.map((x: any) => [x.type, x.count])),
    medianMsToAction: f.medianMsToAction,
    appeals: f.appeals,
    suspensionsByCause: f.suspensionsByCause,
    warnings: f.warnings,
    trusted: f.trusted,
    others: f.others,
  };
}

const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

function transparencyOperation(ctx: BenchContext, from: Date, to: Date, label: string): BenchOperation {
  const query = `{ rightsTransparencyFigures(from: ${JSON.stringify(from.toISOString())}, to: ${JSON.stringify(to.toISOString())}) { ${TRANSPARENCY_SELECTION} } }`;
  const sessioned = withSession(TRANSPARENCY_SQL, [from, to], ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  return {
    name: `rightsTransparencyFigures(from, to) — ${label}`,
    kind: "metrics",
    targetMs: 2000,
    graphql: () => gql(ctx, query),
    sql: runSql,
    rawStatement: sessioned,
    iterations: 10,
    warmup: 2,
    verify: async () => {
      const [g, [r]] = await Promise.all([gql(ctx, query), runSql()]);
      if (!r.notices) return "no notices in the period";
      const a = sortedJson(transparencyFromGraphQL(g.data.rightsTransparencyFigures));
      const b = sortedJson(transparencyFromSql(r));
      return a === b ? null : `GraphQL ${a.slice(0, 700)} vs SQL ${b.slice(0, 700)}`;
    },
  };
}

/**
 * The domain function itself (what the GraphQL field and the page call) beside the same statement: the
 * figures' cost without the request pipeline.
 */
function transparencyDomainOperation(ctx: BenchContext, from: Date, to: Date, label: string): BenchOperation {
  const sessioned = withSession(TRANSPARENCY_SQL, [from, to], ctx.agent.sessionId);
  const runSql = () => ctx.db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  let actor: Awaited<ReturnType<typeof actorFor>> | null = null;
  const domainCtx = async () => ({ db: ctx.db.prisma, clock: ctx.services.clock, actor: (actor ??= await actorFor(ctx.db.prisma, ctx.agent.userId)), requestId: "bench" });
  const run = async () => {
    const before = ctx.db.queryCounter.count;
    const figures = await transparencyFigures(await domainCtx(), { from, to });
    return { queries: ctx.db.queryCounter.count - before, figures };
  };
  return {
    name: `transparencyFigures (the domain function, no GraphQL) — ${label}`,
    kind: "metrics",
    targetMs: 2000,
    graphql: run,
    sql: runSql,
    rawStatement: sessioned,
    iterations: 10,
    warmup: 2,
    verify: async () => {
      const [{ figures }, [r]] = await Promise.all([run(), runSql()]);
      if (!r.notices) return "no notices in the period";
      const a = sortedJson(transparencyFromDomain(figures));
      const b = sortedJson(transparencyFromSql(r));
      return a === b ? null : `domain ${a.slice(0, 700)} vs SQL ${b.slice(0, 700)}`;
    },
  };
}

// ───────────────────────────── the suite ─────────────────────────────

const DAY_MS = 86_400_000;

/** Issue 11: the agents' item queue (three page sizes), a 500-item notice and a small one, the transparency figures for a year. */
export const rightsSuite: OperationSuite = async (ctx) => {
  const hasRights = await ctx.db.sql.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM "IpReportItem") AS ok`);
  if (!hasRights[0]?.ok) return [];
  // The latest 500-item notice (an integration's bulk report) and the latest notice of a handful of items.
  const pickNotice = async (where: string) =>
    (await ctx.db.sql.query<{ id: string; items: number }>(`SELECT id, "itemCount" AS items FROM "IpNotice" WHERE ${where} ORDER BY "filedAt" DESC, id LIMIT 1`))[0];
  const bulk = await pickNotice(`"itemCount" = 500`);
  const small = await pickNotice(`"itemCount" BETWEEN 5 AND 10`);
  const now = ctx.services.clock.now();
  const to = new Date(now.getTime() + 1);
  const from = new Date(to.getTime() - 365 * DAY_MS);
  const operations = [
    itemQueueOperation(ctx, 10),
    itemQueueOperation(ctx, 50),
    itemQueueOperation(ctx, 100),
    ...(bulk ? [noticePageOperation(ctx, { ...bulk, label: "bulk notice" })] : []),
    ...(small ? [noticePageOperation(ctx, { ...small, label: "small notice" })] : []),
    transparencyOperation(ctx, from, to, "a year (whole dataset)"),
    transparencyDomainOperation(ctx, from, to, "a year (whole dataset)"),
  ];
  return operations.map((op) => ({ ...op, suite: "rights" }));
};
