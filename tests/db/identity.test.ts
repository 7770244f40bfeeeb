import { createHash, randomBytes } from "node:crypto";
import type { Database } from "~/infra/db.server";
import { createTestClock, DAY, HOUR, MINUTE, type TestClock } from "~/infra/clock";
import type { Db, DomainContext } from "~/domain/context";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import type { RoleName } from "~/domain/identity/permissions";
import { ROLE_NAMES } from "~/domain/identity/permissions";
import { permissionCatalogue } from "~/domain/catalogue";
import {
  beginTotpEnrolment,
  completeSecondFactor,
  LOCK_DURATION,
  MAX_FAILED_ATTEMPTS,
  signIn,
} from "~/domain/identity/sign-in.server";
import { loadSession, SESSION_TTL } from "~/domain/identity/sessions.server";
import {
  createUser as createUserCommand,
  listUsers,
  setRolePermissions,
  setUserRoles,
  setUserStatus,
} from "~/domain/identity/users.server";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { listAuditLog } from "~/domain/audit/audit.server";
import { verifyTotp } from "~/domain/identity/totp.server";
import { createTestDatabase } from "../support/db";
import { actorFor, createUser, TEST_PASSWORD } from "../support/factories";
import { openSecondHandle } from "../support/handles";
import { signInFully, totpAt, wrongTotpAt } from "../support/identity";

// The identity rules of DESIGN.md §1: sign-in with lockout, the staff second factor, sessions as rows,
// deactivation that ends access at once, the last-admin guard, roles and permissions as data, and API
// tokens that never carry more than their owner holds.

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
});
afterAll(async () => database?.close());

const deps = (clock: TestClock) => ({ db, clock, requestId: "identity-test" });
const ctxFor = (actor: Actor, clock: TestClock = createTestClock()): DomainContext => ({ db, clock, actor, requestId: "identity-test" });

/** Expects the promise to reject with a DomainError carrying `code`; returns the error. */
async function rejectsWith(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toMatchObject({ name: "DomainError", code });
  return error as { code: string; message: string; fieldErrors?: Record<string, string[]>; params?: Record<string, unknown> };
}

/** Leaves exactly the given users as the active administrators (other tests in this file create admins too). */
async function onlyAdmins(...ids: string[]) {
  await db.user.updateMany({
    where: { id: { notIn: ids }, status: "ACTIVE", roles: { some: { role: { name: "ADMIN" } } } },
    data: { status: "DEACTIVATED" },
  });
}

async function rolePermissionKeys(role: RoleName): Promise<string[]> {
  const rows = await db.rolePermission.findMany({ where: { role: { name: role } }, include: { permission: true } });
  return rows.map((rp) => `${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`).sort();
}

// ───────────────────────────── sign-in ─────────────────────────────

