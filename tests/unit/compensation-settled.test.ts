import { computeCompensation, settledRefund, settledShare, settlementOf, type CompensationInput, type CompensationTerms } from "~/domain/claims/compensation";

// What the discussion already settled is not paid again: the claim's maximum is what the terms allow minus
// the settled refund's share of the claimed lines (never below 0), unless the buyer says it did not arrive.
const SEED: CompensationTerms = {
  coveredPaymentMethods: ["PLATFORM_PAY", "BANK_TRANSFER"],
  shippingCoveredPaymentMethods: ["PLATFORM_PAY"],
  shippingCap: 10_000,
  perClaimCap: 1_000_000,
  perPersonCap: null,
};
// The order from the report: 5,022.97 PLN = 4,999.98 of items + 22.99 shipping.
const ORDER_TOTAL = 502_297;
const base = (overrides: Partial<CompensationInput> = {}): CompensationInput => ({
  terms: SEED,
  paymentMethod: "PLATFORM_PAY",
  orderShipping: 2_299,
  lines: [
    { orderLineId: "a", unitAmount: 249_999, quantity: 1 },
    { orderLineId: "b", unitAmount: 249_999, quantity: 1 },
  ],
  shippingAlreadyClaimed: false,
  personApprovedInWindow: 0,
  ...overrides,
});

describe("the settled amount is deducted from the maximum", () => {
  test("nothing settled (zero or absent): the terms' maximum", () => {
    for (const settled of [undefined, null, { amount: 0, orderTotal: ORDER_TOTAL }]) {
      const result = computeCompensation(base({ settled }));
      expect(result).toMatchObject({ termsMaxAmount: ORDER_TOTAL, settledDeducted: 0, maxAmount: ORDER_TOTAL });
    }
  });

  test("a full refund of the order: maximum 0 (the reported double payment)", () => {
    const result = computeCompensation(base({ settled: { amount: ORDER_TOTAL, orderTotal: ORDER_TOTAL } }));
    expect(result).toMatchObject({ termsMaxAmount: ORDER_TOTAL, settledAmount: ORDER_TOTAL, settledDeducted: ORDER_TOTAL, maxAmount: 0 });
  });

  test("a full refund against a claim for one line only: that line is settled too", () => {
    const result = computeCompensation(base({ lines: [{ orderLineId: "a", unitAmount: 249_999, quantity: 1 }], settled: { amount: ORDER_TOTAL, orderTotal: ORDER_TOTAL } }));
    expect(result.maxAmount).toBe(0);
  });

  test("a partial refund over the whole claimed order: the maximum is reduced by exactly that amount", () => {
    const result = computeCompensation(base({ settled: { amount: 100_000, orderTotal: ORDER_TOTAL } }));
    expect(result).toMatchObject({ settledDeducted: 100_000, maxAmount: ORDER_TOTAL - 100_000 });
  });

  test("a partial refund is spread over the order by value, rounded up to the grosz", () => {
    // One of two equal lines, without shipping (another claim took it): 249,999 / 502,297 of 100,000 = 49,771.1… → 49,772.
    const result = computeCompensation(
      base({ lines: [{ orderLineId: "a", unitAmount: 249_999, quantity: 1 }], shippingAlreadyClaimed: true, settled: { amount: 100_000, orderTotal: ORDER_TOTAL } }),
    );
    expect(result.settledDeducted).toBe(49_772);
    expect(result.maxAmount).toBe(249_999 - 49_772);
  });

  test("the deduction comes off what the terms allow (after the cap), never below 0", () => {
    const big = base({ lines: [{ orderLineId: "a", unitAmount: 1_500_000, quantity: 1 }], orderShipping: 0 });
    const result = computeCompensation({ ...big, settled: { amount: 600_000, orderTotal: 1_500_000 } });
    expect(result).toMatchObject({ termsMaxAmount: 1_000_000, settledDeducted: 600_000, maxAmount: 400_000 });
    const more = computeCompensation({ ...big, settled: { amount: 1_400_000, orderTotal: 1_500_000 } });
    expect(more.maxAmount).toBe(0);
  });

  test("the refund did not arrive: nothing deducted, the full maximum", () => {
    const result = computeCompensation(base({ settled: { amount: ORDER_TOTAL, orderTotal: ORDER_TOTAL }, refundNotReceived: true }));
    expect(result).toMatchObject({ settledAmount: ORDER_TOTAL, settledDeducted: 0, maxAmount: ORDER_TOTAL });
  });

  test("not covered stays 0 whatever was settled", () => {
    const result = computeCompensation(base({ paymentMethod: "CASH_ON_DELIVERY", settled: { amount: 100, orderTotal: ORDER_TOTAL } }));
    expect(result).toMatchObject({ covered: false, settledDeducted: 0, maxAmount: 0 });
  });

  test("settledShare edges", () => {
    expect(settledShare(null, 1_000, false)).toBe(0);
    expect(settledShare({ amount: 500, orderTotal: 1_000 }, 1_000, true)).toBe(0);
    expect(settledShare({ amount: 1_000, orderTotal: 1_000 }, 400, false)).toBe(400);
    expect(settledShare({ amount: 1, orderTotal: 1_000 }, 1, false)).toBe(1);
    expect(settledShare({ amount: 500, orderTotal: 1_000 }, 0, false)).toBe(0);
    // Large amounts stay exact.
    expect(settledShare({ amount: 99_999_999, orderTotal: 100_000_000 }, 100_000_000, false)).toBe(99_999_999);
  });
});

