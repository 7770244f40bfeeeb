import { builder } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { actingUserId, authorize, canAny } from "~/domain/identity/actor";
import { maySeeContactDetails } from "~/domain/identity/views";
import { listUsersSchema, userSearchWhere } from "~/domain/identity/users.server";
import { parseInput } from "~/domain/shared/validation";
import type { GraphQLContext } from "../builder";

// Contact details are personal data: the domain decides who sees them (identity/views.ts).
const canSeeContact = (ctx: GraphQLContext, userId: string) => maySeeContactDetails(ctx.actor, userId);

export const UserNode = builder.prismaNode("User", {
  id: { field: "id" },
  // Select mode: only the columns a query asks for are read (never password hashes or TOTP secrets).
  select: { id: true },
  nullable: true,
  // node(id:) on a user is for the user themself or staff who may read any account; nested users
  // (an order's seller) are loaded through their visible parent.
  // Anonymous callers match no row (an empty id would not even be a uuid: PostgreSQL refused it, INTERNAL).
  findUnique: (id, ctx) => {
    if (canAny(ctx.actor, "read", "user")) return { id };
    const self = actingUserId(ctx.actor);
    return { id, AND: [self ? { id: self } : { id: { in: [] } }] };
  },
  fields: (t) => ({
    name: t.exposeString("name"),
    isCompany: t.exposeBoolean("isCompany"),
    email: t.string({ nullable: true, select: { email: true }, resolve: (user, _a, ctx) => (canSeeContact(ctx, user.id) ? user.email : null) }),
    phone: t.string({ nullable: true, select: { phone: true }, resolve: (user, _a, ctx) => (canSeeContact(ctx, user.id) ? user.phone : null) }),
    status: t.exposeString("status"),
    smartMember: t.boolean({
      description: "Holds an active SMART membership (shorter claim deadlines).",
      select: { smartUntil: true },
      resolve: (user, _a, ctx) => !!user.smartUntil && user.smartUntil > ctx.clock.now(),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    roles: t.stringList({
      select: { roles: { select: { role: { select: { name: true } } } } },
      resolve: (user) => user.roles.map((ur) => ur.role.name),
    }),
  }),
});

const userCounts = countedConnection((args: { search?: string | null; role?: string | null; status?: string | null }, ctx) => (take) =>
  ctx.db.user.count({ where: usersWhere(ctx, args), ...(take ? { take, orderBy: [{ createdAt: "desc" as const }, { id: "asc" as const }] } : {}) }),
);

builder.queryFields((t) => ({
  users: t.prismaConnection({
    type: "User",
    cursor: "id",
    authScopes: { permissionAny: "read:user" },
    args: {
      search: t.arg.string(),
      role: t.arg.string(),
      status: t.arg.string(),
    },
    description: "Accounts (staff only).",
    totalCount: userCounts.totalCount,
    resolve: (query, _parent, args, ctx, info) => {
      userCounts.alongside(args, ctx, info);
      return ctx.db.user.findMany({ ...query, where: usersWhere(ctx, args), orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
    },
  }, { fields: totalFields }),
}));

function usersWhere(ctx: GraphQLContext, args: { search?: string | null; role?: string | null; status?: string | null }) {
  // The same rule as the domain's listUsers: the account list needs read:user:any (staff). The scope
  // check above passes with read:user:own too, which every role holds.
  authorize(ctx.actor, "read", "user");
  const filter = parseInput(listUsersSchema, {
    search: args.search ?? undefined,
    role: args.role ?? undefined,
    status: args.status ?? undefined,
  });
  return userSearchWhere(filter);
}
