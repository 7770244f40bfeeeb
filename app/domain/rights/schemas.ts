import { z } from "zod";
import { nameText, optionalText, text, uuid } from "../shared/validation";
import { INFRINGEMENT_KINDS, RIGHT_TYPES } from "./statement-of-reasons";

// Input shapes of rights protection, shared by the forms, the CSV upload and GraphQL.

export const REJECTION_REASONS = [
  "NO_INFRINGEMENT_SHOWN",
  "INSUFFICIENT_EVIDENCE",
  "RIGHT_DOES_NOT_COVER",
  "GENUINE_GOODS",
  "OFFER_CHANGED",
  "MANIFESTLY_UNFOUNDED",
  "OTHER",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const COUNTER_NOTICE_REASONS = ["AUTHORISED_BY_OWNER", "NO_RIGHT", "FAIR_USE_OR_EXHAUSTION", "NOT_THE_ITEM", "OTHER"] as const;
export type CounterNoticeReason = (typeof COUNTER_NOTICE_REASONS)[number];

export const MEMBER_ROLES = ["OWNER", "FILER"] as const;

/** Most offers one notice may name (the API's bulk limit and the CSV upload's). */
export const MAX_NOTICE_ITEMS = 500;

const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Two letters (ISO 3166)");

export const registerRightsHolderSchema = z.object({
  name: nameText(2, 200),
  countryCode,
  companyNumber: z.string().trim().max(50).optional().transform((v) => v || undefined),
});

export const inviteMemberSchema = z.object({
  rightsHolderId: uuid,
  email: z.string().trim().toLowerCase().email("Not an e-mail address").max(254),
  role: z.enum(MEMBER_ROLES),
});

export const registerRightSchema = z.object({
  rightsHolderId: uuid,
  type: z.enum(RIGHT_TYPES),
  name: nameText(1, 200),
  registrationNumber: z.string().trim().max(60).optional().transform((v) => v || undefined),
  territory: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2}|EU|WO)$/, "A country code, EU or WO"),
  ownerName: nameText(2, 200),
  onBehalf: z.boolean().default(false),
  unexamined: z.boolean().default(false),
});

export const rightFlagsSchema = z.object({
  rightId: uuid,
  contested: z.boolean(),
  unexamined: z.boolean(),
  note: optionalText(2000),
});

export const verificationSchema = z.object({ id: uuid, verified: z.boolean(), note: optionalText(2000) });

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url("Not a link")
  .refine((value) => /^https?:\/\//i.test(value), "Only http(s) links");

export const noticeItemSchema = z.object({
  offerId: z.string({ error: "Required" }).trim().pipe(uuid),
  rightId: z.string({ error: "Required" }).trim().pipe(uuid),
  kind: z.enum(INFRINGEMENT_KINDS, { error: "Choose the kind of infringement" }),
  explanation: text(4000).pipe(z.string().min(20, "At least 20 characters: say what infringes and how")),
  evidenceUrls: z.array(httpUrl).max(10).default([]),
});

export const noticeSchema = z.object({
  rightsHolderId: uuid,
  accuracyStatement: z.literal(true, { error: "Confirm that the notice is accurate and made in good faith" }),
  clientReference: z.string().trim().min(1).max(100).optional(),
  items: z.array(z.unknown()).min(1, "Name at least one offer"),
});

export type NoticeItemInput = z.input<typeof noticeItemSchema>;

export const decisionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("TAKE_DOWN"), itemId: uuid, expectedVersion: z.number().int().min(0).optional() }),
  z.object({
    action: z.literal("REJECT"),
    itemId: uuid,
    expectedVersion: z.number().int().min(0).optional(),
    reason: z.enum(REJECTION_REASONS),
    note: text(4000),
  }),
  z.object({ action: z.literal("REQUEST_INFORMATION"), itemId: uuid, expectedVersion: z.number().int().min(0).optional(), note: text(4000) }),
]);
export type DecisionInput = z.input<typeof decisionSchema>;

export const provideInformationSchema = z.object({ itemId: uuid, note: text(4000) });

export const appealSchema = z.object({
  itemId: uuid,
  reason: z.enum(COUNTER_NOTICE_REASONS),
  explanation: text(4000).pipe(z.string().min(20, "At least 20 characters")),
});

export const appealDecisionSchema = z.object({ itemId: uuid, reinstate: z.boolean(), note: text(4000) });

export const itemQueueFilterSchema = z.object({
  rightsHolderId: uuid.optional(),
  brand: z.string().trim().max(100).optional().transform((v) => v || undefined),
  kind: z.enum(INFRINGEMENT_KINDS).optional(),
  sellerId: uuid.optional(),
  seniorOnly: z.boolean().optional(),
});
