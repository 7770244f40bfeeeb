import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";
import {
  answerProposal,
  closeWithOutcome,
  escalateDiscussion,
  openDiscussion,
  postMessage,
  proposeSolution,
  takeDiscussion,
} from "~/domain/discussions/discussions.server";
import { approveClaim, fileClaim, precheckForBuyer, secondApproveClaim } from "~/domain/claims/claims.server";
import { getClaim } from "~/domain/claims/queries.server";
import type { DomainContext } from "~/domain/context";

// A claim does not pay what the order's discussion already settled (the reported double payment of
// 5,022.97 PLN): an agent's refund outcome or a refund the seller agreed to counts against the claim's
// maximum, at filing and again at approval; the buyer may still claim when the settled refund did not arrive.
let db: TestDatabase;
let clock: TestClock;
const people: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  people.buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  people.seller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
  people.agent = (await createUser(db.prisma, { roles: ["AGENT"] })).id;
  people.senior = (await createUser(db.prisma, { roles: ["AGENT", "SENIOR_AGENT"] })).id;
  people.senior2 = (await createUser(db.prisma, { roles: ["AGENT", "SENIOR_AGENT"] })).id;
});
afterAll(async () => db?.close());

const at = async (who: string, when: Date = clock.now()): Promise<DomainContext> =>
  contextFor(createTestServices(db, createTestClock(when)), await actorFor(db.prisma, people[who]));
const ago = (ms: number) => new Date(clock.now().getTime() - ms);

// The order from the report: two lines of 2,499.99 PLN and 22.99 PLN shipping = 5,022.97 PLN.
const TOTAL = 502_297;
async function reportedOrder() {
  const order = await createOrder(db.prisma, {
    buyerId: people.buyer,
    sellerId: people.seller,
    lines: [{ unitAmount: 249_999 }, { unitAmount: 249_999 }],
    shippingAmount: 2_299,
    paymentMethod: "PLATFORM_PAY",
    placedAt: ago(10 * DAY),
  });
  return { order, all: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) };
}

/** A discussion opened `openedAgo` ago and escalated 1 hour later than 24 hours after, taken by the agent. */
async function escalatedDiscussion(orderId: string, openedAgo = 3 * DAY) {
  const opened = ago(openedAgo);
  const discussion = await openDiscussion(await at("buyer", opened), { orderId, reason: "NOT_RECEIVED", description: "Paczka nie dotarła" });
  const escalated = new Date(opened.getTime() + 25 * HOUR);
  await escalateDiscussion(await at("buyer", escalated), discussion.id);
  await takeDiscussion(await at("agent", escalated), discussion.id);
  return discussion.id;
}

const claimCounts = async (orderId: string) => ({
  claims: await db.prisma.claim.count({ where: { orderId } }),
  payouts: await db.prisma.payout.count({ where: { orderId } }),
});

