// The Buyer Protection Program's money rules (seed 000 "Program Ochrony Kupujących", seed 001), as one
// pure function. The buyer's form, the agents' precheck and the approval all call it, so what the buyer is
// promised, what the agent sees and what can be paid are the same number.
//
// - not received → 100% of the item price; significantly not as described, damaged, incomplete,
//   returned-not-refunded → up to 100% (the maximum is the same; an agent may approve less);
// - shipping cost included up to the terms' cap (100 PLN) only for the listed payment methods
//   (platform pay), and only once per order;
// - the whole claim is capped (10,000 PLN, shipping included);
// - later terms may cap what one person receives over a period (40,000 PLN / 2 years);
// - what the order's discussions already settled (a refund the seller agreed to, or an agent's refund
//   outcome) is not paid again: it is deducted from the claim's maximum, unless the buyer says the agreed
//   refund never arrived (then the agent must check before approving).

export type PaymentMethod = "PLATFORM_PAY" | "BANK_TRANSFER" | "CASH_ON_DELIVERY";

export interface CompensationTerms {
  coveredPaymentMethods: readonly PaymentMethod[];
  shippingCoveredPaymentMethods: readonly PaymentMethod[];
  /** grosze */
  shippingCap: number;
  /** grosze, shipping included */
  perClaimCap: number;
  /** grosze over the terms' window, or null when the version has no per-person cap */
  perPersonCap: number | null;
}

export interface ClaimedLine {
  orderLineId: string;
  unitAmount: number;
  quantity: number;
}

export interface CompensationInput {
  terms: CompensationTerms;
  paymentMethod: PaymentMethod;
  /** The order's shipping cost in grosze. */
  orderShipping: number;
  lines: readonly ClaimedLine[];
  /** Another claim on this order (not rejected) already includes the shipping cost. */
  shippingAlreadyClaimed: boolean;
  /** What the person already had approved within the per-person window (grosze). */
  personApprovedInWindow: number;
  /** Refunds the order's discussions already settled (see `settlementOf`); absent or null: none. */
  settled?: SettledRefund | null;
  /** The buyer says the settled refund did not arrive: nothing is deducted (the agent verifies). */
  refundNotReceived?: boolean;
}

/** What the discussions on one order already settled, in grosze, over the whole order. */
export interface SettledRefund {
  /** The sum of settled refunds on the order, at most `orderTotal` (a full refund is the order total). */
  amount: number;
  /** Items + shipping of the order at its prices: the base a settled amount is spread over. */
  orderTotal: number;
}

export interface Compensation {
  covered: boolean;
  itemsAmount: number;
  /** Shipping included in this claim, after the shipping cap. */
  shippingAmount: number;
  shippingCapApplied: boolean;
  /** items + shipping before the per-claim cap */
  subtotal: number;
  claimCapApplied: boolean;
  personCapApplied: boolean;
  /** The most the terms allow for this claim, before what the discussions already settled. */
  termsMaxAmount: number;
  /** What the order's discussions settled in total (0 when none). */
  settledAmount: number;
  /** The part of `settledAmount` that belongs to the claimed lines and was deducted (0 when the refund did not arrive). */
  settledDeducted: number;
  /** The most an agent may approve for this claim (0 when not covered): termsMaxAmount − settledDeducted, never below 0. */
  maxAmount: number;
}

export function computeCompensation(input: CompensationInput): Compensation {
  const { terms } = input;
  const covered = terms.coveredPaymentMethods.includes(input.paymentMethod);
  const itemsAmount = input.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  const shippingEligible = covered && terms.shippingCoveredPaymentMethods.includes(input.paymentMethod) && !input.shippingAlreadyClaimed;
  const shippingAmount = shippingEligible ? Math.min(input.orderShipping, terms.shippingCap) : 0;
  const shippingCapApplied = shippingEligible && input.orderShipping > terms.shippingCap;
  const subtotal = itemsAmount + shippingAmount;
  const claimCapApplied = subtotal > terms.perClaimCap;
  let maxAmount = covered ? Math.min(subtotal, terms.perClaimCap) : 0;
  let personCapApplied = false;
  if (covered && terms.perPersonCap !== null) {
    const remaining = Math.max(0, terms.perPersonCap - input.personApprovedInWindow);
    if (remaining < maxAmount) {
      maxAmount = remaining;
      personCapApplied = true;
    }
  }
  const termsMaxAmount = maxAmount;
  // The claimed part of the order at its own prices: the items, plus the order's full shipping cost when
  // this claim is the one that includes shipping.
  const claimedValue = itemsAmount + (shippingEligible ? input.orderShipping : 0);
  const settledAmount = input.settled ? Math.max(0, input.settled.amount) : 0;
  const settledDeducted = covered ? settledShare(input.settled ?? null, claimedValue, input.refundNotReceived ?? false) : 0;
  return {
    covered,
    itemsAmount,
    shippingAmount,
    shippingCapApplied,
    subtotal,
    claimCapApplied,
    personCapApplied,
    termsMaxAmount,
    settledAmount,
    settledDeducted,
    maxAmount: Math.max(0, termsMaxAmount - settledDeducted),
  };
}

