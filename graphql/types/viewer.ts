import { builder } from "../builder";
import { UserNode } from "./user";
import { isPerson, type Actor, type ActorProfile } from "~/domain/identity/actor";

// `viewer.user` is answered from the profile authentication loaded with the session or token (kept in
// the per-process authorization cache), so "who am I" costs no read. A selection asking for more than
// the profile holds (another relation) is read from the database as before.
const PROFILE_COLUMNS = new Set<string>(["id", "email", "name", "isCompany", "phone", "status", "smartUntil", "createdAt"]);
const ROLE_NAMES_SELECTION = JSON.stringify({ select: { role: { select: { name: true } } } });

function userFromProfile(query: { select?: Record<string, unknown>; include?: unknown }, actor: Actor) {
  const profile: ActorProfile | undefined = isPerson(actor) ? actor.profile : undefined;
  if (!profile || !query.select || query.include) return null;
  const user: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query.select)) {
    if (value === true && PROFILE_COLUMNS.has(key)) user[key] = profile[key as keyof ActorProfile];
    else if (key === "roles" && JSON.stringify(value) === ROLE_NAMES_SELECTION) user.roles = profile.roles.map((name) => ({ role: { name } }));
    else return null;
  }
  return user;
}

// `viewer` is who the request acts as (session or API token), with the permissions in effect.
const Viewer = builder.objectRef<{ userId: string; permissions: string[]; roles: string[]; via: string }>("Viewer").implement({
  fields: (t) => ({
    user: t.prismaField({
      type: "User",
      resolve: (query, viewer, _args, ctx) =>
        (userFromProfile(query, ctx.actor) as never) ?? ctx.db.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    roles: t.exposeStringList("roles"),
    permissions: t.exposeStringList("permissions", { description: "action:entity:access keys in effect for this request." }),
    authenticatedVia: t.exposeString("via", { description: "SESSION or API_TOKEN" }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    nullable: true,
    description: "The signed-in person or the API token's owner; null when anonymous.",
    resolve: (_root, _args, ctx) =>
      isPerson(ctx.actor)
        ? {
            userId: ctx.actor.userId,
            roles: [...ctx.actor.roles],
            permissions: [...ctx.actor.permissions].sort(),
            via: ctx.actor.type === "apiToken" ? "API_TOKEN" : "SESSION",
          }
        : null,
  }),
}));

export { UserNode };
