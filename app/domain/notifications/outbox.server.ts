import type { Db, DomainContext, Tx } from "../context";
import type { Clock } from "../shared/time";

// Notifications leave through the outbox: a row written in the same transaction as the change it
// announces, delivered by the worker at least once. The idempotency key makes a repeated delivery (and a
// repeated enqueue of the same event) a no-op.

export interface OutgoingNotification {
  recipientId: string;
  /** Translation key under notifications.* in app/i18n, e.g. `discussion.sellerReplied`. */
  kind: string;
  /** Values for the message and the link; ids and numbers, no personal data beyond what the recipient sees. */
  params?: Record<string, string | number>;
  link?: string;
  /** Unique per (event, recipient): e.g. `discussion:<id>:overdue:<recipientId>`. */
  idempotencyKey: string;
}

export function outboxRow(message: OutgoingNotification, now: Date) {
  return {
    idempotencyKey: message.idempotencyKey,
    recipientId: message.recipientId,
    kind: message.kind,
    payload: { params: message.params ?? {}, link: message.link ?? null },
    availableAt: now,
    createdAt: now,
  };
}

export async function enqueueNotification(tx: Tx, ctx: Pick<DomainContext, "clock">, message: OutgoingNotification) {
  await tx.outboxMessage.upsert({
    where: { idempotencyKey: message.idempotencyKey },
    update: {},
    create: outboxRow(message, ctx.clock.now()),
  });
}

/** Set-based enqueue for sweeps; a message already enqueued (same key) is left as it is. */
export async function enqueueNotifications(tx: Tx, messages: OutgoingNotification[], now: Date) {
  if (messages.length) await tx.outboxMessage.createMany({ data: messages.map((m) => outboxRow(m, now)), skipDuplicates: true });
}

/**
 * Delivers due outbox messages to the recipients' in-app inboxes: one set-based statement per batch.
 * `FOR UPDATE SKIP LOCKED` lets several workers run it at once without delivering a row twice; the
 * inbox's unique outboxKey makes even a retried delivery harmless.
 */
export async function deliverOutbox(db: Db, clock: Clock, batchSize = 500): Promise<number> {
  const now = clock.now();
  const delivered = await db.$queryRaw<{ id: string }[]>`
    WITH due AS (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'PENDING' AND "availableAt" <= ${now}
      ORDER BY "availableAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ), inboxed AS (
      INSERT INTO "Notification" (id, "userId", "outboxKey", kind, payload, link, "createdAt")
      SELECT gen_random_uuid(), o."recipientId", o."idempotencyKey", o.kind, o.payload -> 'params',
             o.payload ->> 'link', ${now}
      FROM "OutboxMessage" o JOIN due ON due.id = o.id
      JOIN "User" u ON u.id = o."recipientId"
      ON CONFLICT ("outboxKey") DO NOTHING
    )
    UPDATE "OutboxMessage" o
    SET status = 'DELIVERED', "deliveredAt" = ${now}, attempts = o.attempts + 1
    FROM due WHERE o.id = due.id
    RETURNING o.id`;
  return delivered.length;
}