describe("sign-in", () => {
  test("the right password creates a session row; a customer's session is active at once", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["BUYER"] });
    const result = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD }, { ipAddress: "203.0.113.5", userAgent: "vitest" });
    expect(result.secondFactor).toBe("none");
    const row = await db.session.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(row.userId).toBe(user.id);
    expect(row.expiresAt.getTime()).toBe(clock.now().getTime() + SESSION_TTL.customer);
    expect(row.ipAddress).toBe("203.0.113.5");
    const state = await loadSession(db, clock, result.sessionId);
    expect(state?.status).toBe("active");
    if (state?.status !== "active") throw new Error("unreachable");
    expect(state.actor.userId).toBe(user.id);
    expect(state.actor.roles).toEqual(["BUYER"]);
    expect([...state.actor.permissions].sort()).toEqual(await rolePermissionKeys("BUYER"));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toEqual(clock.now());
  });

  test("the e-mail is matched case-insensitively and trimmed", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["SELLER"] });
    const result = await signIn(deps(clock), { email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD });
    expect((await db.session.findUniqueOrThrow({ where: { id: result.sessionId } })).userId).toBe(user.id);
  });

  test("a wrong password is INVALID_CREDENTIALS, counts the failure and creates no session", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    await rejectsWith(signIn(deps(clock), { email: user.email, password: "wrong password!" }), "INVALID_CREDENTIALS");
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.failedLoginCount).toBe(1);
    expect(after.lockedUntil).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { subjectId: user.id, action: "auth.signInFailed" } })).toBe(1);
  });

  test("an unknown e-mail gets exactly the same answer as a wrong password", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const wrong = await rejectsWith(signIn(deps(clock), { email: user.email, password: "wrong password!" }), "INVALID_CREDENTIALS");
    const unknown = await rejectsWith(
      signIn(deps(clock), { email: `nobody.${randomBytes(4).toString("hex")}@test.example.pl`, password: TEST_PASSWORD }),
      "INVALID_CREDENTIALS",
    );
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.params).toEqual(wrong.params);
    expect(unknown.fieldErrors).toEqual(wrong.fieldErrors);
  });

  test("malformed input is VALIDATION_FAILED with field errors, not a crash", async () => {
    const clock = createTestClock();
    const error = await rejectsWith(signIn(deps(clock), { email: "not-an-email", password: "" }), "VALIDATION_FAILED");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["email", "password"]);
    await rejectsWith(signIn(deps(clock), null), "VALIDATION_FAILED");
  });

  test("the 5th consecutive failure locks the account for exactly 15 minutes", async () => {
    expect(MAX_FAILED_ATTEMPTS).toBe(5);
    expect(LOCK_DURATION).toBe(15 * MINUTE);
    const clock = createTestClock();
    const user = await createUser(db);
    const wrong = { email: user.email, password: "wrong password!" };
    for (let i = 1; i <= 4; i++) {
      await rejectsWith(signIn(deps(clock), wrong), "INVALID_CREDENTIALS");
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(i);
    }
    // After four failures the right password still works (and would reset the count) — checked below
    // on another account; here the fifth failure comes.
    await rejectsWith(signIn(deps(clock), wrong), "INVALID_CREDENTIALS");
    const locked = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.lockedUntil).toEqual(new Date(clock.now().getTime() + 15 * MINUTE));
    const lockedAt = clock.now().getTime();

    // Locked: even the right password is refused, and no session is created.
    const right = { email: user.email, password: TEST_PASSWORD };
    const error = await rejectsWith(signIn(deps(clock), right), "ACCOUNT_LOCKED");
    expect(error.params?.until).toBe(new Date(lockedAt + 15 * MINUTE).toISOString());
    clock.set(new Date(lockedAt + 15 * MINUTE - 1000)); // 14:59
    await rejectsWith(signIn(deps(clock), right), "ACCOUNT_LOCKED");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    clock.set(new Date(lockedAt + 15 * MINUTE)); // 15:00
    const result = await signIn(deps(clock), right);
    expect(result.secondFactor).toBe("none");
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.failedLoginCount).toBe(0);
    expect(after.lockedUntil).toBeNull();
  });

  test("only consecutive failures count: a successful sign-in resets the counter", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const wrong = { email: user.email, password: "wrong password!" };
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(deps(clock), wrong), "INVALID_CREDENTIALS");
    await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(deps(clock), wrong), "INVALID_CREDENTIALS");
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.failedLoginCount).toBe(4);
    expect(after.lockedUntil).toBeNull();
    await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
  });

  test("parallel wrong passwords cannot slip past the limit", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const second = await openSecondHandle(database);
    try {
      const attempts = Array.from({ length: 8 }, (_, i) =>
        signIn({ db: i % 2 ? second.prisma : db, clock, requestId: `p${i}` }, { email: user.email, password: "wrong password!" }).catch(
          (e: { code: string }) => e.code,
        ),
      );
      const codes = await Promise.all(attempts);
      expect(codes.every((code) => code === "INVALID_CREDENTIALS" || code === "ACCOUNT_LOCKED")).toBe(true);
    } finally {
      await second.close();
    }
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lockedUntil).toEqual(new Date(clock.now().getTime() + LOCK_DURATION));
    await rejectsWith(signIn(deps(clock), { email: user.email, password: TEST_PASSWORD }), "ACCOUNT_LOCKED");
  });

  test("a deactivated account is ACCOUNT_DEACTIVATED with the right password and gets no session", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { status: "DEACTIVATED" });
    await rejectsWith(signIn(deps(clock), { email: user.email, password: TEST_PASSWORD }), "ACCOUNT_DEACTIVATED");
    // A wrong password does not reveal that the account exists but is deactivated.
    await rejectsWith(signIn(deps(clock), { email: user.email, password: "wrong password!" }), "INVALID_CREDENTIALS");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

// ───────────────────────────── second factor ─────────────────────────────