test("the agent closed the discussion with a full REFUND: maximum 0, the precheck says who decided what and when, filing refused", async () => {
  const { order, all } = await reportedOrder();
  const discussionId = await escalatedDiscussion(order.id);
  const closedAt = ago(HOUR);
  await closeWithOutcome(await at("agent", closedAt), discussionId, { outcome: "REFUND", note: "Sprzedający zwróci całość" });

  const check = await precheckForBuyer(await at("buyer"), { orderId: order.id, lines: all });
  expect(check.compensation).toMatchObject({ termsMaxAmount: TOTAL, settledAmount: TOTAL, settledDeducted: TOTAL, maxAmount: 0 });
  expect(check.eligible).toBe(false);
  expect(check.settlements).toEqual([expect.objectContaining({ discussionId, outcome: "REFUND", amount: TOTAL, decidedBy: "AGENT", decidedAt: closedAt })]);
  expect(check.checks.find((c) => c.code === "DISCUSSION")).toMatchObject({ ok: true, params: { outcome: "REFUND", amount: TOTAL, decidedBy: "AGENT" } });
  expect(check.checks.find((c) => c.code === "SETTLED")).toMatchObject({ ok: false, errorCode: "CLAIM_SETTLED_IN_DISCUSSION", params: { max: 0, deducted: TOTAL } });

  const before = await claimCounts(order.id);
  await expect(fileClaim(await at("buyer"), { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Nie dotarło" })).rejects.toMatchObject({
    code: "CLAIM_SETTLED_IN_DISCUSSION",
  });
  expect(await claimCounts(order.id)).toEqual(before);
});

test("a claim filed while the discussion was open cannot be approved after the agent refunded in full: nothing paid", async () => {
  const { order, all } = await reportedOrder();
  const discussionId = await escalatedDiscussion(order.id);
  const claim = await fileClaim(await at("buyer"), { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Nie dotarło" });
  expect(claim.maxAmount).toBe(TOTAL);
  await closeWithOutcome(await at("agent"), discussionId, { outcome: "REFUND", note: "Zwrot całości" });

  // Approval re-reads the discussion under the order lock: nothing is left to pay.
  await expect(approveClaim(await at("senior"), claim.id)).rejects.toMatchObject({ code: "CLAIM_SETTLED_IN_DISCUSSION", params: { max: 0 } });
  await expect(approveClaim(await at("agent"), claim.id, { amount: 1, note: "x" })).rejects.toMatchObject({ code: "CLAIM_SETTLED_IN_DISCUSSION" });
  expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).toMatchObject({ status: "SUBMITTED", approvedAmount: null });
  expect(await db.prisma.payout.count({ where: { orderId: order.id } })).toBe(0);
  // The agent's page shows the same: maximum 0 now, the discussion's refund.
  const view = await getClaim(await at("agent"), claim.id);
  expect(view.agentView?.precheck.compensation.maxAmount).toBe(0);
  expect(view.agentView?.precheck.settlements).toEqual([expect.objectContaining({ outcome: "REFUND", decidedBy: "AGENT" })]);
});

test("a partial refund decided between the first and the second approval: the second approval is refused", async () => {
  const { order, all } = await reportedOrder();
  const discussionId = await escalatedDiscussion(order.id);
  const claim = await fileClaim(await at("buyer"), { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Nie dotarło" });
  await approveClaim(await at("senior"), claim.id);
  expect((await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).status).toBe("AWAITING_SECOND_APPROVAL");
  await closeWithOutcome(await at("agent"), discussionId, { outcome: "PARTIAL_REFUND", amount: 100_000, note: "Częściowy zwrot" });
  await expect(secondApproveClaim(await at("senior2"), claim.id)).rejects.toMatchObject({ code: "CLAIM_SETTLED_IN_DISCUSSION", params: { max: TOTAL - 100_000 } });
  expect(await db.prisma.payout.count({ where: { orderId: order.id } })).toBe(0);
});

test("the seller's accepted partial refund reduces the maximum of a later claim by it", async () => {
  const { order, all } = await reportedOrder();
  // First discussion: the seller proposes 1,000 PLN back, the buyer accepts (an agreement).
  const first = await openDiscussion(await at("buyer", ago(6 * DAY)), { orderId: order.id, reason: "NOT_AS_DESCRIBED", description: "Inny kolor" });
  await proposeSolution(await at("seller", ago(6 * DAY - HOUR)), first.id, { kind: "PARTIAL_REFUND", amount: 100_000, note: "Zwrócę 1000 zł" });
  const proposal = await db.prisma.discussionProposal.findFirstOrThrow({ where: { discussionId: first.id, status: "PENDING" } });
  const agreedAt = ago(5 * DAY);
  await answerProposal(await at("buyer", agreedAt), first.id, proposal.id, true);
  // A later discussion about the same order that did not end in agreement: a claim may follow it.
  await openDiscussion(await at("buyer", ago(2 * DAY)), { orderId: order.id, reason: "NOT_RECEIVED", description: "Druga paczka nie dotarła" });

  const check = await precheckForBuyer(await at("buyer"), { orderId: order.id, lines: all });
  expect(check.eligible).toBe(true);
  expect(check.settlements).toEqual([expect.objectContaining({ discussionId: first.id, outcome: "PARTIAL_REFUND", amount: 100_000, decidedBy: "SELLER", decidedAt: agreedAt })]);
  expect(check.compensation).toMatchObject({ termsMaxAmount: TOTAL, settledDeducted: 100_000, maxAmount: TOTAL - 100_000 });
  expect(check.checks.find((c) => c.code === "SETTLED")).toMatchObject({ ok: true, params: { deducted: 100_000, max: TOTAL - 100_000, decidedBy: "SELLER" } });

  const claim = await fileClaim(await at("buyer"), { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Nie dotarło" });
  expect(claim).toMatchObject({ maxAmount: TOTAL - 100_000, settledAmount: 100_000, refundNotReceived: false });
  await expect(approveClaim(await at("senior"), claim.id, { amount: TOTAL - 100_000 + 1, note: "x" })).rejects.toMatchObject({ code: "CLAIM_AMOUNT_ABOVE_MAXIMUM" });
  // 4,022.97 PLN: below the four-eyes threshold, paid at once.
  await approveClaim(await at("senior"), claim.id);
  const paid = await db.prisma.payout.findUniqueOrThrow({ where: { claimId: claim.id } });
  expect(paid.amount).toBe(TOTAL - 100_000);
});

test("the agreed refund did not arrive: the full maximum, the flag stored, and the agent sees it", async () => {
  const { order, all } = await reportedOrder();
  const discussionId = await escalatedDiscussion(order.id);
  await closeWithOutcome(await at("agent", ago(HOUR)), discussionId, { outcome: "RETURN_AND_REFUND", note: "Zwrot po odesłaniu" });

  const check = await precheckForBuyer(await at("buyer"), { orderId: order.id, lines: all, refundNotReceived: true });
  expect(check).toMatchObject({ eligible: true, refundNotReceived: true });
  expect(check.compensation).toMatchObject({ settledAmount: TOTAL, settledDeducted: 0, maxAmount: TOTAL });

  const claim = await fileClaim(await at("buyer"), {
    orderId: order.id,
    lines: all,
    reason: "RETURNED_NOT_REFUNDED",
    description: "Odesłałem, zwrot nie przyszedł",
    refundNotReceived: true,
  });
  expect(claim).toMatchObject({ maxAmount: TOTAL, settledAmount: 0, refundNotReceived: true });
  const view = await getClaim(await at("agent"), claim.id);
  expect(view.claim.refundNotReceived).toBe(true);
  expect(view.agentView?.precheck).toMatchObject({ refundNotReceived: true, compensation: { maxAmount: TOTAL, settledAmount: TOTAL } });
  expect(view.agentView?.precheck.settlements[0]).toMatchObject({ outcome: "RETURN_AND_REFUND", amount: TOTAL });
});

test("an agreement on a refund qualifies for a claim only when the buyer says the refund did not arrive", async () => {
  const { order, all } = await reportedOrder();
  const discussion = await openDiscussion(await at("buyer", ago(3 * DAY)), { orderId: order.id, reason: "NOT_RECEIVED", description: "Brak" });
  await proposeSolution(await at("seller", ago(3 * DAY - HOUR)), discussion.id, { kind: "REFUND" });
  const proposal = await db.prisma.discussionProposal.findFirstOrThrow({ where: { discussionId: discussion.id, status: "PENDING" } });
  await answerProposal(await at("buyer", ago(2 * DAY)), discussion.id, proposal.id, true);
  const file = (refundNotReceived: boolean) =>
    at("buyer").then((ctx) => fileClaim(ctx, { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Zwrot nie dotarł", refundNotReceived }));
  await expect(file(false)).rejects.toMatchObject({ code: "CLAIM_NO_QUALIFYING_DISCUSSION" });
  const claim = await file(true);
  expect(claim).toMatchObject({ maxAmount: TOTAL, refundNotReceived: true, discussionId: discussion.id });
});

test("without any settlement the flag changes nothing and is not stored", async () => {
  const { order, all } = await reportedOrder();
  await openDiscussion(await at("buyer", ago(2 * DAY)), { orderId: order.id, reason: "NOT_RECEIVED", description: "Brak" });
  const claim = await fileClaim(await at("buyer"), { orderId: order.id, lines: all, reason: "NOT_RECEIVED", description: "Brak", refundNotReceived: true });
  expect(claim).toMatchObject({ maxAmount: TOTAL, settledAmount: 0, refundNotReceived: false });
});

test("free text is stored without direction overrides (U+202E)", async () => {
  const { order } = await reportedOrder();
  const discussion = await openDiscussion(await at("buyer", ago(HOUR)), { orderId: order.id, reason: "OTHER", description: "Plik \u202Egnp.exe w paczce" });
  await postMessage(await at("seller"), discussion.id, { body: "Odpowiedź \u202Eelif\u2066 i znak \u200F zostaje" });
  expect((await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } })).description).toBe("Plik gnp.exe w paczce");
  const message = await db.prisma.discussionMessage.findFirstOrThrow({ where: { discussionId: discussion.id, authorRole: "SELLER" } });
  expect(message.body).toBe("Odpowiedź elif i znak \u200F zostaje");
  await expect(postMessage(await at("seller"), discussion.id, { body: "\u202E\u2066" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
});
