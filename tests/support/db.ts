import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { withDatabase } from "./postgres-cluster";
import { TEMPLATE_DB } from "./global-setup";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** The migrated embedded database (a PGlite data-directory dump), made once per run. */
    pgliteTemplate: string;
  }
}

export const onPostgres = process.env.TEST_DB === "postgres";

/**
 * A fresh, migrated database with the role catalogue: in-memory PGlite by default, a clone of the
 * migrated template on PostgreSQL under `npm run test:pg`. Close it in afterAll.
 */
export type TestDatabase = Database & {
  /** The database's URL on PostgreSQL (to open further pools that race each other); undefined on PGlite. */
  url?: string;
};

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (!onPostgres) {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) });
    const database = await openDatabase({ pglite });
    // Migrations already applied in the template: this checks them and applies nothing.
    await database.session((sql) => migrate(sql));
    const close = database.close;
    return { ...database, close: async () => (await close(), await pglite.close()) };
  }
  const adminUrl = inject("pgAdminUrl");
  const name = `tsb_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const database = await openDatabase({ url, poolSize: options.poolSize ?? 20 });
  await syncRoleCatalogue(database.prisma);
  const close = database.close;
  return {
    ...database,
    url,
    close: async () => {
      await close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