/**
 * The part of the refunds a discussion already settled that belongs to the claimed lines.
 *
 * A full refund (REFUND, RETURN_AND_REFUND) covers the whole order, so its share of any lines is their whole
 * value. A partial refund carries one amount for the whole order and no per-line detail, so it is spread over
 * the order in proportion to value: the claimed lines carry `settled × claimedValue / orderTotal`, rounded
 * up to the grosz (never pay a grosz twice). Claims for different lines of the same order thus together
 * deduct the whole settled amount, and no claim deducts more than its own value. When the buyer says the
 * refund did not arrive, nothing is deducted: the agent checks the refund before approving.
 */
export function settledShare(settled: SettledRefund | null, claimedValue: number, refundNotReceived: boolean): number {
  if (!settled || refundNotReceived || claimedValue <= 0 || settled.amount <= 0) return 0;
  if (settled.orderTotal <= 0 || settled.amount >= settled.orderTotal) return claimedValue;
  // BigInt: grosze × grosze can pass 2^53 on large orders.
  const numerator = BigInt(settled.amount) * BigInt(claimedValue);
  const denominator = BigInt(settled.orderTotal);
  const share = Number((numerator + denominator - 1n) / denominator);
  return Math.min(claimedValue, share);
}

export type SettlementOutcome = "REFUND" | "PARTIAL_REFUND" | "RETURN_AND_REFUND";
const REFUND_OUTCOMES: readonly string[] = ["REFUND", "PARTIAL_REFUND", "RETURN_AND_REFUND"];

/** A refund a discussion settled: who decided it, when, and for how much of the order. */
export interface DiscussionSettlement {
  discussionId: string;
  number: number;
  outcome: SettlementOutcome;
  /** grosze over the whole order: the order total for a full refund, the agreed amount for a partial one. */
  amount: number;
  /** SELLER: the buyer accepted the seller's proposal; AGENT: the platform decided (closing, or its accepted proposal). */
  decidedBy: "SELLER" | "AGENT";
  decidedAt: Date;
}

/**
 * Whether a closed discussion settled a refund: the buyer accepted a proposal of a refund, partial refund or
 * return-and-refund (AGREEMENT), or an agent closed it with one of those outcomes (AGENT_DECISION).
 */
export function settlementOf(
  discussion: {
    id: string;
    number: number;
    resolution: string | null;
    outcome: string | null;
    outcomeAmount: number | null;
    closedAt: Date | null;
    /** Who proposed the accepted solution (AGREEMENT only). */
    acceptedProposalBy?: string | null;
  },
  orderTotal: number,
): DiscussionSettlement | null {
  if (discussion.resolution !== "AGREEMENT" && discussion.resolution !== "AGENT_DECISION") return null;
  if (!discussion.outcome || !REFUND_OUTCOMES.includes(discussion.outcome) || !discussion.closedAt) return null;
  const outcome = discussion.outcome as SettlementOutcome;
  const amount = outcome === "PARTIAL_REFUND" ? Math.min(orderTotal, Math.max(0, discussion.outcomeAmount ?? 0)) : orderTotal;
  const decidedBy = discussion.resolution === "AGREEMENT" && discussion.acceptedProposalBy !== "AGENT" ? "SELLER" : "AGENT";
  return { discussionId: discussion.id, number: discussion.number, outcome, amount, decidedBy, decidedAt: discussion.closedAt };
}

/** All refunds settled on one order, summed and capped at the order total. */
export function settledRefund(settlements: readonly DiscussionSettlement[], orderTotal: number): SettledRefund | null {
  if (!settlements.length) return null;
  return { amount: Math.min(orderTotal, settlements.reduce((sum, s) => sum + s.amount, 0)), orderTotal };
}

/**
 * The most that all claims on one order can ever receive together: every item once, plus shipping once
 * (capped), the per-claim cap applying per claim. Approvals check this under a lock on the order row.
 */
export function orderCeiling(terms: CompensationTerms, order: { paymentMethod: PaymentMethod; itemsAmount: number; shippingAmount: number }): number {
  if (!terms.coveredPaymentMethods.includes(order.paymentMethod)) return 0;
  const shipping = terms.shippingCoveredPaymentMethods.includes(order.paymentMethod) ? Math.min(order.shippingAmount, terms.shippingCap) : 0;
  return order.itemsAmount + shipping;
}
