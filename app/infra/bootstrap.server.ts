import { createAuthCache } from "./auth-cache.server";
import { APP_TRANSACTION_OPTIONS, openDatabase, type Database, type OpenDatabaseOptions } from "./db.server";
import { openEmbedded } from "./embedded-template.server";
import { migrate, readMigrations } from "./migrate.server";
import { pgliteDir, type AppConfig } from "./config.server";
import type { Clock } from "./clock";
import { createAdjustableClock, systemClock } from "./clock";
import type { AppServices } from "./services.server";
import { createGraphQLServer } from "~graphql/yoga.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { seedDemoData } from "../../prisma/seed/demo";

// The composition root: opens the database, brings it up to date and wires the adapters.

export async function openConfiguredDatabase(config: AppConfig, extra: Pick<OpenDatabaseOptions, "transactionOptions"> = {}): Promise<Database> {
  const options = { transactionOptions: APP_TRANSACTION_OPTIONS, ...extra };
  return config.databaseUrl ? openDatabase({ url: config.databaseUrl, ...options }) : openDatabase({ dataDir: pgliteDir(config), ...options });
}

export interface BootResult {
  services: AppServices;
  /** The database was created by this start (print the demo accounts). */
  firstStart: boolean;
}

/** Browser tests move time through /test-support/clock; nothing else ever gets an adjustable clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.TEST_CLOCK === "adjustable" ? createAdjustableClock() : systemClock;
}

export async function bootServices(config: AppConfig, clock: Clock = clockFromEnv()): Promise<BootResult> {
  let database: Database;
  let firstStart = false;
  if (!config.databaseUrl) {
    // The embedded database is the app's own: created from the prepared template (or from scratch),
    // migrated and seeded on start.
    const embedded = await openEmbedded(pgliteDir(config));
    database = embedded.database;
    await database.session((sql) => migrate(sql));
    const seeded = await seedDemoData(database, clock);
    firstStart = embedded.fresh || seeded;
  } else {
    database = await openConfiguredDatabase(config);
    await assertMigrated(database);
    await syncRoleCatalogue(database.prisma);
  }
  const base = { config, database, clock, authCache: createAuthCache(database) };
  const services: AppServices = { ...base, graphql: createGraphQLServer(base) };
  return { services, firstStart };
}

/**
 * The migrations in prisma/migrations that the database has not applied (finished, not rolled back).
 * A database without the `_prisma_migrations` table has applied none; any other failure (the database
 * out of reach) is thrown. Used at boot (assertMigrated) and by the readiness check (/readyz).
 */
export async function pendingMigrations(
  database: Pick<Database, "sql">,
  expected: readonly string[] = readMigrations().map((m) => m.name),
): Promise<string[]> {
  let rows: { migration_name: string }[];
  try {
    rows = await database.sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
  } catch (error) {
    if ((error as { code?: unknown })?.code !== "42P01" && !/_prisma_migrations.*does not exist/i.test(String((error as Error)?.message))) throw error;
    rows = [];
  }
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}

async function assertMigrated(database: Database) {
  const pending = await pendingMigrations(database);
  if (pending.length) {
    throw new Error(`The database is missing migrations (${pending.join(", ")}). Run: npm run db:migrate`);
  }
}