describe("staff second factor", () => {
  test.each(["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"] as const)(
    "a %s session is half-open until a TOTP code is enrolled and verified",
    async (role) => {
      const clock = createTestClock();
      const user = await createUser(db, { roles: [role] });
      const first = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
      expect(first.secondFactor).toBe("enrol");
      const row = await db.session.findUniqueOrThrow({ where: { id: first.sessionId } });
      expect(row.secondFactorAt).toBeNull();
      expect(row.expiresAt.getTime()).toBe(clock.now().getTime() + SESSION_TTL.pendingSecondFactor);

      const pending = await loadSession(db, clock, first.sessionId);
      expect(pending).toMatchObject({ status: "secondFactorPending", enrolled: false });
      expect(pending).not.toHaveProperty("actor");

      // Enrolment stores the secret; re-showing it keeps the same secret.
      const enrolment = await beginTotpEnrolment(deps(clock), first.sessionId);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret).toBe(enrolment.secret);
      expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
      expect((await beginTotpEnrolment(deps(clock), first.sessionId)).secret).toBe(enrolment.secret);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();

      // A wrong code is refused, counted, and leaves the session half-open.
      const wrong = await wrongTotpAt(enrolment.secret, clock.now());
      const error = await rejectsWith(completeSecondFactor(deps(clock), first.sessionId, { code: wrong }), "INVALID_SECOND_FACTOR");
      expect(error.fieldErrors?.code).toHaveLength(1);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(1);
      expect((await loadSession(db, clock, first.sessionId))?.status).toBe("secondFactorPending");

      // The first valid code completes enrolment and opens the session for the staff TTL.
      clock.advance(MINUTE);
      const done = await completeSecondFactor(deps(clock), first.sessionId, { code: await totpAt(enrolment.secret, clock.now()) });
      expect(done.expiresAt.getTime()).toBe(clock.now().getTime() + SESSION_TTL.staff);
      const enrolled = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(enrolled.totpEnabledAt).toEqual(clock.now());
      expect(enrolled.failedLoginCount).toBe(0);
      // The signed-in session is a new one (its id rotated at the privilege change); the half-open one is gone.
      expect(done.sessionId).not.toBe(first.sessionId);
      expect(await loadSession(db, clock, first.sessionId)).toBeNull();
      const active = await loadSession(db, clock, done.sessionId);
      expect(active?.status).toBe("active");
      if (active?.status !== "active") throw new Error("unreachable");
      expect([...active.actor.permissions].sort()).toEqual(await rolePermissionKeys(role));
      // Completing twice is not possible.
      await rejectsWith(completeSecondFactor(deps(clock), done.sessionId, { code: await totpAt(enrolment.secret, clock.now()) }), "CONFLICT");

      // Next sign-in: verify (no re-enrolment), the same secret, and a new session pending until then.
      clock.advance(HOUR);
      const second = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
      expect(second.secondFactor).toBe("verify");
      expect(await loadSession(db, clock, second.sessionId)).toMatchObject({ status: "secondFactorPending", enrolled: true });
      await rejectsWith(beginTotpEnrolment(deps(clock), second.sessionId), "CONFLICT");
      await rejectsWith(
        completeSecondFactor(deps(clock), second.sessionId, { code: await wrongTotpAt(enrolment.secret, clock.now()) }),
        "INVALID_SECOND_FACTOR",
      );
      const verified = await completeSecondFactor(deps(clock), second.sessionId, { code: await totpAt(enrolment.secret, clock.now()) });
      expect((await loadSession(db, clock, verified.sessionId))?.status).toBe("active");
      expect(await loadSession(db, clock, second.sessionId)).toBeNull();
    },
  );

  test("a half-open session expires after 10 minutes: the code no longer completes it", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["AGENT"] });
    const result = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), result.sessionId);
    clock.advance(SESSION_TTL.pendingSecondFactor);
    expect(await loadSession(db, clock, result.sessionId)).toBeNull();
    await rejectsWith(completeSecondFactor(deps(clock), result.sessionId, { code: await totpAt(secret, clock.now()) }), "SESSION_EXPIRED");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();
  });

  test("five wrong codes lock the account like five wrong passwords", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["AGENT"] });
    const result = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), result.sessionId);
    for (let i = 0; i < 5; i++) {
      await rejectsWith(
        completeSecondFactor(deps(clock), result.sessionId, { code: await wrongTotpAt(secret, clock.now()) }),
        "INVALID_SECOND_FACTOR",
      );
    }
    await rejectsWith(completeSecondFactor(deps(clock), result.sessionId, { code: await totpAt(secret, clock.now()) }), "ACCOUNT_LOCKED");
    await rejectsWith(signIn(deps(clock), { email: user.email, password: TEST_PASSWORD }), "ACCOUNT_LOCKED");
    expect((await loadSession(db, clock, result.sessionId))?.status).toBe("secondFactorPending");
  });

  test("signing in again with the password does not reset the count of wrong codes", async () => {
    // Otherwise someone who knows the password could try codes forever, four at a time.
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["AGENT"] });
    const first = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), first.sessionId);
    for (let i = 0; i < 4; i++) {
      await rejectsWith(completeSecondFactor(deps(clock), first.sessionId, { code: await wrongTotpAt(secret, clock.now()) }), "INVALID_SECOND_FACTOR");
    }
    const again = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(4);
    await rejectsWith(completeSecondFactor(deps(clock), again.sessionId, { code: await wrongTotpAt(secret, clock.now()) }), "INVALID_SECOND_FACTOR");
    await rejectsWith(completeSecondFactor(deps(clock), again.sessionId, { code: await totpAt(secret, clock.now()) }), "ACCOUNT_LOCKED");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toEqual(new Date(clock.now().getTime() + LOCK_DURATION));
    // After the lock, the right password and code work, and the count starts again.
    clock.advance(LOCK_DURATION);
    await signInFully(db, clock, user.email);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
  });

  test("a code must be 6 digits; verification accepts one 30-second step of drift and no more", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["AGENT"] });
    const result = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), result.sessionId);
    await rejectsWith(completeSecondFactor(deps(clock), result.sessionId, { code: "12345" }), "VALIDATION_FAILED");
    await rejectsWith(completeSecondFactor(deps(clock), result.sessionId, { code: "abcdef" }), "VALIDATION_FAILED");
    const now = clock.now();
    expect(await verifyTotp(secret, await totpAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(true);
    expect(await verifyTotp(secret, await totpAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(true);
    // A code from minutes ago (one that differs from the three accepted now) is refused.
    const nearCodes = await Promise.all([-30_000, 0, 30_000].map((d) => totpAt(secret, new Date(now.getTime() + d))));
    let minutes = 5;
    let farCode = await totpAt(secret, new Date(now.getTime() - minutes * MINUTE));
    while (nearCodes.includes(farCode)) farCode = await totpAt(secret, new Date(now.getTime() - ++minutes * MINUTE));
    expect(await verifyTotp(secret, farCode, now)).toBe(false);
  });
});

