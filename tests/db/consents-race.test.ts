import { randomUUID } from "node:crypto";
import { createTestClock, MINUTE } from "~/infra/clock";
import type { DomainContext } from "~/domain/context";
import { createClause, deleteClause, isPositionIndexViolation } from "~/domain/consents/clauses.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { withdrawConsent } from "~/domain/consents/withdraw.server";
import type { ClauseInput } from "~/domain/consents/schemas";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";

// The registry's races: two officers adding the newsletter–order/registration clause at once, a clause
// deleted while a form records it, two clicks on "withdraw". On PostgreSQL they run truly at once, many
// times; the embedded engine serialises transactions, so there each race runs a few times to check the
// outcome rules.

const RUNS = onPostgres ? 100 : 4;
let db: TestDatabase;
const clock = createTestClock("2026-12-01T09:00:00.000Z");
const origin = { ipAddress: "203.0.113.50", userAgent: "Race/1.0", pageUrl: "/race" };
let officer: DomainContext;
let officer2: DomainContext;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 8 });
  const ctx = async (roles: ("PRIVACY_OFFICER" | "ADMIN" | "BUYER")[]) => {
    const user = await createUser(db.prisma, { roles });
    return { db: db.prisma, clock, actor: await actorFor(db.prisma, user.id), requestId: randomUUID(), origin } satisfies DomainContext;
  };
  officer = await ctx(["PRIVACY_OFFICER"]);
  officer2 = await ctx(["ADMIN"]);
});
afterAll(async () => db?.close());

const input = (over: Partial<ClauseInput> = {}): ClauseInput => ({
  description: "Wyścig",
  position: "NEWSLETTER_ORDER_REGISTRATION",
  type: "OPTIONAL_CONSENT",
  active: true,
  priority: 1,
  content: "<p>Chcę dostawać newsletter.</p>",
  ...over,
});
const settle = (promises: Promise<unknown>[]) => Promise.allSettled(promises);
const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? ((r.reason as { code?: string }).code ?? `UNEXPECTED ${String(r.reason)}`) : "OK");

test(`${RUNS} races of two clauses added at the one-clause position: one is added, the other is CLAUSE_POSITION_FULL`, async () => {
  for (let run = 0; run < RUNS; run++) {
    const results = await settle([createClause(run % 2 ? officer : officer2, input()), createClause(run % 2 ? officer2 : officer, input({ description: "Drugi" }))]);
    expect(results.map(codeOf).sort()).toEqual(["CLAUSE_POSITION_FULL", "OK"]);
    const clauses = await db.prisma.clause.findMany({ where: { position: "NEWSLETTER_ORDER_REGISTRATION" } });
    expect(clauses).toHaveLength(1);
    expect(await db.prisma.clauseVersion.count({ where: { clause: { position: "NEWSLETTER_ORDER_REGISTRATION" } } })).toBe(1);
    await deleteClause(officer, clauses[0].id);
  }
}, 300_000);

test(`${RUNS} races of a delete against a form recording the clause: either the delete wins and the form is outdated, or the records stay and the delete is refused`, async () => {
  const tally = { deleted: 0, recorded: 0 };
  for (let run = 0; run < RUNS; run++) {
    await db.prisma.clause.updateMany({ where: { position: "FILE_CLAIM" }, data: { active: false } });
    const clause = await createClause(officer, input({ position: "FILE_CLAIM", type: "INFORMATION_CLAUSE", description: `Klauzula ${run}` }));
    const shown = (await clausesForForm(db.prisma, "FILE_CLAIM")).map((c) => c.versionId);
    const claimId = randomUUID();
    const submit = () =>
      db.prisma.$transaction(async (tx) => {
        const checked = await checkConsents(tx, "FILE_CLAIM", { shown, accepted: [] });
        return recordConsents(tx, officer, checked, { claimId });
      });
    const remove = () => deleteClause(officer2, clause.id);
    const [form, del] = run % 2 ? await settle([submit(), remove()]) : (await settle([remove(), submit()])).reverse();
    const outcome = [codeOf(form), codeOf(del)];
    const records = await db.prisma.consentRecord.count({ where: { subjectId: claimId } });
    const exists = (await db.prisma.clause.count({ where: { id: clause.id } })) === 1;
    if (outcome[1] === "OK") {
      expect(outcome[0]).toBe("CONSENT_OUTDATED");
      expect(records).toBe(0);
      expect(exists).toBe(false);
      tally.deleted++;
    } else {
      expect(outcome).toEqual(["OK", "CLAUSE_IN_USE"]);
      expect(records).toBe(1);
      expect(exists).toBe(true);
      tally.recorded++;
    }
  }
  expect(tally.deleted + tally.recorded).toBe(RUNS);
  console.log(`delete against record: the delete won ${tally.deleted} times, the records ${tally.recorded} times`);
}, 300_000);

