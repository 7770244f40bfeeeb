// The Buyer Protection Program's money rules (seed 000 "Program Ochrony Kupujących", seed 001), as one
// pure function. The buyer's form, the agents' precheck and the approval all call it, so what the buyer is
// promised, what the agent sees and what can be paid are the same number.
//
// - not received → 100% of the item price; significantly not as described, damaged, incomplete,
//   returned-not-refunded → up to 100% (the maximum is the same; an agent may approve less);
// - shipping cost included up to the terms' cap (100 PLN) only for the listed payment methods
//   (platform pay), and only once per order;
// - the whole claim is capped (10,000 PLN, shipping included);
// - later terms may cap what one person receives over a period (40,000 PLN / 2 years).

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
  /** The most an agent may approve for this claim (0 when not covered). */
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
  return { covered, itemsAmount, shippingAmount, shippingCapApplied, subtotal, claimCapApplied, personCapApplied, maxAmount };
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
