import type { Db } from "../context";
import type { Clock } from "../shared/time";
import { actorRef, systemActor } from "../identity/actor";

export const OVERDUE_SWEEP_ACTOR = systemActor("discussion-overdue-sweep");

/**
 * Marks discussions whose seller let 24 hours pass without a message as overdue — exactly once — and
 * tells the buyer that help can be asked. One batch per call, as ONE set-based statement (atomic like a
 * transaction, and no row passes through Node, so a 100,000-row backlog costs little more than a bare
 * UPDATE of those rows):
 *  - the due rows (the same condition as isDueForOverdue in state-machine.ts) are locked with
 *    FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows, and `sellerOverdueAt IS NULL`
 *    means a row is never marked twice;
 *  - for each marked row: the SELLER_OVERDUE timeline event, its audit record and the buyer's outbox
 *    message — the very rows discussionNotifications("SELLER_OVERDUE") describes (a test holds the two
 *    to the same shape).
 * Returns how many discussions it marked.
 */
export async function markOverdueDiscussions(db: Db, clock: Clock, batchSize = 5000): Promise<number> {
  const now = clock.now();
  const { actorType, actorId } = actorRef(OVERDUE_SWEEP_ACTOR);
  const [row] = await db.$queryRaw<{ marked: number }[]>`
    WITH due AS (
      SELECT id FROM "Discussion"
      WHERE "sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL
        AND status <> 'CLOSED' AND "sellerResponseDueAt" <= ${now}::timestamptz
      ORDER BY "sellerResponseDueAt"
      LIMIT ${batchSize}::int
      FOR UPDATE SKIP LOCKED
    ), marked AS (
      -- By primary key (= ANY of the batch's ids): joined as a table instead, PostgreSQL hashes the batch
      -- and scans every discussion to find its rows.
      UPDATE "Discussion" AS d SET "sellerOverdueAt" = ${now}::timestamptz, "lastActivityAt" = ${now}::timestamptz
      WHERE d.id = ANY (ARRAY(SELECT id FROM due))
      RETURNING d.id, d.number, d."buyerId"
    ), events AS (
      INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at)
      SELECT 'DISCUSSION', id, 'SELLER_OVERDUE', ${actorType}::text, ${actorId}::text, 'SYSTEM', ${now}::timestamptz FROM marked
      RETURNING id, "caseId"
    ), audit AS (
      INSERT INTO "AuditLog" (at, "actorType", "actorId", action, "subjectType", "subjectId", "requestId", metadata)
      SELECT ${now}::timestamptz, ${actorType}::text, ${actorId}::text, 'discussion.sellerOverdue', 'Discussion', e."caseId"::text, NULL,
             jsonb_build_object('eventId', e.id::text)
      FROM events AS e
    ), outbox AS (
      INSERT INTO "OutboxMessage" (id, "idempotencyKey", "recipientId", kind, payload, "availableAt", "createdAt")
      SELECT gen_random_uuid(), 'discussion:' || m.id || ':event:' || e.id || ':' || m."buyerId", m."buyerId",
             'discussion.sellerOverdue',
             jsonb_build_object('params', jsonb_build_object('number', m.number), 'link', '/discussions/' || m.id),
             ${now}::timestamptz, ${now}::timestamptz
      FROM marked AS m JOIN events AS e ON e."caseId" = m.id
      ON CONFLICT ("idempotencyKey") DO NOTHING
    )
    SELECT count(*)::int AS marked FROM marked`;
  return Number(row?.marked ?? 0);
}
