import type { Db, Tx } from "../context";
import { DomainError, ErrorCode } from "../errors";
import { DAY, HOUR } from "../shared/time";
import { computeCompensation, settledRefund, settlementOf, type Compensation, type DiscussionSettlement, type PaymentMethod } from "./compensation";
import { termsInForceAt, type ProgramTermsRow } from "../program-terms/terms.server";

// The precheck: is this purchase covered, and what is the most the buyer can receive? It advises; a
// person decides. The buyer's form, filing, and the agent's claim page all run this same code.

export type CheckCode = "ORDER_PAID" | "PAYMENT_METHOD" | "WINDOW" | "DISCUSSION" | "SETTLED" | "LINES";

export interface Check {
  code: CheckCode;
  ok: boolean;
  /** The error filing would raise when this check fails. */
  errorCode?: (typeof ErrorCode)[keyof typeof ErrorCode];
  params?: Record<string, string | number>;
}

export interface PrecheckLine {
  orderLineId: string;
  position: number;
  title: string;
  unitAmount: number;
  ordered: number;
  alreadyClaimed: number;
  requested: number;
}

export interface Precheck {
  terms: ProgramTermsRow;
  checks: Check[];
  eligible: boolean;
  compensation: Compensation;
  lines: PrecheckLine[];
  qualifyingDiscussionId: string | null;
  smart: boolean;
  decisionHours: number;
  /** What all claims on the order have been approved for so far (excluding the claim being checked). */
  orderApproved: number;
  /** Refunds the order's discussions already settled (who decided, when, how much), oldest first. */
  settlements: DiscussionSettlement[];
  /** The buyer says the settled refund did not arrive: it is not deducted, and the agent must check it. */
  refundNotReceived: boolean;
  /** The other active claims on the order (not rejected), newest first. */
  orderClaims: { id: string; number: number; status: string }[];
}

export interface PrecheckRequest {
  orderId: string;
  buyerId: string;
  lines: { orderLineId: string; quantity: number }[];
  now: Date;
  /** When checking an existing claim: leave it out of "already claimed". */
  excludeClaimId?: string;
  /** The buyer says the refund settled in the discussion did not arrive. */
  refundNotReceived?: boolean;
}

/**
 * A discussion qualifies when it has run for 24 hours and did not end in agreement or by the buyer's word.
 * An agreement on a refund qualifies after all when the buyer says the agreed refund did not arrive (the
 * agreement failed; the agent checks that before approving).
 */
export function discussionQualifies(
  d: { openedAt: Date; resolution: string | null },
  now: Date,
  options: { agreedRefundNotReceived?: boolean } = {},
): boolean {
  if (d.openedAt.getTime() + 24 * HOUR > now.getTime()) return false;
  if (d.resolution === "BUYER_RESOLVED") return false;
  if (d.resolution === "AGREEMENT") return options.agreedRefundNotReceived === true;
  return true;
}

const ACTIVE_STATUSES = ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL", "APPROVED", "PAID"] as const;

