import type { AddressInfo } from "node:net";
import express from "express";
import type { Database } from "~/infra/db.server";
import { createTestClock, DAY, HOUR, MINUTE, type TestClock } from "~/infra/clock";
import type { Db } from "~/domain/context";
import { beginTotpEnrolment, completeSecondFactor, signIn } from "~/domain/identity/sign-in.server";
import { deleteExpiredThrottles, THROTTLE_POLICY, throttleKeys } from "~/domain/identity/sign-in-throttle.server";
import { loadSession } from "~/domain/identity/sessions.server";
import { loadConfig } from "~/infra/config.server";
import { appLoadContext } from "~/infra/load-context.server";
import { sessionCookie, sessionFromRequest } from "~/infra/auth.server";
import type { AppServices } from "~/infra/services.server";
import { action as loginAction } from "~/routes/login";
import { action as secondFactorAction } from "~/routes/login_.second-factor";
import { sweeps } from "../../workers/sweeps";
import { createTestDatabase } from "../support/db";
import { createUser, TEST_PASSWORD } from "../support/factories";
import { openSecondHandle } from "../support/handles";
import { totpAt } from "../support/identity";
import { createTestServices } from "../support/services";

// Sign-in hardening: one-time TOTP codes, a new session id at every privilege change, throttling that
// slows attackers without locking owners out, and client addresses only from trusted proxies.

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
});
afterAll(async () => database?.close());

const deps = (clock: TestClock, handle: Db = db) => ({ db: handle, clock, requestId: "hardening-test" });

async function rejectsWith(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toMatchObject({ name: "DomainError", code });
  return error as { code: string; params?: Record<string, unknown> };
}

/** The DomainError a promise rejects with (whatever its code). */
async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: "DomainError" });
  return error as { code: string; params?: Record<string, unknown> };
}

let addressSeq = 0;
/** A documentation address (RFC 5737) no other test used. */
const freshAddress = () => {
  const n = ++addressSeq;
  return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};

/** A staff member enrolled with TOTP (enrolment done at `clock`'s instant); returns the secret. */
async function enrolledStaff(clock: TestClock) {
  const user = await createUser(db, { roles: ["AGENT"] });
  const first = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
  const { secret } = await beginTotpEnrolment(deps(clock), first.sessionId);
  const code = await totpAt(secret, clock.now());
  const done = await completeSecondFactor(deps(clock), first.sessionId, { code });
  return { user, secret, enrolmentCode: code, sessionId: done.sessionId };
}

// ───────────────────────────── one-time TOTP codes ─────────────────────────────

