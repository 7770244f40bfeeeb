import type { DomainContext } from "../context";
import { inTransaction } from "../context";
import { authorize, requirePerson } from "../identity/actor";
import { inboxWhere } from "./inbox.queries.server";
import { notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";

export async function listInbox(ctx: DomainContext, options: { take?: number; unreadOnly?: boolean } = {}) {
  return ctx.db.notification.findMany({
    where: inboxWhere(ctx.actor, options),
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 50, 200),
  });
}

export async function countUnread(ctx: DomainContext): Promise<number> {
  return ctx.db.notification.count({ where: inboxWhere(ctx.actor, { unreadOnly: true }) });
}

/** Marks one notification (or, without an id, all of them) read. Only the recipient can. */
export async function markRead(ctx: DomainContext, notificationId?: string): Promise<number> {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "notification", true);
  if (notificationId !== undefined) parseInput(uuid, notificationId);
  return inTransaction(ctx, async (tx) => {
    const result = await tx.notification.updateMany({
      where: { userId: actor.userId, readAt: null, ...(notificationId ? { id: notificationId } : {}) },
      data: { readAt: ctx.clock.now() },
    });
    if (notificationId && result.count === 0) {
      const exists = await tx.notification.count({ where: { id: notificationId, userId: actor.userId } });
      if (!exists) throw notFound("Notification");
    }
    return result.count;
  });
}
