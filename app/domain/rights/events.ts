import { z } from "zod";
import { defineEventCatalogue, id, noData } from "../cases/events";
import { INFRINGEMENT_KINDS, RIGHT_TYPES } from "./statement-of-reasons";
import { COUNTER_NOTICE_REASONS, REJECTION_REASONS } from "./schemas";

// The timelines of rights protection. Transparency figures for any period are computed from these
// events alone, so each decision carries what the figures need (kind, priority, time since filing).

const kind = z.enum(INFRINGEMENT_KINDS);
const decided = { kind, priority: z.boolean(), msSinceFiled: z.number().int().min(0), bulk: z.boolean() };

/** An item of a notice: one reported offer, the case agents decide. */
export const ipItemEvents = defineEventCatalogue({
  caseType: "IP_ITEM",
  subjectType: "IpReportItem",
  auditPrefix: "ipItem",
  schemas: {
    FILED: z.object({ noticeId: id, kind, rightType: z.enum(RIGHT_TYPES), priority: z.boolean(), needsSenior: z.boolean() }).strict(),
    INFORMATION_REQUESTED: z.object({ kind }).strict(),
    INFORMATION_PROVIDED: z.object({ pausedMs: z.number().int().min(0), documents: z.number().int().min(0) }).strict(),
    TAKEN_DOWN: z.object({ ...decided, statementId: id }).strict(),
    REJECTED: z.object({ ...decided, reason: z.enum(REJECTION_REASONS) }).strict(),
    PUT_ON_HOLD: noData,
    RELEASED: noData,
    APPEALED: z.object({ kind, reason: z.enum(COUNTER_NOTICE_REASONS), documents: z.number().int().min(0) }).strict(),
    APPEAL_UPHELD: z.object({ kind }).strict(),
    REINSTATED: z.object({ kind, statementId: id }).strict(),
    BUYERS_NOTIFIED: z.object({ buyers: z.number().int().min(0) }).strict(),
  },
});

/** A rights holder: verification, members, rights, and its standing as a reporter. */
export const rightsHolderEvents = defineEventCatalogue({
  caseType: "RIGHTS_HOLDER",
  subjectType: "RightsHolder",
  auditPrefix: "rightsHolder",
  schemas: {
    REGISTERED: noData,
    VERIFIED: noData,
    REJECTED: noData,
    MEMBER_INVITED: z.object({ memberId: id, role: z.enum(["OWNER", "FILER"]) }).strict(),
    MEMBER_JOINED: z.object({ memberId: id }).strict(),
    MEMBER_REMOVED: z.object({ memberId: id }).strict(),
    RIGHT_REGISTERED: z.object({ rightId: id, rightType: z.enum(RIGHT_TYPES), documents: z.number().int().min(0) }).strict(),
    RIGHT_VERIFIED: z.object({ rightId: id }).strict(),
    RIGHT_REJECTED: z.object({ rightId: id }).strict(),
    RIGHT_FLAGS_CHANGED: z.object({ rightId: id, contested: z.boolean(), unexamined: z.boolean() }).strict(),
    REPORTER_WARNED: z.object({ unfoundedShare: z.number(), decided: z.number().int() }).strict(),
    NOTICES_SUSPENDED: z.object({ unfoundedShare: z.number(), decided: z.number().int(), until: z.string(), itemsOnHold: z.number().int().min(0) }).strict(),
    NOTICES_RESUMED: z.object({ itemsReleased: z.number().int().min(0) }).strict(),
  },
});

/** A seller's standing: strikes, warnings, suspensions (the case id is the seller's account id). */
export const sellerStandingEvents = defineEventCatalogue({
  caseType: "SELLER_STANDING",
  subjectType: "User",
  auditPrefix: "sellerStanding",
  schemas: {
    STRIKE_RECORDED: z.object({ itemId: id, kind, weight: z.number().int(), points: z.number().int() }).strict(),
    STRIKE_REMOVED: z.object({ itemId: id, points: z.number().int() }).strict(),
    WARNED: z.object({ points: z.number().int() }).strict(),
    SUSPENDED: z.object({ points: z.number().int(), until: z.string(), offers: z.number().int().min(0), statementId: id, cause: z.literal("REPEATED_INFRINGEMENT") }).strict(),
    SUSPENSION_ENDED: z.object({ offers: z.number().int().min(0) }).strict(),
  },
});
