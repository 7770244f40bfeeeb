import { createTestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { COUNT_CAP } from "~/domain/shared/capped-count";
import { listOrders } from "~/domain/marketplace/orders.server";
import { listOffers } from "~/domain/marketplace/offers.server";
import { listUsers } from "~/domain/identity/users.server";
import { listInboxPage, UNREAD_BADGE_LIMIT, unreadBadgeCount } from "~/domain/notifications/inbox.queries.server";
import { listAgentQueue, listMyDiscussions } from "~/domain/discussions/queries.server";
import { discussionHomeSummary } from "~/domain/discussions/ui.queries.server";
import { listClaimQueue, listMyClaims } from "~/domain/claims/queries.server";
import { claimQueueCounts } from "~/domain/claims/ui.queries.server";
import type { DomainContext } from "~/domain/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";

// Page cost independent of the data's size: every list counts at most COUNT_CAP + 1 rows
// (SELECT count(*) FROM (SELECT … LIMIT 1001)) and says "at least" beyond. These tests fail when a count
// that reads the whole list comes back, in GraphQL or in the screens' loaders.
let db: TestDatabase;
let services: AppServices;
const clock = createTestClock("2026-11-02T10:00:00.000Z");
const users: Record<string, string> = {};
const cookies: Record<string, string> = {};

interface Statement {
  query: string;
  params: unknown[];
}
let recording: Statement[] | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  (db.prisma.$on as (event: "query", cb: (e: { query: string; params: string }) => void) => void)("query", (e) => {
    if (!recording) return;
    let params: unknown[] = [];
    try {
      params = JSON.parse(e.params);
    } catch {
      params = [];
    }
    recording.push({ query: e.query, params });
  });
  for (const [name, roles] of Object.entries({ buyer: ["BUYER"], seller: ["SELLER"], agent: ["AGENT"], admin: ["ADMIN"] } as const)) {
    users[name] = (await createUser(db.prisma, { roles: [...roles] })).id;
    cookies[name] = await sessionCookieFor(services, users[name]);
  }
});
afterAll(async () => db?.close());

async function record<T>(fn: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  const statements: Statement[] = [];
  recording = statements;
  try {
    return { result: await fn(), statements };
  } finally {
    recording = null;
  }
}

