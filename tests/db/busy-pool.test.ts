import { openConfiguredDatabase } from "~/infra/bootstrap.server";
import { loadConfig } from "~/infra/config.server";
import { APP_TRANSACTION_OPTIONS, openDatabase, type Database } from "~/infra/db.server";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";

// Under load every connection of the app's pool can be busy for a few seconds (the load test's 64 clients
// on one process did that). A read then waits for a connection; a decision (an interactive transaction)
// used to give up after Prisma's default 2 s and answer INTERNAL. It must wait like the reads do.
let db: TestDatabase | null = null;
let app: Database;
beforeEach(async () => {
  db = onPostgres ? await createTestDatabase() : null;
  // On PostgreSQL, the database exactly as the app process opens it (its pool of 10). The embedded database
  // is one connection that transactions queue for, opened with the same settings (openEmbedded).
  app = onPostgres
    ? await openConfiguredDatabase(loadConfig({ NODE_ENV: "test", DATABASE_URL: db!.url, SESSION_SECRET: "x" }))
    : await openDatabase({ transactionOptions: APP_TRANSACTION_OPTIONS });
});
afterEach(async () => {
  await app.close();
  await db?.close();
});

test("a transaction that finds every connection busy for over 2 s waits for one instead of failing", async () => {
  const busy = onPostgres ? 10 : 1; // the pool's size; PGlite has one connection
  // Each holder keeps its connection in an open transaction for 2.3 s.
  const hold = () =>
    app.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 AS held`;
      await new Promise((r) => setTimeout(r, 2300));
    });
  const holders = Array.from({ length: busy }, hold);
  await new Promise((r) => setTimeout(r, 100));
  const decision = app.prisma.$transaction(async (tx) => tx.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`);
  const results = await Promise.allSettled([...holders, decision]);
  const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason).slice(0, 200)] : []));
  expect(failures).toEqual([]);
  expect((results.at(-1) as PromiseFulfilledResult<{ ok: number }[]>).value).toEqual([{ ok: 1 }]);
}, 20_000);
