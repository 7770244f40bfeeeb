import { openDatabase, type Database, type OpenDatabaseOptions } from "./db.server";
import { openEmbedded } from "./embedded-template.server";
import { migrate, readMigrations } from "./migrate.server";
import { pgliteDir, type AppConfig } from "./config.server";
import type { Clock } from "./clock";
import { createAdjustableClock, systemClock } from "./clock";
import type { AppServices } from "./services.server";
import { createGraphQLServer } from "~graphql/yoga.server";
import { syncRoleCatalogue } from "~/domain/identity/catalogue-sync.server";
import { seedDemoData } from "../../prisma/seed/demo";

// The composition root: opens the database, brings it up to date and wires the adapters.

export async function openConfiguredDatabase(config: AppConfig, extra: Pick<OpenDatabaseOptions, "transactionOptions"> = {}): Promise<Database> {
  return config.databaseUrl ? openDatabase({ url: config.databaseUrl, ...extra }) : openDatabase({ dataDir: pgliteDir(config), ...extra });
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
  const base = { config, database, clock };
  const services: AppServices = { ...base, graphql: createGraphQLServer(base) };
  return { services, firstStart };
}

async function assertMigrated(database: Database) {
  const expected = readMigrations().map((m) => m.name);
  const rows = await database.sql
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => []);
  const applied = new Set(rows.map((row) => row.migration_name));
  const pending = expected.filter((name) => !applied.has(name));
  if (pending.length) {
    throw new Error(`The database is missing migrations (${pending.join(", ")}). Run: npm run db:migrate`);
  }
}
