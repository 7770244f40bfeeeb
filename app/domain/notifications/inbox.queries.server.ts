import type { DomainContext } from "../context";
import { requirePerson } from "../identity/actor";

// The inbox as a paginated list (newest first) for the inbox screen; only ever the person's own notifications.
export async function listInboxPage(
  ctx: DomainContext,
  options: { unreadOnly?: boolean; skip?: number; take?: number } = {},
): Promise<{ total: number; notifications: Awaited<ReturnType<DomainContext["db"]["notification"]["findMany"]>> }> {
  const actor = requirePerson(ctx.actor);
  const where = { userId: actor.userId, ...(options.unreadOnly ? { readAt: null } : {}) };
  const [total, notifications] = await Promise.all([
    ctx.db.notification.count({ where }),
    ctx.db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: Math.max(options.skip ?? 0, 0),
      take: Math.min(Math.max(options.take ?? 25, 1), 100),
    }),
  ]);
  return { total, notifications };
}