describe("a TOTP code is accepted once", () => {
  test("the code that completed a sign-in is refused at the next sign-in within its window; the next step's code works", async () => {
    const clock = createTestClock("2026-11-02T09:00:05.000Z");
    const { user, secret } = await enrolledStaff(clock);
    clock.advance(30_000); // the next 30-second step
    const first = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const again = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const code = await totpAt(secret, clock.now());
    await completeSecondFactor(deps(clock), first.sessionId, { code });
    // The same code, seconds later (same step), on another half-open session: refused and counted.
    clock.advance(10_000);
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount;
    await rejectsWith(completeSecondFactor(deps(clock), again.sessionId, { code }), "INVALID_SECOND_FACTOR");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(before + 1);
    expect((await loadSession(db, clock, again.sessionId))?.status).toBe("secondFactorPending");
    // The next step's code completes it.
    clock.advance(30_000);
    const done = await completeSecondFactor(deps(clock), again.sessionId, { code: await totpAt(secret, clock.now()) });
    expect((await loadSession(db, clock, done.sessionId))?.status).toBe("active");
  });

  test("the code that confirmed enrolment cannot be used again to sign in", async () => {
    const clock = createTestClock("2026-11-02T10:00:01.000Z");
    const { user, enrolmentCode } = await enrolledStaff(clock);
    clock.advance(20_000);
    const next = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    await rejectsWith(completeSecondFactor(deps(clock), next.sessionId, { code: enrolmentCode }), "INVALID_SECOND_FACTOR");
  });

  test("enrolment confirmation is one-time too: two half-open sessions cannot both enrol with one code", async () => {
    const clock = createTestClock("2026-11-02T10:30:01.000Z");
    const user = await createUser(db, { roles: ["SENIOR_AGENT"] });
    const a = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const b = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), a.sessionId);
    expect((await beginTotpEnrolment(deps(clock), b.sessionId)).secret).toBe(secret);
    const code = await totpAt(secret, clock.now());
    await completeSecondFactor(deps(clock), a.sessionId, { code });
    await rejectsWith(completeSecondFactor(deps(clock), b.sessionId, { code }), "INVALID_SECOND_FACTOR");
  });

  test("after a code of a later step (clock drift), a still-valid code of an earlier step is refused", async () => {
    const clock = createTestClock("2026-11-02T11:00:01.000Z");
    const { user, secret } = await enrolledStaff(clock);
    clock.advance(30_000);
    const s1 = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const s2 = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    // A phone running 30 s ahead: the next step's code is accepted...
    await completeSecondFactor(deps(clock), s1.sessionId, { code: await totpAt(secret, new Date(clock.now().getTime() + 30_000)) });
    // ...and from then on the current step's code (also within the tolerated drift) is in the past.
    await rejectsWith(completeSecondFactor(deps(clock), s2.sessionId, { code: await totpAt(secret, clock.now()) }), "INVALID_SECOND_FACTOR");
  });

  test("the same code submitted at the same moment on two connections passes exactly once", async () => {
    const clock = createTestClock("2026-11-02T12:00:01.000Z");
    const { user, secret } = await enrolledStaff(clock);
    clock.advance(30_000);
    const second = await openSecondHandle(database);
    try {
      for (let round = 0; round < 3; round++) {
        const a = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
        const b = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
        const code = await totpAt(secret, clock.now());
        const outcomes = await Promise.all([
          completeSecondFactor(deps(clock), a.sessionId, { code }).then(
            () => "ok",
            (e: { code?: string }) => e.code,
          ),
          completeSecondFactor(deps(clock, second.prisma), b.sessionId, { code }).then(
            () => "ok",
            (e: { code?: string }) => e.code,
          ),
        ]);
        expect(outcomes.sort()).toEqual(["INVALID_SECOND_FACTOR", "ok"]);
        clock.advance(30_000);
      }
    } finally {
      await second.close();
    }
    // Three rounds, three sign-ins; the three refused codes were counted (not yet a lock).
    expect(await db.session.count({ where: { userId: user.id, secondFactorAt: { not: null } } })).toBe(4);
  });
});

// ───────────────────────────── session rotation ─────────────────────────────

