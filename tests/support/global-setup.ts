import pg from "pg";
import { startPostgresCluster, withDatabase, type PostgresCluster } from "./postgres-cluster";
import { migrate } from "~/infra/migrate.server";

// For `npm run test:pg`: one PostgreSQL cluster for the run (or TEST_DATABASE_URL), a template database
// migrated once, and each test file clones it (CREATE DATABASE … TEMPLATE) for isolation.
export const TEMPLATE_DB = "tsb_test_template";

let cluster: PostgresCluster | null = null;

export async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  if (process.env.TEST_DB !== "postgres") return;
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
  cluster?.stop();
}
