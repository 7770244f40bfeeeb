import { z } from "zod";
import { text } from "../shared/validation";
import { CLAUSE_POSITIONS, CLAUSE_TYPES, PRIORITY_MAX, PRIORITY_MIN } from "./positions";

// Shared by the registry's form, GraphQL and the domain.

export const CLAUSE_CONTENT_MAX = 20_000;
export const CLAUSE_DESCRIPTION_MAX = 300;

export const clauseInputSchema = z.object({
  description: text(CLAUSE_DESCRIPTION_MAX),
  position: z.enum(CLAUSE_POSITIONS),
  type: z.enum(CLAUSE_TYPES),
  active: z.boolean(),
  priority: z.coerce
    .number()
    .int("A whole number")
    .min(PRIORITY_MIN, `From ${PRIORITY_MIN} to ${PRIORITY_MAX}`)
    .max(PRIORITY_MAX, `From ${PRIORITY_MIN} to ${PRIORITY_MAX}`),
  content: z.string().trim().min(1, "Required").max(CLAUSE_CONTENT_MAX, `At most ${CLAUSE_CONTENT_MAX} characters`),
});
export type ClauseInput = z.output<typeof clauseInputSchema>;

export const clauseUpdateSchema = clauseInputSchema.extend({
  /** The version the editor was opened on: a wording changed meanwhile by someone else is not overwritten. */
  expectedVersion: z.coerce.number().int().min(1),
});

export const clauseFilterSchema = z.object({
  position: z.enum(CLAUSE_POSITIONS).optional(),
  type: z.enum(CLAUSE_TYPES).optional(),
  active: z.boolean().optional(),
});

/**
 * A person's answers on a form: the clause versions the form showed and those ticked. Ticking the
 * newsletter–order/registration box (its version among `accepted`) reveals the newsletter clauses; that
 * box itself is never recorded.
 */
export const consentAnswersSchema = z.object({
  shown: z.array(z.string().uuid("Not a clause version")).max(64).default([]),
  accepted: z.array(z.string().uuid("Not a clause version")).max(64).default([]),
});
export type ConsentAnswers = z.output<typeof consentAnswersSchema>;

export const noConsentAnswers: ConsentAnswers = { shown: [], accepted: [] };

export const withdrawalSchema = z.object({
  subjectType: z.enum(["CUSTOMER", "ORDER", "NEWSLETTER", "PRODUCT_ALERT", "QUESTION", "DISCUSSION", "CLAIM", "IP_NOTICE"]),
  subjectId: z.string().uuid(),
  clauseId: z.string().uuid(),
});