const counts = (statements: Statement[]) => statements.filter((s) => /\bcount\s*\(/i.test(s.query));
/** Every count carries a LIMIT, and the limit asked for is the cap + 1 (or just past a deep page). */
function expectCapped(statements: Statement[], limit = COUNT_CAP + 1) {
  const found = counts(statements);
  expect(found.length).toBeGreaterThan(0);
  for (const statement of found) {
    expect(statement.query).toMatch(/\bLIMIT\b/i);
    expect(statement.params.map(String)).toContain(String(limit));
  }
}

const insertNotifications = (userId: string, from: number, to: number) =>
  db.sql.query(
    `INSERT INTO "Notification" (id, "userId", "outboxKey", kind, payload, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, 'capped-' || n, 'test.capped', '{}', now() - n * interval '1 second' FROM generate_series($2::int, $3::int) AS n`,
    [userId, from, to],
  );

test("total is exact up to 1,000 and says 1,000+ beyond it, counting at most 1,001 rows; the deprecated totalCount stays exact", async () => {
  const query = `{ notifications(first: 2) { total { count atLeast formatted } totalCount edges { node { id } } } }`;
  await insertNotifications(users.buyer, 1, COUNT_CAP);
  const exact = await record(() => graphql(services, query, { cookie: cookies.buyer }));
  expect(exact.result.errors).toBeUndefined();
  expect(exact.result.data.notifications.total).toEqual({ count: 1000, atLeast: false, formatted: "1,000" });
  expect(exact.result.data.notifications.totalCount).toBe(1000);

  await insertNotifications(users.buyer, COUNT_CAP + 1, COUNT_CAP + 5);
  const capped = await record(() => graphql(services, `{ notifications(first: 2) { total { count atLeast formatted } edges { node { id } } } }`, { cookie: cookies.buyer }));
  expect(capped.result.data.notifications.total).toEqual({ count: 1000, atLeast: true, formatted: "1,000+" });
  expect(capped.result.data.notifications.edges).toHaveLength(2);
  expectCapped(capped.statements);

  const deprecated = await graphql(services, `{ notifications(first: 2) { totalCount } }`, { cookie: cookies.buyer });
  expect(deprecated.data.notifications.totalCount).toBe(1005);
});

test.each([
  ["orders(first: 1)", "agent"],
  ["offers(first: 1)", "agent"],
  ["users(first: 1)", "admin"],
  ["notifications(first: 1)", "buyer"],
  ["discussionQueue(first: 1, filter: { reason: NOT_RECEIVED, assignment: UNASSIGNED })", "agent"],
  ["myDiscussions(as: BUYER, first: 1)", "buyer"],
  ["claimQueue(first: 1)", "agent"],
])("%s { total } is a capped count, with or without the page's rows", async (field, who) => {
  for (const selection of ["total { count atLeast }", "edges { node { id } } total { count atLeast }"]) {
    const { result, statements } = await record(() => graphql(services, `{ ${field} { ${selection} } }`, { cookie: cookies[who] }));
    expect(result.errors).toBeUndefined();
    expectCapped(statements);
  }
});

test("the screens' lists and home tiles count at most 1,001 rows (or just past a deep page)", async () => {
  const as = async (name: string): Promise<DomainContext> => contextFor(services, await actorFor(db.prisma, users[name]));
  const agent = await as("agent");
  const buyer = await as("buyer");
  const loaders: [string, () => Promise<unknown>][] = [
    ["listOrders", () => listOrders(agent, {}, { take: 25 })],
    ["listOffers", () => listOffers(agent, {}, { take: 25 })],
    ["listUsers", async () => listUsers(await as("admin"), {}, { take: 50 })],
    ["listInboxPage", () => listInboxPage(buyer, { take: 25 })],
    ["listAgentQueue", () => listAgentQueue(agent, { reason: "NOT_RECEIVED", assignment: "UNASSIGNED" }, { take: 50 })],
    ["listMyDiscussions", () => listMyDiscussions(buyer, "buyer", { take: 25 })],
    ["listClaimQueue", () => listClaimQueue(agent, {}, { take: 50 })],
    ["listMyClaims", () => listMyClaims(buyer, { take: 25 })],
    ["discussionHomeSummary", () => discussionHomeSummary(agent)],
    ["claimQueueCounts", () => claimQueueCounts(agent)],
  ];
  for (const [name, load] of loaders) {
    const { statements } = await record(load);
    expect.soft(counts(statements).length, name).toBeGreaterThan(0);
    for (const statement of counts(statements)) expect.soft(statement.query, name).toMatch(/\bLIMIT\b/i);
  }
  // A numbered page past the cap counts just past itself, so it still knows whether a next page exists.
  const deep = await record(() => listInboxPage(buyer, { skip: 2000, take: 25 }));
  expectCapped(deep.statements, 2026);
  expect(deep.result.total).toEqual({ count: 1005, atLeast: false }); // exact: the page is past the end (the route redirects to the last one)
  const inbox = await listInboxPage(buyer, { skip: 975, take: 25 });
  expect(inbox.total).toEqual({ count: 1000, atLeast: true });
  expect(inbox.notifications).toHaveLength(25);
});

test("the bell on every page counts unread notifications up to 100 (the badge says 99+), never the whole history", async () => {
  const person = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  const ctx = contextFor(services, await actorFor(db.prisma, person));
  const unread = (from: number, to: number) =>
    db.sql.query(
      `INSERT INTO "Notification" (id, "userId", "outboxKey", kind, payload, "createdAt")
       SELECT gen_random_uuid(), $1::uuid, 'bell-' || n, 'test.bell', '{}', now() - n * interval '1 second' FROM generate_series($2::int, $3::int) AS n`,
      [person, from, to],
    );
  await unread(1, 3);
  expect(await unreadBadgeCount(ctx)).toBe(3);
  await unread(4, 150);
  const { result, statements } = await record(() => unreadBadgeCount(ctx));
  expect(result).toBe(UNREAD_BADGE_LIMIT);
  expectCapped(statements, UNREAD_BADGE_LIMIT);
  // Someone who may not read notifications gets no badge rather than a failing page.
  expect(await unreadBadgeCount({ ...ctx, actor: { ...(ctx.actor as Extract<typeof ctx.actor, { type: "user" }>), permissions: new Set() } })).toBe(0);
});
