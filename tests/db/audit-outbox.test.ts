import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "~/infra/db.server";
import { createTestClock, DAY, HOUR, MINUTE, type TestClock } from "~/infra/clock";
import { inTransaction, type Db, type DomainContext } from "~/domain/context";
import type { Actor } from "~/domain/identity/actor";
import { audit } from "~/domain/audit/audit.server";
import { createUser as createUserCommand, resetSecondFactor, setUserRoles, setUserStatus } from "~/domain/identity/users.server";
import { authenticateApiToken, createApiToken } from "~/domain/identity/api-tokens.server";
import { signIn } from "~/domain/identity/sign-in.server";
import { deleteExpiredSessions, loadSession } from "~/domain/identity/sessions.server";
import { deliverOutbox, enqueueNotification } from "~/domain/notifications/outbox.server";
import { countUnread, listInbox, markRead } from "~/domain/notifications/inbox.server";
import { startWorkers } from "../../workers/runner";
import { sweeps as registeredSweeps, type Sweep } from "../../workers/sweeps";
import { createTestDatabase } from "../support/db";
import { actorFor, createUser, TEST_PASSWORD } from "../support/factories";
import { crashingDb, openSecondHandle, waitFor } from "../support/handles";
import { signInFully } from "../support/identity";

// Audit records and outbox messages are written in the same transaction as the change they describe;
// the audit log is append-only and holds no personal data values; the outbox is delivered exactly once
// per message even with several workers sweeping at once (FOR UPDATE SKIP LOCKED).

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
});
afterAll(async () => database?.close());

const ctxFor = (actor: Actor, clock: TestClock = createTestClock(), onDb: Db = db): DomainContext => ({
  db: onDb,
  clock,
  actor,
  requestId: `req-${randomBytes(4).toString("hex")}`,
});

async function rejectsWith(promise: Promise<unknown>, match: { code?: string; name?: string }) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject(match);
}

const auditCount = () => db.auditLog.count();

// ───────────────────────────── audit: same transaction ─────────────────────────────

