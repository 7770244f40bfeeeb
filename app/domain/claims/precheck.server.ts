import type { Db, Tx } from "../context";
import { DomainError, ErrorCode } from "../errors";
import { DAY, HOUR } from "../shared/time";
import { computeCompensation, type Compensation, type PaymentMethod } from "./compensation";
import { termsInForceAt, type ProgramTermsRow } from "../program-terms/terms.server";

// The precheck: is this purchase covered, and what is the most the buyer can receive? It advises; a
// person decides. The buyer's form, filing, and the agent's claim page all run this same code.

export type CheckCode = "ORDER_PAID" | "PAYMENT_METHOD" | "WINDOW" | "DISCUSSION" | "LINES";

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
}

export interface PrecheckRequest {
  orderId: string;
  buyerId: string;
  lines: { orderLineId: string; quantity: number }[];
  now: Date;
  /** When checking an existing claim: leave it out of "already claimed". */
  excludeClaimId?: string;
}

/** A discussion qualifies when it has run for 24 hours and did not end in agreement or by the buyer's word. */
export function discussionQualifies(d: { openedAt: Date; resolution: string | null }, now: Date): boolean {
  return d.openedAt.getTime() + 24 * HOUR <= now.getTime() && d.resolution !== "AGREEMENT" && d.resolution !== "BUYER_RESOLVED";
}

const ACTIVE_STATUSES = ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL", "APPROVED", "PAID"] as const;

export async function precheck(db: Db | Tx, request: PrecheckRequest): Promise<Precheck> {
  const order = await db.order.findUnique({
    where: { id: request.orderId },
    include: { lines: { orderBy: { position: "asc" } }, buyer: { select: { smartUntil: true } } },
  });
  if (!order || order.buyerId !== request.buyerId) throw new DomainError(ErrorCode.NOT_FOUND, "Order not found");
  const terms = await termsInForceAt(db, order.placedAt);
  const [discussions, otherClaims] = await Promise.all([
    db.discussion.findMany({ where: { orderId: order.id, buyerId: request.buyerId }, orderBy: { openedAt: "desc" } }),
    db.claim.findMany({
      where: { orderId: order.id, status: { in: [...ACTIVE_STATUSES] }, ...(request.excludeClaimId ? { id: { not: request.excludeClaimId } } : {}) },
      include: { lines: true },
    }),
  ]);
  const personApprovedInWindow =
    terms.perPersonCap !== null && terms.perPersonCapWindowDays !== null
      ? await approvedForPerson(db, request.buyerId, new Date(request.now.getTime() - terms.perPersonCapWindowDays * DAY), request.excludeClaimId)
      : 0;

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
  const qualifying = discussions.find((d) => discussionQualifies(d, request.now)) ?? null;
  checks.push(
    qualifying
      ? { code: "DISCUSSION", ok: true, params: { number: qualifying.number } }
      : { code: "DISCUSSION", ok: false, errorCode: ErrorCode.CLAIM_NO_QUALIFYING_DISCUSSION },
  );
  checks.push(linesCheck(lines, request.lines));

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
  });
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
  };
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
