import { createTestClock } from "~/infra/clock";
import { readSessionId } from "~/infra/auth.server";
import { checkedEventData, type EventCatalogue } from "~/domain/cases/events";
import { ipItemEvents, rightsHolderEvents, sellerStandingEvents } from "~/domain/rights/events";
import { getNotice, listItemQueue } from "~/domain/rights/queries.server";
import { validateStatement } from "~/domain/rights/transparency-schema";
import { findPersonalData } from "~/domain/shared/personal-data-scan";
import { COUNT_CAP } from "~/domain/shared/capped-count";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor } from "../support/factories";
import { createTestServices, sessionCookieFor } from "../support/services";
import { BENCH_AGENT_ID, datasetSize, generateDataset, offersStep, usersStep } from "../bench/generate";
import { BULK_SIZE, RIGHTS_HOLDERS, rightsItemTarget, rightsStep } from "../bench/rights-generate";
import { ITEM_QUEUE_SQL, NOTICE_PAGE_SQL, TRANSPARENCY_SQL, noticeRowsFromSql, queueRowsFromSql, transparencyFromDomain, transparencyFromSql } from "../bench/rights-cases";
import { transparencyFigures } from "~/domain/rights/transparency.server";
import { withSession } from "../bench/session-sql";

// The benchmark's rights-protection data (tests/bench/rights-generate.ts) is what the product itself would
// have written: every event's data passes its catalogue, every statement of reasons passes the
// transparency database's rules and names no person, the counts agree with each other; and the benchmark's
// hand-written SQL returns what the domain returns (queue page, notice page) and what the tables say
// (transparency figures), so the GraphQL-beside-SQL ratios compare like with like.

const AS_OF = new Date("2026-11-20T09:00:00.000Z");
const size = datasetSize(5_000, AS_OF);
let db: TestDatabase;
let sessionId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // The marketplace's people and offers, then rights protection (orders, discussions and claims play no part in it).
  await db.session((sql) => generateDataset(sql, db.prisma, size, { kind: db.kind, force: true, log: () => undefined, steps: [usersStep, offersStep, rightsStep] }));
  const services = createTestServices(db, createTestClock(AS_OF));
  const cookie = await sessionCookieFor(services, BENCH_AGENT_ID);
  sessionId = (await readSessionId(services, new Request("http://localhost/", { headers: { cookie } })))!;
}, 240_000);
afterAll(async () => db?.close());

const agentCtx = async () => ({ db: db.prisma, clock: createTestClock(AS_OF), actor: await actorFor(db.prisma, BENCH_AGENT_ID), requestId: "bench-test" });

