import type { DomainContext, Tx } from "../context";
import { actorRef, authorize, type Actor } from "../identity/actor";
import { cleanSearchText } from "../shared/search-text";

export interface AuditEntry {
  /** `<context>.<verb>`, e.g. `user.deactivate`, `discussion.escalate`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Ids, codes and amounts only: the audit log never stores personal data values. */
  metadata?: Record<string, unknown>;
}

/** Appends an audit record inside the caller's transaction, so it exists exactly when the change does. */
export async function audit(tx: Tx, ctx: Pick<DomainContext, "actor" | "clock" | "requestId">, entry: AuditEntry) {
  await tx.auditLog.create({
    data: {
      ...actorRef(ctx.actor),
      at: ctx.clock.now(),
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      requestId: ctx.requestId,
      metadata: (entry.metadata ?? {}) as never,
    },
  });
}

export interface AuditFilter {
  subjectType?: string | null;
  subjectId?: string | null;
  action?: string | null;
  actorId?: string | null;
}

/** Administrators read the audit log; the same filter serves the admin screen and the API. */
export function auditLogWhere(actor: Actor, filter: AuditFilter) {
  authorize(actor, "read", "audit");
  const subjectType = cleanSearchText(filter.subjectType, 100);
  const subjectId = cleanSearchText(filter.subjectId, 100);
  const action = cleanSearchText(filter.action, 100);
  const actorId = cleanSearchText(filter.actorId, 100);
  return {
    ...(subjectType ? { subjectType } : {}),
    ...(subjectId ? { subjectId } : {}),
    ...(action ? { action: { startsWith: action } } : {}),
    ...(actorId ? { actorId } : {}),
  };
}

export async function listAuditLog(ctx: DomainContext, filter: AuditFilter, page: { beforeId?: bigint; take?: number } = {}) {
  const where = auditLogWhere(ctx.actor, filter);
  return ctx.db.auditLog.findMany({
    where: { ...where, ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(page.take ?? 50, 200),
  });
}
