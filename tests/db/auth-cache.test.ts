import { openDatabase } from "~/infra/db.server";
import { createTestClock, DAY } from "~/infra/clock";
import { createApiToken, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { setRolePermissions, setUserRoles, setUserStatus } from "~/domain/identity/users.server";
import type { AppServices } from "~/infra/services.server";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";

// Authentication is answered from the per-process authorization cache (no statement per request), and
// every way a session, an account, a role or a token changes reaches it through the database's
// notifications — on the embedded database and on PostgreSQL alike (TEST_DB=postgres).

let database: TestDatabase;
let services: AppServices;
const clock = createTestClock();
beforeAll(async () => {
  database = await createTestDatabase();
  services = createTestServices(database, clock);
  await services.authCache.start();
});
afterAll(async () => {
  await services?.authCache.close();
  await database?.close();
});

const VIEWER = `{ viewer { roles permissions user { id name email isCompany status createdAt roles } } }`;

async function viewerOf(cookie: string) {
  const result = await graphql(services, VIEWER, { cookie });
  expect(result.errors).toBeUndefined();
  return result;
}

/** Notifications from another connection arrive asynchronously on PostgreSQL: wait until the cache settled. */
const settled = () => services.authCache.settle();

/**
 * A session cookie for the user, once the notice of the account's creation (a new role holder) has
 * been applied: a read racing that notice is rightly not kept, which would make counts below flaky.
 */
async function signedIn(userId: string) {
  const cookie = await sessionCookieFor(services, userId);
  await settled();
  return cookie;
}

describe("authentication from the cache", () => {
  test("the second request of a session sends no SQL for authentication or viewer.user, and answers the same", async () => {
    const user = await createUser(database.prisma, { name: "Ada Kowalska" });
    const cookie = await signedIn(user.id);
    const first = await viewerOf(cookie);
    const second = await viewerOf(cookie);
    expect(second.data).toEqual(first.data);
    expect(second.data.viewer.user).toMatchObject({ name: "Ada Kowalska", email: user.email, isCompany: false, status: "ACTIVE", roles: ["BUYER"] });
    expect(first.queries).toBe(1); // the session with roles, permissions and profile, in one statement
    expect(second.queries).toBe(0);
  });

  test("viewer.user asking for more than the profile holds is read from the database", async () => {
    const user = await createUser(database.prisma, { smartUntil: new Date(clock.now().getTime() + DAY) });
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    const result = await graphql(services, `{ viewer { user { name smartMember } } }`, { cookie });
    expect(result.data.viewer.user.smartMember).toBe(true);
    expect(result.queries).toBe(0); // smartUntil is in the profile too
  });

  test("a session that expires while cached is refused from that moment", async () => {
    const local = createTestClock();
    const localServices = createTestServices(database, local);
    await localServices.authCache.start();
    const user = await createUser(database.prisma);
    const now = local.now();
    const session = await database.prisma.session.create({ data: { userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + DAY), secondFactorAt: now } });
    const { commitSessionCookie } = await import("~/infra/auth.server");
    const cookie = (await commitSessionCookie(localServices, session.id, session.expiresAt)).split(";")[0];
    await localServices.authCache.settle();
    expect((await graphql(localServices, `{ viewer { roles } }`, { cookie })).data.viewer).not.toBeNull();
    local.advance(DAY);
    const after = await graphql(localServices, `{ viewer { roles } }`, { cookie });
    expect(after.data.viewer).toBeNull();
    expect(after.queries).toBe(0); // refused from memory: the cached expiry is checked on every request
    await localServices.authCache.close();
  });
});

