import { z } from "zod";
import { minorUnits as grosze } from "../shared/money";
import { nameText } from "../shared/validation";

// Program terms are the versioned rules discussions and claims both read (windows, caps, decision times).

export const PAYMENT_METHODS = ["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"] as const;

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
