import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { openDatabase, type Database } from "~/infra/db.server";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser, type OrderLineSpec } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";
import { closeAsResolved, openDiscussion, proposeSolution, answerProposal } from "~/domain/discussions/discussions.server";
import {
  approveClaim,
  declineSecondApproval,
  executePayouts,
  fileClaim,
  precheckForBuyer,
  provideDocuments,
  rejectClaim,
  requestDocuments,
  secondApproveClaim,
} from "~/domain/claims/claims.server";
import { createTermsVersion, setFourEyesThreshold } from "~/domain/program-terms/terms.server";
import { claimMetrics, claimMetricsByYear } from "~/domain/claims/metrics.server";
import { getClaim, listClaimQueue } from "~/domain/claims/queries.server";
import type { DomainContext } from "~/domain/context";

const SECOND = 1000;
let db: TestDatabase;
let clock: TestClock;
const people: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  people.buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  people.smartBuyer = (await createUser(db.prisma, { roles: ["BUYER"], smartUntil: new Date("2027-06-01T00:00:00Z") })).id;
  people.other = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  people.seller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
  people.agent = (await createUser(db.prisma, { roles: ["AGENT"] })).id;
  people.agent2 = (await createUser(db.prisma, { roles: ["AGENT"] })).id;
  people.senior = (await createUser(db.prisma, { roles: ["AGENT", "SENIOR_AGENT"] })).id;
  people.senior2 = (await createUser(db.prisma, { roles: ["AGENT", "SENIOR_AGENT"] })).id;
  people.admin = (await createUser(db.prisma, { roles: ["ADMIN"] })).id;
  // A buyer of their own for the per-person cap: nothing approved for them before that test.
  people.capBuyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
});
afterAll(async () => db?.close());

const as = async (who: string, database: Database = db): Promise<DomainContext> =>
  ({ ...contextFor(createTestServices(db, clock), await actorFor(db.prisma, people[who])), db: database.prisma });

interface Scenario {
  buyer?: string;
  lines?: OrderLineSpec[];
  shippingAmount?: number;
  paymentMethod?: "PLATFORM_PAY" | "BANK_TRANSFER" | "CASH_ON_DELIVERY";
  placedAt?: Date;
  discussionAgeMs?: number | null;
}

/** An order and (unless null) a discussion about it opened `discussionAgeMs` ago. */
async function scenario(options: Scenario = {}) {
  const buyer = options.buyer ?? "buyer";
  const placedAt = options.placedAt ?? new Date(clock.now().getTime() - 10 * DAY);
  const order = await createOrder(db.prisma, {
    buyerId: people[buyer],
    sellerId: people.seller,
    lines: options.lines ?? [{ unitAmount: 120_000 }],
    shippingAmount: options.shippingAmount ?? 1_999,
    paymentMethod: options.paymentMethod ?? "PLATFORM_PAY",
    placedAt,
  });
  let discussionId: string | null = null;
  if (options.discussionAgeMs !== null) {
    const age = options.discussionAgeMs ?? 2 * DAY;
    const openedAt = new Date(clock.now().getTime() - age);
    const discussionClock = createTestClock(openedAt);
    const ctx = { ...contextFor(createTestServices(db, discussionClock), await actorFor(db.prisma, people[buyer])) };
    discussionId = (await openDiscussion(ctx, { orderId: order.id, reason: "NOT_RECEIVED", description: "Nie dotarło" })).id;
  }
  return { order, discussionId, all: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) };
}

const file = async (s: Awaited<ReturnType<typeof scenario>>, who = "buyer", lines = s.all, extra: Partial<Parameters<typeof fileClaim>[1]> = {}) =>
  fileClaim(await as(who), { orderId: s.order.id, lines, reason: "NOT_RECEIVED", description: "Zapłaciłem, nie otrzymałem", ...extra });

const counts = async () => ({
  claims: await db.prisma.claim.count(),
  events: await db.prisma.caseEvent.count({ where: { caseType: "CLAIM" } }),
  payouts: await db.prisma.payout.count(),
  outbox: await db.prisma.outboxMessage.count(),
});

