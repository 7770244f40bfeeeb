import type { Db } from "../context";
import type { Clock } from "../shared/time";
import { MINUTE } from "../shared/time";
import { DomainError, ErrorCode } from "../errors";
import { parseInput } from "../shared/validation";
import { systemActor } from "./actor";
import { audit } from "../audit/audit.server";
import { verifyPassword } from "./passwords.server";
import { signInSchema, totpCodeSchema } from "./schemas";
import { openSession, SESSION_TTL } from "./sessions.server";
import { matchTotpStep, newTotpSecret, totpQrDataUrl, totpUri } from "./totp.server";
import { admitAttempt, attemptSucceeded, recordThrottledFailure, type Admission } from "./sign-in-throttle.server";

// Sign-in is the one command without an authenticated actor: it is recorded as the system acting for
// the request.
//
// Wrong passwords from a known client address are throttled per account and address, per account and
// per address (sign-in-throttle.server.ts): an attacker is slowed down more and more, and nobody who
// merely knows an e-mail address can lock its owner out. Five wrong second-factor codes in a row lock
// the account for 15 minutes (only someone who holds the password can get that far). A caller that
// gives no client address (scripts, internal use) cannot be told apart from the owner, so its wrong
// passwords count towards that same account lock.
//
// Privilege changes always get a fresh session id: a sign-in creates a new session (and ends the one
// the browser still had), and completing the second factor replaces the half-open session with a new
// one, so an id planted in someone's browser before sign-in is worth nothing afterwards.
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_DURATION = 15 * MINUTE;

export interface SignInDeps {
  db: Db;
  clock: Clock;
  requestId: string;
}

export interface SignInResult {
  sessionId: string;
  expiresAt: Date;
  secondFactor: "none" | "verify" | "enrol";
}

