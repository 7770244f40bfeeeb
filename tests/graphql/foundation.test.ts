import { randomUUID } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Database } from "~/infra/db.server";
import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import type { Db } from "~/domain/context";
import type { AppServices } from "~/infra/services.server";
import { createApiToken } from "~/domain/identity/api-tokens.server";
import { setUserRoles } from "~/domain/identity/users.server";
import { deliverOutbox, enqueueNotification } from "~/domain/notifications/outbox.server";
import { commitSessionCookie } from "~/infra/auth.server";
import { createTestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor, type GraphQLResult } from "../support/services";

// The GraphQL adapter over the foundation: who the viewer is, which orders they see, node lookups that
// cannot be used to probe ids, no N+1 on nested lists, admin-only lists, typed mutation errors that
// change nothing, and bad requests that get a specific error and never a 5xx.

let database: Database;
let db: Db;
let clock: TestClock;
let services: AppServices;

type User = Awaited<ReturnType<typeof createUser>>;
let buyer1: User, buyer2: User, buyer3: User, sellerA: User, sellerB: User, agent: User, admin: User, admin2: User;
let bulkBuyer: User, bulkSeller: User;
const orders: Record<"o1" | "o2" | "o3" | "o4", string> = { o1: "", o2: "", o3: "", o4: "" };
const cookies = new Map<string, string>();
const BULK_ORDERS = 55;

const gid = (type: string, id: string) => encodeGlobalID(type, id);
const cookie = (user: User) => cookies.get(user.id)!;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  clock = createTestClock();
  services = createTestServices(database, clock);
  buyer1 = await createUser(db, { roles: ["BUYER"] });
  buyer2 = await createUser(db, { roles: ["BUYER"] });
  buyer3 = await createUser(db, { roles: ["BUYER"] });
  sellerA = await createUser(db, { roles: ["SELLER"] });
  sellerB = await createUser(db, { roles: ["SELLER"] });
  agent = await createUser(db, { roles: ["AGENT"] });
  admin = await createUser(db, { roles: ["ADMIN"] });
  admin2 = await createUser(db, { roles: ["ADMIN"] });
  bulkBuyer = await createUser(db, { roles: ["BUYER"] });
  bulkSeller = await createUser(db, { roles: ["SELLER"] });
  orders.o1 = (await createOrder(db, { buyerId: buyer1.id, sellerId: sellerA.id })).id;
  orders.o2 = (await createOrder(db, { buyerId: buyer1.id, sellerId: sellerB.id })).id;
  orders.o3 = (await createOrder(db, { buyerId: buyer2.id, sellerId: sellerA.id })).id;
  orders.o4 = (await createOrder(db, { buyerId: null, sellerId: sellerA.id })).id; // a guest order
  for (let i = 0; i < BULK_ORDERS; i++) {
    const order = await createOrder(db, {
      buyerId: bulkBuyer.id,
      sellerId: bulkSeller.id,
      lines: [{ unitAmount: 1000 + i }, { unitAmount: 500, quantity: 2 }],
      placedAt: new Date(Date.UTC(2026, 9, 1, 0, i)),
    });
    await db.shipment.create({ data: { orderId: order.id, carrier: "InPost", trackingNumber: `TRK${i}` } });
  }
  for (const user of [buyer1, buyer2, buyer3, sellerA, sellerB, agent, admin, admin2, bulkBuyer]) {
    cookies.set(user.id, await sessionCookieFor(services, user.id));
  }
});
afterAll(async () => database?.close());

async function rolePermissionKeys(role: string): Promise<string[]> {
  const rows = await db.rolePermission.findMany({ where: { role: { name: role } }, include: { permission: true } });
  return rows.map((rp) => `${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`).sort();
}

