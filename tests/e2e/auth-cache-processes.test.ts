import { openDatabase, type Database } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { commitSessionCookie } from "~/infra/auth.server";
import type { AppServices } from "~/infra/services.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { DAY } from "~/domain/shared/time";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { createUser } from "../support/factories";
import { startApp, type RunningApp } from "./support/server";

// Two app processes on one PostgreSQL, each answering sessions from its own in-memory authorization
// cache. "Deactivating an account ends its sessions at once" must hold in both: the request right
// after the deactivation's response is refused by either process, whichever one deactivated.

const SECRET = "two-processes-test-secret";
const signer = { config: { sessionSecrets: [SECRET], secureCookies: false, allowedOrigins: [] } } as unknown as AppServices;

let cluster: PostgresCluster;
let database: Database;
let apps: RunningApp[] = [];

async function signedInCookie(userId: string): Promise<string> {
  const now = new Date();
  const session = await database.prisma.session.create({
    data: { userId, createdAt: now, expiresAt: new Date(now.getTime() + DAY), secondFactorAt: now },
  });
  return (await commitSessionCookie(signer, session.id, session.expiresAt)).split(";")[0];
}

async function gql(app: RunningApp, cookie: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: app.url, "x-graphql-csrf": "1" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

const viewerName = async (app: RunningApp, cookie: string): Promise<string | null> =>
  ((await gql(app, cookie, `{ viewer { user { name } } }`)).data?.viewer?.user?.name as string | undefined) ?? null;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  database = await openDatabase({ url: cluster.url, poolSize: 4 });
  await database.session((sql) => migrate(sql));
  await syncRoleCatalogue(database.prisma);
  const env = { DATABASE_URL: cluster.url, RUN_WORKERS: "false", SESSION_SECRET: SECRET };
  apps = await Promise.all([startApp({ env }), startApp({ env })]);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await database?.close();
  cluster?.stop();
});

test("both processes answer a warmed session from memory (the session table out of reach does not matter)", async () => {
  const user = await createUser(database.prisma, { name: "Zofia Cache" });
  const cookie = await signedInCookie(user.id);
  // Asked twice: the first answer may race the notice of the account's creation and not be kept.
  for (const app of [...apps, ...apps]) expect(await viewerName(app, cookie)).toBe("Zofia Cache");
  // Without the cache every request would read "Session" and fail now.
  await database.sql.exec(`ALTER TABLE "Session" RENAME TO "Session_hidden"`);
  try {
    for (const app of apps) expect(await viewerName(app, cookie)).toBe("Zofia Cache");
  } finally {
    await database.sql.exec(`ALTER TABLE "Session_hidden" RENAME TO "Session"`);
  }
});

test("a deactivation through either process refuses the next request in both", async () => {
  const admin = await createUser(database.prisma, { roles: ["ADMIN"] });
  const adminCookie = await signedInCookie(admin.id);
  const rounds = 8;
  for (let round = 0; round < rounds; round++) {
    const [deactivating, other] = round % 2 === 0 ? apps : [apps[1], apps[0]];
    const user = await createUser(database.prisma, { name: `Osoba ${round}` });
    const cookie = await signedInCookie(user.id);
    // Both processes hold the session in memory (asked twice: the first answer may race the notice of
    // the account's creation and not be kept).
    for (const app of [...apps, ...apps]) expect(await viewerName(app, cookie)).toBe(`Osoba ${round}`);

    const result = await gql(deactivating, adminCookie, `mutation($id: ID!) { deactivateUser(userId: $id) { __typename } }`, {
      id: Buffer.from(`User:${user.id}`).toString("base64"),
    });
    expect(result.data?.deactivateUser.__typename).toBe("MutationDeactivateUserSuccess");
    // The very next requests, to the other process first.
    expect(await viewerName(other, cookie), `round ${round}: the other process`).toBeNull();
    expect(await viewerName(deactivating, cookie), `round ${round}: the deactivating process`).toBeNull();
  }
});

test("signing out in one process ends the session in the other", async () => {
  const user = await createUser(database.prisma, { name: "Wylogowana Osoba" });
  const cookie = await signedInCookie(user.id);
  for (const app of [...apps, ...apps]) expect(await viewerName(app, cookie)).toBe("Wylogowana Osoba");
  const response = await fetch(`${apps[0].url}/logout`, { method: "POST", redirect: "manual", headers: { cookie, origin: apps[0].url } });
  expect(response.status).toBe(302);
  expect(await viewerName(apps[1], cookie)).toBeNull();
});

test("a change made directly in the database (no app involved) reaches both processes within a moment", async () => {
  const user = await createUser(database.prisma, { name: "Ręczna Zmiana" });
  const cookie = await signedInCookie(user.id);
  for (const app of [...apps, ...apps]) expect(await viewerName(app, cookie)).toBe("Ręczna Zmiana");
  const started = performance.now();
  await database.sql.query(`UPDATE "User" SET status = 'DEACTIVATED' WHERE id = $1::uuid`, [user.id]);
  for (const app of apps) {
    while ((await viewerName(app, cookie)) !== null) {
      expect(performance.now() - started, "refused within a second").toBeLessThan(1_000);
    }
  }
});