describe("a new session id at every privilege change", () => {
  test("completing the second factor replaces the half-open session: the old id is gone for good", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["ADMIN"] });
    const pending = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD });
    const { secret } = await beginTotpEnrolment(deps(clock), pending.sessionId);
    const done = await completeSecondFactor(deps(clock), pending.sessionId, { code: await totpAt(secret, clock.now()) });
    expect(done.sessionId).not.toBe(pending.sessionId);
    expect(await db.session.findUnique({ where: { id: pending.sessionId } })).toBeNull();
    expect(await loadSession(db, clock, pending.sessionId)).toBeNull();
    expect((await loadSession(db, clock, done.sessionId))?.status).toBe("active");
    clock.advance(MINUTE);
    await rejectsWith(completeSecondFactor(deps(clock), pending.sessionId, { code: await totpAt(secret, clock.now()) }), "SESSION_EXPIRED");
  });

  test("a sign-in never continues the session the browser brought: that one is ended", async () => {
    const clock = createTestClock();
    const user = await createUser(db, { roles: ["BUYER"] });
    const other = await createUser(db, { roles: ["BUYER"] });
    const earlier = await signIn(deps(clock), { email: other.email, password: TEST_PASSWORD });
    const result = await signIn(deps(clock), { email: user.email, password: TEST_PASSWORD }, { previousSessionId: earlier.sessionId });
    expect(result.sessionId).not.toBe(earlier.sessionId);
    expect(await loadSession(db, clock, earlier.sessionId)).toBeNull();
    expect((await loadSession(db, clock, result.sessionId))?.status).toBe("active");
  });

  describe("through the sign-in forms", () => {
    let services: AppServices;
    beforeAll(() => {
      services = createTestServices(database, createTestClock());
    });

    const form = (fields: Record<string, string>, cookie?: string) =>
      ({
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(fields).toString(),
      }) as const;
    const cookieOf = (response: Response) => response.headers.get("Set-Cookie")!.split(";")[0];
    const sessionIdOf = async (cookie: string) => (await sessionCookie(services.config).parse(cookie)) as string;

    test("the cookie's session id changes when the second factor completes, and the old cookie no longer works", async () => {
      const user = await createUser(db, { roles: ["AGENT"] });
      const context = { services, clientAddress: freshAddress() };
      const login = (await loginAction({
        request: new Request("http://localhost/login", form({ email: user.email, password: TEST_PASSWORD })),
        context,
        params: {},
      })) as Response;
      expect(login.status).toBe(302);
      expect(login.headers.get("Location")).toBe("/login/second-factor");
      const pendingCookie = cookieOf(login);
      const pendingId = await sessionIdOf(pendingCookie);
      const { secret } = await beginTotpEnrolment(deps(services.clock as TestClock), pendingId);

      const verified = (await secondFactorAction({
        request: new Request("http://localhost/login/second-factor", form({ code: await totpAt(secret, services.clock.now()) }, pendingCookie)),
        context,
        params: {},
      }).catch((thrown: Response) => thrown)) as Response;
      expect(verified.status).toBe(302);
      const signedInCookie = cookieOf(verified);
      const signedInId = await sessionIdOf(signedInCookie);
      expect(signedInId).not.toBe(pendingId);

      const as = (cookie: string) => new Request("http://localhost/", { headers: { cookie } });
      expect((await sessionFromRequest(services, as(signedInCookie)))?.status).toBe("active");
      expect(await sessionFromRequest(services, as(pendingCookie))).toBeNull();
    });

    test("signing in with an old session cookie in the browser gives a new cookie and ends the old session", async () => {
      const user = await createUser(db, { roles: ["SELLER"] });
      const context = { services, clientAddress: freshAddress() };
      const post = async (cookie?: string) =>
        (await loginAction({
          request: new Request("http://localhost/login", form({ email: user.email, password: TEST_PASSWORD }, cookie)),
          context,
          params: {},
        })) as Response;
      const firstCookie = cookieOf(await post());
      const secondCookie = cookieOf(await post(firstCookie));
      expect(await sessionIdOf(secondCookie)).not.toBe(await sessionIdOf(firstCookie));
      expect(await loadSession(db, services.clock, await sessionIdOf(firstCookie))).toBeNull();
      expect((await loadSession(db, services.clock, await sessionIdOf(secondCookie)))?.status).toBe("active");
    });
  });
});

// ───────────────────────────── throttling ─────────────────────────────

