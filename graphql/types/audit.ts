import { builder } from "../builder";
import { auditLogWhere } from "~/domain/audit/audit.server";

builder.prismaObject("AuditLog", {
  fields: (t) => ({
    id: t.string({ resolve: (entry) => entry.id.toString() }),
    at: t.expose("at", { type: "DateTime" }),
    actorType: t.exposeString("actorType"),
    actorId: t.exposeString("actorId", { nullable: true }),
    action: t.exposeString("action"),
    subjectType: t.exposeString("subjectType"),
    subjectId: t.exposeString("subjectId", { nullable: true }),
    requestId: t.exposeString("requestId", { nullable: true }),
    metadata: t.string({ resolve: (entry) => JSON.stringify(entry.metadata ?? {}) }),
  }),
});

builder.queryFields((t) => ({
  auditLog: t.prismaConnection({
    type: "AuditLog",
    cursor: "id",
    authScopes: { permission: "read:audit" },
    args: { subjectType: t.arg.string(), subjectId: t.arg.string(), action: t.arg.string(), actorId: t.arg.string() },
    description: "The append-only audit log, newest first (administrators).",
    resolve: (query, _p, args, ctx) =>
      ctx.db.auditLog.findMany({
        ...query,
        where: auditLogWhere(ctx.actor, args),
        orderBy: { id: "desc" },
      }),
  }),
}));
