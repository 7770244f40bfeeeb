import type { Db, Tx } from "../context";
import { DomainError, ErrorCode } from "../errors";
import type { Clock } from "./time";
import { MINUTE } from "./time";

// Public forms (registration, orders, newsletter, questions, alerts) count submissions per client address
// and form in fixed windows. A flood from one address is refused for the rest of its window; nothing is
// ever locked: a person is never stopped by someone else's address, and the next window starts afresh.

export interface RateLimit {
  /** Submissions allowed per window. */
  max: number;
  windowMs: number;
}

/** Generous for people (an office behind one address), small for a script. */
export const PUBLIC_FORM_LIMIT: RateLimit = { max: 20, windowMs: 10 * MINUTE };

/**
 * Counts one submission under `key` (one statement) and refuses it with TOO_MANY_ATTEMPTS once the
 * window holds more than `limit.max`. Run it before the form's own transaction, so a refused flood writes
 * nothing else.
 */
export async function countSubmission(db: Db | Tx, clock: Clock, key: string, limit: RateLimit = PUBLIC_FORM_LIMIT): Promise<void> {
  const now = clock.now().getTime();
  const windowStart = new Date(now - (now % limit.windowMs));
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "FormRateLimit" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "FormRateLimit"."count" + 1
    RETURNING "count"`;
  if ((rows[0]?.count ?? 0) > limit.max) {
    const retryAfterSeconds = Math.ceil((windowStart.getTime() + limit.windowMs - now) / 1000);
    throw new DomainError(ErrorCode.TOO_MANY_ATTEMPTS, "Too many submissions from this address: try again later", { params: { retryAfterSeconds, seconds: retryAfterSeconds } });
  }
}

/** Drops windows older than a day (the worker's sweep); returns how many went. */
export async function pruneFormRateLimits(db: Db, clock: Clock, batchSize: number): Promise<number> {
  const before = new Date(clock.now().getTime() - 24 * 60 * MINUTE);
  return db.$executeRaw`
    DELETE FROM "FormRateLimit" WHERE ("key", "windowStart") IN (
      SELECT "key", "windowStart" FROM "FormRateLimit" WHERE "windowStart" < ${before} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`;
}