// ───────────────────────────── sessions ─────────────────────────────

describe("sessions", () => {
  test("a session loads until expiresAt and is null from then on", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const { sessionId, expiresAt } = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    clock.set(new Date(expiresAt.getTime() - 1));
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
    clock.set(expiresAt);
    expect(await loadSession(db, clock, sessionId)).toBeNull();
    clock.advance(DAY);
    expect(await loadSession(db, clock, sessionId)).toBeNull();
  });

  test("unknown and malformed session ids load as null", async () => {
    const clock = createTestClock();
    expect(await loadSession(db, clock, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await loadSession(db, clock, "not-a-session")).toBeNull();
    expect(await loadSession(db, clock, "'; DROP TABLE \"Session\"; --")).toBeNull();
  });

  test("deactivation deletes sessions and revokes API tokens: the very next request fails", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const seller = await createUser(db, { roles: ["SELLER"] });
    const sessionA = await signInFully(db, clock, seller.email);
    const sessionB = await signInFully(db, clock, seller.email);
    const { token } = await createApiToken(ctxFor(await actorFor(db, seller.id), clock), { name: "shop sync", permissions: ["read:order:own"] });
    expect((await loadSession(db, clock, sessionA))?.status).toBe("active");
    expect((await authenticateApiToken(db, clock, token)).type).toBe("apiToken");

    await setUserStatus(ctxFor(await actorFor(db, admin.id), clock), seller.id, "DEACTIVATED");

    expect(await loadSession(db, clock, sessionA)).toBeNull();
    expect(await loadSession(db, clock, sessionB)).toBeNull();
    await rejectsWith(authenticateApiToken(db, clock, token), "TOKEN_INVALID");
    expect(await db.session.count({ where: { userId: seller.id } })).toBe(0);
    const tokens = await db.apiToken.findMany({ where: { userId: seller.id } });
    expect(tokens.every((t) => t.revokedAt?.getTime() === clock.now().getTime())).toBe(true);
    expect(await db.auditLog.count({ where: { subjectId: seller.id, action: "user.deactivate" } })).toBe(1);

    // Reactivation does not bring the old session or token back.
    await setUserStatus(ctxFor(await actorFor(db, admin.id), clock), seller.id, "ACTIVE");
    expect(await loadSession(db, clock, sessionA)).toBeNull();
    await rejectsWith(authenticateApiToken(db, clock, token), "TOKEN_INVALID");
  });

  test("a staff account's deactivation ends its fully signed-in session too", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const agent = await createUser(db, { roles: ["AGENT"] });
    const sessionId = await signInFully(db, clock, agent.email);
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
    await setUserStatus(ctxFor(await actorFor(db, admin.id), clock), agent.id, "DEACTIVATED");
    expect(await loadSession(db, clock, sessionId)).toBeNull();
  });

  test("changing a person's roles ends their sessions", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const user = await createUser(db, { roles: ["BUYER"] });
    const other = await createUser(db, { roles: ["BUYER"] });
    const sessionId = await signInFully(db, clock, user.email);
    const otherSession = await signInFully(db, clock, other.email);
    const updated = await setUserRoles(ctxFor(await actorFor(db, admin.id), clock), { userId: user.id, roles: ["BUYER", "SELLER"] });
    expect(updated.roles.map((ur) => ur.role.name).sort()).toEqual(["BUYER", "SELLER"]);
    expect(await loadSession(db, clock, sessionId)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // Nobody else is signed out.
    expect((await loadSession(db, clock, otherSession))?.status).toBe("active");
    // Gaining a staff role: the next sign-in needs the second factor.
    await setUserRoles(ctxFor(await actorFor(db, admin.id), clock), { userId: user.id, roles: ["AGENT"] });
    expect((await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD })).secondFactor).toBe("enrol");
  });
});

// ───────────────────────────── administrators ─────────────────────────────

