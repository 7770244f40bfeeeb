import type { Db } from "../context";
import type { Clock } from "../shared/time";
import { MINUTE } from "../shared/time";
import { DomainError, ErrorCode } from "../errors";
import { parseInput } from "../shared/validation";
import { systemActor } from "./actor";
import { audit } from "../audit/audit.server";
import { verifyPassword } from "./passwords.server";
import { signInSchema, totpCodeSchema } from "./schemas";
import { SESSION_TTL } from "./sessions.server";
import { newTotpSecret, totpQrDataUrl, totpUri, verifyTotp } from "./totp.server";

// Sign-in is the one command without an authenticated actor: it is recorded as the system acting for
// the request. Five wrong passwords (or codes) in a row lock the account for 15 minutes.
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

export async function signIn(
  deps: SignInDeps,
  input: unknown,
  client: { ipAddress?: string | null; userAgent?: string | null } = {},
): Promise<SignInResult> {
  const { email, password } = parseInput(signInSchema, input);
  const now = deps.clock.now();
  const ctx = { ...deps, actor: systemActor("sign-in") };
  const user = await deps.db.user.findUnique({
    where: { email },
    include: { roles: { include: { role: true } } },
  });
  if (user?.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil);
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  if (!user || !passwordOk) {
    if (user) await recordFailure(deps, user.id, "auth.signInFailed");
    throw invalidCredentials();
  }
  if (user.status !== "ACTIVE") throw new DomainError(ErrorCode.ACCOUNT_DEACTIVATED, "This account is deactivated");

  const isStaff = user.roles.some((ur) => ur.role.isStaff);
  const ttl = isStaff ? SESSION_TTL.pendingSecondFactor : SESSION_TTL.customer;
  return deps.db.$transaction(async (tx) => {
    // A staff sign-in is not complete until the second factor: the failure count is reset by a valid
    // code (completeSecondFactor), not by the password, or the password would buy four more code guesses.
    if (!isStaff) {
      await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    }
    const session = await tx.session.create({
      data: {
        userId: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttl),
        ipAddress: client.ipAddress ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      },
    });
    await audit(tx, ctx, {
      action: isStaff ? "auth.passwordAccepted" : "auth.signIn",
      subjectType: "User",
      subjectId: user.id,
    });
    return {
      sessionId: session.id,
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

/** Verifies the 6-digit code; on the first success it also completes enrolment. */
export async function completeSecondFactor(deps: SignInDeps, sessionId: string, input: unknown): Promise<{ expiresAt: Date }> {
  const { code } = parseInput(totpCodeSchema, input);
  const session = await pendingSession(deps, sessionId);
  const now = deps.clock.now();
  const user = session.user;
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil);
  if (!user.totpSecret || !(await verifyTotp(user.totpSecret, code, now))) {
    await recordFailure(deps, user.id, "auth.secondFactorFailed");
    throw new DomainError(ErrorCode.INVALID_SECOND_FACTOR, "That code is not valid", {
      fieldErrors: { code: ["That code is not valid"] },
    });
  }
  const expiresAt = new Date(now.getTime() + SESSION_TTL.staff);
  const ctx = { ...deps, actor: systemActor("sign-in") };
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: {
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: now,
        ...(user.totpEnabledAt ? {} : { totpEnabledAt: now }),
      },
    });
    await tx.session.update({ where: { id: sessionId }, data: { secondFactorAt: now, expiresAt } });
    await audit(tx, ctx, {
      action: user.totpEnabledAt ? "auth.signIn" : "auth.secondFactorEnrolled",
      subjectType: "User",
      subjectId: user.id,
    });
  });
  return { expiresAt };
}

async function pendingSession(deps: SignInDeps, sessionId: string) {
  const session = /^[0-9a-f-]{36}$/i.test(sessionId)
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

function lockedError(until: Date) {
  return new DomainError(ErrorCode.ACCOUNT_LOCKED, "Too many failed attempts; try again later", {
    params: { until: until.toISOString() },
  });
}
