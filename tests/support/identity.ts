import { generate } from "otplib";
import type { Db } from "~/domain/context";
import type { Clock } from "~/infra/clock";
import { beginTotpEnrolment, completeSecondFactor, signIn } from "~/domain/identity/sign-in.server";
import { TEST_PASSWORD } from "./factories";

// Sign-in helpers: a valid TOTP code for the clock's current instant, a code that is surely invalid,
// and a full staff sign-in (password, enrolment or verification, second factor).

const epochOf = (at: Date) => Math.floor(at.getTime() / 1000);

export function totpAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: epochOf(at) });
}

/** A 6-digit code that is not valid at `at` (nor one step before or after, which verification tolerates). */
export async function wrongTotpAt(secret: string, at: Date): Promise<string> {
  const accepted = new Set(await Promise.all([-30, 0, 30].map((s) => generate({ secret, epoch: epochOf(at) + s }))));
  let n = Number(await totpAt(secret, at));
  let code: string;
  do {
    n = (n + 1) % 1_000_000;
    code = String(n).padStart(6, "0");
  } while (accepted.has(code));
  return code;
}

/**
 * Signs a user in completely (staff: enrols TOTP on first use, then verifies); returns the id of the
 * session that is finally signed in (the second factor replaces the half-open session with a new one).
 */
export async function signInFully(db: Db, clock: Clock, email: string, password = TEST_PASSWORD): Promise<string> {
  const deps = { db, clock, requestId: "test-sign-in" };
  const result = await signIn(deps, { email, password });
  if (result.secondFactor === "none") return result.sessionId;
  let secret: string;
  if (result.secondFactor === "enrol") {
    secret = (await beginTotpEnrolment(deps, result.sessionId)).secret;
  } else {
    const session = await db.session.findUniqueOrThrow({ where: { id: result.sessionId }, include: { user: true } });
    secret = session.user.totpSecret!;
  }
  const done = await completeSecondFactor(deps, result.sessionId, { code: await totpAt(secret, clock.now()) });
  return done.sessionId;
}
