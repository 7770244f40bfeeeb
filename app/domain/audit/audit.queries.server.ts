import type { DomainContext } from "../context";
import { auditLogWhere } from "./audit.server";

// Read-only figures over the audit log for dashboards; the same permission as reading the log.

/** How many audit entries were written at or after `since` (e.g. the start of today in Warsaw). */
export async function countAuditEntriesSince(ctx: DomainContext, since: Date): Promise<number> {
  const where = auditLogWhere(ctx.actor, {});
  return ctx.db.auditLog.count({ where: { ...where, at: { gte: since } } });
}
