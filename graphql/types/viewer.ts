import { builder } from "../builder";
import { UserNode } from "./user";
import { isPerson } from "~/domain/identity/actor";

// `viewer` is who the request acts as (session or API token), with the permissions in effect.
const Viewer = builder.objectRef<{ userId: string; permissions: string[]; roles: string[]; via: string }>("Viewer").implement({
  fields: (t) => ({
    user: t.prismaField({
      type: "User",
      resolve: (query, viewer, _args, ctx) => ctx.db.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
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