const invalidCredentials = () => new DomainError(ErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password");

export interface SignInClient {
  /** The client's address as the server determined it (never a header taken on trust). */
  ipAddress?: string | null;
  userAgent?: string | null;
  /** The session the browser still carries, if any: a sign-in always ends it and starts a new one. */
  previousSessionId?: string | null;
}

export async function signIn(deps: SignInDeps, input: unknown, client: SignInClient = {}): Promise<SignInResult> {
  const { email, password } = parseInput(signInSchema, input);
  const now = deps.clock.now();
  const ctx = { ...deps, actor: systemActor("sign-in") };
  const address = client.ipAddress?.trim() || null;
  // Refused before the password is looked at, so a throttled attempt costs nothing and reveals nothing.
  const admission = address ? await admitAttempt(deps.db, deps.clock, email, address) : null;
  const user = await deps.db.user.findUnique({
    where: { email },
    include: { roles: { include: { role: true } } },
  });
  if (user?.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil);
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  if (!user || !passwordOk) {
    if (admission) await recordThrottled(deps, admission, user?.id ?? null);
    else if (user) await recordFailure(deps, user.id, "auth.signInFailed");
    throw invalidCredentials();
  }
  if (user.status !== "ACTIVE") throw new DomainError(ErrorCode.ACCOUNT_DEACTIVATED, "This account is deactivated");

  const isStaff = user.roles.some((ur) => ur.role.isStaff);
  const ttl = isStaff ? SESSION_TTL.pendingSecondFactor : SESSION_TTL.customer;
  const previousSessionId = client.previousSessionId && isSessionId(client.previousSessionId) ? client.previousSessionId : null;
  return deps.db.$transaction(async (tx) => {
    if (admission) await attemptSucceeded(tx, admission);
    // Never carry on with a session id the browser brought along.
    if (previousSessionId) await tx.session.deleteMany({ where: { id: previousSessionId } });
    // A staff sign-in is not complete until the second factor: the failure count is reset by a valid
    // code (completeSecondFactor), not by the password, or the password would buy four more code guesses.
    if (!isStaff) {
      await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    }
    const session = await openSession(tx, user.id, now, ttl, client);
    await audit(tx, ctx, {
      action: isStaff ? "auth.passwordAccepted" : "auth.signIn",
      subjectType: "User",
      subjectId: user.id,
    });
    return {
      sessionId: session.sessionId,
      expiresAt: session.expiresAt,
      secondFactor: !isStaff ? "none" : user.totpEnabledAt ? "verify" : "enrol",
    } satisfies SignInResult;
  });
}

/** For a staff member without a second factor yet: creates (or re-shows) the secret to enrol. */
export async function beginTotpEnrolment(deps: SignInDeps, sessionId: string) {
  const session = await pendingSession(deps, sessionId);
  if (session.user.totpEnabledAt) {
    throw new DomainError(ErrorCode.CONFLICT, "A second factor is already set up for this account");
  }
  let secret = session.user.totpSecret;
  if (!secret) {
    secret = newTotpSecret();
    await deps.db.user.update({ where: { id: session.userId }, data: { totpSecret: secret } });
  }
  return {
    secret,
    uri: totpUri(secret, session.user.email),
    qrDataUrl: await totpQrDataUrl(secret, session.user.email),
  };
}

/**
 * Verifies the 6-digit code; on the first success it also completes enrolment. A code is accepted once:
 * its time step must be later than the last one used by this account, recorded by a conditional UPDATE
 * in the same transaction, so two submissions of one code (even at the same instant) cannot both pass.
 * The half-open session is replaced by a new one: the caller must send the new id to the browser.
 */
export async function completeSecondFactor(
  deps: SignInDeps,
  sessionId: string,
  input: unknown,
): Promise<{ sessionId: string; expiresAt: Date }> {
  const { code } = parseInput(totpCodeSchema, input);
  const session = await pendingSession(deps, sessionId);
  const now = deps.clock.now();
  const user = session.user;
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil);
  const step = user.totpSecret ? await matchTotpStep(user.totpSecret, code, now, user.totpLastStep) : null;
  if (step === null) return refuseCode(deps, user.id);
  const expiresAt = new Date(now.getTime() + SESSION_TTL.staff);
  const ctx = { ...deps, actor: systemActor("sign-in") };
  let replayed = false;
  const result = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      UPDATE "User" SET "totpLastStep" = ${step}::int
      WHERE id = ${user.id}::uuid AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step}::int)`;
    if (claimed === 0) {
      replayed = true;
      return null;
    }
    // The half-open session must still be there and still half-open (a parallel completion of the
    // same session has already replaced it otherwise).
    const ended = await tx.session.deleteMany({ where: { id: sessionId, secondFactorAt: null } });
    if (ended.count === 0) throw new DomainError(ErrorCode.SESSION_EXPIRED, "Your sign-in expired; start again");
    await tx.user.update({
      where: { id: user.id },
      data: {
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: now,
        ...(user.totpEnabledAt ? {} : { totpEnabledAt: now }),
      },
    });
    const fresh = await tx.session.create({
      data: {
        userId: user.id,
        createdAt: now,
        secondFactorAt: now,
        expiresAt,
        ipAddress: session.ipAddress,
        userAgent: session.userAgent,
      },
    });
    await audit(tx, ctx, {
      action: user.totpEnabledAt ? "auth.signIn" : "auth.secondFactorEnrolled",
      subjectType: "User",
      subjectId: user.id,
    });
    return { sessionId: fresh.id, expiresAt };
  });
  if (replayed || !result) return refuseCode(deps, user.id);
  return result;
}

/** A wrong (or already used) code: counted towards the account lock, and refused. */
async function refuseCode(deps: SignInDeps, userId: string): Promise<never> {
  await recordFailure(deps, userId, "auth.secondFactorFailed");
  throw new DomainError(ErrorCode.INVALID_SECOND_FACTOR, "That code is not valid", {
    fieldErrors: { code: ["That code is not valid"] },
  });
}

const isSessionId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

async function pendingSession(deps: SignInDeps, sessionId: string) {
  const session = isSessionId(sessionId)
    ? await deps.db.session.findUnique({ where: { id: sessionId }, include: { user: true } })
    : null;
  if (!session || session.expiresAt <= deps.clock.now() || session.user.status !== "ACTIVE") {
    throw new DomainError(ErrorCode.SESSION_EXPIRED, "Your sign-in expired; start again");
  }
  if (session.secondFactorAt) throw new DomainError(ErrorCode.CONFLICT, "Already signed in");
  return session;
}

async function recordFailure(deps: SignInDeps, userId: string, action: string) {
  const now = deps.clock.now();
  const ctx = { ...deps, actor: systemActor("sign-in") };
  await deps.db.$transaction(async (tx) => {
    // One UPDATE decides both the count and the lock, so parallel attempts cannot slip past the limit.
    const [row] = await tx.$queryRaw<{ failedLoginCount: number }[]>`
      UPDATE "User" SET
        "failedLoginCount" = CASE WHEN "failedLoginCount" + 1 >= ${MAX_FAILED_ATTEMPTS} THEN 0 ELSE "failedLoginCount" + 1 END,
        "lockedUntil" = CASE WHEN "failedLoginCount" + 1 >= ${MAX_FAILED_ATTEMPTS}
                             THEN ${new Date(now.getTime() + LOCK_DURATION)}::timestamptz ELSE "lockedUntil" END
      WHERE id = ${userId}::uuid
      RETURNING "failedLoginCount"`;
    await audit(tx, ctx, {
      action,
      subjectType: "User",
      subjectId: userId,
      metadata: { locked: row?.failedLoginCount === 0 },
    });
  });
}

/** A wrong password from a known address: counted in the throttle scopes, with its audit record. */
async function recordThrottled(deps: SignInDeps, admission: Admission, userId: string | null) {
  const ctx = { ...deps, actor: systemActor("sign-in") };
  await deps.db.$transaction(async (tx) => {
    const waitMs = await recordThrottledFailure(tx, deps.clock, admission);
    // Unknown e-mails are throttled exactly like real ones but leave no audit record (no subject).
    if (userId) {
      await audit(tx, ctx, {
        action: "auth.signInFailed",
        subjectType: "User",
        subjectId: userId,
        metadata: { throttledSeconds: Math.ceil(waitMs / 1000) },
      });
    }
  });
}

function lockedError(until: Date) {
  return new DomainError(ErrorCode.ACCOUNT_LOCKED, "Too many failed attempts; try again later", {
    params: { until: until.toISOString() },
  });
}
