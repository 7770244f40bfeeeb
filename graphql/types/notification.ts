import { builder } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { mutationErrors } from "./errors";
import { markRead } from "~/domain/notifications/inbox.server";
import { inboxWhere } from "~/domain/notifications/inbox.queries.server";
import { safeWhere } from "./visibility";
import { rawId } from "./admin";

builder.prismaNode("Notification", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => inboxWhere(ctx.actor))] }),
  fields: (t) => ({
    kind: t.exposeString("kind", { description: "Message key, e.g. discussion.sellerReplied" }),
    params: t.string({ description: "JSON object of message parameters", select: { payload: true }, resolve: (n) => JSON.stringify(n.payload ?? {}) }),
    link: t.exposeString("link", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
  }),
});

const notificationCounts = countedConnection((args: { unreadOnly?: boolean | null }, ctx) => (take) =>
  ctx.db.notification.count({ where: inboxWhere(ctx.actor, args), ...(take ? { take, orderBy: [{ createdAt: "desc" as const }, { id: "asc" as const }] } : {}) }),
);

builder.queryFields((t) => ({
  notifications: t.prismaConnection({
    type: "Notification",
    cursor: "id",
    authScopes: { permission: "read:notification" },
    args: { unreadOnly: t.arg.boolean() },
    description: "The viewer's in-app inbox, newest first.",
    totalCount: notificationCounts.totalCount,
    resolve: (query, _p, args, ctx, info) => {
      notificationCounts.alongside(args, ctx, info);
      return ctx.db.notification.findMany({
        ...query,
        where: inboxWhere(ctx.actor, args),
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      });
    },
  }, { fields: totalFields }),
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
