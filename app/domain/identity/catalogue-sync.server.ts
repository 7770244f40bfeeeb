import type { Db } from "../context";
import { parsePermissionKey, ROLE_NAMES } from "./permissions";
import { permissionCatalogue, ROLE_DESCRIPTIONS } from "./permission-catalogue";

/**
 * Writes missing roles and permissions. A permission seen for the first time is granted to its default
 * roles; existing grants are left alone, so what an admin changed in the UI survives every start.
 */
export async function syncRoleCatalogue(db: Db): Promise<{ newPermissions: number }> {
  return db.$transaction(async (tx) => {
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
