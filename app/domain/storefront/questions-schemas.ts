import { z } from "zod";
import { nameText, optionalText, text } from "../shared/validation";
import { email } from "../identity/schemas";

// The contact form, "ask about product" and the price/availability alerts: shared by the public forms,
// the staff pages and the domain. Pure data; client code imports it too (limits shown on the forms).

export const QUESTION_NAME_MAX = 120;
export const QUESTION_SUBJECT_MAX = 200;
export const QUESTION_MESSAGE_MIN = 10;
export const QUESTION_MESSAGE_MAX = 5_000;
export const ANSWER_MAX = 5_000;

export const QUESTION_KINDS = ["CONTACT", "PRODUCT"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_STATUSES = ["OPEN", "ANSWERED", "CLOSED"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const ALERT_KINDS = ["PRICE_CHANGE", "AVAILABILITY"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The form each alert kind shows its clauses on (the seed's two product-card positions). */
export const ALERT_FORM = { PRICE_CHANGE: "PRICE_ALERT", AVAILABILITY: "AVAILABILITY_ALERT" } as const satisfies Record<AlertKind, string>;

const message = text(QUESTION_MESSAGE_MAX).refine((value) => value.length >= QUESTION_MESSAGE_MIN, `At least ${QUESTION_MESSAGE_MIN} characters`);

export const contactInputSchema = z.object({
  name: nameText(2, QUESTION_NAME_MAX),
  email,
  subject: nameText(3, QUESTION_SUBJECT_MAX),
  message,
});
export type ContactInput = z.output<typeof contactInputSchema>;

/** A product question names the offer in the address; its subject is the offer's title. */
export const productQuestionInputSchema = z.object({
  name: nameText(2, QUESTION_NAME_MAX),
  email,
  message,
});

export const alertInputSchema = z.object({
  kind: z.enum(ALERT_KINDS),
  email,
});

export const answerInputSchema = z.object({ answer: text(ANSWER_MAX) });

export const questionFilterSchema = z.object({
  kind: z.enum(QUESTION_KINDS).optional(),
  status: z.enum(QUESTION_STATUSES).optional(),
  /** For people who both ask and sell: the questions they asked, or those about their offers. */
  side: z.enum(["asked", "received"]).optional(),
});
export type QuestionFilter = z.output<typeof questionFilterSchema>;

export const alertFilterSchema = z.object({
  kind: z.enum(ALERT_KINDS).optional(),
  state: z.enum(["active", "notified", "cancelled"]).optional(),
  email: optionalText(254),
});
export type AlertFilter = z.output<typeof alertFilterSchema>;
