import { z } from "zod";
import { nameText, optionalText, text } from "../shared/validation";

export const CLAIM_REASONS = ["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED"] as const;
export const REJECTION_REASONS = ["NOT_COVERED", "INSUFFICIENT_EVIDENCE", "ITEM_AS_DESCRIBED", "RESOLVED_WITH_SELLER", "DUPLICATE", "SUSPECTED_ABUSE", "OTHER"] as const;
export const PAYMENT_METHODS = ["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"] as const;

/** Limits the forms show and the schemas enforce: one number each. */
export const CLAIM_DESCRIPTION_MAX_LENGTH = 5000;
export const DECISION_NOTE_MAX_LENGTH = 2000;

const grosze = z.coerce.number().int("Whole grosze only");

export const claimLinesSchema = z
  .array(z.object({ orderLineId: z.string().uuid("Not a valid order line"), quantity: z.coerce.number().int("Whole pieces only").min(1, "At least 1") }))
  .min(1, "Choose at least one item")
  .refine((lines) => new Set(lines.map((l) => l.orderLineId)).size === lines.length, "Each item once");

export const precheckSchema = z.object({
  orderId: z.string().uuid("Not a valid order"),
  lines: claimLinesSchema,
  /** The refund settled in the discussion did not arrive: do not deduct it (the agent checks it). */
  refundNotReceived: z.boolean().default(false),
});

export const fileClaimSchema = precheckSchema.extend({
  reason: z.enum(CLAIM_REASONS, "Choose a reason"),
  description: text(CLAIM_DESCRIPTION_MAX_LENGTH),
  policeReport: z.boolean().default(false),
});

export const approveSchema = z.object({
  /** Absent: approve the full maximum. */
  amount: grosze.positive("Must be more than 0").optional(),
  note: optionalText(DECISION_NOTE_MAX_LENGTH),
});

export const rejectSchema = z.object({
  reason: z.enum(REJECTION_REASONS, "Choose a reason"),
  note: text(DECISION_NOTE_MAX_LENGTH),
});

export const noteSchema = z.object({ note: text(DECISION_NOTE_MAX_LENGTH) });

export const termsVersionSchema = z
  .object({
    version: z.string().trim().regex(/^[\w.-]{1,40}$/, "Letters, digits, dots and dashes"),
    name: nameText(3, 200),
    effectiveFrom: z.coerce.date("Not a date"),
    coveredPaymentMethods: z.array(z.enum(PAYMENT_METHODS)).min(1, "At least one payment method"),
    shippingCoveredPaymentMethods: z.array(z.enum(PAYMENT_METHODS)),
    shippingCap: grosze.min(0),
    perClaimCap: grosze.positive(),
    perPersonCap: grosze.positive().nullable().default(null),
    perPersonCapWindowDays: z.coerce.number().int().positive().nullable().default(null),
    discussionWindowDays: z.coerce.number().int().min(1).max(3650),
    claimWindowDays: z.coerce.number().int().min(1).max(3650),
    standardDecisionHours: z.coerce.number().int().min(1).max(24 * 60),
    smartDecisionHours: z.coerce.number().int().min(1).max(24 * 60),
  })
  .refine((t) => t.shippingCoveredPaymentMethods.every((m) => t.coveredPaymentMethods.includes(m)), {
    message: "Shipping can only be covered for covered payment methods",
    path: ["shippingCoveredPaymentMethods"],
  })
  .refine((t) => (t.perPersonCap === null) === (t.perPersonCapWindowDays === null), {
    message: "A per-person cap needs its window, and the other way round",
    path: ["perPersonCapWindowDays"],
  });

export const fourEyesThresholdSchema = z.object({ amount: grosze.min(0).max(100_000_000) });
