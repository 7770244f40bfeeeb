import type { Db } from "../context";
import type { Clock } from "~/infra/clock";
import { actorRef, systemActor } from "../identity/actor";
import { enqueueNotifications } from "../notifications/outbox.server";
import { discussionNotifications } from "./notifications";

export const OVERDUE_SWEEP_ACTOR = systemActor("discussion-overdue-sweep");

/**
 * Marks discussions whose seller let 24 hours pass without a message as overdue — exactly once — and
 * tells the buyer that help can be asked. One batch per call, in one transaction:
 *  1. one UPDATE over the due rows (the same condition as isDueForOverdue in state-machine.ts), locked with
 *     FOR UPDATE SKIP LOCKED so concurrent workers take disjoint rows, and `sellerOverdueAt IS NULL`
 *     so a row is never marked twice;
 *  2. bulk inserts of the timeline events, audit records and outbox messages for the marked rows.
 * Returns how many discussions it marked.
 */
export async function markOverdueDiscussions(db: Db, clock: Clock, batchSize = 2000): Promise<number> {
  const now = clock.now();
  return db.$transaction(
    async (tx) => {
      const marked = await tx.$queryRaw<{ id: string; number: number; buyerId: string; sellerId: string }[]>`
        WITH due AS (
          SELECT id FROM "Discussion"
          WHERE "sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL
            AND status <> 'CLOSED' AND "sellerResponseDueAt" <= ${now}
          ORDER BY "sellerResponseDueAt"
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE "Discussion" d SET "sellerOverdueAt" = ${now}, "lastActivityAt" = ${now}
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.number, d."buyerId", d."sellerId"`;
      if (!marked.length) return 0;
      const actor = actorRef(OVERDUE_SWEEP_ACTOR);
      const events = await tx.caseEvent.createManyAndReturn({
        data: marked.map((d) => ({ caseType: "DISCUSSION", caseId: d.id, type: "SELLER_OVERDUE", ...actor, actorRole: "SYSTEM", at: now })),
        select: { id: true, caseId: true },
      });
      const eventIdOf = new Map(events.map((e) => [e.caseId, e.id]));
      await tx.auditLog.createMany({
        data: marked.map((d) => ({
          ...actor,
          at: now,
          action: "discussion.sellerOverdue",
          subjectType: "Discussion",
          subjectId: d.id,
          requestId: null,
          metadata: { eventId: eventIdOf.get(d.id)!.toString() },
        })),
      });
      await enqueueNotifications(
        tx,
        marked.flatMap((d) => discussionNotifications("SELLER_OVERDUE", {}, d, "SYSTEM", eventIdOf.get(d.id)!)),
        now,
      );
      return marked.length;
    },
    { timeout: 120_000 },
  );
}
