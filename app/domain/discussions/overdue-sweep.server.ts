import type { Db } from "../context";
import type { Clock } from "../shared/time";
import { systemActor } from "../identity/actor";
import { recordChangesSql, sqlParams } from "../cases/recorder.server";
import { discussionEvents } from "./events";

export const OVERDUE_SWEEP_ACTOR = systemActor("discussion-overdue-sweep");

/**
 * Marks discussions whose seller let 24 hours pass without a message as overdue — exactly once — and
 * tells the buyer that help can be asked. One batch per call, as ONE set-based statement (atomic like a
 * transaction, and no row passes through Node, so a 100,000-row backlog costs little more than a bare
 * UPDATE of those rows):
 *  - the due rows (the same condition as isDueForOverdue in state-machine.ts) are locked with
 *    FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows, and `sellerOverdueAt IS NULL`
 *    means a row is never marked twice;
 *  - for each marked row, through the kernel's set-based recorder: the SELLER_OVERDUE timeline event,
 *    its audit record and the buyer's outbox message — the very rows discussionNotifications
 *    ("SELLER_OVERDUE") describes (a test holds the two to the same shape).
 * Returns how many discussions it marked.
 */
export async function markOverdueDiscussions(db: Db, clock: Clock, batchSize = 5000): Promise<number> {
  const now = clock.now();
  const p = sqlParams();
  const statement = `
    WITH due AS (
      SELECT id FROM "Discussion"
      WHERE "sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL
        AND status <> 'CLOSED' AND "sellerResponseDueAt" <= ${p(now)}::timestamptz
      ORDER BY "sellerResponseDueAt"
      LIMIT ${p(batchSize)}::int
      FOR UPDATE SKIP LOCKED
    ), marked AS (
      -- By primary key (= ANY of the batch's ids): joined as a table instead, PostgreSQL hashes the batch
      -- and scans every discussion to find its rows.
      UPDATE "Discussion" AS d SET "sellerOverdueAt" = ${p(now)}::timestamptz, "lastActivityAt" = ${p(now)}::timestamptz
      WHERE d.id = ANY (ARRAY(SELECT id FROM due))
      RETURNING d.id, d.number, d."buyerId"
    ), ${recordChangesSql(p, discussionEvents, {
      changed: "marked",
      type: "SELLER_OVERDUE",
      actor: OVERDUE_SWEEP_ACTOR,
      actorRole: "SYSTEM",
      now,
      notify: {
        recipient: `m."buyerId"`,
        kind: "discussion.sellerOverdue",
        params: `jsonb_build_object('number', m.number)`,
        link: `'/discussions/' || m.id`,
      },
    })}
    SELECT count(*)::int AS marked FROM marked`;
  const [row] = await db.$queryRawUnsafe<{ marked: number }[]>(statement, ...p.values);
  return Number(row?.marked ?? 0);
}
