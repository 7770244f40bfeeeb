import { openDatabase, type Database } from "./db.server";
import { migrate, readMigrations } from "./migrate.server";
import { pgliteDir, type AppConfig } from "./config.server";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { AppServices } from "./services.server";
import { createGraphQLServer } from "~graphql/yoga.server";
import { syncRoleCatalogue } from "~/domain/identity/catalogue-sync.server";
import { seedDemoData } from "../../prisma/seed/demo";

// The composition root: opens the database, brings it up to date and wires the adapters.

export async function openConfiguredDatabase(config: AppConfig): Promise<Database> {
  return config.databaseUrl ? openDatabase({ url: config.databaseUrl }) : openDatabase({ dataDir: pgliteDir(config) });
}

export interface BootResult {
  services: AppServices;
  seeded: boolean;
}

export async function bootServices(config: AppConfig, clock: Clock = systemClock): Promise<BootResult> {
  const database = await openConfiguredDatabase(config);
  let seeded = false;
  if (database.kind === "pglite") {
    // The embedded database is the app's own: migrate and seed it on start.
    await database.session((sql) => migrate(sql));
    seeded = await seedDemoData(database, clock);
  } else {
    await assertMigrated(database);
    await syncRoleCatalogue(database.prisma);
  }
  const base = { config, database, clock };
  const services: AppServices = { ...base, graphql: createGraphQLServer(base) };
  return { services, seeded };
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