describe("administration guards", () => {
  test("the last active ADMIN cannot lose the ADMIN role", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    await onlyAdmins(admin.id);
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    await rejectsWith(setUserRoles(ctx, { userId: admin.id, roles: ["AGENT"] }), "LAST_ADMIN");
    const roles = await db.userRole.findMany({ where: { userId: admin.id }, include: { role: true } });
    expect(roles.map((ur) => ur.role.name)).toEqual(["ADMIN"]);
    expect(await db.auditLog.count({ where: { subjectId: admin.id, action: "user.setRoles" } })).toBe(0);

    // With a second active admin it is allowed.
    const second = await createUser(db, { roles: ["ADMIN"] });
    await setUserRoles(ctx, { userId: admin.id, roles: ["AGENT"] });
    // …and now the second one is the last.
    await rejectsWith(setUserRoles(ctxFor(await actorFor(db, second.id), clock), { userId: second.id, roles: ["BUYER"] }), "LAST_ADMIN");
  });

  test("a deactivated admin does not count as another admin", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    await onlyAdmins(admin.id);
    await createUser(db, { roles: ["ADMIN"], status: "DEACTIVATED" });
    await rejectsWith(setUserRoles(ctxFor(await actorFor(db, admin.id), clock), { userId: admin.id, roles: ["SELLER"] }), "LAST_ADMIN");
  });

  test("the last active ADMIN cannot be deactivated", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    await onlyAdmins(admin.id);
    // Someone else who may manage accounts: the admin grants manage:user:any to the privacy officers.
    const adminCtx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await rolePermissionKeys("PRIVACY_OFFICER");
    await setRolePermissions(adminCtx, { role: "PRIVACY_OFFICER", permissions: [...before, "manage:user:any"] });
    try {
      const officer = await createUser(db, { roles: ["PRIVACY_OFFICER"] });
      const adminSession = await signInFully(db, clock, admin.email);
      await rejectsWith(setUserStatus(ctxFor(await actorFor(db, officer.id), clock), admin.id, "DEACTIVATED"), "LAST_ADMIN");
      const after = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
      expect(after.status).toBe("ACTIVE");
      expect((await loadSession(db, clock, adminSession))?.status).toBe("active");
    } finally {
      await setRolePermissions(adminCtx, { role: "PRIVACY_OFFICER", permissions: before });
    }
  });

  test("an admin cannot deactivate themself", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    await createUser(db, { roles: ["ADMIN"] }); // not the last admin: the self rule alone refuses
    const sessionId = await signInFully(db, clock, admin.email);
    await rejectsWith(setUserStatus(ctxFor(await actorFor(db, admin.id), clock), admin.id, "DEACTIVATED"), "CONFLICT");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe("ACTIVE");
    expect((await loadSession(db, clock, sessionId))?.status).toBe("active");
  });

  test("two admins deactivating each other at the same moment cannot leave no admin", async () => {
    const clock = createTestClock();
    const a = await createUser(db, { roles: ["ADMIN"] });
    const b = await createUser(db, { roles: ["ADMIN"] });
    await onlyAdmins(a.id, b.id);
    const second = await openSecondHandle(database);
    try {
      const actorA = await actorFor(db, a.id);
      const actorB = await actorFor(db, b.id);
      const outcomes = await Promise.allSettled([
        setUserStatus({ db, clock, actor: actorA, requestId: "race-a" }, b.id, "DEACTIVATED"),
        setUserStatus({ db: second.prisma, clock, actor: actorB, requestId: "race-b" }, a.id, "DEACTIVATED"),
      ]);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toMatchObject({ code: "LAST_ADMIN" });
    } finally {
      await second.close();
    }
    const activeAdmins = await db.user.count({ where: { status: "ACTIVE", roles: { some: { role: { name: "ADMIN" } } } } });
    expect(activeAdmins).toBe(1);
  });

  test("setRolePermissions rejects unknown and malformed keys and changes nothing", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await rolePermissionKeys("SELLER");
    const unknown = await rejectsWith(
      setRolePermissions(ctx, { role: "SELLER", permissions: [...before, "launch:rocket:any"] }),
      "VALIDATION_FAILED",
    );
    expect(unknown.fieldErrors?.permissions?.[0]).toContain("launch:rocket:any");
    const malformed = await rejectsWith(setRolePermissions(ctx, { role: "SELLER", permissions: ["read-everything"] }), "VALIDATION_FAILED");
    expect(Object.keys(malformed.fieldErrors ?? {})).toEqual(["permissions.0"]);
    await rejectsWith(setRolePermissions(ctx, { role: "EMPEROR", permissions: [] }), "VALIDATION_FAILED");
    expect(await rolePermissionKeys("SELLER")).toEqual(before);
  });

  test("setRolePermissions refuses to remove manage:role:any from ADMIN", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await rolePermissionKeys("ADMIN");
    expect(before).toContain("manage:role:any");
    await rejectsWith(setRolePermissions(ctx, { role: "ADMIN", permissions: before.filter((k) => k !== "manage:role:any") }), "CONFLICT");
    await rejectsWith(setRolePermissions(ctx, { role: "ADMIN", permissions: [] }), "CONFLICT");
    expect(await rolePermissionKeys("ADMIN")).toEqual(before);
  });

  test("setRolePermissions replaces a role's permissions and takes effect at the next sign-in", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await rolePermissionKeys("RIGHTS_HOLDER");
    try {
      await setRolePermissions(ctx, { role: "RIGHTS_HOLDER", permissions: ["read:offer:any"] });
      expect(await rolePermissionKeys("RIGHTS_HOLDER")).toEqual(["read:offer:any"]);
      const holder = await createUser(db, { roles: ["RIGHTS_HOLDER"] });
      const state = await loadSession(db, clock, await signInFully(db, clock, holder.email));
      expect(state?.status === "active" && [...state.actor.permissions]).toEqual(["read:offer:any"]);
      const entry = await db.auditLog.findFirstOrThrow({ where: { action: "role.setPermissions" }, orderBy: { id: "desc" } });
      const metadata = entry.metadata as { added: string[]; removed: string[] };
      expect({ added: metadata.added, removed: [...metadata.removed].sort() }).toEqual({
        added: [],
        removed: before.filter((k) => k !== "read:offer:any"),
      });
    } finally {
      await setRolePermissions(ctx, { role: "RIGHTS_HOLDER", permissions: before });
    }
    expect(await rolePermissionKeys("RIGHTS_HOLDER")).toEqual(before);
  });
});

