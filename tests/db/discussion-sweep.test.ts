import { createTestClock, HOUR, type TestClock } from "~/infra/clock";
import { openDatabase, type Database } from "~/infra/db.server";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";
import { markOverdueDiscussions, OVERDUE_SWEEP_ACTOR } from "~/domain/discussions/overdue-sweep.server";
import { discussionNotifications } from "~/domain/discussions/notifications";
import { actorRef } from "~/domain/identity/actor";
import { closeAsResolved, openDiscussion, postMessage } from "~/domain/discussions/discussions.server";
import { discussionMetrics } from "~/domain/discussions/metrics.server";
import { isDueForOverdue } from "~/domain/discussions/state-machine";
import { deliverOutbox, outboxRow } from "~/domain/notifications/outbox.server";

const SECOND = 1000;
let db: TestDatabase;
let clock: TestClock;
let buyerId: string;
let sellerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  buyerId = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  sellerId = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
});
afterAll(async () => db?.close());

const services = () => createTestServices(db, clock);
async function openOne() {
  const order = await createOrder(db.prisma, { buyerId, sellerId, placedAt: new Date(clock.now().getTime() - 48 * HOUR) });
  return openDiscussion(contextFor(services(), await actorFor(db.prisma, buyerId)), { orderId: order.id, reason: "NOT_RECEIVED", description: "Brak paczki" });
}

/** Bulk-inserts `count` open discussions due at `dueAt` (fast setup for the concurrency test). */
async function insertDue(count: number, dueAt: Date) {
  const order = await createOrder(db.prisma, { buyerId, sellerId });
  await db.sql.query(
    `INSERT INTO "Discussion" ("orderId", "buyerId", "sellerId", reason, description, status, "openedAt", "sellerResponseDueAt", "lastActivityAt")
     SELECT $1::uuid, $2::uuid, $3::uuid, 'NOT_RECEIVED', 'x', 'OPEN', $4::timestamptz - interval '24 hours', $4::timestamptz, $4::timestamptz
     FROM generate_series(1, $5::int)`,
    [order.id, buyerId, sellerId, dueAt.toISOString(), count],
  );
}

test("at 23:59:59 nothing is marked; at 24:00:00 the discussion is overdue, once, and the buyer is told", async () => {
  const discussion = await openOne();
  clock.advance(24 * HOUR - SECOND);
  expect(await markOverdueDiscussions(db.prisma, clock)).toBe(0);
  clock.advance(SECOND);
  expect(await markOverdueDiscussions(db.prisma, clock)).toBe(1);
  expect(await markOverdueDiscussions(db.prisma, clock)).toBe(0);
  clock.advance(HOUR);
  expect(await markOverdueDiscussions(db.prisma, clock)).toBe(0);
  const row = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } });
  expect(row.sellerOverdueAt).toEqual(new Date(discussion.openedAt.getTime() + 24 * HOUR));
  expect(await db.prisma.caseEvent.count({ where: { caseId: discussion.id, type: "SELLER_OVERDUE", actorRole: "SYSTEM" } })).toBe(1);
  expect(await db.prisma.auditLog.count({ where: { subjectId: discussion.id, action: "discussion.sellerOverdue", actorType: "SYSTEM" } })).toBe(1);
  // The set-based statement writes exactly the outbox row the notification rules describe for this event.
  const event = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: discussion.id, type: "SELLER_OVERDUE" } });
  expect(event).toMatchObject({ ...actorRef(OVERDUE_SWEEP_ACTOR), caseType: "DISCUSSION", at: row.sellerOverdueAt });
  const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { subjectId: discussion.id, action: "discussion.sellerOverdue" } });
  expect(audit).toMatchObject({ ...actorRef(OVERDUE_SWEEP_ACTOR), subjectType: "Discussion", metadata: { eventId: event.id.toString() } });
  const [expected] = discussionNotifications("SELLER_OVERDUE", {}, discussion, "SYSTEM", event.id);
  const outbox = await db.prisma.outboxMessage.findMany({ where: { recipientId: buyerId, kind: "discussion.sellerOverdue", payload: { path: ["link"], equals: `/discussions/${discussion.id}` } } });
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject(outboxRow(expected, row.sellerOverdueAt!));
  await deliverOutbox(db.prisma, clock);
  expect(await db.prisma.notification.count({ where: { userId: buyerId, kind: "discussion.sellerOverdue", link: `/discussions/${discussion.id}` } })).toBe(1);
});

test("answered or closed discussions are never marked; the sweep agrees with the state machine's rule", async () => {
  const answered = await openOne();
  await postMessage(contextFor(services(), await actorFor(db.prisma, sellerId)), answered.id, { body: "Odpowiadam" });
  const closed = await openOne();
  await closeAsResolved(contextFor(services(), await actorFor(db.prisma, buyerId)), closed.id);
  const late = await openOne();
  clock.advance(48 * HOUR);
  await markOverdueDiscussions(db.prisma, clock);
  const rows = await db.prisma.discussion.findMany({ where: { id: { in: [answered.id, closed.id, late.id] } } });
  for (const row of rows) {
    // Marked now ⇔ the pure rule said it was due just before the sweep.
    expect(row.sellerOverdueAt !== null, row.id).toBe(isDueForOverdue({ ...row, sellerOverdueAt: null }, clock.now()));
  }
  expect(rows.find((r) => r.id === late.id)!.sellerOverdueAt).not.toBeNull();
  expect(rows.find((r) => r.id === answered.id)!.sellerOverdueAt).toBeNull();
  expect(rows.find((r) => r.id === closed.id)!.sellerOverdueAt).toBeNull();
});

