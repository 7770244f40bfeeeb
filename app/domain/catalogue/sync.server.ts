import type { Db } from "../context";
import { parsePermissionKey, ROLE_NAMES } from "../identity/permissions";
import { ROLE_DESCRIPTIONS } from "../identity/permission-catalogue";
import { permissionCatalogue } from "./index";

/** The advisory lock key that serialises catalogue writers (any other key the app takes differs). */
export const CATALOGUE_SYNC_LOCK = 72707370;

/**
 * Writes missing roles and permissions. A permission seen for the first time is granted to its default
 * roles; existing grants are left alone, so what an admin changed in the UI survives every start.
 */
export async function syncRoleCatalogue(db: Db): Promise<{ newPermissions: number }> {
  // Runs on every start: two reads when nothing is missing, writes only for what is.
  const [knownRoles, knownPermissions] = await Promise.all([
    db.role.findMany({ select: { name: true } }),
    db.permission.findMany({ select: { action: true, entity: true, access: true } }),
  ]);
  const roleNames = new Set(knownRoles.map((r) => r.name));
  const permissionKeys = new Set(knownPermissions.map((p) => `${p.action}:${p.entity}:${p.access}`));
  if (ROLE_NAMES.every((name) => roleNames.has(name)) && permissionCatalogue().every((p) => permissionKeys.has(p.key))) {
    return { newPermissions: 0 };
  }
  return db.$transaction(async (tx) => {
    // App processes starting at once against one database would both insert the missing permissions and
    // one would fail on the unique key: the writers take turns, and each re-reads what the other wrote.
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${CATALOGUE_SYNC_LOCK}::bigint)`;
    for (const name of ROLE_NAMES) {
      await tx.role.upsert({
        where: { name },
        update: {},
        create: { name, description: ROLE_DESCRIPTIONS[name].description, isStaff: ROLE_DESCRIPTIONS[name].isStaff },
      });
    }
    const roles = new Map((await tx.role.findMany()).map((role) => [role.name, role.id]));
    const existing = new Set(
      (await tx.permission.findMany()).map((p) => `${p.action}:${p.entity}:${p.access}`),
    );
    let newPermissions = 0;
    for (const definition of permissionCatalogue()) {
      if (existing.has(definition.key)) continue;
      const parts = parsePermissionKey(definition.key);
      if (!parts) throw new Error(`Malformed permission key ${definition.key}`);
      const permission = await tx.permission.create({ data: { ...parts, description: definition.description } });
      await tx.rolePermission.createMany({
        data: definition.defaultRoles.map((role) => ({ roleId: roles.get(role)!, permissionId: permission.id })),
      });
      newPermissions++;
    }
    return { newPermissions };
  });
}