describe("filing: eligibility", () => {
  test("a covered order with a qualifying discussion: filed under the seed terms, 5-day deadline, max computed", async () => {
    const s = await scenario({ shippingAmount: 12_900 });
    const claim = await file(s);
    expect(claim).toMatchObject({ status: "SUBMITTED", itemsAmount: 120_000, shippingAmount: 10_000, maxAmount: 130_000, smartAtFiling: false });
    expect(claim.decisionDueAt.getTime() - claim.filedAt.getTime()).toBe(120 * HOUR);
    expect(claim.discussionId).toBe(s.discussionId);
    const terms = await db.prisma.programTerms.findUniqueOrThrow({ where: { id: claim.termsId } });
    expect(terms.version).toBe("2017-08");
    expect(await db.prisma.outboxMessage.count({ where: { recipientId: people.seller, kind: "claim.filedAgainstYou" } })).toBeGreaterThan(0);
  });

  test("SMART members get a 12-hour deadline", async () => {
    const claim = await file(await scenario({ buyer: "smartBuyer" }), "smartBuyer");
    expect(claim.smartAtFiling).toBe(true);
    expect(claim.decisionDueAt.getTime() - claim.filedAt.getTime()).toBe(12 * HOUR);
  });

  test.each([
    ["cash on delivery", { paymentMethod: "CASH_ON_DELIVERY" as const }, "CLAIM_PAYMENT_METHOD_NOT_COVERED"],
    ["no discussion", { discussionAgeMs: null }, "CLAIM_NO_QUALIFYING_DISCUSSION"],
    ["a discussion open 23:59:59", { discussionAgeMs: 24 * HOUR - SECOND }, "CLAIM_NO_QUALIFYING_DISCUSSION"],
    ["outside the 183-day window", { placedAt: new Date(Date.parse("2026-11-02T10:00:00Z") - 183 * DAY - SECOND), discussionAgeMs: 2 * DAY }, "CLAIM_WINDOW_CLOSED"],
  ])("%s → %s, nothing written", async (_label, options, code) => {
    const s = await scenario(options as Scenario);
    const before = await counts();
    await expect(file(s)).rejects.toMatchObject({ code });
    expect(await counts()).toEqual(before);
  });

  test("a discussion open exactly 24:00:00 qualifies; one ended by agreement does not", async () => {
    await expect(file(await scenario({ discussionAgeMs: 24 * HOUR }))).resolves.toMatchObject({ status: "SUBMITTED" });
    const agreed = await scenario({ discussionAgeMs: 3 * DAY });
    const sellerCtx = await as("seller");
    await proposeSolution(sellerCtx, agreed.discussionId!, { kind: "REPLACEMENT" });
    const proposal = await db.prisma.discussionProposal.findFirstOrThrow({ where: { discussionId: agreed.discussionId!, status: "PENDING" } });
    await answerProposal(await as("buyer"), agreed.discussionId!, proposal.id, true);
    await expect(file(agreed)).rejects.toMatchObject({ code: "CLAIM_NO_QUALIFYING_DISCUSSION" });
    const resolved = await scenario({ discussionAgeMs: 3 * DAY });
    await closeAsResolved(await as("buyer"), resolved.discussionId!);
    await expect(file(resolved)).rejects.toMatchObject({ code: "CLAIM_NO_QUALIFYING_DISCUSSION" });
  });

  test("lines: not in the order, more than bought, or claimed twice → errors; the rest can be claimed later", async () => {
    const s = await scenario({ lines: [{ unitAmount: 20_000, quantity: 3 }, { unitAmount: 50_000 }] });
    const [a, b] = s.order.lines;
    const before = await counts();
    await expect(file(s, "buyer", [{ orderLineId: "00000000-0000-4000-8000-000000000000", quantity: 1 }])).rejects.toMatchObject({ code: "CLAIM_LINE_NOT_IN_ORDER" });
    await expect(file(s, "buyer", [{ orderLineId: a.id, quantity: 4 }])).rejects.toMatchObject({ code: "CLAIM_LINES_ALREADY_CLAIMED" });
    await expect(file(s, "buyer", [{ orderLineId: a.id, quantity: 0 }])).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(file(s, "buyer", [])).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await counts()).toEqual(before);
    const first = await file(s, "buyer", [{ orderLineId: a.id, quantity: 2 }]);
    expect(first).toMatchObject({ itemsAmount: 40_000, shippingAmount: 1_999 });
    await expect(file(s, "buyer", [{ orderLineId: a.id, quantity: 2 }])).rejects.toMatchObject({ code: "CLAIM_LINES_ALREADY_CLAIMED" });
    const second = await file(s, "buyer", [{ orderLineId: a.id, quantity: 1 }, { orderLineId: b.id, quantity: 1 }]);
    // Shipping was already part of the first claim.
    expect(second).toMatchObject({ itemsAmount: 70_000, shippingAmount: 0, maxAmount: 70_000 });
  });

  test("only the order's buyer; someone else's order is not found", async () => {
    const s = await scenario();
    await expect(file(s, "other")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(file(s, "seller")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("the buyer's precheck is the same computation filing uses", async () => {
    const s = await scenario({ lines: [{ unitAmount: 995_000 }], shippingAmount: 10_001 });
    const check = await precheckForBuyer(await as("buyer"), { orderId: s.order.id, lines: s.all });
    expect(check.eligible).toBe(true);
    expect(check.compensation).toMatchObject({ itemsAmount: 995_000, shippingAmount: 10_000, shippingCapApplied: true, claimCapApplied: true, maxAmount: 1_000_000 });
    const claim = await file(s);
    expect(claim.maxAmount).toBe(check.compensation.maxAmount);
    const cod = await scenario({ paymentMethod: "CASH_ON_DELIVERY" });
    const uncovered = await precheckForBuyer(await as("buyer"), { orderId: cod.order.id, lines: cod.all });
    expect(uncovered.eligible).toBe(false);
    expect(uncovered.checks.find((c) => c.code === "PAYMENT_METHOD")).toMatchObject({ ok: false });
  });
});

describe("decisions and payouts", () => {
  test("approve in full → paid once, with a seller recovery for the same amount, buyer and seller notified", async () => {
    const claim = await file(await scenario());
    await approveClaim(await as("agent"), claim.id);
    const paid = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { payout: true, recovery: true } });
    expect(paid.status).toBe("PAID");
    expect(paid.payout).toMatchObject({ amount: paid.maxAmount, status: "EXECUTED", idempotencyKey: `claim:${claim.id}:payout` });
    expect(paid.recovery).toMatchObject({ amount: paid.maxAmount, sellerId: people.seller, status: "OPEN" });
    expect(await executePayouts(db.prisma, clock)).toBe(0);
    expect(await db.prisma.payout.count({ where: { claimId: claim.id } })).toBe(1);
    expect(await db.prisma.outboxMessage.count({ where: { kind: { in: ["claim.paid", "claim.recovery"] }, idempotencyKey: { startsWith: `claim:${claim.id}:` } } })).toBe(2);
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: claim.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["FILED", "APPROVED", "PAID"]);
  });

  test("partial approval: amount ≤ max with a reason; above max or ≤ 0 refused, nothing paid", async () => {
    const claim = await file(await scenario());
    const before = await counts();
    await expect(approveClaim(await as("agent"), claim.id, { amount: claim.maxAmount + 1, note: "x" })).rejects.toMatchObject({ code: "CLAIM_AMOUNT_ABOVE_MAXIMUM" });
    await expect(approveClaim(await as("agent"), claim.id, { amount: 0, note: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(approveClaim(await as("agent"), claim.id, { amount: -5, note: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(approveClaim(await as("agent"), claim.id, { amount: 50_000 })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await counts()).toEqual(before);
    await approveClaim(await as("agent"), claim.id, { amount: 50_000, note: "Zwrot za uszkodzoną część" });
    expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { payout: true } })).toMatchObject({
      status: "PAID",
      approvedAmount: 50_000,
      decisionNote: "Zwrot za uszkodzoną część",
      payout: { amount: 50_000 },
    });
  });

  test("four eyes: above 5,000 PLN a different senior agent must approve before any payout", async () => {
    const claim = await file(await scenario({ lines: [{ unitAmount: 600_000 }] }));
    await approveClaim(await as("senior"), claim.id);
    expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).toMatchObject({ status: "AWAITING_SECOND_APPROVAL", firstApproverId: people.senior });
    expect(await db.prisma.payout.count({ where: { claimId: claim.id } })).toBe(0);
    await expect(secondApproveClaim(await as("senior"), claim.id)).rejects.toMatchObject({ code: "FOUR_EYES_SAME_AGENT" });
    await expect(secondApproveClaim(await as("agent"), claim.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.payout.count({ where: { claimId: claim.id } })).toBe(0);
    await secondApproveClaim(await as("senior2"), claim.id);
    expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { payout: true } })).toMatchObject({
      status: "PAID",
      secondApproverId: people.senior2,
      payout: { amount: claim.maxAmount },
    });
  });

  test("the threshold is a setting; a declined second approval goes back to the queue", async () => {
    await expect(setFourEyesThreshold(await as("agent"), { amount: 100_000 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setFourEyesThreshold(await as("admin"), { amount: 100_000 });
    try {
      const claim = await file(await scenario({ lines: [{ unitAmount: 100_000 }], shippingAmount: 1 }));
      await approveClaim(await as("agent"), claim.id);
      expect((await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).status).toBe("AWAITING_SECOND_APPROVAL");
      await declineSecondApproval(await as("senior"), claim.id, { note: "Brak dowodu nadania" });
      expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).toMatchObject({ status: "SUBMITTED", approvedAmount: null });
    } finally {
      await setFourEyesThreshold(await as("admin"), { amount: 500_000 });
    }
  });

  test("reject with a reason; no decision after the claim is closed", async () => {
    const claim = await file(await scenario());
    await rejectClaim(await as("agent"), claim.id, { reason: "INSUFFICIENT_EVIDENCE", note: "Brak potwierdzenia z policji" });
    const before = await counts();
    await expect(approveClaim(await as("agent2"), claim.id)).rejects.toMatchObject({ code: "CASE_CLOSED" });
    await expect(rejectClaim(await as("agent2"), claim.id, { reason: "OTHER", note: "x" })).rejects.toMatchObject({ code: "CASE_CLOSED" });
    await expect(rejectClaim(await as("agent2"), claim.id, { reason: "MACHINE_SAYS_NO", note: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await counts()).toEqual(before);
    // A rejected claim frees its lines for a new claim.
    const order = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { lines: true } });
    await expect(
      fileClaim(await as("buyer"), { orderId: order.orderId, lines: order.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })), reason: "DAMAGED", description: "Ponownie" }),
    ).resolves.toMatchObject({ status: "SUBMITTED" });
  });

  test("requesting documents pauses the deadline; the buyer's upload resumes it, extended by the pause", async () => {
    const claim = await file(await scenario());
    clock.advance(2 * HOUR);
    await requestDocuments(await as("agent"), claim.id, { note: "Proszę o potwierdzenie przyjęcia zgłoszenia przez policję" });
    clock.advance(30 * HOUR);
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF");
    await expect(provideDocuments(await as("other"), claim.id, { documents: [{ fileName: "x.pdf", data: pdf }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await provideDocuments(await as("buyer"), claim.id, { documents: [{ fileName: "potwierdzenie.pdf", data: pdf }] });
    const resumed = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { documents: true } });
    expect(resumed.status).toBe("SUBMITTED");
    expect(resumed.decisionDueAt.getTime() - claim.decisionDueAt.getTime()).toBe(30 * HOUR);
    expect(resumed.documents.map((d) => d.fileName)).toEqual(["potwierdzenie.pdf"]);
  });

  test("buyers and sellers cannot decide; outsiders cannot see", async () => {
    const claim = await file(await scenario());
    await expect(approveClaim(await as("buyer"), claim.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(approveClaim(await as("seller"), claim.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(approveClaim(await as("other"), claim.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getClaim(await as("other"), claim.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getClaim(await as("seller"), claim.id)).resolves.toMatchObject({ role: "SELLER", agentView: null });
    const agentView = await getClaim(await as("agent"), claim.id);
    expect(agentView.agentView?.precheck.compensation.maxAmount).toBe(claim.maxAmount);
    expect(agentView.actions.sort()).toEqual(["APPROVE", "REJECT", "REQUEST_DOCUMENTS"]);
  });
});

describe("program terms are versioned", () => {
  test("a later version (20,000 PLN cap, 2-year windows, 40,000 PLN per person) applies to purchases from its date only", async () => {
    const effectiveFrom = new Date(clock.now().getTime() + 30 * DAY);
    await expect(
      createTermsVersion(await as("admin"), { ...v2(), effectiveFrom: new Date(clock.now().getTime() - DAY) }),
    ).rejects.toMatchObject({ code: "TERMS_VERSION_CONFLICT" });
    await expect(createTermsVersion(await as("agent"), { ...v2(), effectiveFrom })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await createTermsVersion(await as("admin"), { ...v2(), effectiveFrom });
    clock.advance(60 * DAY);
    const before = await scenario({ buyer: "capBuyer", lines: [{ unitAmount: 1_500_000 }], placedAt: new Date(effectiveFrom.getTime() - SECOND), discussionAgeMs: 2 * DAY });
    const after = await scenario({ buyer: "capBuyer", lines: [{ unitAmount: 1_500_000 }], placedAt: effectiveFrom, discussionAgeMs: 2 * DAY });
    const oldRules = await file(before, "capBuyer");
    const newRules = await file(after, "capBuyer");
    expect(oldRules.maxAmount).toBe(1_000_000);
    expect(newRules.maxAmount).toBe(1_500_000 + 1_999);
    const terms = await db.prisma.programTerms.findMany({ where: { id: { in: [oldRules.termsId, newRules.termsId] } } });
    expect(terms.map((t) => t.version).sort()).toEqual(["2017-08", "test-2027"]);
    // The per-person cap: 40,000 PLN over two years.
    await approveClaim(await as("senior"), newRules.id);
    await secondApproveClaim(await as("senior2"), newRules.id);
    const third = await scenario({ buyer: "capBuyer", lines: [{ unitAmount: 2_000_000 }], placedAt: effectiveFrom, discussionAgeMs: 2 * DAY, shippingAmount: 0 });
    const capped = await file(third, "capBuyer");
    expect(capped.maxAmount).toBe(2_000_000);
    const fourth = await scenario({ buyer: "capBuyer", lines: [{ unitAmount: 2_000_000 }], placedAt: effectiveFrom, discussionAgeMs: 2 * DAY, shippingAmount: 0 });
    await approveClaim(await as("senior"), capped.id);
    await secondApproveClaim(await as("senior2"), capped.id);
    const limited = await file(fourth, "capBuyer");
    expect(limited.maxAmount).toBe(4_000_000 - (1_501_999 + 2_000_000));
    expect(limited.capApplied).toBe(true);
  });
});

function v2() {
  return {
    version: "test-2027",
    name: "Program Ochrony Kupujących (test)",
    coveredPaymentMethods: ["PLATFORM_PAY", "BANK_TRANSFER"],
    shippingCoveredPaymentMethods: ["PLATFORM_PAY"],
    shippingCap: 10_000,
    perClaimCap: 2_000_000,
    perPersonCap: 4_000_000,
    perPersonCapWindowDays: 730,
    discussionWindowDays: 730,
    claimWindowDays: 730,
    standardDecisionHours: 120,
    smartDecisionHours: 12,
  };
}

describe("money under concurrency (real parallelism on PostgreSQL)", () => {
  const pools: Database[] = [];
  beforeAll(async () => {
    if (onPostgres) for (let i = 0; i < 4; i++) pools.push(await openDatabase({ url: db.url!, poolSize: 3 }));
  });
  afterAll(async () => Promise.all(pools.map((p) => p.close())));
  const pool = (i: number) => (onPostgres ? pools[i % pools.length] : db);

  test("many agents approving the same claim at once: one decision, one payout", async () => {
    const claim = await file(await scenario());
    const agents = ["agent", "agent2", "senior", "senior2"];
    const results = await Promise.allSettled(agents.map(async (who, i) => approveClaim(await as(who, pool(i)), claim.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]) expect(r.reason.code).toBe("CASE_CLOSED");
    expect(await db.prisma.payout.count({ where: { claimId: claim.id } })).toBe(1);
    expect((await db.prisma.payout.findUniqueOrThrow({ where: { claimId: claim.id } })).amount).toBe(claim.maxAmount);
  });

  test("parallel filings for the same lines: one claim", async () => {
    const s = await scenario();
    const results = await Promise.allSettled([0, 1, 2, 3].map(async (i) => fileClaim(await as("buyer", pool(i)), { orderId: s.order.id, lines: s.all, reason: "DAMAGED", description: "x" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.claim.count({ where: { orderId: s.order.id } })).toBe(1);
  });

  test("the order lock holds even when two claims cover the same items: the second approval is refused", async () => {
    // Filing never lets this happen; the duplicate is inserted directly to prove the last line of defence.
    for (let round = 0; round < 3; round++) {
      const s = await scenario({ lines: [{ unitAmount: 300_000 }], shippingAmount: 0 });
      const original = await file(s);
      const { id: _id, number: _n, ...copy } = original;
      const twin = await db.prisma.claim.create({
        data: { ...copy, lines: { create: [{ orderLineId: s.order.lines[0].id, quantity: 1, amount: 300_000 }] } },
      });
      const results = await Promise.allSettled([
        approveClaim(await as("agent", pool(round)), original.id),
        approveClaim(await as("agent2", pool(round + 1)), twin.id),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code).toBe("CLAIM_ORDER_LIMIT_REACHED");
      const paid = await db.prisma.payout.aggregate({ _sum: { amount: true }, where: { orderId: s.order.id } });
      expect(paid._sum.amount).toBe(300_000);
    }
  });

  test("parallel approvals and payout sweeps on one order never exceed what the order allows and never pay twice", async () => {
    const s = await scenario({ lines: Array.from({ length: 6 }, () => ({ unitAmount: 90_000 })), shippingAmount: 15_000 });
    const claims = [];
    for (const line of s.order.lines) claims.push(await file(s, "buyer", [{ orderLineId: line.id, quantity: 1 }]));
    const agents = ["agent", "agent2", "senior", "senior2"];
    // Every claim approved by several agents at once, while payout sweeps run from other connections.
    const approvals = claims.flatMap((claim, c) => agents.map(async (who, a) => approveClaim(await as(who, pool(c + a)), claim.id)));
    const sweeps = [0, 1, 2, 3].map((i) => executePayouts(pool(i).prisma, clock));
    await Promise.allSettled([...approvals, ...sweeps]);
    await Promise.all([0, 1].map((i) => executePayouts(pool(i).prisma, clock)));
    const payouts = await db.prisma.payout.findMany({ where: { orderId: s.order.id } });
    const ceiling = 6 * 90_000 + 10_000;
    expect(payouts).toHaveLength(6);
    expect(new Set(payouts.map((p) => p.claimId)).size).toBe(6);
    expect(payouts.every((p) => p.status === "EXECUTED")).toBe(true);
    expect(payouts.reduce((sum, p) => sum + p.amount, 0)).toBeLessThanOrEqual(ceiling);
    expect(payouts.reduce((sum, p) => sum + p.amount, 0)).toBe(ceiling);
    expect(await db.prisma.sellerRecovery.count({ where: { claimId: { in: claims.map((c) => c.id) } } })).toBe(6);
    expect(await db.prisma.caseEvent.count({ where: { caseId: { in: claims.map((c) => c.id) }, type: "PAID" } })).toBe(6);
  });
});

test("queue: soonest deadline first, SMART rising to the top; breached claims are counted", async () => {
  const fresh = await createTestDatabase();
  try {
    const c = createTestClock("2026-11-02T10:00:00.000Z");
    const s = createTestServices(fresh, c);
    const buyer = await createUser(fresh.prisma, { roles: ["BUYER"] });
    const smart = await createUser(fresh.prisma, { roles: ["BUYER"], smartUntil: new Date("2027-12-31T00:00:00Z") });
    const seller = await createUser(fresh.prisma, { roles: ["SELLER"] });
    const agent = await createUser(fresh.prisma, { roles: ["AGENT"] });
    const fileFor = async (buyerId: string) => {
      const order = await createOrder(fresh.prisma, { buyerId, sellerId: seller.id, placedAt: new Date(c.now().getTime() - 5 * DAY) });
      const discussionCtx = contextFor(createTestServices(fresh, createTestClock(new Date(c.now().getTime() - 2 * DAY))), await actorFor(fresh.prisma, buyerId));
      await openDiscussion(discussionCtx, { orderId: order.id, reason: "NOT_RECEIVED", description: "x" });
      return fileClaim(contextFor(s, await actorFor(fresh.prisma, buyerId)), {
        orderId: order.id,
        lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
        reason: "NOT_RECEIVED",
        description: "x",
      });
    };
    const standard = await fileFor(buyer.id);
    c.advance(HOUR);
    const smartClaim = await fileFor(smart.id);
    const agentCtx = contextFor(s, await actorFor(fresh.prisma, agent.id));
    const queue = await listClaimQueue(agentCtx);
    expect(queue.items.map((i) => i.id)).toEqual([smartClaim.id, standard.id]);
    expect(queue.breached).toEqual({ count: 0, atLeast: false });
    c.advance(12 * HOUR);
    const later = await listClaimQueue(agentCtx);
    expect(later.breached).toEqual({ count: 1, atLeast: false });
    expect(later.items[0]).toMatchObject({ id: smartClaim.id, deadline: "breached" });
    await approveClaim(agentCtx, smartClaim.id);
    const metrics = await claimMetrics(agentCtx, { from: new Date("2026-01-01T00:00:00Z") });
    expect(metrics).toMatchObject({ reimbursements: 1, transactions: 2, transactionsPerReimbursement: 2, approvalRate: 1 });
    expect(metrics.averageHoursToRefund.smart).toBeCloseTo(12, 5);
    // A claim paused for documents is not in breach, however late it gets.
    await requestDocuments(agentCtx, standard.id, { note: "Proszę o dokument" });
    c.advance(10 * DAY);
    expect((await listClaimQueue(agentCtx, { stage: "DOCUMENTS" })).breached).toEqual({ count: 0, atLeast: false });
    expect((await listClaimQueue(agentCtx, { stage: "DOCUMENTS", breachedOnly: true })).total).toEqual({ count: 0, atLeast: false });
    await expect(listClaimQueue(contextFor(s, await actorFor(fresh.prisma, buyer.id)))).rejects.toMatchObject({ code: "FORBIDDEN" });
  } finally {
    await fresh.close();
  }
});

test("yearly figures count transactions by the calendar year in Warsaw, to the millisecond", async () => {
  const fresh = await createTestDatabase();
  try {
    const c = createTestClock("2026-11-02T10:00:00.000Z");
    const buyer = await createUser(fresh.prisma, { roles: ["BUYER"] });
    const seller = await createUser(fresh.prisma, { roles: ["SELLER"] });
    const agent = await createUser(fresh.prisma, { roles: ["AGENT"] });
    // New Year in Warsaw (CET, UTC+1) is 23:00 UTC on 31 December.
    for (const placedAt of ["2024-12-31T22:59:59.999Z", "2024-12-31T23:00:00.000Z", "2025-12-31T22:59:59.999Z", "2025-12-31T23:00:00.000Z", "2026-11-02T09:00:00.000Z"]) {
      await createOrder(fresh.prisma, { buyerId: buyer.id, sellerId: seller.id, placedAt: new Date(placedAt) });
    }
    const ctx = contextFor(createTestServices(fresh, c), await actorFor(fresh.prisma, agent.id));
    const years = await claimMetricsByYear(ctx, 3);
    expect(years.map((y) => [y.year, y.transactions, y.reimbursements])).toEqual([
      [2024, 1, 0],
      [2025, 2, 0],
      [2026, 2, 0],
    ]);
    await expect(claimMetricsByYear(contextFor(createTestServices(fresh, c), await actorFor(fresh.prisma, buyer.id)))).rejects.toMatchObject({ code: "FORBIDDEN" });
  } finally {
    await fresh.close();
  }
});