describe("every change reaches the cache", () => {
  test("deactivating the account refuses its cached session at the next request", async () => {
    const admin = await createUser(database.prisma, { roles: ["ADMIN"] });
    const user = await createUser(database.prisma);
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    await viewerOf(cookie);
    await setUserStatus({ ...contextFor(services, await actorFor(database.prisma, admin.id)), authorizationChanged: settled }, user.id, "DEACTIVATED");
    expect((await graphql(services, `{ viewer { roles } }`, { cookie })).data.viewer).toBeNull();
  });

  test("a change of roles ends the cached session", async () => {
    const admin = await createUser(database.prisma, { roles: ["ADMIN"] });
    const user = await createUser(database.prisma);
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    await setUserRoles({ ...contextFor(services, await actorFor(database.prisma, admin.id)), authorizationChanged: settled }, { userId: user.id, roles: ["BUYER", "SELLER"] });
    expect((await graphql(services, `{ viewer { roles } }`, { cookie })).data.viewer).toBeNull();
  });

  test("signing out through the app ends the cached session", async () => {
    const user = await createUser(database.prisma);
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    const { action } = await import("~/routes/logout");
    await action({ request: new Request("http://localhost/logout", { method: "POST", headers: { cookie } }), context: { services }, params: {} } as never);
    expect((await graphql(services, `{ viewer { roles } }`, { cookie })).data.viewer).toBeNull();
  });

  test("a role losing a permission takes it from every cached session of that role", async () => {
    const admin = await createUser(database.prisma, { roles: ["ADMIN"] });
    const agent = await createUser(database.prisma, { roles: ["AGENT"] });
    const cookie = await signedIn(agent.id);
    const before = (await viewerOf(cookie)).data.viewer.permissions as string[];
    const dropped = "moderate:discussion:any";
    expect(before).toContain(dropped);
    const ctx = { ...contextFor(services, await actorFor(database.prisma, admin.id)), authorizationChanged: settled };
    try {
      await setRolePermissions(ctx, { role: "AGENT", permissions: before.filter((key) => key !== dropped) });
      expect((await viewerOf(cookie)).data.viewer.permissions).not.toContain(dropped);
    } finally {
      await setRolePermissions(ctx, { role: "AGENT", permissions: before });
    }
    expect((await viewerOf(cookie)).data.viewer.permissions).toContain(dropped);
  });

  test("a change made by hand in the database, outside the app, reaches the cache too", async () => {
    const user = await createUser(database.prisma, { name: "Jan Nowak" });
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    await database.sql.query(`UPDATE "User" SET name = 'Jan Nowak-Wiśniewski' WHERE id = $1::uuid`, [user.id]);
    await settled();
    expect((await viewerOf(cookie)).data.viewer.user.name).toBe("Jan Nowak-Wiśniewski");
    await database.sql.query(`DELETE FROM "Session" WHERE "userId" = $1::uuid`, [user.id]);
    await settled();
    expect((await graphql(services, `{ viewer { roles } }`, { cookie })).data.viewer).toBeNull();
  });

  test("a sign-in's bookkeeping on the account (last sign-in, failed attempts) does not empty the cache", async () => {
    const user = await createUser(database.prisma);
    const cookie = await signedIn(user.id);
    await viewerOf(cookie);
    await database.prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: clock.now(), failedLoginCount: 1 } });
    await settled();
    expect((await viewerOf(cookie)).queries).toBe(0);
  });

  test("a revoked API token is refused at its next request", async () => {
    const agent = await createUser(database.prisma, { roles: ["AGENT"] });
    const ctx = { ...contextFor(services, await actorFor(database.prisma, agent.id)), authorizationChanged: settled };
    const { token, record } = await createApiToken(ctx, { name: "Integracja", permissions: ["read:order:any"], expiresInDays: 30 });
    expect((await graphql(services, `{ viewer { authenticatedVia } }`, { token })).data.viewer.authenticatedVia).toBe("API_TOKEN");
    const cached = await graphql(services, `{ viewer { authenticatedVia user { name } } }`, { token });
    expect(cached.queries).toBe(0);
    await revokeApiToken(ctx, record.id);
    const refused = await graphql(services, `{ viewer { authenticatedVia } }`, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe("TOKEN_INVALID");
  });
});

// Only PostgreSQL has other connections (the embedded database is one connection in this process).
if (onPostgres) describe("across connections on PostgreSQL", () => {
  test("a deactivation committed by another process's connection is applied here once it has settled", async () => {
    const other = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      const user = await createUser(database.prisma);
      const cookie = await signedIn(user.id);
      await viewerOf(cookie);
      await other.prisma.user.update({ where: { id: user.id }, data: { status: "DEACTIVATED" } });
      await settled();
      expect((await graphql(services, `{ viewer { roles } }`, { cookie })).data.viewer).toBeNull();
    } finally {
      await other.close();
    }
  });
});