test("verified rights holders; notices of realistic sizes holding every item; a mix of outcomes with what each decision writes", async () => {
  const [holders] = await db.sql.query<{ n: number; verified: number; rights: number; unverifiedRights: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'VERIFIED')::int AS verified,
            (SELECT count(*)::int FROM "IpRight") AS rights, (SELECT count(*)::int FROM "IpRight" WHERE status <> 'VERIFIED') AS "unverifiedRights"
     FROM "RightsHolder"`,
  );
  expect(holders).toEqual({ n: RIGHTS_HOLDERS, verified: RIGHTS_HOLDERS, rights: expect.any(Number), unverifiedRights: 0 });
  expect(holders.rights).toBeGreaterThanOrEqual(RIGHTS_HOLDERS);

  const [items] = await db.sql.query<{ n: number; mismatched: number; bulk: number; small: number; notices: number }>(
    `SELECT (SELECT count(*)::int FROM "IpReportItem") AS n,
            (SELECT count(*)::int FROM "IpNotice" AS n WHERE n."itemCount" <> (SELECT count(*) FROM "IpReportItem" AS i WHERE i."noticeId" = n.id)) AS mismatched,
            (SELECT count(*)::int FROM "IpNotice" WHERE "itemCount" = ${BULK_SIZE}) AS bulk,
            (SELECT count(*)::int FROM "IpNotice" WHERE "itemCount" BETWEEN 1 AND 10) AS small,
            (SELECT count(*)::int FROM "IpNotice") AS notices`,
  );
  expect(items.n).toBeGreaterThanOrEqual(rightsItemTarget(size));
  expect(items.mismatched).toBe(0);
  expect(items.bulk).toBeGreaterThanOrEqual(1);
  expect(items.small / items.notices).toBeGreaterThan(0.8);

  const byStatus = Object.fromEntries(
    (await db.sql.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM "IpReportItem" GROUP BY 1`)).map((r) => [r.status, r.n]),
  );
  for (const status of ["PENDING", "TAKEN_DOWN", "REJECTED", "REINSTATED"]) expect(byStatus[status] ?? 0, status).toBeGreaterThan(0);

  // What each decision leaves behind, as the domain's use cases write it.
  const [writes] = await db.sql.query<Record<string, number>>(
    `SELECT
       (SELECT count(*)::int FROM "IpReportItem" WHERE status IN ('TAKEN_DOWN', 'REJECTED', 'REINSTATED') AND ("decidedAt" IS NULL OR "decidedById" IS NULL OR evidence IS NULL)) AS undecided_decisions,
       (SELECT count(*)::int FROM "IpReportItem" WHERE status IN ('PENDING', 'INFORMATION_REQUESTED', 'ON_HOLD') AND "decidedAt" IS NOT NULL) AS decided_waiting,
       (SELECT count(*)::int FROM "IpReportItem" WHERE status = 'REJECTED' AND "rejectionReason" IS NULL) AS rejections_without_reason,
       (SELECT count(*)::int FROM "IpReportItem" AS i JOIN "Offer" AS o ON o.id = i."offerId" WHERE i.status = 'TAKEN_DOWN' AND o.status = 'ACTIVE') AS taken_down_still_listed,
       (SELECT count(*)::int FROM "IpReportItem" AS i WHERE i.status IN ('TAKEN_DOWN', 'REINSTATED') AND NOT EXISTS (SELECT 1 FROM "IpStatement" AS s WHERE s."itemId" = i.id AND s.decision = 'TAKE_DOWN')) AS takedowns_without_statement,
       (SELECT count(*)::int FROM "IpReportItem" AS i WHERE i.status IN ('TAKEN_DOWN', 'REINSTATED') AND NOT EXISTS (SELECT 1 FROM "SellerStrike" AS s WHERE s."itemId" = i.id)) AS takedowns_without_strike,
       (SELECT count(*)::int FROM "IpReportItem" AS i WHERE i.status = 'REINSTATED' AND NOT EXISTS (SELECT 1 FROM "IpAppeal" AS a WHERE a."itemId" = i.id AND a.status = 'REINSTATED')) AS reinstated_without_appeal,
       (SELECT count(*)::int FROM "IpAppeal" AS a JOIN "IpItemDecision" AS d ON d."itemId" = a."itemId" AND d."agentId" = a."decidedById" AND d.action IN ('TAKE_DOWN', 'REJECT')) AS reviewed_by_decider,
       (SELECT count(*)::int FROM "SellerEnforcement" AS s WHERE s.type = 'SUSPENSION' AND NOT EXISTS (SELECT 1 FROM "SellerEnforcement" AS w WHERE w."sellerId" = s."sellerId" AND w.type = 'WARNING' AND w.at < s.at)) AS suspensions_without_warning,
       (SELECT count(*)::int FROM (SELECT "offerId", "rightId" FROM "IpReportItem" WHERE status IN ('PENDING', 'INFORMATION_REQUESTED', 'ON_HOLD') GROUP BY 1, 2 HAVING count(*) > 1) AS d) AS duplicate_waiting`,
  );
  expect(writes).toEqual({
    undecided_decisions: 0,
    decided_waiting: 0,
    rejections_without_reason: 0,
    taken_down_still_listed: 0,
    takedowns_without_statement: 0,
    takedowns_without_strike: 0,
    reinstated_without_appeal: 0,
    reviewed_by_decider: 0,
    suspensions_without_warning: 0,
    duplicate_waiting: 0,
  });
});