describe("sign-in throttling slows attackers without locking owners out", () => {
  const wrong = (email: string) => ({ email, password: "wrong password!" });
  const right = (email: string) => ({ email, password: TEST_PASSWORD });
  const from = (ipAddress: string) => ({ ipAddress });

  test("the policy: a few free failures per pair, looser limits per account and per address", () => {
    expect(THROTTLE_POLICY.pair.freeFailures).toBe(3);
    expect(THROTTLE_POLICY.account.freeFailures).toBeGreaterThan(THROTTLE_POLICY.pair.freeFailures * 5);
    expect(THROTTLE_POLICY.account.maxDelayMs).toBeLessThanOrEqual(30_000);
  });

  test("one address hammering one account waits 2, 4, 8 … seconds, capped at 15 minutes; refused attempts do not count", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const attacker = freshAddress();
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(user.email), from(attacker)), "INVALID_CREDENTIALS");
    let expected = 2;
    for (let round = 0; round < 12; round++) {
      const refused = await rejectsWith(signIn(deps(clock), wrong(user.email), from(attacker)), "TOO_MANY_ATTEMPTS");
      expect(refused.params).toEqual({ seconds: expected, retryAfterSeconds: expected });
      // Even the right password is refused while the wait lasts (it is not even checked).
      await rejectsWith(signIn(deps(clock), right(user.email), from(attacker)), "TOO_MANY_ATTEMPTS");
      clock.advance(expected * 1000 - 1);
      await rejectsWith(signIn(deps(clock), wrong(user.email), from(attacker)), "TOO_MANY_ATTEMPTS");
      clock.advance(1);
      await rejectsWith(signIn(deps(clock), wrong(user.email), from(attacker)), "INVALID_CREDENTIALS");
      expected = Math.min(expected * 2, 15 * 60);
    }
    expect(expected).toBe(15 * 60);
    const pair = await db.loginThrottle.findUniqueOrThrow({ where: { scope_key: throttleKeys(user.email, attacker).pair } });
    expect(pair.failures).toBe(15);
    // The account itself was never locked.
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil).toBeNull();
    expect(row.failedLoginCount).toBe(0);
  });

  test("the owner from a clean address signs in at once while attackers hammer the account from elsewhere", async () => {
    const clock = createTestClock();
    const owner = await createUser(db, { roles: ["ADMIN"] });
    const attacker = freshAddress();
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(owner.email), from(attacker)), "INVALID_CREDENTIALS");
    // Many addresses, far past the account-wide allowance.
    for (let i = 0; i < THROTTLE_POLICY.account.freeFailures + 5; i++) {
      await rejectsWith(signIn(deps(clock), wrong(owner.email), from(freshAddress())), "INVALID_CREDENTIALS");
    }
    await rejectsWith(signIn(deps(clock), wrong(owner.email), from(attacker)), "TOO_MANY_ATTEMPTS");
    const result = await signIn(deps(clock), right(owner.email), from(freshAddress()));
    expect(result.secondFactor).toBe("enrol");
    // An address that has failed on this account is held back by the account-wide limit, briefly.
    const botnetMember = freshAddress();
    await rejectsWith(signIn(deps(clock), wrong(owner.email), from(botnetMember)), "INVALID_CREDENTIALS");
    const held = await rejectsWith(signIn(deps(clock), wrong(owner.email), from(botnetMember)), "TOO_MANY_ATTEMPTS");
    expect(Number(held.params?.seconds)).toBeLessThanOrEqual(30);
  });

  test("one address trying many accounts (known or not) is throttled across them; other addresses are not", async () => {
    const clock = createTestClock();
    const sprayer = freshAddress();
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(db)));
    const emails = [...users.map((u) => u.email), ...Array.from({ length: 12 }, (_, i) => `nobody${i}.${sprayer}@test.example.pl`)];
    const outcomes: string[] = [];
    for (const email of emails) outcomes.push((await failureOf(signIn(deps(clock), wrong(email), from(sprayer)))).code);
    const free = THROTTLE_POLICY.address.freeFailures;
    expect(outcomes.slice(0, free).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(outcomes.slice(free).every((c) => c === "TOO_MANY_ATTEMPTS")).toBe(true);
    // A user whose e-mail the sprayer did not reach signs in from their own address.
    const bystander = await createUser(db);
    expect((await signIn(deps(clock), right(bystander.email), from(freshAddress()))).secondFactor).toBe("none");
    // After the wait, the sprayer gets one more try, and the wait doubles.
    clock.advance(1000);
    await rejectsWith(signIn(deps(clock), wrong(users[0].email), from(sprayer)), "INVALID_CREDENTIALS");
    const next = await rejectsWith(signIn(deps(clock), wrong(users[1].email), from(sprayer)), "TOO_MANY_ATTEMPTS");
    expect(next.params?.seconds).toBe(2);
  });

  test("an unknown e-mail is throttled exactly like a real one", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const [a, b] = [freshAddress(), freshAddress()];
    const nobody = `nobody.${a}@test.example.pl`;
    const answers = async (email: string, address: string) => {
      const codes: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const e = await failureOf(signIn(deps(clock), wrong(email), from(address)));
        codes.push([e.code, e.params]);
      }
      return codes;
    };
    expect(await answers(nobody, b)).toEqual(await answers(user.email, a));
  });

  test("a successful sign-in resets the pair: the next mistakes are free again", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const home = freshAddress();
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(user.email), from(home)), "INVALID_CREDENTIALS");
    await rejectsWith(signIn(deps(clock), right(user.email), from(home)), "TOO_MANY_ATTEMPTS");
    clock.advance(2000);
    await signIn(deps(clock), right(user.email), from(home));
    expect(await db.loginThrottle.count({ where: throttleKeys(user.email, home).pair })).toBe(0);
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(user.email), from(home)), "INVALID_CREDENTIALS");
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(home)), "TOO_MANY_ATTEMPTS");
  });

  test("failures count within the window: once it has passed, the pair starts from zero", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const address = freshAddress();
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS");
    clock.advance(2000);
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS"); // 4th failure: wait 4 s
    clock.advance(THROTTLE_POLICY.pair.windowMs - 2000 - 1); // 1 ms before the window (from the 1st failure) ends
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS"); // 5th: wait 8 s
    const pair = await db.loginThrottle.findUniqueOrThrow({ where: { scope_key: throttleKeys(user.email, address).pair } });
    expect(pair.failures).toBe(5);
    clock.advance(1); // the window has passed: this failure is the first of a new window
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "TOO_MANY_ATTEMPTS"); // the wait still holds
    clock.advance(8000);
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS");
    const restarted = await db.loginThrottle.findUniqueOrThrow({ where: { scope_key: throttleKeys(user.email, address).pair } });
    expect(restarted.failures).toBe(1);
    expect(restarted.windowStartedAt).toEqual(clock.now());
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS");
  });

  test("the sweep deletes throttle rows whose window and wait are over, and no others", async () => {
    const clock = createTestClock("2027-03-01T00:00:00.000Z");
    const user = await createUser(db);
    const address = freshAddress();
    await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS");
    const keys = throttleKeys(user.email, address);
    const ours = { OR: Object.values(keys).map((k) => ({ scope: k.scope, key: k.key })) };
    expect(await db.loginThrottle.count({ where: ours })).toBe(3);
    clock.advance(HOUR); // account and address windows (1 h) are over, the pair's (1 day) is not
    await deleteExpiredThrottles(db, clock);
    expect((await db.loginThrottle.findMany({ where: ours })).map((r) => r.scope)).toEqual(["pair"]);
    clock.advance(DAY - HOUR - 1);
    await deleteExpiredThrottles(db, clock);
    expect(await db.loginThrottle.count({ where: ours })).toBe(1);
    clock.advance(1);
    const sweep = sweeps.find((s) => s.name === "expired-sign-in-throttles")!;
    expect(await sweep.run({ db, clock })).toBeGreaterThanOrEqual(1);
    expect(await db.loginThrottle.count({ where: ours })).toBe(0);
  });

  test("parallel attempts on two connections cannot share one delayed slot", async () => {
    const clock = createTestClock();
    const user = await createUser(db);
    const address = freshAddress();
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(deps(clock), wrong(user.email), from(address)), "INVALID_CREDENTIALS");
    clock.advance(2000);
    const second = await openSecondHandle(database);
    try {
      const codes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          signIn(deps(clock, i % 2 ? second.prisma : db), wrong(user.email), from(address)).catch((e: { code: string }) => e.code),
        ),
      );
      expect(codes.filter((c) => c === "INVALID_CREDENTIALS")).toHaveLength(1);
      expect(codes.filter((c) => c === "TOO_MANY_ATTEMPTS")).toHaveLength(5);
    } finally {
      await second.close();
    }
  });
});

