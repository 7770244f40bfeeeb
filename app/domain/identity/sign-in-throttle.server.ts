import { createHash } from "node:crypto";
import type { Db, Tx } from "../context";
import type { Clock } from "../shared/time";
import { DAY, HOUR, MINUTE } from "../shared/time";
import { DomainError, ErrorCode } from "../errors";

// Throttling of password attempts that slows an attacker without locking the owner out.
//
// Failed attempts are counted in three scopes, each a row of "LoginThrottle" keyed by a SHA-256 of its
// values (so the table holds neither e-mails nor addresses):
// - pair    — one account (by its normalised e-mail, so unknown e-mails behave exactly like real ones)
//             from one client address: the owner's own typos and an attacker hammering from one place.
//             Reset by a successful sign-in from that address.
// - account — one account from every address: a much looser limit with a small, capped delay, applied
//             only to addresses that have themselves failed on this account. The owner signing in from
//             an address with no failures is never held back by failures from elsewhere.
// - address — one address across every account: password spraying and credential stuffing.
// Within a scope's window the first `freeFailures` failures cost nothing; after n ≥ freeFailures failures
// the next attempt waits baseDelay·2^(n−freeFailures), capped at maxDelay, and is refused before the
// password is even checked (TOO_MANY_ATTEMPTS with the seconds to wait). The window starts at the first
// failure; once it has passed the scope starts again from zero. Rows past expiresAt are swept.
//
// The counters live in the database, so every app process and the embedded PGlite share them. The
// admission check locks the scope rows (FOR UPDATE) and claims a delayed slot for itself before the
// password is verified, so parallel attempts cannot share one slot; failures are recorded with one
// set-based upsert. (Attempts still inside the free allowance are not serialised: a burst of parallel
// attempts may all be counted as free, once.)

const SECOND = 1000;

export type ThrottleScope = "pair" | "account" | "address";

export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const THROTTLE_POLICY: Record<ThrottleScope, ThrottlePolicy> = {
  pair: { freeFailures: 3, baseDelayMs: 2 * SECOND, maxDelayMs: 15 * MINUTE, windowMs: DAY },
  account: { freeFailures: 20, baseDelayMs: SECOND, maxDelayMs: 30 * SECOND, windowMs: HOUR },
  address: { freeFailures: 20, baseDelayMs: SECOND, maxDelayMs: 15 * MINUTE, windowMs: HOUR },
};

/** The wait after `failures` failures in a scope's window (0 while still free). */
export function throttleDelayMs(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(failures - policy.freeFailures, 30), policy.maxDelayMs);
}

export interface ThrottleKey {
  scope: ThrottleScope;
  key: string;
}

const hash = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000"), "utf8").digest("hex");

/** The rows an attempt for `email` (normalised) from `address` is counted in. */
export function throttleKeys(email: string, address: string): Record<ThrottleScope, ThrottleKey> {
  return {
    pair: { scope: "pair", key: hash("pair", email, address) },
    account: { scope: "account", key: hash("account", email) },
    address: { scope: "address", key: hash("address", address) },
  };
}

interface ThrottleRow {
  scope: ThrottleScope;
  key: string;
  failures: number;
  windowStartedAt: Date;
  nextAttemptAt: Date;
}

/** A claimed slot: restored by `attemptSucceeded`, so a successful attempt does not slow the next one. */
export interface Admission {
  keys: Record<ThrottleScope, ThrottleKey>;
  claims: { scope: ThrottleScope; key: string; previous: Date; claimed: Date }[];
}

