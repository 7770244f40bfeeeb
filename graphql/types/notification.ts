import { builder } from "../builder";
import { mutationErrors } from "./errors";
import { markRead } from "~/domain/notifications/inbox.server";
import { actingUserId } from "~/domain/identity/actor";
import { rawId } from "./admin";

builder.prismaNode("Notification", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ userId: actingUserId(ctx.actor) ?? "00000000-0000-0000-0000-000000000000" }] }),
  fields: (t) => ({
    kind: t.exposeString("kind", { description: "Message key, e.g. discussion.sellerReplied" }),
    params: t.string({ description: "JSON object of message parameters", select: { payload: true }, resolve: (n) => JSON.stringify(n.payload ?? {}) }),
    link: t.exposeString("link", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  notifications: t.prismaConnection({
    type: "Notification",
    cursor: "id",
    authScopes: { signedIn: true },
    args: { unreadOnly: t.arg.boolean() },
    description: "The viewer's in-app inbox, newest first.",
    totalCount: (_p, args, ctx) =>
      ctx.db.notification.count({ where: { userId: actingUserId(ctx.actor)!, ...(args.unreadOnly ? { readAt: null } : {}) } }),
    resolve: (query, _p, args, ctx) =>
      ctx.db.notification.findMany({
        ...query,
        where: { userId: actingUserId(ctx.actor)!, ...(args.unreadOnly ? { readAt: null } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

builder.mutationField("markNotificationsRead", (t) =>
  t.field({
    type: "Int",
    description: "Marks one notification (or all, without an id) read; returns how many changed.",
    errors: mutationErrors,
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => markRead(ctx, args.id ? rawId(args.id, "Notification") : undefined),
  }),
);
