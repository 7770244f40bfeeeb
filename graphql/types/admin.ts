import { builder } from "../builder";
import { mutationErrors } from "./errors";
import { UserNode } from "./user";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { listRoles, setRolePermissions, setUserRoles, setUserStatus } from "~/domain/identity/users.server";
import { DomainError, ErrorCode } from "~/domain/errors";

// Account and role administration. Every rule (last admin, own account, known permissions) is in
// app/domain/identity/users.server.ts; these resolvers only translate.

export function rawId(globalId: string | number, expectedType: string): string {
  try {
    const { typename, id } = decodeGlobalID(String(globalId));
    if (typename === expectedType) return id;
  } catch {
    // fall through
  }
  throw new DomainError(ErrorCode.NOT_FOUND, `${expectedType} not found`);
}

const RoleType = builder.prismaObject("Role", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    isStaff: t.exposeBoolean("isStaff"),
    permissions: t.stringList({
      select: { permissions: { select: { permission: true } } },
      resolve: (role) =>
        role.permissions.map((rp) => `${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`).sort(),
    }),
  }),
});

builder.queryFields((t) => ({
  roles: t.field({
    type: [RoleType],
    authScopes: { permissionAny: "read:user" },
    resolve: (_root, _args, ctx) => listRoles(ctx),
  }),
}));

const RoleNameEnum = builder.enumType("RoleName", {
  values: ["BUYER", "SELLER", "RIGHTS_HOLDER", "AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"] as const,
});

builder.mutationFields((t) => ({
  setUserRoles: t.field({
    type: UserNode,
    errors: mutationErrors,
    args: { userId: t.arg.id({ required: true }), roles: t.arg({ type: [RoleNameEnum], required: true }) },
    resolve: (_root, args, ctx) => setUserRoles(ctx, { userId: rawId(args.userId, "User"), roles: args.roles }),
  }),
  deactivateUser: t.field({
    type: UserNode,
    errors: mutationErrors,
    description: "Deactivates an account: its sessions and API tokens end at once.",
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setUserStatus(ctx, rawId(args.userId, "User"), "DEACTIVATED"),
  }),
  reactivateUser: t.field({
    type: UserNode,
    errors: mutationErrors,
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setUserStatus(ctx, rawId(args.userId, "User"), "ACTIVE"),
  }),
  setRolePermissions: t.field({
    type: "Boolean",
    errors: mutationErrors,
    args: { role: t.arg({ type: RoleNameEnum, required: true }), permissions: t.arg.stringList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await setRolePermissions(ctx, { role: args.role, permissions: args.permissions });
      return true;
    },
  }),
}));