// ───────────────────────────── client address ─────────────────────────────

describe("the client address comes from Express, honouring TRUST_PROXY only", () => {
  /** The app's HTTP wiring in small: trust proxy from the config, the load context from req.ip, the sign-in form. */
  async function startApp(env: Record<string, string>, services: AppServices) {
    const config = loadConfig({ ...env, SESSION_SECRET: "x", DATA_DIR: "/tmp/tsb-unused" } as unknown as NodeJS.ProcessEnv);
    const app = express();
    app.set("trust proxy", config.trustProxy);
    app.post("/login", express.urlencoded({ extended: false }), async (req, res) => {
      // Every incoming header reaches the route, as with Remix's Express adapter (X-Forwarded-For included).
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (name === "content-length" || value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const request = new Request("http://localhost/login", {
        method: "POST",
        headers,
        body: new URLSearchParams(req.body as Record<string, string>).toString(),
      });
      const response = (await loginAction({ request, context: appLoadContext(services, req), params: {} })) as Response;
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(await response.text());
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`;
    return { url, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  const post = (url: string, fields: Record<string, string>, forwardedFor: string) =>
    fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body: new URLSearchParams(fields).toString(),
    });

  test("without TRUST_PROXY a spoofed X-Forwarded-For changes neither the recorded address nor the throttle key", async () => {
    const services = createTestServices(database, createTestClock());
    const app = await startApp({}, services);
    try {
      const user = await createUser(db);
      const spoofed = "203.0.113.77";
      const ok = await post(app.url, { email: user.email, password: TEST_PASSWORD }, spoofed);
      expect(ok.status).toBe(302);
      const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
      expect(session.ipAddress).not.toBe(spoofed);
      expect(session.ipAddress).toMatch(/127\.0\.0\.1$/);
      const socketAddress = session.ipAddress!;

      // Failures are counted against the socket's address, whatever the header claims, and the form
      // answers 429 with Retry-After once the wait starts.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await post(app.url, { email: user.email, password: "wrong password!" }, `203.0.113.${i + 1}`)).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      const throttled = await post(app.url, { email: user.email, password: TEST_PASSWORD }, "203.0.113.200");
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("Retry-After")).toBe("2");
      expect(await throttled.json()).toMatchObject({ code: "TOO_MANY_ATTEMPTS", params: { seconds: 2 } });
      expect(await db.loginThrottle.count({ where: throttleKeys(user.email, socketAddress).pair })).toBe(1);
      expect(await db.loginThrottle.count({ where: throttleKeys(user.email, spoofed).pair })).toBe(0);
    } finally {
      await app.close();
    }
  });

  test("with TRUST_PROXY=loopback the forwarded address is the client's", async () => {
    const services = createTestServices(database, createTestClock());
    const app = await startApp({ TRUST_PROXY: "loopback" }, services);
    try {
      const user = await createUser(db);
      const client = "203.0.113.78";
      expect((await post(app.url, { email: user.email, password: TEST_PASSWORD }, client)).status).toBe(302);
      expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).ipAddress).toBe(client);
      expect((await post(app.url, { email: user.email, password: "wrong password!" }, client)).status).toBe(400);
      expect(await db.loginThrottle.count({ where: throttleKeys(user.email, client).pair })).toBe(1);
    } finally {
      await app.close();
    }
  });
});
