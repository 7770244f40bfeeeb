import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import type { DomainContext } from "~/domain/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { createRightsWorld, itemFor, type RightsWorld } from "../support/rights";
import { createClause } from "~/domain/consents/clauses.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import type { ConsentForm } from "~/domain/consents/positions";
import { openDiscussion } from "~/domain/discussions/discussions.server";
import { fileClaim } from "~/domain/claims/claims.server";
import { fileNotice } from "~/domain/rights/notices.server";

// The marketplace's own forms carry the registry's clauses: a mandatory consent at OPEN_DISCUSSION,
// FILE_CLAIM or FILE_IP_REPORT must be given to send the form (the server checks), and every clause shown
// is recorded with the case it was given for.

let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;
let buyer: string;
let seller: string;
const origin = { ipAddress: "198.51.100.7", userAgent: "Mozilla/5.0 (case forms test)", pageUrl: "/discussions/new" };

const as = async (userId: string, at?: Date): Promise<DomainContext> => ({
  db: db.prisma,
  clock: at ? createTestClock(at) : clock,
  actor: await actorFor(db.prisma, userId),
  requestId: "test",
  origin,
});

/** Every clause of the form shown; the mandatory and optional ones ticked unless `tick` is false. */
async function answers(form: ConsentForm, tick = true) {
  const clauses = await clausesForForm(db.prisma, form);
  return {
    shown: clauses.map((c) => c.versionId),
    accepted: tick ? clauses.filter((c) => c.type !== "INFORMATION_CLAUSE").map((c) => c.versionId) : [],
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-20T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
  buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  seller = world.seller;
  const officer = await as((await createUser(db.prisma, { roles: ["PRIVACY_OFFICER"] })).id);
  const clause = (position: "OPEN_DISCUSSION" | "FILE_CLAIM" | "FILE_IP_REPORT", type: "MANDATORY_CONSENT" | "INFORMATION_CLAUSE", content: string) =>
    createClause(officer, { position, type, content, description: content.slice(3, 40), active: true, priority: 10 });
  await clause("OPEN_DISCUSSION", "MANDATORY_CONSENT", "<p>Zgadzam się na udostępnienie dyskusji sprzedającemu.</p>");
  await clause("OPEN_DISCUSSION", "INFORMATION_CLAUSE", "<p>Dyskusję widzą sprzedający i agenci.</p>");
  await clause("FILE_CLAIM", "MANDATORY_CONSENT", "<p>Zgadzam się na przekazanie wniosku sprzedającemu.</p>");
  await clause("FILE_IP_REPORT", "MANDATORY_CONSENT", "<p>Oświadczam, że dane zgłaszającego mogą zostać przekazane sprzedającemu.</p>");
});
afterAll(async () => db?.close());

const order = () => createOrder(db.prisma, { buyerId: buyer, sellerId: seller, placedAt: new Date(clock.now().getTime() - 10 * DAY), lines: [{ unitAmount: 25_000 }] });
const recordsOf = (subjectType: "DISCUSSION" | "CLAIM" | "IP_NOTICE", subjectId: string) =>
  db.prisma.consentRecord.findMany({ where: { subjectType, subjectId }, include: { clauseVersion: true }, orderBy: { id: "asc" } });

test("a discussion is not opened without its mandatory consent, and nothing is written", async () => {
  const o = await order();
  const before = { discussions: await db.prisma.discussion.count(), records: await db.prisma.consentRecord.count() };
  await expect(
    openDiscussion(await as(buyer), { orderId: o.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła.", consents: await answers("OPEN_DISCUSSION", false) }),
  ).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
  // A client that sends no answers at all is refused too: the form's clauses changed under it.
  await expect(openDiscussion(await as(buyer), { orderId: o.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła." })).rejects.toMatchObject({
    code: "CONSENT_OUTDATED",
  });
  expect({ discussions: await db.prisma.discussion.count(), records: await db.prisma.consentRecord.count() }).toEqual(before);
});

test("an opened discussion keeps, per clause shown, the exact version, its type, the choice and the request's origin", async () => {
  const o = await order();
  const sent = await answers("OPEN_DISCUSSION");
  const discussion = await openDiscussion(await as(buyer), { orderId: o.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła.", consents: sent });
  const records = await recordsOf("DISCUSSION", discussion.id);
  expect(records.map((r) => [r.clauseType, r.choice]).sort()).toEqual([
    ["INFORMATION_CLAUSE", "DISPLAYED"],
    ["MANDATORY_CONSENT", "ACCEPTED"],
  ]);
  expect(new Set(records.map((r) => r.clauseVersionId))).toEqual(new Set(sent.shown));
  for (const record of records) {
    expect(record).toMatchObject({ form: "OPEN_DISCUSSION", userId: buyer, ipAddress: origin.ipAddress, userAgent: origin.userAgent, at: clock.now() });
  }
  expect(new Set(records.map((r) => r.submissionId)).size).toBe(1);
});

test("a claim carries its clauses: refused without the mandatory consent, recorded with the claim when given", async () => {
  const o = await order();
  // The qualifying discussion ran for two days before the claim.
  const openedAt = new Date(clock.now().getTime() - 2 * DAY);
  await openDiscussion(await as(buyer, openedAt), { orderId: o.id, reason: "NOT_RECEIVED", description: "Nie dotarło.", consents: await answers("OPEN_DISCUSSION") });
  const lines = o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity }));
  const claim = { orderId: o.id, lines, reason: "NOT_RECEIVED", description: "Zapłacone, nie dotarło." };
  const claimsBefore = await db.prisma.claim.count();
  await expect(fileClaim(await as(buyer), { ...claim, consents: await answers("FILE_CLAIM", false) })).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
  expect(await db.prisma.claim.count()).toBe(claimsBefore);
  const filed = await fileClaim(await as(buyer), { ...claim, consents: await answers("FILE_CLAIM") });
  const records = await recordsOf("CLAIM", filed.id);
  expect(records.map((r) => [r.form, r.choice, r.clauseVersion.content])).toEqual([["FILE_CLAIM", "ACCEPTED", "<p>Zgadzam się na przekazanie wniosku sprzedającemu.</p>"]]);
});

test("an IP notice carries its clauses: refused without the mandatory consent, recorded with the notice when given", async () => {
  const offerId = await world.offer();
  const notice = { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offerId)] };
  const noticesBefore = await db.prisma.ipNotice.count();
  await expect(fileNotice(await as(world.filer), { ...notice, consents: await answers("FILE_IP_REPORT", false) })).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
  expect(await db.prisma.ipNotice.count()).toBe(noticesBefore);
  const receipt = await fileNotice(await as(world.filer), { ...notice, consents: await answers("FILE_IP_REPORT") });
  const records = await recordsOf("IP_NOTICE", receipt.notice.id);
  expect(records.map((r) => [r.form, r.choice, r.userId])).toEqual([["FILE_IP_REPORT", "ACCEPTED", world.filer]]);
});
