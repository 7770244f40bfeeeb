import type { Precheck } from "~/domain/claims/precheck.server";
import type { Compensation } from "~/domain/claims/compensation";

// The precheck as the screens get it (JSON-safe): the same numbers the domain computed, nothing more.
// Type-only import: this file is shared by loaders and components, so it must not pull server code in.

export interface PrecheckView {
  eligible: boolean;
  smart: boolean;
  decisionHours: number;
  checks: { code: string; ok: boolean; errorCode: string | null; params: Record<string, string | number> }[];
  compensation: Compensation;
  terms: {
    version: string;
    name: string;
    effectiveFrom: string;
    shippingCap: number;
    perClaimCap: number;
    perPersonCap: number | null;
    perPersonCapWindowDays: number | null;
    shippingCoveredPaymentMethods: string[];
  };
  lines: { orderLineId: string; position: number; title: string; unitAmount: number; ordered: number; alreadyClaimed: number; requested: number }[];
  /** The order's own shipping cost, to show what the shipping cap cut. */
  orderShipping: number;
  paymentMethod: string;
  currency: string;
  /** Refunds the order's discussions already settled: what, how much, who decided, when. */
  settlements: { discussionId: string; number: number; outcome: string; amount: number; decidedBy: "SELLER" | "AGENT"; decidedAt: string }[];
  /** The buyer says the settled refund did not arrive (it is not deducted). */
  refundNotReceived: boolean;
  /** The other active claims on the order. */
  orderClaims: { id: string; number: number; status: string }[];
}

export function precheckView(result: Precheck, order: { shippingAmount: number; paymentMethod: string; currency: string }): PrecheckView {
  return {
    eligible: result.eligible,
    smart: result.smart,
    decisionHours: result.decisionHours,
    checks: result.checks.map((c) => ({ code: c.code, ok: c.ok, errorCode: c.errorCode ?? null, params: c.params ?? {} })),
    compensation: { ...result.compensation },
    terms: {
      version: result.terms.version,
      name: result.terms.name,
      effectiveFrom: result.terms.effectiveFrom.toISOString(),
      shippingCap: result.terms.shippingCap,
      perClaimCap: result.terms.perClaimCap,
      perPersonCap: result.terms.perPersonCap,
      perPersonCapWindowDays: result.terms.perPersonCapWindowDays,
      shippingCoveredPaymentMethods: [...result.terms.shippingCoveredPaymentMethods],
    },
    lines: result.lines.map((l) => ({ ...l })),
    orderShipping: order.shippingAmount,
    paymentMethod: order.paymentMethod,
    currency: order.currency,
    settlements: result.settlements.map((s) => ({ ...s, decidedAt: s.decidedAt.toISOString() })),
    refundNotReceived: result.refundNotReceived,
    orderClaims: result.orderClaims.map((c) => ({ ...c })),
  };
}

/** "3:1,abc:2" style query value ↔ lines; ids are checked by the domain's schema. */
export function encodeLines(lines: { orderLineId: string; quantity: number }[]): string {
  return lines.map((l) => `${l.orderLineId}:${l.quantity}`).join(",");
}

export function decodeLines(value: string | null | undefined): { orderLineId: string; quantity: number }[] {
  if (!value) return [];
  return value
    .split(",")
    .slice(0, 200)
    .map((part) => {
      const [orderLineId = "", quantity = ""] = part.split(":");
      return { orderLineId: orderLineId.trim(), quantity: /^\d{1,6}$/.test(quantity.trim()) ? Number(quantity.trim()) : NaN };
    })
    .filter((l) => l.orderLineId !== "");
}

/** The lines a claim form asks for: ticked `line` values with their `qty-<id>` (1 when absent). */
export function linesFromForm(form: FormData): { orderLineId: string; quantity: number }[] {
  return form
    .getAll("line")
    .map(String)
    .slice(0, 200)
    .map((orderLineId) => {
      const raw = String(form.get(`qty-${orderLineId}`) ?? "1").trim();
      return { orderLineId, quantity: /^\d{1,6}$/.test(raw) ? Number(raw) : NaN };
    });
}

/** Decision hours as words: whole days when they divide evenly ("5 days"), else hours ("12 hours"). */
export function decisionTime(hours: number): { unit: "days" | "hours"; count: number } {
  return hours % 24 === 0 ? { unit: "days", count: hours / 24 } : { unit: "hours", count: hours };
}
