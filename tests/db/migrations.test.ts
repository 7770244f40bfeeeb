import { openDatabase, type Database } from "~/infra/db.server";
import { checksumOf, migrate, MigrationError, PRISMA_ADVISORY_LOCK, readMigrations } from "~/infra/migrate.server";
import { createHash } from "node:crypto";

// The migrate command must record history exactly as `prisma migrate deploy` would, so the real
// engine accepts it wherever it is installed.
let db: Database;
beforeEach(async () => {
  db = await openDatabase({});
});
afterEach(async () => db.close());

const sample = (name: string, sql: string) => ({ name, sql, checksum: checksumOf(sql) });

test("records every migration in _prisma_migrations with Prisma's columns and checksum", async () => {
  const migrations = readMigrations();
  expect(migrations.length).toBeGreaterThan(0);
  const result = await db.session((sql) => migrate(sql, migrations));
  expect(result.applied).toEqual(migrations.map((m) => m.name));
  const rows = await db.sql.query<Record<string, unknown>>(`SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
  expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
  for (const [i, row] of rows.entries()) {
    expect(row.checksum).toBe(createHash("sha256").update(migrations[i].sql).digest("hex"));
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(String(row.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.applied_steps_count).toBe(1);
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
  }
  const columns = await db.sql.query<{ column_name: string; data_type: string; is_nullable: string }>(
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
  );
  expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
    "id character varying NO",
    "checksum character varying NO",
    "finished_at timestamp with time zone YES",
    "migration_name character varying NO",
    "logs text YES",
    "rolled_back_at timestamp with time zone YES",
    "started_at timestamp with time zone NO",
    "applied_steps_count integer NO",
  ]);
});

test("a second run applies nothing", async () => {
  await db.session((sql) => migrate(sql));
  const again = await db.session((sql) => migrate(sql));
  expect(again.applied).toEqual([]);
  expect(again.alreadyApplied.length).toBe(readMigrations().length);
});

test("refuses a migration edited after it was applied", async () => {
  await db.session((sql) => migrate(sql, [sample("20260101000000_a", "CREATE TABLE a (id int);")]));
  await expect(
    db.session((sql) => migrate(sql, [sample("20260101000000_a", "CREATE TABLE a (id int, x int);")])),
  ).rejects.toThrow(/edited after it was applied/);
});

test("a failing migration is rolled back, logged, and blocks later runs until resolved", async () => {
  const good = sample("20260101000000_good", "CREATE TABLE good (id int);");
  const bad = sample("20260102000000_bad", "CREATE TABLE half (id int); SELECT * FROM no_such_table;");
  await expect(db.session((sql) => migrate(sql, [good, bad]))).rejects.toThrow(MigrationError);
  const rows = await db.sql.query<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
    `SELECT migration_name, finished_at, logs FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  expect(rows[0]).toMatchObject({ migration_name: good.name });
  expect(rows[0].finished_at).not.toBeNull();
  expect(rows[1].finished_at).toBeNull();
  expect(rows[1].logs).toMatch(/no_such_table/);
  // The failed migration's statements were rolled back together.
  expect(await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`)).toHaveLength(0);
  await expect(db.session((sql) => migrate(sql, [good, bad]))).rejects.toThrow(/failed earlier/);
});

test("serialises runs with Prisma's advisory lock and releases it", async () => {
  const seen: string[] = [];
  await db.session((sql) =>
    migrate({
      exec: (text) => sql.exec(text),
      query: async (text, params) => {
        if (text.includes("pg_advisory")) seen.push(`${text.replace(/\(.*/, "")} ${params?.[0]}`);
        return sql.query(text, params);
      },
    }),
  );
  expect(seen).toEqual([`SELECT pg_advisory_lock ${PRISMA_ADVISORY_LOCK}`, `SELECT pg_advisory_unlock ${PRISMA_ADVISORY_LOCK}`]);
});