describe("audit records commit with the change, or not at all", () => {
  test("a successful command writes exactly one audit record naming actor, subject, request and time", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const target = await createUser(db, { roles: ["BUYER"] });
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await auditCount();
    await setUserRoles(ctx, { userId: target.id, roles: ["SELLER"] });
    expect(await auditCount()).toBe(before + 1);
    const entry = await db.auditLog.findFirstOrThrow({ where: { subjectId: target.id }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({
      actorType: "USER",
      actorId: admin.id,
      action: "user.setRoles",
      subjectType: "User",
      subjectId: target.id,
      requestId: ctx.requestId,
      at: clock.now(),
      metadata: { from: ["BUYER"], to: ["SELLER"] },
    });
  });

  test("createUser crashing before commit leaves neither the account nor its audit record", async () => {
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const email = `crash.${randomBytes(4).toString("hex")}@test.example.pl`;
    const before = await auditCount();
    const ctx = ctxFor(await actorFor(db, admin.id), createTestClock(), crashingDb(db));
    await rejectsWith(createUserCommand(ctx, { email, name: "Jan Kowalski", roles: ["BUYER"], password: "long enough pass" }), {
      name: "SimulatedCrash",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await auditCount()).toBe(before);
    // The same command on a healthy connection works: the crash was the only reason.
    await createUserCommand(ctxFor(await actorFor(db, admin.id)), { email, name: "Jan Kowalski", roles: ["BUYER"], password: "long enough pass" });
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await auditCount()).toBe(before + 1);
  });

  test("deactivation crashing before commit keeps the account, its sessions and tokens, and writes no audit", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const seller = await createUser(db, { roles: ["SELLER"] });
    const sessionId = await signInFully(db, clock, seller.email);
    const { token } = await createApiToken(ctxFor(await actorFor(db, seller.id), clock), { name: "t", permissions: ["read:order:own"] });
    const before = await auditCount();
    await rejectsWith(setUserStatus(ctxFor(await actorFor(db, admin.id), clock, crashingDb(db)), seller.id, "DEACTIVATED"), {
      name: "SimulatedCrash",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: seller.id } })).status).toBe("ACTIVE");
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
    expect((await authenticateApiToken(db, clock, token)).type).toBe("apiToken");
    expect(await auditCount()).toBe(before);
  });

  test("when the audit insert fails, the change it describes is rolled back", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const target = await createUser(db, { roles: ["BUYER"] });
    const sessionId = await signInFully(db, clock, target.email);
    const before = await auditCount();
    await rejectsWith(
      setUserRoles(ctxFor(await actorFor(db, admin.id), clock, crashingDb(db, "audit")), { userId: target.id, roles: ["SELLER"] }),
      { message: expect.stringContaining("audit") } as never,
    );
    const roles = await db.userRole.findMany({ where: { userId: target.id }, include: { role: true } });
    expect(roles.map((ur) => ur.role.name)).toEqual(["BUYER"]);
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
    expect(await auditCount()).toBe(before);

    await rejectsWith(resetSecondFactor(ctxFor(await actorFor(db, admin.id), clock, crashingDb(db, "audit")), target.id), {});
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
  });

  test("sign-in and token creation crashing before commit leave no session, no failure count, no token, no audit", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["SELLER"] });
    const before = await auditCount();
    const crashing = { db: crashingDb(db), clock, requestId: "crash" };
    await rejectsWith(signIn(crashing, { email: user.email, password: TEST_PASSWORD }), { name: "SimulatedCrash" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    await rejectsWith(signIn(crashing, { email: user.email, password: "wrong password" }), { name: "SimulatedCrash" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
    await rejectsWith(
      createApiToken(ctxFor(await actorFor(db, user.id), clock, crashingDb(db)), { name: "t", permissions: ["read:order:own"] }),
      { name: "SimulatedCrash" },
    );
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditCount()).toBe(before);
  });

  test("a command refused by a rule (LAST_ADMIN) changes nothing and audits nothing", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    await db.user.updateMany({
      where: { id: { not: admin.id }, roles: { some: { role: { name: "ADMIN" } } } },
      data: { status: "DEACTIVATED" },
    });
    const sessionId = await signInFully(db, clock, admin.email);
    const before = await auditCount();
    await rejectsWith(setUserRoles(ctxFor(await actorFor(db, admin.id), clock), { userId: admin.id, roles: ["AGENT"] }), { code: "LAST_ADMIN" });
    const roles = await db.userRole.findMany({ where: { userId: admin.id }, include: { role: true } });
    expect(roles.map((ur) => ur.role.name)).toEqual(["ADMIN"]);
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
    expect(await auditCount()).toBe(before);
  });

  test("inTransaction: an error after the change and its audit record rolls both back", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { name: "Przed Zmianą" });
    const before = await auditCount();
    const ctx = ctxFor({ type: "system", name: "test" }, clock);
    await expect(
      inTransaction(ctx, async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { locale: "en" } });
        await audit(tx, ctx, { action: "user.test", subjectType: "User", subjectId: user.id });
        expect(await tx.auditLog.count()).toBe(before + 1); // visible inside the transaction
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("pl");
    expect(await auditCount()).toBe(before);
  });
});

// ───────────────────────────── audit: append-only ─────────────────────────────