/** Everything a request could write, summarised: compared before and after requests that must change nothing. */
async function snapshot() {
  const [users, roles, sessions, tokens, notifications, audit, grants, outbox] = await Promise.all([
    db.user.findMany({ select: { id: true, status: true, failedLoginCount: true, lockedUntil: true }, orderBy: { id: "asc" } }),
    db.userRole.findMany({ select: { userId: true, roleId: true }, orderBy: [{ userId: "asc" }, { roleId: "asc" }] }),
    db.session.findMany({ select: { id: true, expiresAt: true }, orderBy: { id: "asc" } }),
    db.apiToken.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    db.notification.findMany({ select: { id: true, readAt: true }, orderBy: { id: "asc" } }),
    db.auditLog.count(),
    db.rolePermission.count(),
    db.outboxMessage.count(),
  ]);
  return { users, roles, sessions, tokens, notifications, audit, grants, outbox };
}

const ERROR_FIELDS = `... on DomainError { code message fieldErrors { field messages } }`;

// ───────────────────────────── viewer ─────────────────────────────

describe("viewer", () => {
  const VIEWER = `{ viewer { authenticatedVia roles permissions user { id name email } } }`;

  test("a session cookie: the signed-in person with their roles' permissions", async () => {
    const result = await graphql(services, VIEWER, { cookie: cookie(sellerA) });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toEqual({
      authenticatedVia: "SESSION",
      roles: ["SELLER"],
      permissions: await rolePermissionKeys("SELLER"),
      user: { id: gid("User", sellerA.id), name: sellerA.name, email: sellerA.email },
    });
  });

  test("an API token: its owner, with only the token's permissions", async () => {
    const { token } = await createApiToken(contextFor(services, await actorFor(db, sellerA.id)), {
      name: "viewer test",
      permissions: ["read:order:own"],
    });
    const result = await graphql(services, VIEWER, { token });
    expect(result.status).toBe(200);
    expect(result.data.viewer).toEqual({
      authenticatedVia: "API_TOKEN",
      roles: ["SELLER"],
      permissions: ["read:order:own"],
      // Contact details need read:user, which this token was not given (its owner holds it).
      user: { id: gid("User", sellerA.id), name: sellerA.name, email: null },
    });
    // The token reads what its owner may read, within its scope.
    const list = await graphql(services, `{ orders(first: 10) { totalCount } }`, { token });
    expect(list.data.orders.totalCount).toBe(3);
    // …and nothing outside its scope: the token does not carry read:user.
    const inbox = await graphql(services, `{ users(first: 1) { totalCount } }`, { token });
    expect(inbox.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  test("anonymous: viewer is null, without an error", async () => {
    const result = await graphql(services, VIEWER);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toBeNull();
  });

  test("a staff session still waiting for its second factor is anonymous", async () => {
    const session = await db.session.create({
      data: { userId: agent.id, createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + DAY) },
    });
    const halfOpen = (await commitSessionCookie(services, session.id, session.expiresAt)).split(";")[0];
    expect((await graphql(services, VIEWER, { cookie: halfOpen })).data.viewer).toBeNull();
    expect((await graphql(services, `{ orders(first: 1) { totalCount } }`, { cookie: halfOpen })).errors?.[0].extensions?.code).toBe(
      "UNAUTHENTICATED",
    );
  });
});

// ───────────────────────────── orders and node ─────────────────────────────

describe("orders", () => {
  const ORDERS = `{ orders(first: 100) { totalCount edges { node { id viewerIsBuyer } } } }`;
  const idsOf = (data: { orders: { edges: { node: { id: string } }[] } }) => data.orders.edges.map((e) => e.node.id).sort();

  test.each([
    ["buyer1", () => buyer1, () => [orders.o1, orders.o2]],
    ["buyer2", () => buyer2, () => [orders.o3]],
    ["buyer3 (no orders)", () => buyer3, () => []],
    ["sellerA", () => sellerA, () => [orders.o1, orders.o3, orders.o4]],
    ["sellerB", () => sellerB, () => [orders.o2]],
  ] as const)("%s sees exactly their own orders", async (_label, who, expected) => {
    const result = await graphql(services, ORDERS, { cookie: cookie(who()) });
    expect(result.errors).toBeUndefined();
    expect(result.data.orders.totalCount).toBe(expected().length);
    expect(idsOf(result.data)).toEqual(expected().map((id) => gid("Order", id)).sort());
  });

  test("an agent sees every order", async () => {
    const total = await db.order.count();
    expect(total).toBe(4 + BULK_ORDERS);
    const result = await graphql(services, ORDERS, { cookie: cookie(agent) });
    expect(result.data.orders.totalCount).toBe(total);
    expect(result.data.orders.edges).toHaveLength(Math.min(total, 100));
  });

  test("pages are consistent: following cursors visits every order once", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: GraphQLResult = await graphql(
        services,
        `query($after: String) { orders(first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { cookie: cookie(agent), variables: { after } },
      );
      seen.push(...result.data.orders.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!result.data.orders.pageInfo.hasNextPage) break;
      after = result.data.orders.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4 + BULK_ORDERS);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("anonymous callers are asked to sign in", async () => {
    const result = await graphql(services, ORDERS);
    expect(result.status).toBeLessThan(500);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  describe("node(id:)", () => {
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Order { number buyer { id } seller { id } } } }`;

    test.each([
      ["its buyer", () => buyer1],
      ["its seller", () => sellerA],
      ["an agent", () => agent],
    ])("returns the order for %s", async (_label, who) => {
      const result = await graphql(services, NODE, { cookie: cookie(who()), variables: { id: gid("Order", orders.o1) } });
      expect(result.errors).toBeUndefined();
      expect(result.data.node).toMatchObject({ id: gid("Order", orders.o1), buyer: { id: gid("User", buyer1.id) }, seller: { id: gid("User", sellerA.id) } });
    });

    test.each([
      ["another buyer", () => buyer2, () => gid("Order", orders.o1)],
      ["another seller", () => sellerB, () => gid("Order", orders.o1)],
      ["a buyer, for a guest order", () => buyer3, () => gid("Order", orders.o4)],
      ["an unknown order id", () => buyer1, () => gid("Order", randomUUID())],
      ["an id of an order under another type", () => agent, () => gid("User", orders.o1)],
      ["an unknown type", () => agent, () => gid("Spaceship", orders.o1)],
      ["a non-uuid id", () => agent, () => gid("Order", "1 OR 1=1")],
      ["a malformed global id", () => agent, () => "abc"],
      ["an empty id", () => agent, () => ""],
      ["base64 of garbage", () => agent, () => Buffer.from("::::").toString("base64")],
    ])("is null, without an error, for %s", async (_label, who, id) => {
      const result = await graphql(services, NODE, { cookie: cookie(who()), variables: { id: id() } });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data.node).toBeNull();
    });

    test("anonymous callers get null too", async () => {
      const result = await graphql(services, NODE, { variables: { id: gid("Order", orders.o1) } });
      expect(result.errors).toBeUndefined();
      expect(result.data.node).toBeNull();
    });

    test("a user node is visible to the user themself and staff, not to other customers", async () => {
      const USER = `query($id: ID!) { node(id: $id) { id ... on User { name email } } }`;
      const variables = { id: gid("User", buyer1.id) };
      expect((await graphql(services, USER, { cookie: cookie(buyer1), variables })).data.node).toMatchObject({ email: buyer1.email });
      expect((await graphql(services, USER, { cookie: cookie(agent), variables })).data.node).toMatchObject({ email: buyer1.email });
      expect((await graphql(services, USER, { cookie: cookie(buyer2), variables })).data.node).toBeNull();
    });
  });

  test("nested lists load in a constant number of SQL statements (no N+1)", async () => {
    const query = `query($first: Int!) {
      orders(first: $first) {
        totalCount
        edges { node { id number total { amount } buyer { name } seller { name isCompany }
          lines { title quantity offer { title seller { name } } }
          shipments { carrier trackingNumber } invoices { number } } }
      }
    }`;
    const five = await graphql(services, query, { cookie: cookie(agent), variables: { first: 5 } });
    const fifty = await graphql(services, query, { cookie: cookie(agent), variables: { first: 50 } });
    expect(five.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect(five.data.orders.edges).toHaveLength(5);
    expect(fifty.data.orders.edges).toHaveLength(50);
    // The nested data really was loaded (and not silently left empty).
    const bulk = fifty.data.orders.edges.filter((e: { node: { seller: { name: string } } }) => e.node.seller.name === bulkSeller.name);
    expect(bulk.length).toBeGreaterThan(40);
    for (const edge of bulk) {
      expect(edge.node.lines).toHaveLength(2);
      expect(edge.node.shipments).toHaveLength(1);
      expect(edge.node.buyer.name).toBe(bulkBuyer.name);
    }
    expect(fifty.queries).toBe(five.queries);
    // Observed: the session comes from the per-process authorization cache (0) + the orders with every
    // nested relation joined (1) + the count (1).
    expect(fifty.queries).toBe(2);
  });
});

// ───────────────────────────── admin lists ─────────────────────────────

describe("admin lists", () => {
  const USERS = `{ users(first: 100) { totalCount edges { node { id email } } } }`;

  test.each([
    ["a buyer", () => buyer1],
    ["a seller", () => sellerA],
  ])("users is FORBIDDEN for %s", async (_label, who) => {
    const result = await graphql(services, USERS, { cookie: cookie(who()) });
    expect(result.status).toBeLessThan(500);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  test("users is UNAUTHENTICATED for anonymous callers", async () => {
    expect((await graphql(services, USERS)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  test.each([
    ["an admin", () => admin],
    ["an agent (staff read accounts)", () => agent],
  ])("users lists every account for %s", async (_label, who) => {
    const result = await graphql(services, USERS, { cookie: cookie(who()) });
    expect(result.errors).toBeUndefined();
    expect(result.data.users.totalCount).toBe(await db.user.count());
    expect(result.data.users.edges.map((e: { node: { email: string } }) => e.node.email)).toContain(buyer1.email);
  });

  test("users rejects a malformed filter with VALIDATION_FAILED", async () => {
    const result = await graphql(services, `{ users(first: 5, status: "SLEEPING") { totalCount } }`, { cookie: cookie(admin) });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { status: expect.any(Array) } });
  });

  test("auditLog is for admins only", async () => {
    await setUserRoles(contextFor(services, await actorFor(db, admin.id)), { userId: buyer3.id, roles: ["BUYER"] });
    const AUDIT = `{ auditLog(first: 5, subjectId: "${buyer3.id}") { edges { node { action actorId subjectId metadata } } } }`;
    const asAdmin = await graphql(services, AUDIT, { cookie: cookie(admin) });
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data.auditLog.edges[0].node).toMatchObject({ action: "user.setRoles", actorId: admin.id, subjectId: buyer3.id });
    for (const who of [agent, buyer1, sellerA]) {
      const result = await graphql(services, AUDIT, { cookie: cookie(who) });
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
    expect((await graphql(services, AUDIT)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    // setUserRoles ended buyer3's session; sign them in again for later tests.
    cookies.set(buyer3.id, await sessionCookieFor(services, buyer3.id));
  });
});

// ───────────────────────────── mutations: typed errors, nothing changed ─────────────────────────────

describe("mutations", () => {
  const SET_ROLES = `mutation($userId: ID!, $roles: [RoleName!]!) { setUserRoles(userId: $userId, roles: $roles) {
    __typename ${ERROR_FIELDS} ... on MutationSetUserRolesSuccess { data { id roles } } } }`;
  const DEACTIVATE = `mutation($userId: ID!) { deactivateUser(userId: $userId) {
    __typename ${ERROR_FIELDS} ... on MutationDeactivateUserSuccess { data { id status } } } }`;
  const CREATE_TOKEN = `mutation($name: String!, $permissions: [String!]!, $days: Int) {
    createApiToken(name: $name, permissions: $permissions, expiresInDays: $days) {
      __typename ${ERROR_FIELDS} ... on MutationCreateApiTokenSuccess { data { token apiToken { id permissions } } } } }`;
  const REVOKE_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) {
    __typename ${ERROR_FIELDS} ... on MutationRevokeApiTokenSuccess { data { id revokedAt } } } }`;
  const MARK_READ = `mutation($id: ID) { markNotificationsRead(id: $id) {
    __typename ${ERROR_FIELDS} ... on MutationMarkNotificationsReadSuccess { data } } }`;

  let sellerToken: { id: string; token: string };
  let buyer1Notification: string;

  beforeAll(async () => {
    const created = await createApiToken(contextFor(services, await actorFor(db, sellerA.id)), {
      name: "mutation tests",
      permissions: ["read:order:own"],
    });
    sellerToken = { id: created.record.id, token: created.token };
    await db.$transaction((tx) =>
      enqueueNotification(tx, { clock }, { recipientId: buyer1.id, kind: "test.hello", idempotencyKey: `gql:${randomUUID()}` }),
    );
    await deliverOutbox(db, clock);
    buyer1Notification = (await db.notification.findFirstOrThrow({ where: { userId: buyer1.id } })).id;
  });

  type Case = { label: string; query: string; as: () => User | null; variables: () => Record<string, unknown>; code: string; field?: string };
  const cases: Case[] = [
    { label: "setUserRoles by a buyer", query: SET_ROLES, as: () => buyer1, variables: () => ({ userId: gid("User", buyer2.id), roles: ["ADMIN"] }), code: "FORBIDDEN" },
    { label: "setUserRoles by an agent", query: SET_ROLES, as: () => agent, variables: () => ({ userId: gid("User", agent.id), roles: ["ADMIN"] }), code: "FORBIDDEN" },
    { label: "setUserRoles anonymously", query: SET_ROLES, as: () => null, variables: () => ({ userId: gid("User", buyer2.id), roles: ["ADMIN"] }), code: "UNAUTHENTICATED" },
    { label: "setUserRoles for an unknown user", query: SET_ROLES, as: () => admin, variables: () => ({ userId: gid("User", randomUUID()), roles: ["SELLER"] }), code: "NOT_FOUND" },
    { label: "setUserRoles with a malformed id", query: SET_ROLES, as: () => admin, variables: () => ({ userId: "abc", roles: ["SELLER"] }), code: "NOT_FOUND" },
    { label: "setUserRoles with an order's id", query: SET_ROLES, as: () => admin, variables: () => ({ userId: gid("Order", orders.o1), roles: ["SELLER"] }), code: "NOT_FOUND" },
    { label: "setUserRoles with a non-uuid user id", query: SET_ROLES, as: () => admin, variables: () => ({ userId: gid("User", "42"), roles: ["SELLER"] }), code: "VALIDATION_FAILED", field: "userId" },
    { label: "setUserRoles with no roles", query: SET_ROLES, as: () => admin, variables: () => ({ userId: gid("User", buyer2.id), roles: [] }), code: "VALIDATION_FAILED", field: "roles" },
    { label: "setUserRoles taking ADMIN from the last admin", query: SET_ROLES, as: () => admin, variables: () => ({ userId: gid("User", admin.id), roles: ["AGENT"] }), code: "LAST_ADMIN" },
    { label: "deactivateUser by a seller", query: DEACTIVATE, as: () => sellerA, variables: () => ({ userId: gid("User", buyer2.id) }), code: "FORBIDDEN" },
    { label: "deactivateUser of oneself", query: DEACTIVATE, as: () => admin, variables: () => ({ userId: gid("User", admin.id) }), code: "CONFLICT" },
    { label: "deactivateUser of an unknown user", query: DEACTIVATE, as: () => admin, variables: () => ({ userId: gid("User", randomUUID()) }), code: "NOT_FOUND" },
    { label: "createApiToken by a buyer", query: CREATE_TOKEN, as: () => buyer1, variables: () => ({ name: "x", permissions: ["read:order:own"] }), code: "FORBIDDEN" },
    { label: "createApiToken beyond the owner's permissions", query: CREATE_TOKEN, as: () => sellerA, variables: () => ({ name: "x", permissions: ["read:order:any"] }), code: "PERMISSION_NOT_HELD", field: "permissions" },
    { label: "createApiToken without a name", query: CREATE_TOKEN, as: () => sellerA, variables: () => ({ name: "  ", permissions: ["read:order:own"] }), code: "VALIDATION_FAILED", field: "name" },
    { label: "createApiToken for 0 days", query: CREATE_TOKEN, as: () => sellerA, variables: () => ({ name: "x", permissions: ["read:order:own"], days: 0 }), code: "VALIDATION_FAILED", field: "expiresInDays" },
    { label: "createApiToken with no permissions", query: CREATE_TOKEN, as: () => sellerA, variables: () => ({ name: "x", permissions: [] }), code: "VALIDATION_FAILED", field: "permissions" },
    { label: "createApiToken anonymously", query: CREATE_TOKEN, as: () => null, variables: () => ({ name: "x", permissions: ["read:order:own"] }), code: "UNAUTHENTICATED" },
    { label: "revokeApiToken of someone else's token", query: REVOKE_TOKEN, as: () => sellerB, variables: () => ({ id: gid("ApiToken", sellerToken.id) }), code: "FORBIDDEN" },
    { label: "revokeApiToken of an unknown token", query: REVOKE_TOKEN, as: () => sellerA, variables: () => ({ id: gid("ApiToken", randomUUID()) }), code: "NOT_FOUND" },
    { label: "revokeApiToken with a malformed id", query: REVOKE_TOKEN, as: () => sellerA, variables: () => ({ id: "%%%" }), code: "NOT_FOUND" },
    { label: "markNotificationsRead of someone else's notification", query: MARK_READ, as: () => buyer2, variables: () => ({ id: gid("Notification", buyer1Notification) }), code: "NOT_FOUND" },
    { label: "markNotificationsRead with a malformed id", query: MARK_READ, as: () => buyer1, variables: () => ({ id: "abc" }), code: "NOT_FOUND" },
    { label: "markNotificationsRead with a non-uuid id", query: MARK_READ, as: () => buyer1, variables: () => ({ id: gid("Notification", "x") }), code: "VALIDATION_FAILED" },
    { label: "markNotificationsRead anonymously", query: MARK_READ, as: () => null, variables: () => ({}), code: "UNAUTHENTICATED" },
  ];

  test.each(cases)("$label → $code, and nothing changes", async ({ query, as, variables, code, field }) => {
    await db.user.updateMany({ where: { id: admin2.id }, data: { status: "DEACTIVATED" } }); // admin is the last active admin
    try {
      const before = await snapshot();
      const who = as();
      const result = await graphql(services, query, { cookie: who ? cookie(who) : undefined, variables: variables() });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      const payload = Object.values(result.data)[0] as { __typename: string; code: string; message: string; fieldErrors: { field: string; messages: string[] }[] };
      expect(payload.__typename).toBe("DomainError");
      expect(payload.code).toBe(code);
      expect(payload.message.length).toBeGreaterThan(0);
      if (field) {
        const entry = payload.fieldErrors.find((f) => f.field === field);
        expect(entry?.messages.length, JSON.stringify(payload.fieldErrors)).toBeGreaterThan(0);
      }
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.user.updateMany({ where: { id: admin2.id }, data: { status: "ACTIVE" } });
    }
  });

  test("the same mutations succeed with valid input (the errors above are not wiring failures)", async () => {
    const target = await createUser(db, { roles: ["BUYER"] });
    const roles = await graphql(services, SET_ROLES, { cookie: cookie(admin), variables: { userId: gid("User", target.id), roles: ["BUYER", "SELLER"] } });
    expect(roles.data.setUserRoles).toMatchObject({ __typename: "MutationSetUserRolesSuccess", data: { roles: expect.arrayContaining(["BUYER", "SELLER"]) } });

    const created = await graphql(services, CREATE_TOKEN, { cookie: cookie(sellerA), variables: { name: "ok", permissions: ["read:order:own"], days: 7 } });
    expect(created.data.createApiToken.__typename).toBe("MutationCreateApiTokenSuccess");
    const { token, apiToken } = created.data.createApiToken.data;
    expect(token).toMatch(/^tsb_/);
    expect(apiToken.permissions).toEqual(["read:order:own"]);
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { token })).data.viewer.authenticatedVia).toBe("API_TOKEN");

    const revoked = await graphql(services, REVOKE_TOKEN, { cookie: cookie(sellerA), variables: { id: apiToken.id } });
    expect(revoked.data.revokeApiToken.data.revokedAt).toBe(clock.now().toISOString());
    const afterRevoke = await graphql(services, `{ viewer { authenticatedVia } }`, { token });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.errors?.[0].extensions?.code).toBe("TOKEN_INVALID");

    const read = await graphql(services, MARK_READ, { cookie: cookie(buyer1), variables: { id: gid("Notification", buyer1Notification) } });
    expect(read.data.markNotificationsRead).toEqual({ __typename: "MutationMarkNotificationsReadSuccess", data: 1 });

    const deactivated = await graphql(services, DEACTIVATE, { cookie: cookie(admin), variables: { userId: gid("User", target.id) } });
    expect(deactivated.data.deactivateUser.data.status).toBe("DEACTIVATED");
  });
});

// ───────────────────────────── bad requests ─────────────────────────────

describe("bad requests get a specific error, a status below 500, and write nothing", () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    before = await snapshot();
  });
  afterAll(async () => {
    // None of the requests in this block wrote anything (the expired-session test's own setup aside).
    const after = await snapshot();
    expect({ ...after, sessions: null }).toEqual({ ...before, sessions: null });
  });

  const expectError = (result: GraphQLResult, code: string, message?: RegExp) => {
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.length, JSON.stringify(result)).toBeGreaterThan(0);
    expect(result.errors?.[0].extensions?.code).toBe(code);
    if (message) expect(result.errors?.[0].message).toMatch(message);
  };

  test("a syntax error", async () => {
    expectError(await graphql(services, `{ viewer { roles `, { cookie: cookie(admin) }), "GRAPHQL_PARSE_FAILED", /Syntax Error/);
    expectError(await graphql(services, `mutation { deactivateUser(userId: ) { __typename } }`, { cookie: cookie(admin) }), "GRAPHQL_PARSE_FAILED", /Syntax Error/);
  });

  test("wrong argument and variable types", async () => {
    expectError(await graphql(services, `{ orders(first: "five") { totalCount } }`, { cookie: cookie(agent) }), "GRAPHQL_VALIDATION_FAILED", /Int cannot represent/);
    expectError(
      await graphql(services, `mutation { setUserRoles(userId: "${gid("User", buyer2.id)}", roles: [EMPEROR]) { __typename } }`, { cookie: cookie(admin) }),
      "GRAPHQL_VALIDATION_FAILED",
      /EMPEROR/,
    );
    const variables = await graphql(services, `query($first: Int) { orders(first: $first) { totalCount } }`, {
      cookie: cookie(agent),
      variables: { first: "many" },
    });
    expect(variables.status).toBe(400);
    expect(variables.errors?.[0].message).toMatch(/Variable "\$first" got invalid value "many"/);
    expect(variables.data).toBeUndefined();
  });

  test("an unknown field", async () => {
    expectError(await graphql(services, `{ viewer { shoeSize } }`, { cookie: cookie(admin) }), "GRAPHQL_VALIDATION_FAILED", /Cannot query field "shoeSize"/);
    expectError(await graphql(services, `mutation { dropDatabase }`, { cookie: cookie(admin) }), "GRAPHQL_VALIDATION_FAILED", /dropDatabase/);
  });

  test("a malformed cursor, a negative page size, a bad filter", async () => {
    expectError(await graphql(services, `{ orders(first: 5, after: "not a cursor") { totalCount } }`, { cookie: cookie(agent) }), "VALIDATION_FAILED", /cursor/);
    expectError(await graphql(services, `{ orders(first: -1) { totalCount } }`, { cookie: cookie(agent) }), "VALIDATION_FAILED", /first/);
    expectError(await graphql(services, `{ orders(first: 5, filter: { role: "king" }) { totalCount } }`, { cookie: cookie(agent) }), "VALIDATION_FAILED");
  });

  test("queries over the breadth and complexity limits", async () => {
    const wide = Array.from({ length: 40 }, (_, i) => `a${i}: orders(first: 1) { edges { node { id number status guest placedAt paidAt } } }`).join("\n");
    const tooWide = await graphql(services, `{ ${wide} }`, { cookie: cookie(agent) });
    expectError(tooWide, "VALIDATION_FAILED", /maximum breadth/);
    expect(tooWide.data).toBeNull();

    const heavyOne = `orders(first: 100) { edges { node { lines { id title quantity position
      offer { title brand seller { name isCompany status createdAt roles smartMember } } } } } }`;
    const heavy = Array.from({ length: 16 }, (_, i) => `h${i}: ${heavyOne}`).join("\n");
    const tooComplex = await graphql(services, `{ ${heavy} }`, { cookie: cookie(agent) });
    expectError(tooComplex, "VALIDATION_FAILED", /maximum complexity/);
    expect(tooComplex.data).toBeNull();
    // One of them alone is fine.
    expect((await graphql(services, `{ ${heavyOne} }`, { cookie: cookie(agent) })).errors).toBeUndefined();

    // Over the limit in a mutation: refused before it runs.
    const mutation = `mutation { ${Array.from({ length: 310 }, (_, i) => `m${i}: markNotificationsRead { __typename }`).join(" ")} }`;
    const refused = await graphql(services, mutation, { cookie: cookie(buyer1) });
    expectError(refused, "VALIDATION_FAILED", /maximum breadth/);
  });

  test("an expired session cookie reads as signed out", async () => {
    const ownClock = createTestClock();
    const own = createTestServices(database, ownClock);
    const session = await db.session.create({
      data: { userId: buyer1.id, createdAt: ownClock.now(), expiresAt: new Date(ownClock.now().getTime() + DAY), secondFactorAt: ownClock.now() },
    });
    const expiring = (await commitSessionCookie(own, session.id, session.expiresAt)).split(";")[0];
    expect((await graphql(own, `{ viewer { authenticatedVia } }`, { cookie: expiring })).data.viewer).toEqual({ authenticatedVia: "SESSION" });
    ownClock.advance(DAY);
    expect((await graphql(own, `{ viewer { authenticatedVia } }`, { cookie: expiring })).data.viewer).toBeNull();
    expectError(await graphql(own, `{ orders(first: 1) { totalCount } }`, { cookie: expiring }), "UNAUTHENTICATED");
    const mutation = await graphql(own, `mutation { markNotificationsRead { ... on DomainError { code } } }`, { cookie: expiring });
    expect(mutation.data.markNotificationsRead.code).toBe("UNAUTHENTICATED");
  });

  test("a tampered cookie (one character changed) reads as signed out", async () => {
    const original = cookie(sellerA);
    const [name, value] = original.split("=");
    const at = 3;
    const replacement = value[at] === "A" ? "B" : "A";
    const tampered = `${name}=${value.slice(0, at)}${replacement}${value.slice(at + 1)}`;
    expect(tampered).not.toBe(original);
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { cookie: original })).data.viewer).not.toBeNull();
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { cookie: tampered })).data.viewer).toBeNull();
    expectError(await graphql(services, `{ orders(first: 1) { totalCount } }`, { cookie: tampered }), "UNAUTHENTICATED");
    const mutation = await graphql(services, `mutation { createApiToken(name: "t", permissions: ["read:order:own"]) { ... on DomainError { code } } }`, {
      cookie: tampered,
    });
    expect(mutation.data.createApiToken.code).toBe("UNAUTHENTICATED");
    // A signature for another value, or a cookie that is not ours at all.
    const resigned = `${name}=${value.replace(/\.[^.]*$/, ".AAAA")}`;
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { cookie: resigned })).data.viewer).toBeNull();
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { cookie: "tsb_session=%%%; other=1" })).data.viewer).toBeNull();
  });

  test("a garbage bearer token is 401 TOKEN_INVALID, for queries and mutations alike", async () => {
    for (const token of ["garbage", "tsb_", `tsb_${"A".repeat(43)}`, "x".repeat(5000)]) {
      const query = await graphql(services, `{ viewer { authenticatedVia } }`, { token });
      expect(query.status).toBe(401);
      expect(query.errors?.[0].extensions?.code).toBe("TOKEN_INVALID");
      expect(query.data).toBeUndefined();
    }
    const mutation = await graphql(services, `mutation { deactivateUser(userId: "${gid("User", buyer2.id)}") { __typename } }`, { token: "garbage" });
    expect(mutation.status).toBe(401);
    expect(mutation.errors?.[0].extensions?.code).toBe("TOKEN_INVALID");
  });
});
