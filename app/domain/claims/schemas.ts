import { z } from "zod";
import { optionalText, text } from "../shared/validation";
import { minorUnits } from "../shared/money";

export const CLAIM_REASONS = ["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED"] as const;
export const REJECTION_REASONS = ["NOT_COVERED", "INSUFFICIENT_EVIDENCE", "ITEM_AS_DESCRIBED", "RESOLVED_WITH_SELLER", "DUPLICATE", "SUSPECTED_ABUSE", "OTHER"] as const;
export { PAYMENT_METHODS } from "../program-terms/schemas";

/** Limits the forms show and the schemas enforce: one number each. */
export const CLAIM_DESCRIPTION_MAX_LENGTH = 5000;
export const DECISION_NOTE_MAX_LENGTH = 2000;

const grosze = minorUnits;

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
