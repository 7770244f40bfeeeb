import { z } from "zod";
import { defineEventCatalogue, grosze, noData } from "../cases/events";
import { REJECTION_REASONS } from "./schemas";

// Every event on a claim's timeline, with its data. The recorder checks each event against this. Notes
// (a documents request, a declined second approval) are not data: they are CaseNote rows.

const approval = z.object({ amount: grosze, maxAmount: grosze, fourEyes: z.boolean() }).strict();

export const claimEvents = defineEventCatalogue({
  caseType: "CLAIM",
  subjectType: "Claim",
  auditPrefix: "claim",
  schemas: {
    FILED: z
      .object({
        maxAmount: grosze,
        termsVersion: z.string(),
        smart: z.boolean(),
        documents: z.number().int().min(0),
        // What a refund already settled in the discussion took off the maximum, and whether the buyer says it never arrived.
        settledDeducted: grosze,
        refundNotReceived: z.boolean(),
      })
      .strict(),
    DOCUMENTS_REQUESTED: noData,
    DOCUMENTS_PROVIDED: z.object({ pausedMs: z.number().int().min(0) }).strict(),
    APPROVED: approval,
    APPROVED_PARTIALLY: approval,
    APPROVED_PENDING_SECOND: approval,
    REJECTED: z.object({ reason: z.enum(REJECTION_REASONS) }).strict(),
    SECOND_APPROVAL_GIVEN: z.object({ amount: grosze.nullable() }).strict(),
    SECOND_APPROVAL_DECLINED: z.object({ declinedAmount: grosze.nullable() }).strict(),
    PAID: z.object({ amount: grosze, transferReference: z.string() }).strict(),
  },
});
