import type { DomainContext } from "../context";
import { cappedCount, type CappedCount } from "../shared/capped-count";
import { authorize, can, requirePerson, type Actor } from "../identity/actor";

/** The bell's badge shows up to 99 and then "99+": counting further would only cost reads. */
export const UNREAD_BADGE_LIMIT = 100;

/**
 * The person's own inbox: needs read:notification:own (an API token scoped without it reads nothing).
 * The one rule behind the inbox page and GraphQL `notifications`.
 */
export function inboxWhere(actor: Actor, options: { unreadOnly?: boolean | null } = {}) {
  const person = requirePerson(actor);
  authorize(person, "read", "notification", true);
  return { userId: person.userId, ...(options.unreadOnly ? { readAt: null } : {}) };
}

// The inbox as a paginated list (newest first) for the inbox screen; only ever the person's own notifications.
export async function listInboxPage(
  ctx: DomainContext,
  options: { unreadOnly?: boolean; skip?: number; take?: number } = {},
): Promise<{ total: CappedCount; notifications: Awaited<ReturnType<DomainContext["db"]["notification"]["findMany"]>> }> {
  const where = inboxWhere(ctx.actor, options);
  const [total, notifications] = await Promise.all([
    cappedCount((take) => ctx.db.notification.count({ where, take, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }), { skip: options.skip, take: options.take ?? 25 }),
    ctx.db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: Math.max(options.skip ?? 0, 0),
      take: Math.min(Math.max(options.take ?? 25, 1), 100),
    }),
  ]);
  return { total, notifications };
}

/**
 * Unread notifications for the bell on every page: counted up to UNREAD_BADGE_LIMIT (the badge says
 * "99+" beyond 99), so a person with a long unread history does not make every page slower. Zero for
 * someone who may not read notifications (a page must never fail for the bell).
 */
export async function unreadBadgeCount(ctx: DomainContext): Promise<number> {
  const person = requirePerson(ctx.actor);
  if (!can(person, "read", "notification", true)) return 0;
  return ctx.db.notification.count({ where: { userId: person.userId, readAt: null }, take: UNREAD_BADGE_LIMIT });
}
