import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createOrder, createUser } from "../support/factories";
import { createRightsWorld, itemFor, proof, type RightsWorld } from "../support/rights";
import { fileNotice } from "~/domain/rights/notices.server";
import { appealTakedown, decideItem, provideInformation, reviewAppeal } from "~/domain/rights/items.server";
import { acceptInvitation, inviteMember, registerRight, registerRightsHolder, setRightFlags, verifyRight } from "~/domain/rights/holders.server";
import { listItemQueue } from "~/domain/rights/queries.server";
import { updateRightsPolicy } from "~/domain/rights/settings.server";
import { DEFAULT_RIGHTS_POLICY, type RightsPolicy } from "~/domain/rights/policy";
import { reporterStanding, sellerPoints } from "~/domain/rights/standing.server";
import { endSellerSuspensions, notifyCounterfeitBuyers, resumeReporterNotices } from "~/domain/rights/sweeps.server";
import { transparencyFigures } from "~/domain/rights/transparency.server";
import { exportStatements, EXPORT_LEASE_MS, type TransparencyTransport } from "~/domain/rights/export.server";
import { validateStatement, type StatementOfReasons } from "~/domain/rights/transparency-schema";

let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

async function fileOne(offerId: string, kind = "COUNTERFEIT", w: RightsWorld = world) {
  const receipt = await fileNotice(await w.ctx(w.filer), { rightsHolderId: w.rightsHolderId, accuracyStatement: true, items: [itemFor(w, offerId, kind)] });
  return receipt.items[0].id;
}
const counts = async () => ({
  notices: await db.prisma.ipNotice.count(),
  items: await db.prisma.ipReportItem.count(),
  events: await db.prisma.caseEvent.count(),
  audit: await db.prisma.auditLog.count(),
});
async function setPolicy(change: (p: RightsPolicy) => void) {
  const policy = structuredClone(DEFAULT_RIGHTS_POLICY);
  change(policy);
  await updateRightsPolicy(await world.ctx(world.admin), policy);
}
afterEach(async () => {
  await db.prisma.setting.deleteMany({ where: { key: "rights.policy" } });
});