export function tooManyAttempts(retryAfterMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many attempts; wait ${seconds} s and try again`, {
    params: { seconds, retryAfterSeconds: seconds },
  });
}

/**
 * Admits an attempt or throws TOO_MANY_ATTEMPTS. Runs before the password is checked, in its own short
 * transaction: the scope rows are locked in a fixed order, a delayed scope whose wait is over is claimed
 * for this attempt (its next slot moved on as if the attempt failed), and one still waiting refuses it.
 */
export async function admitAttempt(db: Db, clock: Clock, email: string, address: string): Promise<Admission> {
  const keys = throttleKeys(email, address);
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const rows = await lockRows(tx, keys);
    // The account-wide limit only holds back addresses that have failed on this account themselves (a
    // pair row exists until a success from there deletes it, or the sweep once it is over).
    const pairFailed = rows.some((row) => row.scope === "pair");
    const applicable = rows.filter((row) => row.scope !== "account" || pairFailed);
    // A wait holds to its end even when the window it was earned in has passed meanwhile.
    const waitUntil = Math.max(0, ...applicable.map((row) => row.nextAttemptAt.getTime()));
    if (waitUntil > now.getTime()) throw tooManyAttempts(waitUntil - now.getTime());

    const live = applicable.filter((row) => row.windowStartedAt.getTime() + THROTTLE_POLICY[row.scope].windowMs > now.getTime());
    const claims: Admission["claims"] = [];
    for (const row of live) {
      const delay = throttleDelayMs(THROTTLE_POLICY[row.scope], row.failures + 1);
      if (row.failures < THROTTLE_POLICY[row.scope].freeFailures || delay === 0) continue;
      const claimed = new Date(now.getTime() + delay);
      await claim(tx, row.scope, row.key, claimed);
      claims.push({ scope: row.scope, key: row.key, previous: row.nextAttemptAt, claimed });
    }
    return { keys, claims };
  });
}

/**
 * Locks the scope rows that exist, always in the same order (scope, key), so the admission, the
 * failure and the success transactions of parallel attempts cannot deadlock on them.
 */
async function lockRows(tx: Tx, keys: Record<ThrottleScope, ThrottleKey>): Promise<ThrottleRow[]> {
  return tx.$queryRaw<ThrottleRow[]>`
    SELECT scope, key, failures, "windowStartedAt", "nextAttemptAt" FROM "LoginThrottle"
    WHERE (scope = 'pair' AND key = ${keys.pair.key})
       OR (scope = 'account' AND key = ${keys.account.key})
       OR (scope = 'address' AND key = ${keys.address.key})
    ORDER BY scope, key
    FOR UPDATE`;
}

async function claim(tx: Tx, scope: ThrottleScope, key: string, at: Date) {
  await tx.$executeRaw`
    UPDATE "LoginThrottle" SET "nextAttemptAt" = ${at}::timestamptz,
      "expiresAt" = GREATEST("expiresAt", ${at}::timestamptz)
    WHERE scope = ${scope} AND key = ${key}`;
}

/**
 * Counts a failed attempt in all three scopes with one set-based upsert (inside the caller's
 * transaction, next to its audit record). Returns the wait now imposed on this client, in ms.
 */
export async function recordThrottledFailure(tx: Tx, clock: Clock, admission: Admission): Promise<number> {
  const now = clock.now();
  const { pair, account, address } = admission.keys;
  const [p, a, d] = [THROTTLE_POLICY.pair, THROTTLE_POLICY.account, THROTTLE_POLICY.address];
  await tx.$executeRaw`
    INSERT INTO "LoginThrottle" (scope, key, failures, "windowStartedAt", "nextAttemptAt", "expiresAt")
    VALUES ('pair', ${pair.key}, 0, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz),
           ('account', ${account.key}, 0, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz),
           ('address', ${address.key}, 0, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (scope, key) DO NOTHING`;
  await lockRows(tx, admission.keys);
  // Two UPDATEs over the three rows, now locked for the rest of the transaction. Every SET expression
  // reads only the target row and constants, so concurrent failures serialise on the row and each one
  // counts. The first counts the failure (starting again at 1 when the window has passed);
  // the second sets the wait: base·2^(n−free), capped, once n ≥ free.
  await tx.$executeRaw`
    UPDATE "LoginThrottle" AS t SET
      failures = CASE WHEN t."windowStartedAt" + v.win_ms * interval '1 millisecond' <= ${now}::timestamptz THEN 1 ELSE t.failures + 1 END,
      "windowStartedAt" = CASE WHEN t."windowStartedAt" + v.win_ms * interval '1 millisecond' <= ${now}::timestamptz
                               THEN ${now}::timestamptz ELSE t."windowStartedAt" END,
      "nextAttemptAt" = CASE WHEN t."windowStartedAt" + v.win_ms * interval '1 millisecond' <= ${now}::timestamptz
                             THEN ${now}::timestamptz ELSE t."nextAttemptAt" END
    FROM (VALUES ('pair', ${pair.key}, ${p.windowMs}::float8),
                 ('account', ${account.key}, ${a.windowMs}::float8),
                 ('address', ${address.key}, ${d.windowMs}::float8)) AS v(scope, key, win_ms)
    WHERE t.scope = v.scope AND t.key = v.key`;
  const rows = await tx.$queryRaw<{ scope: ThrottleScope; nextAttemptAt: Date }[]>`
    UPDATE "LoginThrottle" AS t SET
      "nextAttemptAt" = GREATEST(t."nextAttemptAt", ${now}::timestamptz + (CASE WHEN t.failures < v.free THEN 0
                          ELSE LEAST(v.base * power(2, LEAST(t.failures - v.free, 30)), v.cap) END) * interval '1 millisecond'),
      "expiresAt" = GREATEST(t."windowStartedAt" + v.win_ms * interval '1 millisecond', t."nextAttemptAt",
                      ${now}::timestamptz + (CASE WHEN t.failures < v.free THEN 0
                          ELSE LEAST(v.base * power(2, LEAST(t.failures - v.free, 30)), v.cap) END) * interval '1 millisecond')
    FROM (VALUES ('pair', ${pair.key}, ${p.freeFailures}::int, ${p.baseDelayMs}::float8, ${p.maxDelayMs}::float8, ${p.windowMs}::float8),
                 ('account', ${account.key}, ${a.freeFailures}::int, ${a.baseDelayMs}::float8, ${a.maxDelayMs}::float8, ${a.windowMs}::float8),
                 ('address', ${address.key}, ${d.freeFailures}::int, ${d.baseDelayMs}::float8, ${d.maxDelayMs}::float8, ${d.windowMs}::float8))
         AS v(scope, key, free, base, cap, win_ms)
    WHERE t.scope = v.scope AND t.key = v.key
    RETURNING t.scope, t."nextAttemptAt"`;
  return Math.max(0, ...rows.map((row) => row.nextAttemptAt.getTime() - now.getTime()));
}

/**
 * After the right password: the pair starts again from zero, and slots this attempt claimed in the
 * other scopes are given back (unless another attempt has moved them on since).
 */
export async function attemptSucceeded(tx: Tx, admission: Admission): Promise<void> {
  await lockRows(tx, admission.keys);
  await tx.$executeRaw`DELETE FROM "LoginThrottle" WHERE scope = 'pair' AND key = ${admission.keys.pair.key}`;
  for (const c of admission.claims) {
    if (c.scope === "pair") continue;
    await tx.$executeRaw`
      UPDATE "LoginThrottle" SET "nextAttemptAt" = ${c.previous}::timestamptz
      WHERE scope = ${c.scope} AND key = ${c.key} AND "nextAttemptAt" = ${c.claimed}::timestamptz`;
  }
}

/** Sweep: deletes throttle rows whose window and wait are both over, in batches (SKIP LOCKED). */
export async function deleteExpiredThrottles(db: Db, clock: Clock, batchSize = 1000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "LoginThrottle" WHERE (scope, key) IN (
      SELECT scope, key FROM "LoginThrottle" WHERE "expiresAt" <= ${clock.now()}
      ORDER BY "expiresAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    )`;
}