test("a backlog is drained in batches", async () => {
  await insertDue(250, clock.now());
  let total = 0;
  for (let n = -1; n !== 0; ) {
    n = await markOverdueDiscussions(db.prisma, clock, 100);
    expect(n).toBeLessThanOrEqual(100);
    total += n;
  }
  expect(total).toBe(250);
});

test("two workers sweeping at once mark every due discussion exactly once", async () => {
  await insertDue(3000, clock.now());
  // Two independent connection pools on PostgreSQL (two worker processes); the one PGlite instance otherwise.
  const handles: Database[] = onPostgres ? [await openDatabase({ url: db.url!, poolSize: 2 }), await openDatabase({ url: db.url!, poolSize: 2 })] : [db, db];
  try {
    const drain = async (handle: Database) => {
      let marked = 0;
      for (let n = -1; n !== 0; ) {
        n = await markOverdueDiscussions(handle.prisma, clock, 200);
        marked += n;
      }
      return marked;
    };
    const [a, b] = await Promise.all([drain(handles[0]), drain(handles[1])]);
    expect(a + b).toBe(3000);
    if (onPostgres) expect(Math.min(a, b)).toBeGreaterThan(0);
    const [dupes] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT "caseId" FROM "CaseEvent" WHERE type = 'SELLER_OVERDUE' GROUP BY "caseId" HAVING count(*) > 1) d`,
    );
    expect(dupes.n).toBe(0);
    const [unmarked] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Discussion" WHERE "sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL AND status <> 'CLOSED' AND "sellerResponseDueAt" <= $1`,
      [clock.now().toISOString()],
    );
    expect(unmarked.n).toBe(0);
    const [outbox] = await db.sql.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "idempotencyKey")::int AS keys FROM "OutboxMessage" WHERE kind = 'discussion.sellerOverdue'`,
    );
    expect(outbox.n).toBe(outbox.keys);
  } finally {
    if (onPostgres) await Promise.all(handles.map((h) => h.close()));
  }
});

test("metrics: share ended without intervention and sellers' on-time rate come from the data", async () => {
  const fresh = await createTestDatabase();
  try {
    const c = createTestClock("2026-10-01T08:00:00.000Z");
    const s = createTestServices(fresh, c);
    const buyer = await createUser(fresh.prisma, { roles: ["BUYER"] });
    const seller = await createUser(fresh.prisma, { roles: ["SELLER"] });
    const agent = await createUser(fresh.prisma, { roles: ["AGENT"] });
    const as = async (id: string) => contextFor(s, await actorFor(fresh.prisma, id));
    const open = async () => {
      const order = await createOrder(fresh.prisma, { buyerId: buyer.id, sellerId: seller.id, placedAt: new Date(c.now().getTime() - HOUR) });
      return openDiscussion(await as(buyer.id), { orderId: order.id, reason: "OTHER", description: "x" });
    };
    // 1: seller answers in 2 h, buyer closes → without intervention, on time.
    const d1 = await open();
    c.advance(2 * HOUR);
    await postMessage(await as(seller.id), d1.id, { body: "ok" });
    await closeAsResolved(await as(buyer.id), d1.id);
    // 2: seller answers at 24:00:01 (late), buyer escalates then closes → with intervention.
    const d2 = await open();
    c.advance(24 * HOUR + SECOND);
    await postMessage(await as(seller.id), d2.id, { body: "spóźniona odpowiedź" });
    const { escalateDiscussion } = await import("~/domain/discussions/discussions.server");
    await escalateDiscussion(await as(buyer.id), d2.id);
    await closeAsResolved(await as(buyer.id), d2.id);
    // 3: still open, not yet due → not counted in the on-time denominator.
    await open();
    const metrics = await discussionMetrics(await as(agent.id), { from: new Date("2026-09-01T00:00:00Z") });
    expect(metrics).toMatchObject({
      opened: 3,
      closed: 2,
      closedWithoutIntervention: 1,
      withoutInterventionShare: 0.5,
      sellerDue: 2,
      sellerAnsweredOnTime: 1,
      sellerOnTimeRate: 0.5,
    });
    await expect(discussionMetrics(await as(seller.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
  } finally {
    await fresh.close();
  }
});

test("the sweep's index holds only the discussions it may still mark, in deadline order", async () => {
  // schema.prisma cannot express the predicate; the migration carries it. Without it every batch of a
  // backlog reads and sorts the whole table.
  const [index] = await db.sql.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Discussion_overdue_sweep_idx'`);
  expect(index.indexdef).toMatch(/\("sellerResponseDueAt"\) WHERE .*"sellerOverdueAt" IS NULL.*"sellerRespondedAt" IS NULL.*status.*<>.*'CLOSED'/);
});