// ───────────────────────────── catalogue sync ─────────────────────────────

describe("role catalogue sync", () => {
  test("is idempotent: a second run writes nothing", async () => {
    const counts = async () => ({
      roles: await db.role.count(),
      permissions: await db.permission.count(),
      grants: await db.rolePermission.count(),
    });
    const before = await counts();
    expect(before.roles).toBe(ROLE_NAMES.length);
    expect(before.permissions).toBe(permissionCatalogue().length);
    expect(await syncRoleCatalogue(db)).toEqual({ newPermissions: 0 });
    expect(await syncRoleCatalogue(db)).toEqual({ newPermissions: 0 });
    expect(await counts()).toEqual(before);
  });

  test("grants each catalogued permission to its default roles on first sync", async () => {
    for (const definition of permissionCatalogue()) {
      const [action, entity, access] = definition.key.split(":");
      const holders = await db.rolePermission.findMany({
        where: { permission: { action, entity, access } },
        include: { role: true },
      });
      // Admins may have changed grants in earlier tests of this file; those restore what they changed.
      expect(holders.map((h) => h.role.name).sort(), definition.key).toEqual([...definition.defaultRoles].sort());
    }
  });

  test("does not re-grant a permission an admin removed, and re-adds a permission that is missing", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const ctx = ctxFor(await actorFor(db, admin.id), clock);
    const before = await rolePermissionKeys("BUYER");
    expect(before).toContain("read:offer:any");
    try {
      await setRolePermissions(ctx, { role: "BUYER", permissions: before.filter((k) => k !== "read:offer:any") });
      expect(await syncRoleCatalogue(db)).toEqual({ newPermissions: 0 });
      expect(await rolePermissionKeys("BUYER")).not.toContain("read:offer:any");

      // A permission that does not exist yet (a new context shipped) is created and granted by default.
      await db.permission.delete({ where: { action_entity_access: { action: "manage", entity: "apiToken", access: "any" } } });
      expect(await syncRoleCatalogue(db)).toEqual({ newPermissions: 1 });
      expect(await rolePermissionKeys("ADMIN")).toContain("manage:apiToken:any");
      expect(await rolePermissionKeys("BUYER")).not.toContain("read:offer:any");
    } finally {
      await setRolePermissions(ctx, { role: "BUYER", permissions: before });
    }
  });
});

// ───────────────────────────── API tokens ─────────────────────────────