export async function precheck(db: Db | Tx, request: PrecheckRequest): Promise<Precheck> {
  const order = await db.order.findUnique({
    where: { id: request.orderId },
    include: { lines: { orderBy: { position: "asc" } }, buyer: { select: { smartUntil: true } } },
  });
  if (!order || order.buyerId !== request.buyerId) throw new DomainError(ErrorCode.NOT_FOUND, "Order not found");
  const terms = await termsInForceAt(db, order.placedAt);
  // Independent reads, sent together.
  const [discussions, otherClaims, personApprovedInWindow] = await Promise.all([
    db.discussion.findMany({
      where: { orderId: order.id, buyerId: request.buyerId },
      orderBy: { openedAt: "desc" },
      include: { proposals: { where: { status: "ACCEPTED" }, select: { proposedByRole: true }, take: 1 } },
    }),
    db.claim.findMany({
      where: { orderId: order.id, status: { in: [...ACTIVE_STATUSES] }, ...(request.excludeClaimId ? { id: { not: request.excludeClaimId } } : {}) },
      include: { lines: true },
      orderBy: { filedAt: "desc" },
    }),
    terms.perPersonCap !== null && terms.perPersonCapWindowDays !== null
      ? approvedForPerson(db, request.buyerId, new Date(request.now.getTime() - terms.perPersonCapWindowDays * DAY), request.excludeClaimId)
      : 0,
  ]);

  const claimedByLine = new Map<string, number>();
  for (const claim of otherClaims) for (const line of claim.lines) claimedByLine.set(line.orderLineId, (claimedByLine.get(line.orderLineId) ?? 0) + line.quantity);
  const requestedByLine = new Map(request.lines.map((l) => [l.orderLineId, l.quantity]));

  const lines: PrecheckLine[] = order.lines.map((line) => ({
    orderLineId: line.id,
    position: line.position,
    title: line.title,
    unitAmount: line.unitAmount,
    ordered: line.quantity,
    alreadyClaimed: claimedByLine.get(line.id) ?? 0,
    requested: requestedByLine.get(line.id) ?? 0,
  }));

  const checks: Check[] = [];
  checks.push(order.paidAt ? { code: "ORDER_PAID", ok: true } : { code: "ORDER_PAID", ok: false, errorCode: ErrorCode.CLAIM_ORDER_NOT_PAID });
  const covered = terms.coveredPaymentMethods.includes(order.paymentMethod);
  checks.push(
    covered
      ? { code: "PAYMENT_METHOD", ok: true, params: { method: order.paymentMethod } }
      : { code: "PAYMENT_METHOD", ok: false, errorCode: ErrorCode.CLAIM_PAYMENT_METHOD_NOT_COVERED, params: { method: order.paymentMethod } },
  );
  const windowEnd = new Date(order.placedAt.getTime() + terms.claimWindowDays * DAY);
  checks.push(
    request.now <= windowEnd
      ? { code: "WINDOW", ok: true, params: { until: windowEnd.toISOString() } }
      : { code: "WINDOW", ok: false, errorCode: ErrorCode.CLAIM_WINDOW_CLOSED, params: { until: windowEnd.toISOString() } },
  );
  // What the discussions already settled (an accepted refund proposal, an agent's refund outcome) counts
  // against the claim, whichever discussion on the order settled it.
  const orderTotal = order.itemsAmount + order.shippingAmount;
  const settlementByDiscussion = new Map(
    discussions.flatMap((d) => {
      const settlement = settlementOf({ ...d, acceptedProposalBy: d.proposals[0]?.proposedByRole ?? null }, orderTotal);
      return settlement ? [[d.id, settlement] as const] : [];
    }),
  );
  const settlements = [...settlementByDiscussion.values()].sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
  const refundNotReceived = request.refundNotReceived === true && settlements.length > 0;
  const qualifying =
    discussions.find((d) => discussionQualifies(d, request.now, { agreedRefundNotReceived: refundNotReceived && settlementByDiscussion.has(d.id) })) ?? null;
  const qualifyingSettlement = qualifying ? settlementByDiscussion.get(qualifying.id) : undefined;
  checks.push(
    qualifying
      ? { code: "DISCUSSION", ok: true, params: { number: qualifying.number, ...(qualifyingSettlement ? settlementParams(qualifyingSettlement) : {}) } }
      : { code: "DISCUSSION", ok: false, errorCode: ErrorCode.CLAIM_NO_QUALIFYING_DISCUSSION },
  );

  const compensation = computeCompensation({
    terms: {
      coveredPaymentMethods: terms.coveredPaymentMethods as PaymentMethod[],
      shippingCoveredPaymentMethods: terms.shippingCoveredPaymentMethods as PaymentMethod[],
      shippingCap: terms.shippingCap,
      perClaimCap: terms.perClaimCap,
      perPersonCap: terms.perPersonCap,
    },
    paymentMethod: order.paymentMethod,
    orderShipping: order.shippingAmount,
    lines: lines.filter((l) => l.requested > 0).map((l) => ({ orderLineId: l.orderLineId, unitAmount: l.unitAmount, quantity: l.requested })),
    shippingAlreadyClaimed: otherClaims.some((c) => c.shippingAmount > 0),
    personApprovedInWindow,
    settled: settledRefund(settlements, orderTotal),
    refundNotReceived,
  });
  if (settlements.length) {
    const latest = settlements[settlements.length - 1];
    const settledOk = refundNotReceived || compensation.maxAmount > 0 || compensation.termsMaxAmount === 0;
    const params = {
      ...settlementParams(latest),
      count: settlements.length,
      settled: compensation.settledAmount,
      deducted: compensation.settledDeducted,
      max: compensation.maxAmount,
      notReceived: refundNotReceived ? 1 : 0,
    };
    checks.push(settledOk ? { code: "SETTLED", ok: true, params } : { code: "SETTLED", ok: false, errorCode: ErrorCode.CLAIM_SETTLED_IN_DISCUSSION, params });
  }
  checks.push(linesCheck(lines, request.lines));
  const smart = !!order.buyer?.smartUntil && order.buyer.smartUntil > request.now;
  return {
    terms,
    checks,
    eligible: checks.every((c) => c.ok) && compensation.maxAmount > 0,
    compensation,
    lines,
    qualifyingDiscussionId: qualifying?.id ?? null,
    smart,
    decisionHours: smart ? terms.smartDecisionHours : terms.standardDecisionHours,
    orderApproved: otherClaims.reduce((sum, c) => sum + (c.approvedAmount ?? 0), 0),
    settlements,
    refundNotReceived,
    orderClaims: otherClaims.map((c) => ({ id: c.id, number: c.number, status: c.status })),
  };
}