describe("a notice missing anything is refused field by field, and nothing is written", () => {
  test("each problem of each item gets its own code; the notice is not filed", async () => {
    const other = await createRightsWorld(db.prisma, clock, { holderName: "Other Brand S.A." });
    const [live, down, ok] = [await world.offer(), await world.offer(), await world.offer()];
    await db.prisma.offer.update({ where: { id: down }, data: { status: "HIDDEN" } });
    const pendingOffer = await world.offer();
    await fileOne(pendingOffer);
    const unverified = await registerRight(await world.ctx(world.owner), {
      rightsHolderId: world.rightsHolderId, type: "COPYRIGHT", name: "Catalogue photos 2026", territory: "PL", ownerName: "Acme Brands sp. z o.o.", proof: proof(),
    });
    const before = await counts();
    const attempt = fileNotice(await world.ctx(world.filer), {
      rightsHolderId: world.rightsHolderId,
      accuracyStatement: false,
      items: [
        { ...itemFor(world, live), rightId: unverified.id },
        { ...itemFor(world, live), rightId: other.rightId },
        itemFor(world, "00000000-0000-4000-8000-000000000000"),
        itemFor(world, down),
        itemFor(world, pendingOffer),
        { ...itemFor(world, ok), evidenceUrls: [], explanation: "too short" },
        { ...itemFor(world, ok), kind: "PIRACY" },
      ],
    });
    const error = await attempt.catch((e) => e);
    expect(error.code).toBe("NOTICE_INVALID");
    expect(error.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`).sort()).toEqual(
      [
        "accuracyStatement ACCURACY_STATEMENT_MISSING",
        "items.0.rightId RIGHT_NOT_VERIFIED",
        "items.1.rightId RIGHT_OF_ANOTHER_HOLDER",
        "items.2.offerId OFFER_NOT_FOUND",
        "items.3.offerId OFFER_ALREADY_DOWN",
        "items.4.offerId DUPLICATE_PENDING_ITEM",
        "items.5.explanation VALIDATION_FAILED",
        "items.5.evidence EVIDENCE_MISSING",
        "items.6.kind VALIDATION_FAILED",
      ].sort(),
    );
    expect(await counts()).toEqual(before);
  });

  test("the same offer twice under one right in one notice is a duplicate", async () => {
    const offer = await world.offer();
    const error = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer), itemFor(world, offer)] }).catch((e) => e);
    expect(error.details).toEqual([expect.objectContaining({ field: "items.1.offerId", code: "DUPLICATE_PENDING_ITEM" })]);
  });

  test("more than 500 offers is refused before anything is looked up", async () => {
    const items = Array.from({ length: 501 }, () => itemFor(world, "00000000-0000-4000-8000-000000000000"));
    await expect(fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items })).rejects.toMatchObject({ code: "TOO_MANY_OFFERS" });
  });

  test("an unverified rights holder, a non-member and a seller are refused", async () => {
    const fresh = await createRightsWorld(db.prisma, clock, { holderName: "Fresh Brand" });
    await db.prisma.rightsHolder.update({ where: { id: fresh.rightsHolderId }, data: { status: "PENDING" } });
    const offer = await world.offer();
    await expect(fileNotice(await fresh.ctx(fresh.filer), { rightsHolderId: fresh.rightsHolderId, accuracyStatement: true, items: [itemFor(fresh, offer)] })).rejects.toMatchObject({ code: "RIGHTS_HOLDER_NOT_VERIFIED" });
    await expect(fileNotice(await fresh.ctx(fresh.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer)] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(fileNotice(await world.ctx(world.seller), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer)] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the same clientReference twice returns the first receipt (an integration's retry)", async () => {
    const offer = await world.offer();
    const input = { rightsHolderId: world.rightsHolderId, accuracyStatement: true, clientReference: "batch-2026-03-10", items: [itemFor(world, offer)] };
    const first = await fileNotice(await world.ctx(world.filer), input);
    const again = await fileNotice(await world.ctx(world.filer), input);
    expect(again).toMatchObject({ replayed: true, notice: { id: first.notice.id } });
    expect(await db.prisma.ipReportItem.count({ where: { offerId: offer } })).toBe(1);
  });
});

describe("rights holders", () => {
  test("only owners invite and register rights; a right needs its proof, and a power of attorney when filed for its owner", async () => {
    await expect(inviteMember(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, email: "new.member@acme.example", role: "FILER" })).rejects.toMatchObject({ code: "NOT_AN_OWNER" });
    await expect(inviteMember(await world.ctx(world.seller), { rightsHolderId: world.rightsHolderId, email: "x@acme.example", role: "OWNER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const right = { rightsHolderId: world.rightsHolderId, type: "TRADEMARK", name: "ACME SPORT", territory: "PL", ownerName: "Acme Holding GmbH" };
    await expect(registerRight(await world.ctx(world.owner), right)).rejects.toMatchObject({ code: "EVIDENCE_MISSING" });
    await expect(registerRight(await world.ctx(world.owner), { ...right, onBehalf: true, proof: proof() })).rejects.toMatchObject({ code: "POWER_OF_ATTORNEY_MISSING" });
    await expect(registerRight(await world.ctx(world.filer), { ...right, proof: proof() })).rejects.toMatchObject({ code: "NOT_AN_OWNER" });
    const registered = await registerRight(await world.ctx(world.owner), { ...right, onBehalf: true, proof: proof(), powerOfAttorney: proof("power-of-attorney.pdf") });
    expect(await db.prisma.attachment.findMany({ where: { rightId: registered.id }, select: { purpose: true }, orderBy: { purpose: "asc" } })).toEqual([{ purpose: "POWER_OF_ATTORNEY" }, { purpose: "PROOF" }]);
  });

  test("a right of an unverified holder cannot be verified; an invitation is accepted only by its addressee", async () => {
    const fresh = await registerRightsHolder(await world.ctx(world.owner), { name: "Second Brand", countryCode: "DE" });
    const right = await registerRight(await world.ctx(world.owner), { rightsHolderId: fresh.id, type: "PATENT", name: "Sole EP1234567", registrationNumber: "EP1234567", territory: "EU", ownerName: "Second Brand", proof: proof() });
    await expect(verifyRight(await world.ctx(world.agent), { id: right.id, verified: true })).rejects.toMatchObject({ code: "RIGHTS_HOLDER_NOT_VERIFIED" });
    const invitation = await inviteMember(await world.ctx(world.owner), { rightsHolderId: fresh.id, email: "Someone.Else@Example.com", role: "FILER" });
    await expect(acceptInvitation(await world.ctx(world.filer), invitation.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(inviteMember(await world.ctx(world.owner), { rightsHolderId: fresh.id, email: "someone.else@example.com", role: "OWNER" })).rejects.toMatchObject({ code: "ALREADY_A_MEMBER" });
  });
});

describe("decisions", () => {
  test("a decided item: another decision is ITEM_ALREADY_DECIDED; a stale version is CONFLICT; nothing changes", async () => {
    const item = await fileOne(await world.offer());
    await decideItem(await world.ctx(world.agent), { action: "REJECT", itemId: item, reason: "NO_INFRINGEMENT_SHOWN", note: "Genuine goods." });
    const before = await counts();
    await expect(decideItem(await world.ctx(world.agent2), { action: "TAKE_DOWN", itemId: item })).rejects.toMatchObject({ code: "ITEM_ALREADY_DECIDED" });
    await expect(decideItem(await world.ctx(world.agent2), { action: "TAKE_DOWN", itemId: item, expectedVersion: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await counts()).toEqual(before);
  });

  test("items citing a contested right go to a senior agent", async () => {
    const item = await fileOne(await world.offer());
    await setRightFlags(await world.ctx(world.agent), { rightId: world.rightId, contested: true, unexamined: false, document: proof("invalidation.pdf") });
    try {
      await expect(decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: item })).rejects.toMatchObject({ code: "SENIOR_AGENT_REQUIRED" });
      expect((await listItemQueue(await world.ctx(world.agent), { seniorOnly: true })).items.map((i) => i.id)).toContain(item);
      await decideItem(await world.ctx(world.senior), { action: "TAKE_DOWN", itemId: item });
    } finally {
      await setRightFlags(await world.ctx(world.agent), { rightId: world.rightId, contested: false, unexamined: false });
    }
  });

  test("a request for information pauses the item's clock; the answer adds the pause to the deadline", async () => {
    const item = await fileOne(await world.offer());
    const { decisionDueAt } = await db.prisma.ipReportItem.findUniqueOrThrow({ where: { id: item } });
    await decideItem(await world.ctx(world.agent), { action: "REQUEST_INFORMATION", itemId: item, note: "Send the test purchase invoice." });
    expect((await listItemQueue(await world.ctx(world.agent))).items.map((i) => i.id)).not.toContain(item);
    clock.advance(30 * HOUR);
    await provideInformation(await world.ctx(world.filer), { itemId: item, note: "Invoice FV/2026/03/11 attached.", files: proof("invoice.pdf") });
    const after = await db.prisma.ipReportItem.findUniqueOrThrow({ where: { id: item } });
    expect(after.decisionDueAt.getTime() - decisionDueAt.getTime()).toBe(30 * HOUR);
    expect(after.status).toBe("PENDING");
    await expect(provideInformation(await world.ctx(world.seller), { itemId: item, note: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("appeals", () => {
  test("six months inclusive of the last day (Warsaw): 23:59:59 on the last day is in time, midnight is not", async () => {
    clock.set(new Date("2026-03-10T10:00:00.000Z"));
    const [early, late] = [await fileOne(await world.offer()), await fileOne(await world.offer())];
    await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: early });
    await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: late });
    // Last day 2026-09-10; Warsaw is UTC+2 in September.
    clock.set(new Date("2026-09-10T21:59:59.999Z"));
    await appealTakedown(await world.ctx(world.seller), { itemId: early, reason: "NOT_THE_ITEM", explanation: "This offer sells a different model, not ACME." });
    clock.set(new Date("2026-09-10T22:00:00.000Z"));
    const before = await counts();
    await expect(appealTakedown(await world.ctx(world.seller), { itemId: late, reason: "NOT_THE_ITEM", explanation: "This offer sells a different model, not ACME." })).rejects.toMatchObject({ code: "APPEAL_WINDOW_CLOSED" });
    expect(await counts()).toEqual(before);
    clock.set(new Date("2026-03-10T10:00:00.000Z"));
  });

  test("only the seller appeals; a second appeal is refused", async () => {
    const item = await fileOne(await world.offer());
    await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: item });
    const explanation = "We bought the goods from the brand's distributor.";
    await expect(appealTakedown(await world.ctx(world.filer), { itemId: item, reason: "OTHER", explanation })).rejects.toMatchObject({ code: "NOT_THE_OFFERS_SELLER" });
    await expect(appealTakedown(await world.ctx(world.agent), { itemId: item, reason: "OTHER", explanation })).rejects.toMatchObject({ code: "NOT_THE_OFFERS_SELLER" });
    await appealTakedown(await world.ctx(world.seller), { itemId: item, reason: "FAIR_USE_OR_EXHAUSTION", explanation });
    await expect(appealTakedown(await world.ctx(world.seller), { itemId: item, reason: "OTHER", explanation })).rejects.toMatchObject({ code: "APPEAL_ALREADY_FILED" });
  });

  test("an agent who asked for information or took the item down cannot review its appeal; the database refuses it too", async () => {
    const item = await fileOne(await world.offer());
    await decideItem(await world.ctx(world.agent), { action: "REQUEST_INFORMATION", itemId: item, note: "Which model?" });
    await provideInformation(await world.ctx(world.filer), { itemId: item, note: "Model X1, see the photo." });
    await decideItem(await world.ctx(world.agent2), { action: "TAKE_DOWN", itemId: item });
    await appealTakedown(await world.ctx(world.seller), { itemId: item, reason: "AUTHORISED_BY_OWNER", explanation: "Licence agreement no. 44/2025 with Acme." });
    for (const decider of [world.agent, world.agent2]) {
      await expect(reviewAppeal(await world.ctx(decider), { itemId: item, reinstate: false, note: "Upheld." })).rejects.toMatchObject({ code: "REVIEWER_DECIDED_ITEM" });
    }
    await expect(db.prisma.$executeRaw`UPDATE "IpAppeal" SET "decidedById" = ${world.agent}::uuid WHERE "itemId" = ${item}::uuid`).rejects.toThrow(/did not decide the item/);
    await reviewAppeal(await world.ctx(world.senior), { itemId: item, reinstate: false, note: "Licence does not cover this model." });
    await expect(reviewAppeal(await world.ctx(world.senior), { itemId: item, reinstate: true, note: "again" })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
  });
});

describe("strikes: a recorded warning first, then a suspension; strikes expire", () => {
  test("weights by kind; 3 points warn, 6 points suspend once warned; the suspension has its statement and ends", async () => {
    const seller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
    const offer = () => world.offer({ sellerId: seller });
    const takeDown = async (kind: string) => decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: await fileOne(await offer(), kind) });
    const spare = await offer();
    await takeDown("COPYRIGHT_PHOTOS"); // 1
    await takeDown("COPYRIGHT_PHOTOS"); // 2
    expect(await db.prisma.sellerEnforcement.count({ where: { sellerId: seller } })).toBe(0);
    await takeDown("COPYRIGHT_PHOTOS"); // 3 → warning
    expect((await db.prisma.sellerEnforcement.findMany({ where: { sellerId: seller } })).map((e) => e.type)).toEqual(["WARNING"]);
    await takeDown("COUNTERFEIT"); // 6 → suspension
    const suspension = await db.prisma.sellerEnforcement.findFirstOrThrow({ where: { sellerId: seller, type: "SUSPENSION" } });
    expect(suspension.endsAt!.getTime() - clock.now().getTime()).toBe(30 * DAY);
    expect((await db.prisma.offer.findUniqueOrThrow({ where: { id: spare } })).status).toBe("SUSPENDED");
    const statement = await db.prisma.ipStatement.findUniqueOrThrow({ where: { id: suspension.statementId! } });
    const body = statement.body as unknown as StatementOfReasons;
    expect(validateStatement(body)).toEqual([]);
    expect(body).toMatchObject({ decision_provision: "DECISION_PROVISION_PARTIAL_SUSPENSION", end_date_service_restriction: "2026-04-09", source_type: "SOURCE_VOLUNTARY" });
    clock.advance(30 * DAY);
    expect(await endSellerSuspensions(db.prisma, clock)).toBeGreaterThanOrEqual(1);
    expect((await db.prisma.offer.findUniqueOrThrow({ where: { id: spare } })).status).toBe("ACTIVE");
    // Twelve months after the strikes, they no longer count.
    expect(await sellerPoints(db.prisma, seller, clock.now())).toBe(6);
    expect(await sellerPoints(db.prisma, seller, new Date(clock.now().getTime() + 336 * DAY))).toBe(0);
    clock.set(new Date("2026-03-10T10:00:00.000Z"));
  });

  test("never a suspension without a prior warning, even when one takedown crosses both thresholds", async () => {
    await setPolicy((p) => {
      p.strikes.weights.COUNTERFEIT = 10;
    });
    const seller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
    await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: await fileOne(await world.offer({ sellerId: seller })) });
    expect((await db.prisma.sellerEnforcement.findMany({ where: { sellerId: seller } })).map((e) => e.type)).toEqual(["WARNING"]);
    await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: await fileOne(await world.offer({ sellerId: seller })) });
    expect((await db.prisma.sellerEnforcement.findMany({ where: { sellerId: seller }, orderBy: { at: "asc" } })).map((e) => e.type)).toEqual(["WARNING", "SUSPENSION"]);
  });
});

describe("reporters: accuracy, trust, misuse", () => {
  test("≥ 90% accuracy with enough decided items makes a reporter trusted: its items go first; a reversal on appeal counts as wrong", async () => {
    await setPolicy((p) => {
      p.reporters.trustedMinDecided = 10;
    });
    const trusted = await createRightsWorld(db.prisma, clock, { holderName: "Trusted Brand" });
    const items: string[] = [];
    for (let i = 0; i < 10; i++) items.push(await fileOne(await trusted.offer(), "COPYRIGHT_PHOTOS", trusted));
    for (const item of items) await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: item });
    const policy = { ...DEFAULT_RIGHTS_POLICY, reporters: { ...DEFAULT_RIGHTS_POLICY.reporters, trustedMinDecided: 10 } };
    expect(await reporterStanding(db.prisma, trusted.rightsHolderId, clock.now(), policy)).toMatchObject({ decided: 10, upheld: 10, trusted: true });
    // A reporter with nothing decided yet is not trusted: its item waits behind the trusted one's, though filed first.
    const newcomer = await createRightsWorld(db.prisma, clock, { holderName: "Newcomer Brand" });
    const ordinary = await fileOne(await newcomer.offer(), "COUNTERFEIT", newcomer);
    clock.advance(1_000);
    const first = await fileOne(await trusted.offer(), "COUNTERFEIT", trusted);
    const queue = (await listItemQueue(await world.ctx(world.agent), {}, { take: 100 })).items.map((i) => i.id);
    expect(queue.indexOf(first)).toBeLessThan(queue.indexOf(ordinary));
    // One of the ten reinstated on appeal: 9 of 10 is still 90%; a second makes it 80% — no longer trusted.
    for (const item of items.slice(0, 2)) {
      await appealTakedown(await trusted.ctx(trusted.seller), { itemId: item, reason: "NO_RIGHT", explanation: "The photos are our own, taken in our studio." });
      await reviewAppeal(await world.ctx(world.agent2), { itemId: item, reinstate: true, note: "Own photos." });
    }
    expect(await reporterStanding(db.prisma, trusted.rightsHolderId, clock.now(), policy)).toMatchObject({ decided: 10, upheld: 8, accuracy: 0.8, trusted: false });
  });

  test("manifestly unfounded notices: a warning, then the notices are suspended and pending items leave the queue (kept on record)", async () => {
    await setPolicy((p) => {
      p.reporters.unfoundedMinDecided = 4;
      p.reporters.unfoundedShare = 0.5;
    });
    const abusive = await createRightsWorld(db.prisma, clock, { holderName: "Abusive Brand" });
    const reject = async () =>
      decideItem(await world.ctx(world.agent), { action: "REJECT", itemId: await fileOne(await abusive.offer(), "OTHER", abusive), reason: "MANIFESTLY_UNFOUNDED", note: "Not the brand's product at all." });
    const waiting = await fileOne(await abusive.offer(), "OTHER", abusive);
    for (let i = 0; i < 4; i++) await reject();
    expect(await db.prisma.rightsHolder.findUniqueOrThrow({ where: { id: abusive.rightsHolderId } })).toMatchObject({ warnedAt: clock.now(), noticesSuspendedUntil: null });
    await reject();
    const holder = await db.prisma.rightsHolder.findUniqueOrThrow({ where: { id: abusive.rightsHolderId } });
    expect(holder.noticesSuspendedUntil).toEqual(new Date(clock.now().getTime() + 30 * DAY));
    expect((await db.prisma.ipReportItem.findUniqueOrThrow({ where: { id: waiting } })).status).toBe("ON_HOLD");
    expect((await listItemQueue(await world.ctx(world.agent), { rightsHolderId: abusive.rightsHolderId })).items).toEqual([]);
    await expect(fileOne(await abusive.offer(), "OTHER", abusive)).rejects.toMatchObject({ code: "NOTICES_SUSPENDED" });
    clock.advance(30 * DAY);
    await resumeReporterNotices(db.prisma, clock);
    expect((await db.prisma.ipReportItem.findUniqueOrThrow({ where: { id: waiting } })).status).toBe("PENDING");
    clock.set(new Date("2026-03-10T10:00:00.000Z"));
  });
});

test("when a counterfeit takedown stands, its buyers of the previous 6 months are told once and offered a discussion", async () => {
  const [recent, old] = [await createUser(db.prisma, { roles: ["BUYER"] }), await createUser(db.prisma, { roles: ["BUYER"] })];
  const offer = await world.offer();
  const line = async (buyerId: string, placedAt: Date) => {
    const order = await createOrder(db.prisma, { buyerId, sellerId: world.seller, placedAt });
    await db.prisma.orderLine.updateMany({ where: { orderId: order.id }, data: { offerId: offer } });
    return order.id;
  };
  const recentOrder = await line(recent.id, new Date("2026-01-20T10:00:00Z"));
  await line(old.id, new Date("2025-08-01T10:00:00Z"));
  const item = await fileOne(offer);
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: item });
  await notifyCounterfeitBuyers(db.prisma, clock);
  expect(await db.prisma.outboxMessage.count({ where: { kind: "rights.counterfeitRemoved", recipientId: recent.id } })).toBe(0);
  clock.set(new Date("2026-09-10T22:00:00.000Z")); // the appeal window has passed
  await notifyCounterfeitBuyers(db.prisma, clock);
  await notifyCounterfeitBuyers(db.prisma, clock);
  const told = await db.prisma.outboxMessage.findMany({ where: { kind: "rights.counterfeitRemoved", recipientId: { in: [recent.id, old.id] } } });
  expect(told.map((m) => [m.recipientId, (m.payload as { link: string }).link])).toEqual([[recent.id, `/discussions/new?orderId=${recentOrder}`]]);
  clock.set(new Date("2026-03-10T10:00:00.000Z"));
});

test("transparency figures for a period come from the event log", async () => {
  const figures = await transparencyFigures(await world.ctx(world.agent), { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" });
  const filed = await db.prisma.caseEvent.count({ where: { caseType: "IP_ITEM", type: "FILED" } });
  const takenDown = await db.prisma.caseEvent.count({ where: { caseType: "IP_ITEM", type: "TAKEN_DOWN" } });
  expect(Object.values(figures.itemsByKind).reduce((a, b) => a + b, 0)).toBe(filed);
  expect(figures.actionsByType.TAKEN_DOWN).toBe(takenDown);
  expect(figures.trusted.items + figures.others.items).toBe(filed);
  expect(figures.appeals.reversed).toBe(await db.prisma.caseEvent.count({ where: { caseType: "IP_ITEM", type: "REINSTATED" } }));
  expect(figures.suspensionsByCause.sellersRepeatedInfringement).toBeGreaterThanOrEqual(1);
  expect(figures.suspensionsByCause.reportersManifestlyUnfounded).toBeGreaterThanOrEqual(1);
  expect(figures.medianMsToAction).not.toBeNull();
  await expect(transparencyFigures(await world.ctx(world.filer), { from: "2026-01-01", to: "2027-01-01" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(transparencyFigures(await world.ctx(world.agent), { from: "2027-01-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
});

test("the export sends every statement exactly once in batches of ≤ 100, even after a crash mid-batch", async () => {
  const received = new Map<string, StatementOfReasons>();
  let sent = 0;
  let crashAfter: number | null = 30;
  const transport: TransparencyTransport = {
    async submit(statements) {
      expect(statements.length).toBeLessThanOrEqual(25);
      for (const statement of statements) {
        expect(validateStatement(statement)).toEqual([]);
        if (crashAfter !== null && sent >= crashAfter) throw new Error("connection reset");
        sent++;
        received.set(statement.puid, statement); // the database keeps one statement per puid
      }
    },
  };
  // Enough statements for several batches of 25 (the limit is 100; smaller batches keep the test quick).
  const offers = [];
  for (let i = 0; i < 60; i++) offers.push(await world.offer({ sellerId: (await createUser(db.prisma, { roles: ["SELLER"] })).id }));
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: offers.map((o) => itemFor(world, o, "COPYRIGHT_DESCRIPTION")) });
  for (const item of receipt.items) await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: item.id });
  const total = await db.prisma.ipStatement.count();
  const options = { batchSize: 25 };
  await expect(exportStatements(db.prisma, clock, transport, options)).rejects.toThrow("connection reset");
  crashAfter = null;
  // Right after the crash the open batch is still leased: the run goes on with the next ones.
  await exportStatements(db.prisma, clock, transport, options);
  clock.advance(EXPORT_LEASE_MS);
  const resumed = await exportStatements(db.prisma, clock, transport, options);
  expect(resumed.resent).toBe(1);
  expect(received.size).toBe(total);
  expect(await db.prisma.ipStatement.count({ where: { exportBatch: { completedAt: null } } })).toBe(0);
  expect(await db.prisma.ipStatement.count({ where: { exportBatchId: null } })).toBe(0);
  // A second run finds nothing to send.
  expect(await exportStatements(db.prisma, clock, transport, options)).toMatchObject({ batches: 0 });
  clock.set(new Date("2026-03-10T10:00:00.000Z"));
}, 60_000);
