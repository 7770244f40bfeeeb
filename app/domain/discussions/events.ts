import { z } from "zod";
import { defineEventCatalogue, grosze, id, noData } from "../cases/events";
import { DISCUSSION_OUTCOMES, DISCUSSION_REASONS, SOLUTION_KINDS } from "./schemas";

// Every event on a discussion's timeline, with its data. The recorder checks each event against this.

const visibility = z.enum(["ALL", "BUYER", "SELLER"]);
const message = z
  .object({ visibility, firstSellerAnswer: z.boolean(), messageId: id.optional(), attachments: z.number().int().min(0).optional() })
  .strict();

export const discussionEvents = defineEventCatalogue({
  caseType: "DISCUSSION",
  subjectType: "Discussion",
  auditPrefix: "discussion",
  schemas: {
    OPENED: z.object({ reason: z.enum(DISCUSSION_REASONS), messageId: id, attachments: z.number().int().min(0) }).strict(),
    MESSAGE_POSTED: message,
    INFORMATION_REQUESTED: message,
    SOLUTION_PROPOSED: z
      .object({ proposalId: id, kind: z.enum(SOLUTION_KINDS), amount: grosze.nullable(), supersedes: id.nullable() })
      .strict(),
    PROPOSAL_ACCEPTED: z.object({ proposalId: id, outcome: z.enum(SOLUTION_KINDS), amount: grosze.nullable() }).strict(),
    PROPOSAL_REJECTED: z.object({ proposalId: id }).strict(),
    ESCALATED: z.object({ sellerAnswered: z.boolean() }).strict(),
    CLOSED_AS_RESOLVED: noData,
    ASSIGNED: z.object({ agentId: id }).strict(),
    RELEASED: noData,
    CLOSED_BY_AGENT: z.object({ outcome: z.enum(DISCUSSION_OUTCOMES), amount: grosze.nullable() }).strict(),
    REFERRED_TO_CLAIM: noData,
    SELLER_OVERDUE: noData,
  },
});