test("every timeline event carries the data its catalogue requires, one per change", async () => {
  const catalogues: EventCatalogue[] = [ipItemEvents, rightsHolderEvents, sellerStandingEvents];
  for (const catalogue of catalogues) {
    const events = await db.sql.query<{ type: string; data: Record<string, unknown> | string }>(
      `SELECT type, data FROM "CaseEvent" WHERE "caseType" = $1`,
      [catalogue.caseType],
    );
    expect(events.length, catalogue.caseType).toBeGreaterThan(0);
    for (const event of events) {
      const data = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
      expect(() => checkedEventData(catalogue, event.type, data), `${catalogue.caseType} ${event.type} ${JSON.stringify(data)}`).not.toThrow();
    }
  }
  const [counts] = await db.sql.query<Record<string, number>>(
    `SELECT
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'FILED') - (SELECT count(*)::int FROM "IpReportItem") AS filed,
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'TAKEN_DOWN') - (SELECT count(*)::int FROM "IpReportItem" WHERE status IN ('TAKEN_DOWN', 'REINSTATED')) AS taken_down,
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'REJECTED') - (SELECT count(*)::int FROM "IpReportItem" WHERE status = 'REJECTED') AS rejected,
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'APPEALED') - (SELECT count(*)::int FROM "IpAppeal") AS appealed,
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'IP_ITEM' AND type = 'REINSTATED') - (SELECT count(*)::int FROM "IpReportItem" WHERE status = 'REINSTATED') AS reinstated,
       (SELECT count(*)::int FROM "CaseEvent" WHERE "caseType" = 'SELLER_STANDING' AND type = 'SUSPENDED') - (SELECT count(*)::int FROM "SellerEnforcement" WHERE type = 'SUSPENSION') AS suspended,
       (SELECT count(*)::int FROM "CaseEvent" AS e WHERE e."caseType" = 'IP_ITEM' AND e.type = 'TAKEN_DOWN'
          AND NOT EXISTS (SELECT 1 FROM "IpStatement" AS s WHERE s.id = (e.data->>'statementId')::uuid AND s."itemId" = e."caseId")) AS takedowns_naming_no_statement`,
  );
  expect(counts).toEqual({ filed: 0, taken_down: 0, rejected: 0, appealed: 0, reinstated: 0, suspended: 0, takedowns_naming_no_statement: 0 });
});

test("every statement of reasons is valid for the transparency database and names no person", async () => {
  const statements = await db.sql.query<{ id: string; puid: string; decision: string; body: Record<string, unknown> | string }>(`SELECT id, puid, decision::text, body FROM "IpStatement"`);
  expect(new Set(statements.map((s) => s.decision))).toEqual(new Set(["TAKE_DOWN", "REINSTATEMENT", "SUSPENSION"]));
  const sellers = (await db.sql.query<{ name: string }>(`SELECT DISTINCT u.name FROM "User" AS u JOIN "IpStatement" AS s ON s."sellerId" = u.id`)).map((r) => r.name);
  // Registration numbers are the rights' public identifiers (they look like phone numbers to the scan).
  const registrations = (await db.sql.query<{ r: string }>(`SELECT "registrationNumber" AS r FROM "IpRight" WHERE "registrationNumber" IS NOT NULL`)).map((r) => r.r);
  for (const statement of statements) {
    const body = typeof statement.body === "string" ? JSON.parse(statement.body) : statement.body;
    expect(validateStatement(body), JSON.stringify(body)).toEqual([]);
    expect(body.puid).toBe(statement.puid);
    expect(body.puid).toBe(`tsb-sor-${statement.id}`);
    // Ids (the offer named in the facts, the puid) are not personal data, though a run of digits in one looks like a phone number.
    const text = JSON.stringify(body);
    const ids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
    expect(findPersonalData(text, { knownNames: sellers, allowed: [...registrations, ...ids] })).toEqual([]);
  }
});

test("the item queue's SQL returns the domain's queue page, and the notice page's SQL the domain's notice", async () => {
  const ctx = await agentCtx();
  const queue = await listItemQueue(ctx, {}, { take: 50 });
  const sessioned = withSession(ITEM_QUEUE_SQL, [50], sessionId);
  const rows = await db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  expect(rows.length).toBeGreaterThan(0);
  expect(queueRowsFromSql(rows)).toEqual(
    queue.items.map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      kind: i.kind,
      priority: i.priority,
      needsSenior: i.needsSenior,
      filedAt: i.filedAt.toISOString(),
      decisionDueAt: i.decisionDueAt.toISOString(),
      offer: { id: i.offerId, title: i.offer.title },
      right: { name: i.right.name, type: i.right.type },
      notice: { number: i.notice.number, holder: i.notice.rightsHolder.name },
    })),
  );
  expect(Math.min(rows[0].total_count, COUNT_CAP)).toBe(queue.total.count);
  // Trusted reporters' items lead the queue.
  expect(rows[0].priority).toBe(true);

  const [bulk] = await db.sql.query<{ id: string }>(`SELECT id FROM "IpNotice" WHERE "itemCount" = ${BULK_SIZE} ORDER BY "filedAt" DESC LIMIT 1`);
  const notice = await getNotice(ctx, bulk.id);
  const page = withSession(NOTICE_PAGE_SQL, [bulk.id, 500], sessionId);
  const items = noticeRowsFromSql(await db.sql.query<Record<string, any>>(page.text, page.params));
  expect(items).toHaveLength(BULK_SIZE);
  expect(items).toEqual(
    notice.items.map((i) => ({ id: i.id, number: i.number, status: i.status, kind: i.kind, rejectionReason: i.rejectionReason, offerTitle: i.offer.title })),
  );
});