describe("which discussion endings settle a refund", () => {
  const closedAt = new Date("2026-11-20T12:00:00Z");
  const d = (resolution: string, outcome: string | null, outcomeAmount: number | null = null, acceptedProposalBy: string | null = null) => ({
    id: "d",
    number: 7,
    resolution,
    outcome,
    outcomeAmount,
    closedAt,
    acceptedProposalBy,
  });
  test.each([
    ["AGENT_DECISION", "REFUND", null, null, { amount: ORDER_TOTAL, decidedBy: "AGENT" }],
    ["AGENT_DECISION", "RETURN_AND_REFUND", null, null, { amount: ORDER_TOTAL, decidedBy: "AGENT" }],
    ["AGENT_DECISION", "PARTIAL_REFUND", 10_000, null, { amount: 10_000, decidedBy: "AGENT" }],
    ["AGREEMENT", "PARTIAL_REFUND", 25_000, "SELLER", { amount: 25_000, decidedBy: "SELLER" }],
    ["AGREEMENT", "REFUND", null, "AGENT", { amount: ORDER_TOTAL, decidedBy: "AGENT" }],
  ] as const)("%s with %s (%s) settles", (resolution, outcome, amount, by, expected) => {
    expect(settlementOf(d(resolution, outcome, amount, by), ORDER_TOTAL)).toMatchObject({ ...expected, outcome, decidedAt: closedAt, number: 7 });
  });
  test.each([
    ["AGENT_DECISION", "REPLACEMENT"],
    ["AGENT_DECISION", "NO_ACTION"],
    ["AGREEMENT", "REPLACEMENT"],
    ["BUYER_RESOLVED", null],
    ["REFERRED_TO_CLAIM", null],
  ])("%s with %s settles nothing", (resolution, outcome) => {
    expect(settlementOf(d(resolution, outcome), ORDER_TOTAL)).toBeNull();
  });
  test("several settlements on one order add up, at most the order total", () => {
    const s = { discussionId: "x", number: 1, outcome: "PARTIAL_REFUND" as const, decidedBy: "SELLER" as const, decidedAt: closedAt };
    expect(settledRefund([], ORDER_TOTAL)).toBeNull();
    expect(settledRefund([{ ...s, amount: 1_000 }, { ...s, amount: 2_000 }], ORDER_TOTAL)).toEqual({ amount: 3_000, orderTotal: ORDER_TOTAL });
    expect(settledRefund([{ ...s, amount: ORDER_TOTAL }, { ...s, amount: 2_000 }], ORDER_TOTAL)).toEqual({ amount: ORDER_TOTAL, orderTotal: ORDER_TOTAL });
  });
});
