import { z } from "zod";
import { optionalText, text } from "../shared/validation";
import { minorUnits } from "../shared/money";
import { CLOSING_NOTE_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, MESSAGE_MAX_LENGTH } from "./policy";

// Shared by the forms, GraphQL and the domain commands.
export const DISCUSSION_REASONS = ["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED", "OTHER"] as const;
export const DISCUSSION_OUTCOMES = ["REFUND", "PARTIAL_REFUND", "REPLACEMENT", "RETURN_AND_REFUND", "NO_ACTION"] as const;
export const SOLUTION_KINDS = ["REFUND", "PARTIAL_REFUND", "REPLACEMENT", "RETURN_AND_REFUND"] as const;

const grosze = minorUnits.nonnegative("Cannot be negative").max(100_000_000);

export const openDiscussionSchema = z.object({
  orderId: z.string().uuid("Not a valid order"),
  reason: z.enum(DISCUSSION_REASONS, "Choose a reason"),
  description: text(DESCRIPTION_MAX_LENGTH),
});

export const postMessageSchema = z.object({
  body: text(MESSAGE_MAX_LENGTH),
  visibility: z.enum(["ALL", "BUYER", "SELLER"]).default("ALL"),
  informationRequest: z.boolean().default(false),
});

export const proposeSolutionSchema = z.object({
  kind: z.enum(SOLUTION_KINDS, "Choose a solution"),
  amount: grosze.nullable().default(null),
  note: optionalText(MESSAGE_MAX_LENGTH),
});

export const closeWithOutcomeSchema = z.object({
  outcome: z.enum(DISCUSSION_OUTCOMES, "Choose an outcome"),
  amount: grosze.nullable().default(null),
  note: text(CLOSING_NOTE_MAX_LENGTH),
});

export const referToClaimSchema = z.object({ note: text(CLOSING_NOTE_MAX_LENGTH) });

export const queueFilterSchema = z.object({
  reason: z.enum(DISCUSSION_REASONS).optional(),
  sellerId: z.string().uuid().optional(),
  /** Only discussions escalated at least this many hours ago. */
  minWaitingHours: z.coerce.number().int().min(0).max(24 * 365).optional(),
  assignment: z.enum(["ANY", "MINE", "UNASSIGNED"]).default("ANY"),
});
export type QueueFilter = z.input<typeof queueFilterSchema>;
