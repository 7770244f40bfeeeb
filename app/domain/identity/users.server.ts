import type { DomainContext, Tx } from "../context";
import { cappedCount } from "../shared/capped-count";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, requirePerson } from "./actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { hashPassword } from "./passwords.server";
import { createUserSchema, setRolePermissionsSchema, setUserRolesSchema } from "./schemas";
import type { RoleName } from "./permissions";
import { z } from "zod";
import { searchText } from "../shared/search-text";

// Account administration. Deactivation ends the account's sessions and API tokens in the same
// transaction, so access stops with the next request.

export const listUsersSchema = z.object({
  // Control characters (a NUL byte would make PostgreSQL fail the query) are removed, as in every search.
  search: searchText(200),
  role: searchText(40),
  status: z.enum(["ACTIVE", "DEACTIVATED"]).optional(),
});

export function userSearchWhere(filter: z.infer<typeof listUsersSchema>) {
  return {
    ...(filter.search
      ? {
          OR: [
            { name: { contains: filter.search, mode: "insensitive" as const } },
            { email: { contains: filter.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
    ...(filter.role ? { roles: { some: { role: { name: filter.role } } } } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
}

export async function listUsers(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  authorize(ctx.actor, "read", "user");
  const filter = parseInput(listUsersSchema, input ?? {});
  const where = userSearchWhere(filter);
  const [total, users] = await Promise.all([
    cappedCount((take) => ctx.db.user.count({ where, take, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }), { skip: page.skip, take: page.take ?? 50 }),
    ctx.db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 50, 200),
      include: { roles: { include: { role: true } } },
    }),
  ]);
  return { total, users };
}

export async function getUser(ctx: DomainContext, userId: string) {
  const id = parseInput(uuid, userId);
  authorize(ctx.actor, "read", "user", () => requirePerson(ctx.actor).userId === id);
  const user = await ctx.db.user.findUnique({
    where: { id },
    include: {
      roles: { include: { role: true } },
      apiTokens: { where: { revokedAt: null }, orderBy: { createdAt: "desc" } },
      // Only sessions that still work count as active.
      _count: { select: { sessions: { where: { expiresAt: { gt: ctx.clock.now() } } } } },
    },
  });
  if (!user) throw notFound("User");
  return user;
}

export async function createUser(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "user");
  const data = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return inTransaction(ctx, async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new DomainError(ErrorCode.EMAIL_TAKEN, "An account with this e-mail exists", {
        fieldErrors: { email: ["An account with this e-mail exists"] },
      });
    }
    const roles = await tx.role.findMany({ where: { name: { in: data.roles } } });
    const user = await tx.user.create({
      data: {
        email: data.email,
        name: data.name,
        isCompany: data.isCompany,
        passwordHash,
        createdAt: ctx.clock.now(),
        roles: { create: roles.map((role) => ({ roleId: role.id, grantedAt: ctx.clock.now() })) },
      },
    });
    await audit(tx, ctx, { action: "user.create", subjectType: "User", subjectId: user.id, metadata: { roles: data.roles } });
    return user;
  });
}

export async function setUserRoles(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "user");
  const data = parseInput(setUserRolesSchema, input);
  const result = await inTransaction(ctx, async (tx) => {
    const user = await lockUser(tx, data.userId);
    const current = user.roles.map((ur) => ur.role.name as RoleName);
    if (current.includes("ADMIN") && !data.roles.includes("ADMIN")) await assertNotLastAdmin(tx, user.id);
    const roles = await tx.role.findMany({ where: { name: { in: data.roles } } });
    await tx.userRole.deleteMany({ where: { userId: user.id } });
    await tx.userRole.createMany({ data: roles.map((role) => ({ userId: user.id, roleId: role.id, grantedAt: ctx.clock.now() })) });
    // A change of roles ends current sessions: the person signs in again under the new permissions
    // (and staff roles require the second factor from then on).
    await tx.session.deleteMany({ where: { userId: user.id } });
    await audit(tx, ctx, {
      action: "user.setRoles",
      subjectType: "User",
      subjectId: user.id,
      metadata: { from: current, to: data.roles },
    });
    return tx.user.findUniqueOrThrow({ where: { id: user.id }, include: { roles: { include: { role: true } } } });
  });
  // Sessions and permissions are cached per process: respond only once this change has reached the cache.
  await ctx.authorizationChanged?.();
  return result;
}