test("what stops a race that got past the checks is recognised by name: the one-clause index and the version's foreign key", async () => {
  // The domain turns these database errors into CLAUSE_POSITION_FULL, CLAUSE_IN_USE and CONSENT_OUTDATED
  // by the constraint's name: the names must reach the error's message on both engines.
  const held = await createClause(officer, input({ description: "Jedyna" }));
  const second = (await db.prisma.clause.create({ data: { description: "x", position: "NEWSLETTER_ORDER_REGISTRATION", type: "OPTIONAL_CONSENT" } }).catch((e: Error) => e)) as Error & { code?: string };
  expect(isPositionIndexViolation(second)).toBe(true);
  await deleteClause(officer, held.id);

  await db.prisma.clause.updateMany({ where: { position: "FILE_IP_REPORT" }, data: { active: false } });
  const used = await createClause(officer, input({ position: "FILE_IP_REPORT", type: "INFORMATION_CLAUSE" }));
  const shown = (await clausesForForm(db.prisma, "FILE_IP_REPORT")).map((c) => c.versionId);
  await db.prisma.$transaction(async (tx) => recordConsents(tx, officer, await checkConsents(tx, "FILE_IP_REPORT", { shown, accepted: [] }), { ipNoticeId: randomUUID() }));
  const removal = await db.prisma.clause.delete({ where: { id: used.id } }).catch((e: Error) => e);
  console.log("delete of a used clause:", String((removal as Error).message).split("\n").slice(-2).join(" "), (removal as { code?: string }).code);
  expect(String((removal as Error).message)).toContain("ConsentRecord_clauseVersionId_fkey");
  const stray = await db.prisma.consentRecord
    .create({
      data: {
        submissionId: randomUUID(), form: "FILE_IP_REPORT", clauseId: used.id, clauseVersionId: randomUUID(), position: "FILE_IP_REPORT", clauseType: "INFORMATION_CLAUSE",
        choice: "DISPLAYED", subjectType: "IP_NOTICE", subjectId: randomUUID(), at: clock.now(), ipAddress: "x", userAgent: "x",
      },
    })
    .catch((e: Error) => e);
  console.log("record of a missing version:", String((stray as Error).message).split("\n").slice(-2).join(" "), (stray as { code?: string }).code);
  expect(String((stray as Error).message)).toContain("ConsentRecord_clauseVersionId_fkey");
});

test(`${RUNS} races of two withdrawals of one consent: one WITHDRAWN record, the other click is told it is withdrawn already`, async () => {
  await db.prisma.clause.updateMany({ data: { active: false } });
  const clause = await createClause(officer, input({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT" }));
  const shown = (await clausesForForm(db.prisma, "NEWSLETTER")).map((c) => c.versionId);
  for (let run = 0; run < RUNS; run++) {
    const user = await createUser(db.prisma, { roles: ["BUYER"] });
    const ctx: DomainContext = { db: db.prisma, clock, actor: await actorFor(db.prisma, user.id), requestId: randomUUID(), origin };
    const subscriber = await db.prisma.newsletterSubscriber.create({ data: { email: user.email, userId: user.id, subscribedAt: clock.now() } });
    await db.prisma.$transaction(async (tx) => recordConsents(tx, ctx, await checkConsents(tx, "NEWSLETTER", { shown, accepted: shown }), { newsletterSubscriberId: subscriber.id }));
    clock.advance(MINUTE);
    const withdraw = () => withdrawConsent(ctx, { subjectType: "NEWSLETTER", subjectId: subscriber.id, clauseId: clause.id });
    const results = await settle([withdraw(), withdraw()]);
    expect(results.map(codeOf).sort()).toEqual(["CONSENT_NOT_WITHDRAWABLE", "OK"]);
    expect(await db.prisma.consentRecord.count({ where: { subjectId: subscriber.id, choice: "WITHDRAWN" } })).toBe(1);
  }
}, 300_000);