describe("API tokens", () => {
  test("the plaintext is returned once; only its SHA-256 is stored", async () => {
    const clock = createTestClock();
    const seller = await createUser(db, { roles: ["SELLER"] });
    const ctx = ctxFor(await actorFor(db, seller.id), clock);
    const { token, record } = await createApiToken(ctx, { name: "warehouse", permissions: ["read:order:own", "read:offer:any"] });
    expect(token).toMatch(/^tsb_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(token.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(token.length / 3);
    expect(JSON.stringify(row)).not.toContain(token.slice(row.prefix.length));
    expect(row.permissions.sort()).toEqual(["read:offer:any", "read:order:own"]);
    expect(row.expiresAt).toEqual(new Date(clock.now().getTime() + 90 * DAY));
    // Listing shows the record, never the secret.
    const listed = await listApiTokens(ctx);
    expect(JSON.stringify(listed)).not.toContain(token.slice(row.prefix.length));
    const [{ raw }] = await database.sql.query<{ raw: string }>(`SELECT row_to_json(t)::text AS raw FROM "ApiToken" t WHERE id = $1`, [record.id]);
    expect(raw).not.toContain(token.slice(row.prefix.length));
    const audit = await db.auditLog.findFirstOrThrow({ where: { subjectId: record.id, action: "apiToken.create" } });
    expect(JSON.stringify(audit.metadata)).not.toContain(token.slice(row.prefix.length));
  });

  test("a token cannot carry a permission its owner lacks (PERMISSION_NOT_HELD) and nothing is stored", async () => {
    const clock = createTestClock();
    const seller = await createUser(db, { roles: ["SELLER"] });
    const ctx = ctxFor(await actorFor(db, seller.id), clock);
    const error = await rejectsWith(createApiToken(ctx, { name: "greedy", permissions: ["read:order:own", "read:order:any"] }), "PERMISSION_NOT_HELD");
    expect(error.fieldErrors?.permissions?.[0]).toContain("read:order:any");
    await rejectsWith(createApiToken(ctx, { name: "made up", permissions: ["launch:rocket:any"] }), "PERMISSION_NOT_HELD");
    await rejectsWith(createApiToken(ctx, { name: "", permissions: ["read:order:own"] }), "VALIDATION_FAILED");
    await rejectsWith(createApiToken(ctx, { name: "too long", permissions: ["read:order:own"], expiresInDays: 366 }), "VALIDATION_FAILED");
    expect(await db.apiToken.count({ where: { userId: seller.id } })).toBe(0);
  });

  test("a role without manage:apiToken, and a token itself, cannot create tokens", async () => {
    const clock = createTestClock();
    const buyer = await createUser(db, { roles: ["BUYER"] });
    await rejectsWith(createApiToken(ctxFor(await actorFor(db, buyer.id), clock), { name: "x", permissions: ["read:order:own"] }), "FORBIDDEN");
    const seller = await createUser(db, { roles: ["SELLER"] });
    const { token } = await createApiToken(ctxFor(await actorFor(db, seller.id), clock), {
      name: "parent",
      permissions: ["manage:apiToken:own", "read:order:own"],
    });
    const tokenActor = await authenticateApiToken(db, clock, token);
    await rejectsWith(createApiToken(ctxFor(tokenActor, clock), { name: "child", permissions: ["read:order:own"] }), "FORBIDDEN");
    expect(await db.apiToken.count({ where: { userId: { in: [buyer.id, seller.id] } } })).toBe(1);
  });

  test("a token's permissions are intersected with its owner's current ones", async () => {
    const clock = createTestClock();
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const user = await createUser(db, { roles: ["BUYER", "SELLER"] });
    const { token } = await createApiToken(ctxFor(await actorFor(db, user.id), clock), {
      name: "integration",
      permissions: ["manage:apiToken:own", "read:order:own"],
    });
    const actor = await authenticateApiToken(db, clock, token);
    expect(actor).toMatchObject({ type: "apiToken", userId: user.id });
    expect([...(actor as Extract<Actor, { type: "apiToken" }>).permissions].sort()).toEqual(["manage:apiToken:own", "read:order:own"]);

    // The owner loses SELLER (the only role with manage:apiToken:own): so does the token.
    await setUserRoles(ctxFor(await actorFor(db, admin.id), clock), { userId: user.id, roles: ["BUYER"] });
    const after = (await authenticateApiToken(db, clock, token)) as Extract<Actor, { type: "apiToken" }>;
    expect([...after.permissions]).toEqual(["read:order:own"]);
    // The token never gains permissions its owner holds but it was not given.
    expect(after.permissions.has("read:offer:any")).toBe(false);

    // The admin removes read:order:own from BUYER: the token is left with nothing.
    const adminCtx = ctxFor(await actorFor(db, admin.id), clock);
    const buyerBefore = await rolePermissionKeys("BUYER");
    try {
      await setRolePermissions(adminCtx, { role: "BUYER", permissions: buyerBefore.filter((k) => k !== "read:order:own") });
      expect([...((await authenticateApiToken(db, clock, token)) as Extract<Actor, { type: "apiToken" }>).permissions]).toEqual([]);
    } finally {
      await setRolePermissions(adminCtx, { role: "BUYER", permissions: buyerBefore });
    }
  });

  test("revoked, expired, unknown and malformed tokens are TOKEN_INVALID", async () => {
    const clock = createTestClock();
    const seller = await createUser(db, { roles: ["SELLER"] });
    const ctx = ctxFor(await actorFor(db, seller.id), clock);
    const revoked = await createApiToken(ctx, { name: "to revoke", permissions: ["read:order:own"] });
    const expiring = await createApiToken(ctx, { name: "short", permissions: ["read:order:own"], expiresInDays: 1 });
    expect((await authenticateApiToken(db, clock, revoked.token)).type).toBe("apiToken");

    await revokeApiToken(ctx, revoked.record.id);
    await rejectsWith(authenticateApiToken(db, clock, revoked.token), "TOKEN_INVALID");

    clock.advance(DAY - 1);
    expect((await authenticateApiToken(db, clock, expiring.token)).type).toBe("apiToken");
    clock.advance(1);
    await rejectsWith(authenticateApiToken(db, clock, expiring.token), "TOKEN_INVALID");

    await rejectsWith(authenticateApiToken(db, clock, `tsb_${randomBytes(32).toString("base64url")}`), "TOKEN_INVALID");
    await rejectsWith(authenticateApiToken(db, clock, "garbage"), "TOKEN_INVALID");
    await rejectsWith(authenticateApiToken(db, clock, ""), "TOKEN_INVALID");
    await rejectsWith(authenticateApiToken(db, clock, `tsb_${"x".repeat(500)}`), "TOKEN_INVALID");
    // One character off is a different token.
    const last = expiring.token.at(-1) === "A" ? "B" : "A";
    await rejectsWith(authenticateApiToken(db, createTestClock(), expiring.token.slice(0, -1) + last), "TOKEN_INVALID");
  });

  test("only the owner (or an admin) can revoke a token", async () => {
    const clock = createTestClock();
    const owner = await createUser(db, { roles: ["SELLER"] });
    const stranger = await createUser(db, { roles: ["SELLER"] });
    const admin = await createUser(db, { roles: ["ADMIN"] });
    const { token, record } = await createApiToken(ctxFor(await actorFor(db, owner.id), clock), { name: "t", permissions: ["read:order:own"] });
    await rejectsWith(revokeApiToken(ctxFor(await actorFor(db, stranger.id), clock), record.id), "FORBIDDEN");
    await rejectsWith(revokeApiToken(ctxFor(await actorFor(db, stranger.id), clock), "not-a-uuid"), "VALIDATION_FAILED");
    await rejectsWith(revokeApiToken(ctxFor(await actorFor(db, stranger.id), clock), "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
    expect((await authenticateApiToken(db, clock, token)).type).toBe("apiToken");
    await revokeApiToken(ctxFor(await actorFor(db, admin.id), clock), record.id);
    await rejectsWith(authenticateApiToken(db, clock, token), "TOKEN_INVALID");
  });
});

// ───────────────────────────── who may run the admin commands ─────────────────────────────

type AdminCommand = "listUsers" | "createUser" | "setUserRoles" | "setUserStatus" | "setRolePermissions" | "listAuditLog";

const STAFF_READERS: RoleName[] = ["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"];
const allowed: Record<AdminCommand, RoleName[]> = {
  listUsers: STAFF_READERS,
  createUser: ["ADMIN"],
  setUserRoles: ["ADMIN"],
  setUserStatus: ["ADMIN"],
  setRolePermissions: ["ADMIN"],
  listAuditLog: ["ADMIN"],
};

/** Runs one admin command with valid input; returns a check that the write happened (or did not). */
async function runCommand(command: AdminCommand, ctx: DomainContext): Promise<{ run: () => Promise<unknown>; wrote: () => Promise<boolean> }> {
  switch (command) {
    case "listUsers":
      return { run: () => listUsers(ctx, {}), wrote: async () => false };
    case "listAuditLog":
      return { run: () => listAuditLog(ctx, {}), wrote: async () => false };
    case "createUser": {
      const email = `new.${randomBytes(5).toString("hex")}@test.example.pl`;
      return {
        run: () => createUserCommand(ctx, { email, name: "Nowa Osoba", roles: ["BUYER"], password: "a long password 123" }),
        wrote: async () => (await db.user.count({ where: { email } })) === 1,
      };
    }
    case "setUserRoles": {
      const target = await createUser(db, { roles: ["BUYER"] });
      return {
        run: () => setUserRoles(ctx, { userId: target.id, roles: ["BUYER", "SELLER"] }),
        wrote: async () => (await db.userRole.count({ where: { userId: target.id } })) === 2,
      };
    }
    case "setUserStatus": {
      const target = await createUser(db, { roles: ["BUYER"] });
      return {
        run: () => setUserStatus(ctx, target.id, "DEACTIVATED"),
        wrote: async () => (await db.user.findUniqueOrThrow({ where: { id: target.id } })).status === "DEACTIVATED",
      };
    }
    case "setRolePermissions": {
      // Grants RIGHTS_HOLDER read:order:own, then the test puts the role back.
      const before = await rolePermissionKeys("RIGHTS_HOLDER");
      return {
        run: () => setRolePermissions(ctx, { role: "RIGHTS_HOLDER", permissions: [...before, "read:order:own"] }),
        wrote: async () => {
          const now = await rolePermissionKeys("RIGHTS_HOLDER");
          if (now.length === before.length) return false;
          await db.rolePermission.deleteMany({
            where: { role: { name: "RIGHTS_HOLDER" }, permission: { action: "read", entity: "order", access: "own" } },
          });
          return true;
        },
      };
    }
  }
}

const table = ROLE_NAMES.flatMap((role) =>
  (Object.keys(allowed) as AdminCommand[]).map((command) => ({ role, command, ok: allowed[command].includes(role) })),
);

describe("authorization of the admin commands, per role", () => {
  test("the table covers every role and command", () => {
    expect(table).toHaveLength(7 * 6);
  });

  test.each(table)("$role → $command: allowed=$ok", async ({ role, command, ok }) => {
    const clock = createTestClock();
    const person = await createUser(db, { roles: [role] });
    const ctx = ctxFor(await actorFor(db, person.id), clock);
    const auditBefore = await db.auditLog.count();
    const { run, wrote } = await runCommand(command, ctx);
    if (ok) {
      await run();
      const mutating = command !== "listUsers" && command !== "listAuditLog";
      expect(await wrote()).toBe(mutating);
      expect(await db.auditLog.count()).toBe(auditBefore + (mutating ? 1 : 0));
    } else {
      await rejectsWith(run(), "FORBIDDEN");
      expect(await wrote()).toBe(false);
      expect(await db.auditLog.count()).toBe(auditBefore);
    }
  });

  test.each(Object.keys(allowed) as AdminCommand[])("anonymous → %s: UNAUTHENTICATED", async (command) => {
    const { run, wrote } = await runCommand(command, ctxFor(anonymousActor));
    await rejectsWith(run(), "UNAUTHENTICATED");
    expect(await wrote()).toBe(false);
  });
});