export async function setUserStatus(ctx: DomainContext, userId: string, status: "ACTIVE" | "DEACTIVATED") {
  authorize(ctx.actor, "manage", "user");
  const id = parseInput(uuid, userId);
  const actor = requirePerson(ctx.actor);
  const result = await inTransaction(ctx, async (tx) => {
    const user = await lockUser(tx, id);
    if (user.status === status) return user;
    if (status === "DEACTIVATED") {
      if (user.id === actor.userId) {
        throw new DomainError(ErrorCode.CONFLICT, "You cannot deactivate your own account");
      }
      if (user.roles.some((ur) => ur.role.name === "ADMIN")) await assertNotLastAdmin(tx, user.id);
      await tx.session.deleteMany({ where: { userId: user.id } });
      await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    }
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { status, failedLoginCount: 0, lockedUntil: null },
      include: { roles: { include: { role: true } } },
    });
    await audit(tx, ctx, {
      action: status === "DEACTIVATED" ? "user.deactivate" : "user.reactivate",
      subjectType: "User",
      subjectId: user.id,
    });
    return updated;
  });
  // Sessions and permissions are cached per process: respond only once this change has reached the cache.
  await ctx.authorizationChanged?.();
  return result;
}

/** Clears a lost authenticator: the person enrols a new one at the next sign-in. */
export async function resetSecondFactor(ctx: DomainContext, userId: string) {
  authorize(ctx.actor, "manage", "user");
  const id = parseInput(uuid, userId);
  const result = await inTransaction(ctx, async (tx) => {
    await lockUser(tx, id);
    await tx.user.update({ where: { id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.session.deleteMany({ where: { userId: id } });
    await audit(tx, ctx, { action: "user.resetSecondFactor", subjectType: "User", subjectId: id });
  });
  // Sessions and permissions are cached per process: respond only once this change has reached the cache.
  await ctx.authorizationChanged?.();
  return result;
}

export async function listRoles(ctx: DomainContext) {
  authorize(ctx.actor, "read", "user");
  return ctx.db.role.findMany({
    orderBy: { name: "asc" },
    include: { permissions: { include: { permission: true } }, _count: { select: { users: true } } },
  });
}

export async function listPermissions(ctx: DomainContext) {
  authorize(ctx.actor, "read", "user");
  return ctx.db.permission.findMany({ orderBy: [{ entity: "asc" }, { action: "asc" }, { access: "asc" }] });
}

export async function setRolePermissions(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "role");
  const data = parseInput(setRolePermissionsSchema, input);
  // The permissions the database holds are the catalogue (the start-up sync writes every context's).
  const known = new Set((await ctx.db.permission.findMany({ select: { action: true, entity: true, access: true } })).map(keyOf));
  const unknown = data.permissions.filter((key) => !known.has(key));
  if (unknown.length) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `Unknown permissions: ${unknown.join(", ")}`, {
      fieldErrors: { permissions: [`Unknown permissions: ${unknown.join(", ")}`] },
    });
  }
  if (data.role === "ADMIN" && !data.permissions.includes("manage:role:any")) {
    throw new DomainError(ErrorCode.CONFLICT, "The ADMIN role must keep manage:role:any, or nobody could change roles again");
  }
  const result = await inTransaction(ctx, async (tx) => {
    const role = await tx.role.findUniqueOrThrow({ where: { name: data.role }, include: { permissions: { include: { permission: true } } } });
    const before = role.permissions.map((rp) => keyOf(rp.permission));
    const permissions = await tx.permission.findMany();
    const wanted = permissions.filter((p) => data.permissions.includes(keyOf(p)));
    await tx.rolePermission.deleteMany({ where: { roleId: role.id } });
    await tx.rolePermission.createMany({ data: wanted.map((p) => ({ roleId: role.id, permissionId: p.id })) });
    await audit(tx, ctx, {
      action: "role.setPermissions",
      subjectType: "Role",
      subjectId: role.id,
      metadata: {
        added: data.permissions.filter((key) => !before.includes(key)),
        removed: before.filter((key) => !data.permissions.includes(key)),
      },
    });
  });
  // Sessions and permissions are cached per process: respond only once this change has reached the cache.
  await ctx.authorizationChanged?.();
  return result;
}

const keyOf = (p: { action: string; entity: string; access: string }) => `${p.action}:${p.entity}:${p.access}`;

async function lockUser(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  const user = await tx.user.findUnique({ where: { id: userId }, include: { roles: { include: { role: true } } } });
  if (!user) throw notFound("User");
  return user;
}

async function assertNotLastAdmin(tx: Tx, userId: string) {
  // Serialises every change that could remove an administrator (lock on the ADMIN role row; FOR NO KEY
  // UPDATE still lets grants of the role through). Without it, two admins deactivating each other at the
  // same moment each see the other as still active, and both commit: no administrator is left. The
  // count below is a new statement, so it sees what the transaction that held the lock committed.
  await tx.$queryRaw`SELECT id FROM "Role" WHERE name = 'ADMIN' FOR NO KEY UPDATE`;
  const otherAdmins = await tx.user.count({
    where: { id: { not: userId }, status: "ACTIVE", roles: { some: { role: { name: "ADMIN" } } } },
  });
  if (otherAdmins === 0) throw new DomainError(ErrorCode.LAST_ADMIN, "This is the last active administrator");
}
