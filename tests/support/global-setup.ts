import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { startPostgresCluster, withDatabase, type PostgresCluster } from "./postgres-cluster";
import { openDatabase } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";

// For `npm run test:pg`: one PostgreSQL cluster for the run (or TEST_DATABASE_URL), a template database
// migrated once, and each test file clones it (CREATE DATABASE … TEMPLATE) for isolation.
export const TEMPLATE_DB = "tsb_test_template";

let cluster: PostgresCluster | null = null;
let pgliteTemplateDir: string | null = null;

/**
 * On the embedded database: one PGlite migrated with the role catalogue, saved as a data-directory dump
 * that every test database starts from (about 2 s instead of 8 s of creating and migrating each one).
 */
async function preparePgliteTemplate(provide: (key: string, value: unknown) => void) {
  const pglite = await PGlite.create("memory://");
  const database = await openDatabase({ pglite });
  await database.session((sql) => migrate(sql));
  await syncRoleCatalogue(database.prisma);
  const dump = await pglite.dumpDataDir("none");
  await database.close();
  await pglite.close();
  pgliteTemplateDir = mkdtempSync(path.join(tmpdir(), "tsb-pglite-template-"));
  const file = path.join(pgliteTemplateDir, "migrated.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  provide("pgliteTemplate", file);
}

export async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  if (process.env.TEST_DB !== "postgres") return preparePgliteTemplate(provide);
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    cluster = await startPostgresCluster();
    adminUrl = cluster.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const template = new pg.Client({ connectionString: withDatabase(adminUrl, TEMPLATE_DB) });
  await template.connect();
  await migrate({
    exec: async (sql) => {
      await template.query(sql);
    },
    query: async (sql, params) => (await template.query(sql, params as unknown[])).rows,
  });
  await template.end();
  provide("pgAdminUrl", adminUrl);
}

export async function teardown() {
  if (pgliteTemplateDir) rmSync(pgliteTemplateDir, { recursive: true, force: true });
  cluster?.stop();
}