describe("the audit log is append-only", () => {
  test("UPDATE and DELETE are refused by the database, through Prisma and through plain SQL", async () => {
    const clock = createTestClock();
    const ctx = ctxFor({ type: "system", name: "test" }, clock);
    await db.$transaction((tx) => audit(tx, ctx, { action: "test.appendOnly", subjectType: "Test", subjectId: "x1", metadata: { n: 1 } }));
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "test.appendOnly" } });
    const total = await auditCount();

    await expect(db.auditLog.update({ where: { id: entry.id }, data: { action: "test.rewritten" } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.updateMany({ data: { metadata: {} } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(database.sql.exec(`UPDATE "AuditLog" SET "actorId" = 'someone else' WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
    await expect(database.sql.exec(`DELETE FROM "AuditLog" WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);

    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
    expect(await auditCount()).toBe(total);
    const triggers = await database.sql.query<{ tgname: string }>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = '"AuditLog"'::regclass AND NOT tgisinternal`,
    );
    expect(triggers.map((t) => t.tgname)).toContain("AuditLog_append_only");
  });

  test("cascading deletes cannot remove audit records either (they hold ids, not foreign keys)", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const user = await createUser(db);
    await setUserStatus(ctxFor(await actorFor(db, admin.id), clock), user.id, "DEACTIVATED");
    await db.user.delete({ where: { id: user.id } });
    expect(await db.auditLog.count({ where: { subjectId: user.id } })).toBe(1);
  });
});

// ───────────────────────────── audit: no personal data ─────────────────────────────

test("audit records never contain personal data values", async () => {
  const clock = createTestClock();
  const admin = await createUser(db, { roles: ["ADMIN"] });
  const adminCtx = ctxFor(await actorFor(db, admin.id), clock);
  const tag = randomBytes(4).toString("hex");
  const secrets = {
    email: `zofia.wisniewska.${tag}@poczta.example.pl`,
    name: `Zofia Wiśniewska ${tag}`,
    password: `Hasło-bardzo-tajne-${tag}`,
    tokenName: `Magazyn Gdańsk ${tag}`,
  };
  const startId = (await db.auditLog.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0n;

  const created = await createUserCommand(adminCtx, {
    email: secrets.email,
    name: secrets.name,
    roles: ["SELLER"],
    password: secrets.password,
  });
  await expect(signIn({ db, clock, requestId: "r1" }, { email: secrets.email, password: "wrong password" })).rejects.toMatchObject({
    code: "INVALID_CREDENTIALS",
  });
  await signIn({ db, clock, requestId: "r2" }, { email: secrets.email, password: secrets.password });
  const { token } = await createApiToken(ctxFor(await actorFor(db, created.id), clock), {
    name: secrets.tokenName,
    permissions: ["read:order:own"],
  });
  await setUserRoles(adminCtx, { userId: created.id, roles: ["SELLER", "BUYER"] });
  await setUserStatus(adminCtx, created.id, "DEACTIVATED");
  await setUserStatus(adminCtx, created.id, "ACTIVE");
  await resetSecondFactor(adminCtx, created.id);

  const rows = await database.sql.query<{ row: string }>(`SELECT row_to_json(a)::text AS row FROM "AuditLog" a WHERE id > $1`, [
    String(startId),
  ]);
  const actions = await db.auditLog.findMany({ where: { id: { gt: startId } }, select: { action: true } });
  expect(actions.map((a) => a.action).sort()).toEqual(
    [
      "apiToken.create",
      "auth.signIn",
      "auth.signInFailed",
      "user.create",
      "user.deactivate",
      "user.reactivate",
      "user.resetSecondFactor",
      "user.setRoles",
    ].sort(),
  );
  const text = rows.map((r) => r.row).join("\n").toLowerCase();
  for (const value of [secrets.email, secrets.email.split("@")[0], secrets.name, "wiśniewska", secrets.password, secrets.tokenName, token]) {
    expect(text, value).not.toContain(value.toLowerCase());
  }
  // The records still say who and what: ids, actions, codes.
  expect(text).toContain(created.id);
});

// ───────────────────────────── outbox ─────────────────────────────

describe("outbox", () => {
  const message = (recipientId: string, key: string, extra: Partial<{ kind: string; params: Record<string, string | number>; link: string }> = {}) => ({
    recipientId,
    kind: extra.kind ?? "test.hello",
    params: extra.params ?? { count: 3 },
    link: extra.link ?? "/inbox",
    idempotencyKey: key,
  });

  test("enqueueing the same idempotency key twice keeps one message, the first one", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const key = `test:${randomUUID()}`;
    await db.$transaction((tx) => enqueueNotification(tx, { clock }, message(user.id, key, { kind: "test.first" })));
    clock.advance(MINUTE);
    await db.$transaction((tx) => enqueueNotification(tx, { clock }, message(user.id, key, { kind: "test.second" })));
    const rows = await db.outboxMessage.findMany({ where: { idempotencyKey: key } });
    expect(rows).toHaveLength(1);
    expect(rows[0].kind).toBe("test.first");
    expect(rows[0].createdAt).toEqual(new Date(clock.now().getTime() - MINUTE));
    // Two enqueues in one transaction are one message too.
    const key2 = `test:${randomUUID()}`;
    await db.$transaction(async (tx) => {
      await enqueueNotification(tx, { clock }, message(user.id, key2));
      await enqueueNotification(tx, { clock }, message(user.id, key2));
    });
    expect(await db.outboxMessage.count({ where: { idempotencyKey: key2 } })).toBe(1);
  });

  test("a message enqueued in a transaction that fails is never sent", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const key = `test:${randomUUID()}`;
    await expect(
      db.$transaction(async (tx) => {
        await enqueueNotification(tx, { clock }, message(user.id, key));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxMessage.count({ where: { idempotencyKey: key } })).toBe(0);
  });

  test("delivery puts each due message into the recipient's inbox exactly once, however often it runs", async () => {
    const clock = createTestClock("2027-01-10T08:00:00Z");
    const alice = await createUser(db);
    const bob = await createUser(db);
    const keys = [`test:${randomUUID()}`, `test:${randomUUID()}`, `test:${randomUUID()}`];
    while ((await deliverOutbox(db, clock)) > 0); // earlier tests' messages out of the way
    await db.$transaction(async (tx) => {
      await enqueueNotification(tx, { clock }, message(alice.id, keys[0], { kind: "test.a", params: { order: "T/1" }, link: "/orders/1" }));
      await enqueueNotification(tx, { clock }, message(alice.id, keys[1]));
      await enqueueNotification(tx, { clock }, message(bob.id, keys[2]));
    });
    clock.advance(5000);
    let delivered = 0;
    for (let i = 0; i < 3; i++) delivered += await deliverOutbox(db, clock, 2); // batch of 2: two rounds needed
    expect(delivered).toBe(3);
    for (let i = 0; i < 3; i++) expect(await deliverOutbox(db, clock)).toBe(0);

    const inbox = await db.notification.findMany({ where: { outboxKey: { in: keys } } });
    expect(inbox).toHaveLength(3);
    const first = inbox.find((n) => n.outboxKey === keys[0])!;
    expect(first).toMatchObject({ userId: alice.id, kind: "test.a", payload: { order: "T/1" }, link: "/orders/1", readAt: null });
    expect(inbox.find((n) => n.outboxKey === keys[2])!.userId).toBe(bob.id);

    const rows = await db.outboxMessage.findMany({ where: { idempotencyKey: { in: keys } } });
    for (const row of rows) {
      expect(row.status).toBe("DELIVERED");
      expect(row.deliveredAt).toEqual(clock.now());
      expect(row.attempts).toBe(1);
    }

    // The recipient sees them; another person does not.
    const aliceCtx = ctxFor(await actorFor(db, alice.id), clock);
    expect((await listInbox(aliceCtx)).map((n) => n.outboxKey).sort()).toEqual([keys[0], keys[1]].sort());
    expect(await countUnread(aliceCtx)).toBe(2);
    await rejectsWith(markRead(ctxFor(await actorFor(db, bob.id), clock), first.id), { code: "NOT_FOUND" });
    expect(await markRead(aliceCtx, first.id)).toBe(1);
    expect(await countUnread(aliceCtx)).toBe(1);
    expect(await markRead(aliceCtx)).toBe(1);
    expect(await countUnread(aliceCtx)).toBe(0);
  });

  test("a delivery retried after the inbox row exists does not duplicate it", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const key = `test:${randomUUID()}`;
    await db.$transaction((tx) => enqueueNotification(tx, { clock }, message(user.id, key)));
    expect(await deliverOutbox(db, clock)).toBeGreaterThanOrEqual(1);
    // As if the worker died after inserting but the status change was lost: the row is pending again.
    await db.outboxMessage.update({ where: { idempotencyKey: key }, data: { status: "PENDING", deliveredAt: null } });
    await deliverOutbox(db, clock);
    expect(await db.notification.count({ where: { outboxKey: key } })).toBe(1);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })).status).toBe("DELIVERED");
  });

  test("a message whose availableAt is in the future waits until then", async () => {
    const clock = createTestClock("2027-02-01T12:00:00Z");
    const user = await createUser(db);
    const key = `test:${randomUUID()}`;
    const enqueueClock = createTestClock("2027-02-01T13:00:00Z");
    await db.$transaction((tx) => enqueueNotification(tx, { clock: enqueueClock }, message(user.id, key)));
    await deliverOutbox(db, clock);
    clock.set("2027-02-01T12:59:59.999Z");
    await deliverOutbox(db, clock);
    expect(await db.notification.count({ where: { outboxKey: key } })).toBe(0);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })).status).toBe("PENDING");
    clock.set("2027-02-01T13:00:00Z");
    await deliverOutbox(db, clock);
    expect(await db.notification.count({ where: { outboxKey: key } })).toBe(1);
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(row).toMatchObject({ status: "DELIVERED", deliveredAt: clock.now(), attempts: 1 });
  });
});

// ───────────────────────────── session expiry sweep ─────────────────────────────

test("deleteExpiredSessions removes exactly the expired sessions", async () => {
  const clock = createTestClock("2027-03-01T00:00:00Z");
  const user = await createUser(db);
  const now = clock.now().getTime();
  await db.session.deleteMany({ where: { expiresAt: { lte: clock.now() } } });
  const make = (expiresAt: number) => db.session.create({ data: { userId: user.id, createdAt: new Date(now - DAY), expiresAt: new Date(expiresAt) } });
  const expired = [await make(now - DAY), await make(now - 1), await make(now)];
  const live = [await make(now + 1), await make(now + HOUR), await make(now + 30 * DAY)];
  expect(await deleteExpiredSessions(db, clock, 2)).toBe(2);
  expect(await deleteExpiredSessions(db, clock, 2)).toBe(1);
  expect(await deleteExpiredSessions(db, clock, 2)).toBe(0);
  const remaining = await db.session.findMany({ where: { id: { in: [...expired, ...live].map((s) => s.id) } } });
  expect(remaining.map((s) => s.id).sort()).toEqual(live.map((s) => s.id).sort());
});

// ───────────────────────────── concurrent sweeps ─────────────────────────────

const MESSAGES = 2000;
const EXPIRED_SESSIONS = 2500;
const LIVE_SESSIONS = 300;

/** Many pending messages for a handful of recipients, due now; returns their keys' prefix. */
async function seedOutbox(clock: TestClock): Promise<string> {
  const prefix = `bulk:${randomBytes(4).toString("hex")}:`;
  const recipients = await Promise.all(Array.from({ length: 10 }, () => createUser(db)));
  const now = clock.now();
  for (let start = 0; start < MESSAGES; start += 500) {
    await db.outboxMessage.createMany({
      data: Array.from({ length: Math.min(500, MESSAGES - start) }, (_, i) => ({
        idempotencyKey: `${prefix}${start + i}`,
        recipientId: recipients[(start + i) % recipients.length].id,
        kind: "test.bulk",
        payload: { params: { n: start + i }, link: null },
        // Spread availability so ORDER BY "availableAt" hands out different rows to each batch.
        availableAt: new Date(now.getTime() - MINUTE + ((start + i) % 1000)),
        createdAt: now,
      })),
    });
  }
  return prefix;
}

async function seedSessions(clock: TestClock): Promise<{ liveIds: string[] }> {
  const user = await createUser(db);
  const now = clock.now().getTime();
  for (let start = 0; start < EXPIRED_SESSIONS; start += 500) {
    await db.session.createMany({
      data: Array.from({ length: Math.min(500, EXPIRED_SESSIONS - start) }, (_, i) => ({
        userId: user.id,
        createdAt: new Date(now - 2 * DAY),
        expiresAt: new Date(now - 1 - ((start + i) % 5000)),
      })),
    });
  }
  const liveIds: string[] = [];
  for (let i = 0; i < LIVE_SESSIONS; i++) liveIds.push(randomUUID());
  await db.session.createMany({
    data: liveIds.map((id, i) => ({ id, userId: user.id, createdAt: new Date(now), expiresAt: new Date(now + 1 + i) })),
  });
  return { liveIds };
}

async function assertOutboxDeliveredOnce(prefix: string) {
  const notifications = await database.sql.query<{ total: string; distinct_keys: string }>(
    `SELECT count(*)::text AS total, count(DISTINCT "outboxKey")::text AS distinct_keys FROM "Notification" WHERE "outboxKey" LIKE $1`,
    [`${prefix}%`],
  );
  expect(Number(notifications[0].total)).toBe(MESSAGES);
  expect(Number(notifications[0].distinct_keys)).toBe(MESSAGES);
  const outbox = await database.sql.query<{ status: string; attempts: number; n: string }>(
    `SELECT status::text AS status, attempts, count(*)::text AS n FROM "OutboxMessage" WHERE "idempotencyKey" LIKE $1 GROUP BY 1, 2`,
    [`${prefix}%`],
  );
  expect(outbox).toEqual([{ status: "DELIVERED", attempts: 1, n: String(MESSAGES) }]);
  // Every inbox row went to the message's recipient.
  const mismatched = await database.sql.query(
    `SELECT 1 FROM "Notification" n JOIN "OutboxMessage" o ON o."idempotencyKey" = n."outboxKey"
     WHERE n."outboxKey" LIKE $1 AND n."userId" <> o."recipientId"`,
    [`${prefix}%`],
  );
  expect(mismatched).toHaveLength(0);
}

async function pendingDue(clock: TestClock) {
  return db.outboxMessage.count({ where: { status: "PENDING", availableAt: { lte: clock.now() } } });
}
async function expiredCount(clock: TestClock) {
  return db.session.count({ where: { expiresAt: { lte: clock.now() } } });
}

describe("concurrent sweeps from separate database clients", () => {
  test(`two workers draining ${MESSAGES} outbox messages in small batches deliver each exactly once`, async () => {
    const clock = createTestClock("2027-04-01T00:00:00Z");
    const prefix = await seedOutbox(clock);
    const due = await pendingDue(clock);
    expect(due).toBeGreaterThanOrEqual(MESSAGES);
    const second = await openSecondHandle(database);
    const drain = async (handle: Db) => {
      let total = 0;
      for (let n = -1; n !== 0; ) {
        n = await deliverOutbox(handle, clock, 25);
        total += n;
      }
      return total;
    };
    try {
      const counts = await Promise.all([drain(db), drain(second.prisma), drain(db), drain(second.prisma)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(due);
      // Both clients took part.
      expect(counts[0] + counts[2]).toBeGreaterThan(0);
      expect(counts[1] + counts[3]).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    expect(await pendingDue(clock)).toBe(0);
    await assertOutboxDeliveredOnce(prefix);
  });

  test(`two workers deleting ${EXPIRED_SESSIONS} expired sessions in small batches delete each once and nothing else`, async () => {
    const clock = createTestClock("2027-04-02T00:00:00Z");
    const { liveIds } = await seedSessions(clock);
    const expired = await expiredCount(clock);
    expect(expired).toBeGreaterThanOrEqual(EXPIRED_SESSIONS);
    const second = await openSecondHandle(database);
    const drain = async (handle: Db) => {
      let total = 0;
      for (let n = -1; n !== 0; ) {
        n = await deleteExpiredSessions(handle, clock, 40);
        total += n;
      }
      return total;
    };
    try {
      const counts = await Promise.all([drain(db), drain(second.prisma), drain(db), drain(second.prisma)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(expired);
      expect(counts[0] + counts[2]).toBeGreaterThan(0);
      expect(counts[1] + counts[3]).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    expect(await expiredCount(clock)).toBe(0);
    expect(await db.session.count({ where: { id: { in: liveIds } } })).toBe(LIVE_SESSIONS);
  });

  test("two worker processes (startWorkers twice) share the sweeps without doing anything twice", async () => {
    const clock = createTestClock("2027-04-03T00:00:00Z");
    const prefix = await seedOutbox(clock);
    const { liveIds } = await seedSessions(clock);
    const due = await pendingDue(clock);
    const expired = await expiredCount(clock);

    // The registered sweeps, on short intervals; each process tallies what its sweeps handled.
    const byName = new Map(registeredSweeps.map((s) => [s.name, s]));
    const chosen = ["outbox-delivery", "expired-sessions"].map((name) => {
      const sweep = byName.get(name);
      expect(sweep, name).toBeDefined();
      return sweep!;
    });
    const tallies = [new Map<string, number>(), new Map<string, number>()];
    const failures: string[] = [];
    const processSweeps = (tally: Map<string, number>): Sweep[] =>
      chosen.map((sweep) => ({
        ...sweep,
        intervalMs: 15,
        run: async (deps) => {
          const handled = await sweep.run(deps);
          tally.set(sweep.name, (tally.get(sweep.name) ?? 0) + handled);
          return handled;
        },
      }));
    const log = (line: string) => {
      if (line.includes("failed")) failures.push(line);
    };

    const second = await openSecondHandle(database);
    const workers = [
      startWorkers({ db, clock }, { sweeps: processSweeps(tallies[0]), log }),
      startWorkers({ db: second.prisma, clock }, { sweeps: processSweeps(tallies[1]), log }),
    ];
    try {
      await waitFor(async () => (await pendingDue(clock)) === 0 && (await expiredCount(clock)) === 0, 60_000);
      // Let every in-flight batch finish before counting.
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await second.close();
    }
    expect(failures).toEqual([]);
    const total = (name: string) => tallies.reduce((sum, t) => sum + (t.get(name) ?? 0), 0);
    expect(total("outbox-delivery")).toBe(due);
    expect(total("expired-sessions")).toBe(expired);
    await assertOutboxDeliveredOnce(prefix);
    expect(await db.session.count({ where: { id: { in: liveIds } } })).toBe(LIVE_SESSIONS);
  });
});
