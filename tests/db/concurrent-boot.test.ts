import { openDatabase, type Database } from "~/infra/db.server";
import { pendingMigrations } from "~/infra/bootstrap.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { permissionCatalogue } from "~/domain/catalogue";
import { ROLE_NAMES } from "~/domain/identity/permissions";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";

// Several app processes start at once against one database (two web processes behind one port, workers):
// each one's boot checks the migrations and writes the roles and permissions the catalogue is missing.
// None may fail because another one was writing the same rows at the same moment.
let db: TestDatabase;
let processes: Database[];
beforeEach(async () => {
  db = await createTestDatabase();
  // On PostgreSQL every "process" has its own pool, so the boots really race; PGlite has one connection.
  processes = onPostgres ? await Promise.all([0, 1, 2, 3].map(() => openDatabase({ url: db.url!, poolSize: 2 }))) : [db, db, db, db];
});
afterEach(async () => {
  if (onPostgres) await Promise.all(processes.map((p) => p.close()));
  await db.close();
});

async function forgetCatalogue(database: Database) {
  // As after a release that adds permissions: the catalogue's rows are not in the database yet.
  await database.sql.exec(`DELETE FROM "RolePermission"; DELETE FROM "Permission"; DELETE FROM "Role"`);
}

test("processes booting at once all start, and the catalogue is written once", async () => {
  for (let round = 0; round < 5; round++) {
    await forgetCatalogue(db);
    const results = await Promise.allSettled(
      processes.map(async (database) => {
        expect(await pendingMigrations(database)).toEqual([]);
        return syncRoleCatalogue(database.prisma);
      }),
    );
    const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason).slice(0, 300)] : []));
    expect(failures).toEqual([]);
    // Exactly one process wrote the new permissions; the others found them written.
    const written = results.map((r) => (r.status === "fulfilled" ? r.value.newPermissions : -1));
    expect(written.filter((n) => n > 0)).toEqual([permissionCatalogue().length]);
    const [counts] = await db.sql.query<{ roles: number; permissions: number; grants: number }>(
      `SELECT (SELECT count(*)::int FROM "Role") AS roles, (SELECT count(*)::int FROM "Permission") AS permissions,
              (SELECT count(*)::int FROM "RolePermission") AS grants`,
    );
    expect(counts.roles).toBe(ROLE_NAMES.length);
    expect(counts.permissions).toBe(permissionCatalogue().length);
    expect(counts.grants).toBe(permissionCatalogue().reduce((n, p) => n + p.defaultRoles.length, 0));
  }
});