test("the transparency figures' SQL returns the domain's figures, and both agree with the tables the events describe", async () => {
  const to = new Date(AS_OF.getTime() + 1);
  const from = new Date(to.getTime() - 365 * 86_400_000);
  const sessioned = withSession(TRANSPARENCY_SQL, [from, to], sessionId);
  const [raw] = await db.sql.query<Record<string, any>>(sessioned.text, sessioned.params);
  const f = transparencyFromSql(raw);
  expect(f).toEqual(transparencyFromDomain(await transparencyFigures(await agentCtx(), { from, to })));

  const parse = <T>(v: T | string): T => (typeof v === "string" ? JSON.parse(v) : v);
  const one = async (text: string) => (await db.sql.query<{ v: any }>(text, [from, to]))[0].v;
  expect(f.notices).toBeGreaterThan(0);
  expect(f.notices).toBe(await one(`SELECT count(*)::int AS v FROM "IpNotice" WHERE "filedAt" >= $1 AND "filedAt" < $2`));
  expect(f.itemsByKind).toEqual(
    await one(`SELECT json_object_agg(kind, n ORDER BY kind) AS v FROM (SELECT kind::text, count(*)::int AS n FROM "IpReportItem" WHERE "filedAt" >= $1 AND "filedAt" < $2 GROUP BY 1) AS x`).then(parse),
  );
  expect(f.actionsByType.TAKEN_DOWN).toBe(await one(`SELECT count(*)::int AS v FROM "IpReportItem" WHERE status IN ('TAKEN_DOWN', 'REINSTATED') AND "decidedAt" >= $1 AND "decidedAt" < $2`));
  expect(f.actionsByType.REJECTED).toBe(await one(`SELECT count(*)::int AS v FROM "IpReportItem" WHERE status = 'REJECTED' AND "decidedAt" >= $1 AND "decidedAt" < $2`));
  expect(f.appeals.filed).toBe(await one(`SELECT count(*)::int AS v FROM "IpAppeal" WHERE "filedAt" >= $1 AND "filedAt" < $2`));
  expect(f.appeals.reversed).toBe(await one(`SELECT count(*)::int AS v FROM "IpAppeal" WHERE status = 'REINSTATED' AND "decidedAt" >= $1 AND "decidedAt" < $2`));
  expect(f.suspensionsByCause.sellersRepeatedInfringement).toBe(await one(`SELECT count(*)::int AS v FROM "SellerEnforcement" WHERE type = 'SUSPENSION' AND at >= $1 AND at < $2`));
  const median = await one(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "decidedAt" - "filedAt") * 1000) AS v
     FROM "IpReportItem" WHERE status IN ('TAKEN_DOWN', 'REJECTED', 'REINSTATED') AND "decidedAt" >= $1 AND "decidedAt" < $2`,
  );
  // The event holds whole milliseconds; the columns are rounded to milliseconds on their own.
  expect(Math.abs(Number(f.medianMsToAction) - Number(median))).toBeLessThanOrEqual(1.5);
  expect(f.trusted.actions + f.others.actions).toBe(f.actionsByType.TAKEN_DOWN + f.actionsByType.REJECTED);
});

test("generating again replaces the rights data instead of adding to it", async () => {
  const count = async () =>
    (
      await db.sql.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM "RightsHolder") AS holders, (SELECT count(*)::int FROM "IpReportItem") AS items,
                (SELECT count(*)::int FROM "IpStatement") AS statements, (SELECT count(*)::int FROM "SellerStrike") AS strikes,
                (SELECT count(*)::int FROM "SellerEnforcement") AS enforcement, (SELECT count(*)::int FROM "CaseEvent") AS events`,
      )
    )[0];
  const before = await count();
  await db.session((sql) => generateDataset(sql, db.prisma, size, { kind: db.kind, force: true, log: () => undefined, steps: [usersStep, offersStep, rightsStep] }));
  expect(await count()).toEqual(before);
}, 120_000);