/** The refunds the order's discussions settled, loaded afresh (approvals re-check them under the order lock). */
export async function orderSettlements(db: Db | Tx, order: { id: string; buyerId: string; itemsAmount: number; shippingAmount: number }): Promise<DiscussionSettlement[]> {
  const discussions = await db.discussion.findMany({
    where: { orderId: order.id, buyerId: order.buyerId, resolution: { in: ["AGREEMENT", "AGENT_DECISION"] }, outcome: { in: ["REFUND", "PARTIAL_REFUND", "RETURN_AND_REFUND"] } },
    include: { proposals: { where: { status: "ACCEPTED" }, select: { proposedByRole: true }, take: 1 } },
  });
  const orderTotal = order.itemsAmount + order.shippingAmount;
  return discussions
    .flatMap((d) => settlementOf({ ...d, acceptedProposalBy: d.proposals[0]?.proposedByRole ?? null }, orderTotal) ?? [])
    .sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
}

/** A settlement as check parameters (raw values: the screens format them). */
function settlementParams(s: DiscussionSettlement): Record<string, string | number> {
  return { settledNumber: s.number, outcome: s.outcome, amount: s.amount, decidedBy: s.decidedBy, decidedAt: s.decidedAt.toISOString() };
}

function linesCheck(lines: PrecheckLine[], requested: { orderLineId: string; quantity: number }[]): Check {
  const byId = new Map(lines.map((l) => [l.orderLineId, l]));
  for (const request of requested) {
    const line = byId.get(request.orderLineId);
    if (!line) return { code: "LINES", ok: false, errorCode: ErrorCode.CLAIM_LINE_NOT_IN_ORDER };
    if (request.quantity > line.ordered - line.alreadyClaimed) {
      return {
        code: "LINES",
        ok: false,
        errorCode: ErrorCode.CLAIM_LINES_ALREADY_CLAIMED,
        params: { position: line.position, claimable: Math.max(0, line.ordered - line.alreadyClaimed) },
      };
    }
  }
  return { code: "LINES", ok: requested.length > 0, errorCode: requested.length ? undefined : ErrorCode.VALIDATION_FAILED };
}

/** Approved (or awaiting second approval, or paid) compensation for a person since `since`. */
export async function approvedForPerson(db: Db | Tx, buyerId: string, since: Date, excludeClaimId?: string): Promise<number> {
  const result = await db.claim.aggregate({
    _sum: { approvedAmount: true },
    where: {
      buyerId,
      status: { in: ["AWAITING_SECOND_APPROVAL", "APPROVED", "PAID"] },
      firstApprovedAt: { gte: since },
      ...(excludeClaimId ? { id: { not: excludeClaimId } } : {}),
    },
  });
  return result._sum.approvedAmount ?? 0;
}

/** The first failing check as the error filing raises. */
export function precheckError(result: Precheck): DomainError | null {
  const failed = result.checks.find((c) => !c.ok);
  if (failed) {
    return new DomainError(failed.errorCode ?? ErrorCode.VALIDATION_FAILED, `Claim not possible: ${failed.code.toLowerCase()}`, { params: failed.params });
  }
  if (result.compensation.maxAmount <= 0) return new DomainError(ErrorCode.CLAIM_NOTHING_TO_COMPENSATE, "Nothing in this claim can be compensated");
  return null;
}
