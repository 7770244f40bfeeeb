import { encodeGlobalID } from "@pothos/plugin-relay";
import { randomUUID } from "node:crypto";
import type { GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLType } from "graphql";
import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { schema } from "~graphql/schema";
import { createApiToken, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { answerProposal, escalateDiscussion, openDiscussion, postMessage, proposeSolution, takeDiscussion, closeAsResolved } from "~/domain/discussions/discussions.server";
import { approveClaim, fileClaim, secondApproveClaim } from "~/domain/claims/claims.server";
import { registerRight, registerRightsHolder, verifyRight, verifyRightsHolder } from "~/domain/rights/holders.server";
import { fileNotice } from "~/domain/rights/notices.server";
import { appealTakedown, decideItem, reviewAppeal } from "~/domain/rights/items.server";
import { createClause } from "~/domain/consents/clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import type { RoleName } from "~/domain/identity/permissions";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";

// The authorization matrix: every Query field, every Mutation field and every field of every object type
// of the schema, asked by every kind of caller, against the table below — the one reviewable statement of
// who may do and see what through the API. A field without a rule fails, and so does a rule for a field
// that no longer exists: adding to the API means adding a line here.
//
// Callers: nobody signed in, one account per role (the senior agent holds AGENT and SENIOR_AGENT, as the
// demo seed gives it) and a narrow API token (an agent's token carrying only read:order:any and
// read:offer:any — a token never holds more than it was given, whatever its owner may do).

const PRINCIPALS = ["anonymous", "buyer", "seller", "rightsHolder", "agent", "senior", "admin", "privacy", "token"] as const;
type Principal = (typeof PRINCIPALS)[number];

const ROLES_OF: Record<Exclude<Principal, "anonymous" | "token">, RoleName[]> = {
  buyer: ["BUYER"],
  seller: ["SELLER"],
  rightsHolder: ["RIGHTS_HOLDER"],
  agent: ["AGENT"],
  senior: ["AGENT", "SENIOR_AGENT"],
  admin: ["ADMIN"],
  privacy: ["PRIVACY_OFFICER"],
};
const TOKEN_PERMISSIONS = ["read:order:any", "read:offer:any"];

// Shorthands for the table.
const ALL: Principal[] = [...PRINCIPALS];
const PERSONS: Principal[] = PRINCIPALS.filter((p) => p !== "anonymous");
const STAFF: Principal[] = ["agent", "senior", "admin", "privacy"];
const CASE_WORKERS: Principal[] = ["agent", "senior"];
const PARTIES: Principal[] = ["buyer", "seller"];
// Rights protection: the rights holder's members (the matrix's rights holder owns one) and staff who read
// rights holders; an item's readers (its reporter, its seller once acted on, agents); a notice's readers.
const HOLDER_READERS: Principal[] = ["rightsHolder", ...CASE_WORKERS, "admin"];
const ITEM_READERS: Principal[] = ["rightsHolder", "seller", ...CASE_WORKERS];
const NOTICE_READERS: Principal[] = ["rightsHolder", ...CASE_WORKERS];
const TRANSPARENCY_READERS: Principal[] = [...CASE_WORKERS, "admin"];
// The clause registry: manage:clause:any. Consents: read:consent:any for staff, one's own for everyone.
const CLAUSE_MANAGERS: Principal[] = ["admin", "privacy"];
const CONSENT_READERS: Principal[] = STAFF;
const TRANSPARENCY_PERIOD = `from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z"`;
const figures = (inner = "$") => `rightsTransparencyFigures(${TRANSPARENCY_PERIOD}) { ${inner} }`;

// ─────────────────────────────── operations: Query and Mutation fields ───────────────────────────────
// For each operation: who is allowed (anyone else must get FORBIDDEN or UNAUTHENTICATED), and the
// arguments it is called with. Arguments point at real records in states where an allowed caller is
// stopped by a domain rule (a closed discussion, a paid claim, a revoked token, an invalid value), so
// the matrix changes nothing; an allowed answer is anything but a refusal — NOT_FOUND, VALIDATION_FAILED
// or INVALID_TRANSITION mean the caller got past authorization. A record the caller may not see is
// answered as if it did not exist (ids cannot be probed), so NOT_FOUND about an existing target is a
// refusal — except where the rule says the target is missing on purpose.

interface OperationRule {
  allowed: Principal[];
  /** Arguments as GraphQL source (ids filled in from the fixtures). */
  args?: (f: Fixtures) => string;
  /** Multipart request with one PDF for this File argument. */
  upload?: string;
  /** The arguments name a record that does not exist, so NOT_FOUND is an allowed caller's answer. */
  missingTarget?: boolean;
}

const QUERY_RULES: Record<string, OperationRule> = {
  agentClaimPrecheck: { allowed: CASE_WORKERS, args: (f) => `claimId: "${f.paidClaim}"` },
  auditLog: { allowed: ["admin"], args: () => `first: 1` },
  claimMetrics: { allowed: [...CASE_WORKERS, "admin"] },
  claimMetricsByYear: { allowed: [...CASE_WORKERS, "admin"], args: () => `years: 1` },
  claimPrecheck: { allowed: ["buyer"], args: (f) => `orderId: "${f.escalatedOrder}", lines: [{ orderLineId: "${f.escalatedOrderLine}", quantity: 1 }]` },
  claimQueue: { allowed: CASE_WORKERS, args: () => `first: 1` },
  clause: { allowed: CLAUSE_MANAGERS, args: (f) => `id: "${f.clause}"` },
  clauses: { allowed: CLAUSE_MANAGERS, args: () => `first: 1` },
  // The buyer's own history; staff read anyone's.
  consentHistory: { allowed: ["buyer", ...CONSENT_READERS], args: (f) => `userId: "${f.users.buyer}", first: 1` },
  consentsFor: { allowed: CONSENT_READERS, args: (f) => `subjectType: ORDER, subjectId: "${f.consentOrder}"` },
  // Public: what a form shows, to anyone.
  formClauses: { allowed: ALL, args: () => `form: ORDER` },
  // One's own consents (read:consent:own; a token that was not given it may not).
  myConsents: { allowed: PERSONS.filter((p) => p !== "token") },
  discussionMetrics: { allowed: [...CASE_WORKERS, "admin"] },
  discussionQueue: { allowed: CASE_WORKERS, args: () => `first: 1` },
  ipAppealQueue: { allowed: CASE_WORKERS, args: () => `first: 1` },
  ipItemQueue: { allowed: CASE_WORKERS, args: () => `first: 1` },
  // Like node(id:): null for a notice the caller may not open (which callers reach it is checked below).
  ipNotice: { allowed: ALL, args: (f) => `id: "${f.notice}"` },
  // The seller's reported offers: read:ipNotice:own (staff with :any see their own, none).
  myReportedOffers: { allowed: ["seller", ...CASE_WORKERS], args: () => `first: 1` },
  myRightsHolderInvitations: { allowed: HOLDER_READERS },
  myRightsHolders: { allowed: HOLDER_READERS },
  // The administrator sets the threshold (manage:programTerms), so reads it too.
  fourEyesThreshold: { allowed: [...CASE_WORKERS, "admin"] },
  myClaims: { allowed: [...PARTIES, ...CASE_WORKERS], args: () => `first: 1` },
  myDiscussions: { allowed: [...PARTIES, ...CASE_WORKERS], args: () => `as: BUYER, first: 1` },
  // node(id:) answers null for what the caller may not see; which objects are visible is checked below.
  // Asked for a user: the person themself and staff get it, everyone else null — never an error.
  node: { allowed: ALL, args: (f) => `id: "${f.users.seller}"` },
  // The inbox is read:notification:own (every role); a token that was not given it may not read it.
  notifications: { allowed: PERSONS.filter((p) => p !== "token"), args: () => `first: 1` },
  offers: { allowed: PERSONS, args: () => `first: 1` },
  orders: { allowed: [...PARTIES, ...STAFF, "token"], args: () => `first: 1` },
  programTerms: { allowed: PERSONS },
  rightsVerificationQueue: { allowed: CASE_WORKERS },
  rightsTransparencyFigures: { allowed: [...CASE_WORKERS, "admin"], args: () => TRANSPARENCY_PERIOD },
  // The role catalogue (names and permissions) is the account administration's: staff with read:user:any.
  roles: { allowed: STAFF },
  // A seller's own record, or anyone with discussion metrics.
  sellerResponseRecord: { allowed: ["seller", ...CASE_WORKERS, "admin"], args: (f) => `sellerId: "${f.users.seller}"` },
  users: { allowed: STAFF, args: () => `first: 1` },
  viewer: { allowed: ALL },
};

const MUTATION_RULES: Record<string, OperationRule> = {
  // The buyer answers proposals (the seller's or the agent's); the seller only proposes.
  // The owner accepting its own, long accepted membership: nothing changes. Anyone else: no such invitation.
  acceptRightsHolderInvitation: { allowed: ["rightsHolder"], args: (f) => `invitationId: "${f.ownerMembership}"` },
  // The takedown was appealed and upheld: the seller is told it appealed already; the reporter and agents
  // that only the seller may appeal (they see the item); anyone else learns nothing of it.
  appealIpTakedown: { allowed: ["rightsHolder", "seller", ...CASE_WORKERS], args: (f) => `itemId: "${f.decidedItem}", reason: OTHER, explanation: "Matryca: odwołanie sprzedawcy od decyzji"` },
  answerDiscussionProposal: { allowed: ["buyer"], args: (f) => `discussionId: "${f.closedDiscussion}", proposalId: "${f.missingProposal}", accept: false` },
  approveClaim: { allowed: CASE_WORKERS, args: (f) => `claimId: "${f.paidClaim}"` },
  closeDiscussionAsResolved: { allowed: ["buyer"], args: (f) => `discussionId: "${f.closedDiscussion}"` },
  closeDiscussionWithOutcome: { allowed: CASE_WORKERS, args: (f) => `discussionId: "${f.closedDiscussion}", outcome: NO_ACTION, note: "Matryca"` },
  decideIpItem: { allowed: CASE_WORKERS, args: (f) => `itemId: "${f.decidedItem}", action: TAKE_DOWN` },
  decideIpItems: { allowed: CASE_WORKERS, args: (f) => `itemIds: ["${f.decidedItem}"], action: TAKE_DOWN` },
  // Priority out of range: refused, nothing written.
  createClause: { allowed: CLAUSE_MANAGERS, args: () => `input: { description: "Matryca", position: ORDER, type: OPTIONAL_CONSENT, active: false, priority: 257, content: "<p>Matryca</p>" }` },
  // The clause is in use: refused (CLAUSE_IN_USE).
  deleteClause: { allowed: CLAUSE_MANAGERS, args: (f) => `id: "${f.clause}"` },
  // Saved from an editor opened on a version that never existed: CONFLICT.
  updateClause: {
    allowed: CLAUSE_MANAGERS,
    args: (f) => `id: "${f.clause}", input: { description: "Matryca", position: ORDER, type: MANDATORY_CONSENT, active: true, priority: 1, content: "<p>Matryca</p>", expectedVersion: 99 }`,
  },
  // The buyer's mandatory consent on its order: not withdrawable; anyone else's attempt is refused.
  withdrawConsent: { allowed: ["buyer"], args: (f) => `subjectType: ORDER, subjectId: "${f.consentOrder}", clauseId: "${f.clause}"` },
  createApiToken: { allowed: ["seller", "rightsHolder", ...STAFF], args: () => `name: "", permissions: ["read:offer:any"]` },
  createProgramTermsVersion: {
    allowed: ["admin"],
    args: () =>
      `version: "", name: "", effectiveFrom: "2030-01-01T00:00:00.000Z", coveredPaymentMethods: [PLATFORM_PAY], shippingCoveredPaymentMethods: [PLATFORM_PAY], shippingCap: 10000, perClaimCap: 1000000, discussionWindowDays: 180, claimWindowDays: 180, standardDecisionHours: 120, smartDecisionHours: 12`,
  },
  deactivateUser: { allowed: ["admin"], args: (f) => `userId: "${f.deactivatedUser}"` },
  declineSecondApproval: { allowed: ["senior"], args: (f) => `claimId: "${f.paidClaim}", note: "Matryca"` },
  escalateDiscussion: { allowed: ["buyer"], args: (f) => `discussionId: "${f.closedDiscussion}"` },
  // A notice without the accuracy statement and offers: refused field by field, nothing filed.
  fileIpNotice: { allowed: ["rightsHolder"], args: (f) => `rightsHolderId: "${f.rightsHolder}", accuracyStatement: false, items: []` },
  // The owner invites an address already a member.
  inviteRightsHolderMember: { allowed: ["rightsHolder"], args: (f) => `rightsHolderId: "${f.rightsHolder}", email: "${f.ownerEmail}", role: FILER` },
  fileClaim: { allowed: ["buyer"], args: (f) => `orderId: "${f.claimedOrder}", lines: [{ orderLineId: "${f.claimedOrderLine}", quantity: 1 }], reason: NOT_RECEIVED, description: "Matryca"` },
  markNotificationsRead: { allowed: PERSONS.filter((p) => p !== "token"), args: (f) => `id: "${f.missingNotification}"`, missingTarget: true },
  openDiscussion: { allowed: ["buyer"], args: (f) => `orderId: "${f.escalatedOrder}", reason: OTHER, description: "Matryca"` },
  postDiscussionMessage: { allowed: [...PARTIES, ...CASE_WORKERS], args: (f) => `discussionId: "${f.closedDiscussion}", body: "Matryca"` },
  proposeDiscussionSolution: { allowed: ["seller", ...CASE_WORKERS], args: (f) => `discussionId: "${f.closedDiscussion}", kind: REFUND` },
  // Nobody asked for information: only the reporter gets as far as the item's state.
  provideIpInformation: { allowed: ["rightsHolder"], args: (f) => `itemId: "${f.decidedItem}", note: "Matryca"` },
  provideClaimDocuments: { allowed: ["buyer"], args: (f) => `claimId: "${f.paidClaim}"`, upload: "documents" },
  // Without its proof: refused, nothing registered.
  registerIpRight: { allowed: ["rightsHolder"], args: (f) => `rightsHolderId: "${f.rightsHolder}", type: TRADEMARK, name: "MACIERZ 2", territory: "PL", ownerName: "Macierz Marki sp. z o.o."` },
  registerRightsHolder: { allowed: ["rightsHolder"], args: () => `name: "", countryCode: "PL"` },
  // The appeal was reviewed already.
  reviewIpAppeal: { allowed: CASE_WORKERS, args: (f) => `itemId: "${f.decidedItem}", reinstate: true, note: "Matryca"` },
  reactivateUser: { allowed: ["admin"], args: (f) => `userId: "${f.users.rightsHolder}"` },
  referDiscussionToClaim: { allowed: CASE_WORKERS, args: (f) => `discussionId: "${f.closedDiscussion}", note: "Matryca"` },
  rejectClaim: { allowed: CASE_WORKERS, args: (f) => `claimId: "${f.paidClaim}", reason: OTHER, note: "Matryca"` },
  releaseDiscussion: { allowed: CASE_WORKERS, args: (f) => `discussionId: "${f.closedDiscussion}"` },
  requestClaimDocuments: { allowed: CASE_WORKERS, args: (f) => `claimId: "${f.paidClaim}", note: "Matryca"` },
  // A token already revoked: revoking again changes nothing. The seller owns it; the admin may revoke any.
  revokeApiToken: { allowed: ["seller", "admin"], args: (f) => `id: "${f.revokedToken}"` },
  secondApproveClaim: { allowed: ["senior"], args: (f) => `claimId: "${f.paidClaim}"` },
  // Contested without the proceeding's document: refused.
  setIpRightFlags: { allowed: CASE_WORKERS, args: (f) => `rightId: "${f.right}", contested: true, unexamined: false` },
  setFourEyesThreshold: { allowed: ["admin"], args: () => `amount: -1` },
  setRolePermissions: { allowed: ["admin"], args: () => `role: BUYER, permissions: ["no:such:permission"]` },
  setUserRoles: { allowed: ["admin"], args: (f) => `userId: "${f.missingUser}", roles: [BUYER]`, missingTarget: true },
  updateRightsPolicy: { allowed: ["admin"], args: () => `policy: {}` },
  // Both already verified.
  verifyIpRight: { allowed: CASE_WORKERS, args: (f) => `rightId: "${f.right}", verified: true` },
  verifyRightsHolder: { allowed: CASE_WORKERS, args: (f) => `rightsHolderId: "${f.rightsHolder}", verified: true` },
  takeDiscussion: { allowed: CASE_WORKERS, args: (f) => `discussionId: "${f.closedDiscussion}"` },
};

// ─────────────────────────────── object types and their fields ───────────────────────────────
// `reach`: a query that leads to one instance (the selection goes where `$` is) and which callers get
// there. `fields`: "all" — whoever reaches the object reads it; a list — only those callers read it, the
// others get null (or a refusal) on an object they can otherwise see. A field declared "all" that some
// callers get as null while others read it is a hidden rule and fails too (declare it).
// Types without `reach` are only ever the answer of an operation (a mutation's payload, a typed error):
// the operation's rule above is theirs.

type FieldRule = "all" | Principal[];
interface TypeRule {
  reach?: { query: (f: Fixtures) => string; pick: (data: any) => any; by: Principal[] };
  fields: Record<string, FieldRule>;
}

/** `all("a b c")` — these fields are read by whoever reaches the object. */
const all = (names: string): Record<string, FieldRule> => Object.fromEntries(names.trim().split(/\s+/).map((n) => [n, "all" as const]));
const node = (id: (f: Fixtures) => string, type: string, inner = "$") => (f: Fixtures) => `node(id: "${id(f)}") { ... on ${type} { ${inner} } }`;

const ORDER_READERS: Principal[] = [...PARTIES, ...STAFF, "token"];
const DISCUSSION_READERS: Principal[] = [...PARTIES, ...CASE_WORKERS];
const CLAIM_READERS: Principal[] = [...PARTIES, ...CASE_WORKERS];
const first = (list: any) => (Array.isArray(list) ? list[0] : undefined);
const connectionNodes = (connection: any) => connection?.edges?.map((e: any) => e.node);

const MUTATION_PAYLOADS = Object.keys(MUTATION_RULES).map((name) => `Mutation${name[0].toUpperCase()}${name.slice(1)}Success`);

const TYPE_RULES: Record<string, TypeRule> = {
  Query: { fields: {} }, // its fields are QUERY_RULES
  Mutation: { fields: {} }, // its fields are MUTATION_RULES
  ...Object.fromEntries(MUTATION_PAYLOADS.map((name) => [name, { fields: all("data") }])),
  DomainError: { fields: all("code details fieldErrors message") },
  ErrorDetail: { fields: all("code field message") },
  // Mutation answers only (their operation's rule is theirs).
  IpNoticeReceipt: { fields: all("items notice replayed") },
  IpNoticeReceiptItem: { fields: all("decisionDueAt id number offerId rightId") },
  IpBulkDecisionResult: { fields: all("code itemId message ok") },
  RightsPolicy: { fields: all("appealMonths buyerLookbackMonths decisionHours reporters strikes trustedDecisionHours") },
  FieldError: { fields: all("field messages") },
  CreatedApiToken: { fields: all("apiToken token") },

  Viewer: {
    reach: { query: () => `viewer { $ }`, pick: (d) => d.viewer, by: PERSONS },
    fields: all("authenticatedVia permissions roles user"),
  },
  // A user seen as an order's seller: the name for everyone who sees the order; contact details only for
  // the person themself and staff with read:user:any (not a narrow token without it).
  User: {
    reach: { query: node((f) => f.escalatedOrder, "Order", "seller { $ }"), pick: (d) => d.node?.seller, by: ORDER_READERS },
    fields: { ...all("createdAt id isCompany name roles smartMember status"), email: ["seller", ...STAFF], phone: ["seller", ...STAFF] },
  },
  ApiToken: {
    reach: { query: (f) => `node(id: "${f.narrowToken}") { ... on ApiToken { $ } }`, pick: (d) => d.node, by: ["agent", "token"] },
    fields: all("createdAt expiresAt id lastUsedAt name permissions prefix revokedAt"),
  },
  Role: {
    reach: { query: () => `roles { $ }`, pick: (d) => first(d.roles), by: STAFF },
    fields: all("description id isStaff name permissions"),
  },
  AuditLog: {
    reach: { query: () => `auditLog(first: 1) { edges { node { $ } } }`, pick: (d) => first(connectionNodes(d.auditLog)), by: ["admin"] },
    fields: all("action actorId actorType at id metadata requestId subjectId subjectType"),
  },
  Notification: {
    reach: { query: () => `notifications(first: 1) { edges { node { $ } } }`, pick: (d) => first(connectionNodes(d.notifications)), by: PERSONS.filter((p) => p !== "token") },
    fields: all("createdAt id kind link params readAt"),
  },
  Offer: {
    reach: { query: node((f) => f.offer, "Offer"), pick: (d) => d.node, by: PERSONS },
    fields: all("brand createdAt id price seller status title"),
  },
  Order: {
    reach: { query: node((f) => f.escalatedOrder, "Order"), pick: (d) => d.node, by: ORDER_READERS },
    fields: all(
      "buyer buyerEmail buyerName buyerPhone deliveredAt guest id invoices itemsTotal lines number paidAt paymentMethod placedAt seller shipments shippedAt shippingAddress shippingCost status total viewerIsBuyer",
    ),
  },
  OrderLine: {
    reach: { query: node((f) => f.escalatedOrder, "Order", "lines { $ }"), pick: (d) => first(d.node?.lines), by: ORDER_READERS },
    fields: all("id lineTotal offer position quantity title unitPrice"),
  },
  Shipment: {
    reach: { query: node((f) => f.escalatedOrder, "Order", "shipments { $ }"), pick: (d) => first(d.node?.shipments), by: ORDER_READERS },
    fields: all("carrier deliveredAt hasLabel id shippedAt trackingNumber"),
  },
  Invoice: {
    reach: { query: node((f) => f.escalatedOrder, "Order", "invoices { $ }"), pick: (d) => first(d.node?.invoices), by: ORDER_READERS },
    fields: all("id issuedAt number total"),
  },
  Money: {
    reach: { query: node((f) => f.escalatedOrder, "Order", "total { $ }"), pick: (d) => d.node?.total, by: ORDER_READERS },
    fields: all("amount currency formatted"),
  },
  // Parties never learn which agent works their case: the platform speaks to them.
  Discussion: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion"), pick: (d) => d.node, by: DISCUSSION_READERS },
    fields: {
      ...all(
        "buyer closedAt closingNote description escalatedAt id lastActivityAt messages number openedAt order outcome outcomeAmount proposals reason reference resolution seller sellerOverdue sellerRespondedAt sellerResponseDueAt status timeline viewerActions viewerRole",
      ),
      assignedAgent: CASE_WORKERS,
    },
  },
  DiscussionMessagesConnection: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion", "messages(first: 1) { $ }"), pick: (d) => d.node?.messages, by: DISCUSSION_READERS },
    fields: all("edges pageInfo"),
  },
  DiscussionMessagesConnectionEdge: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion", "messages(first: 1) { edges { $ } }"), pick: (d) => first(d.node?.messages?.edges), by: DISCUSSION_READERS },
    fields: all("cursor node"),
  },
  // The agent's message: parties see it as the platform's (no author name).
  DiscussionMessage: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion", "messages(last: 1) { edges { node { $ } } }"), pick: (d) => first(connectionNodes(d.node?.messages)), by: DISCUSSION_READERS },
    fields: { ...all("attachments authorRole body createdAt id informationRequest visibility"), authorName: CASE_WORKERS },
  },
  Attachment: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion", "messages(first: 1) { edges { node { attachments { $ } } } }"), pick: (d) => first(first(connectionNodes(d.node?.messages))?.attachments), by: DISCUSSION_READERS },
    fields: all("contentType fileName id sizeBytes url"),
  },
  DiscussionProposal: {
    reach: { query: node((f) => f.escalatedDiscussion, "Discussion", "proposals { $ }"), pick: (d) => first(d.node?.proposals), by: DISCUSSION_READERS },
    fields: all("amount createdAt decidedAt id kind note proposedByRole status"),
  },
  // The agent's timeline entry: parties see the platform, not the agent's name.
  DiscussionTimelineEntry: {
    reach: {
      query: node((f) => f.escalatedDiscussion, "Discussion", "timeline { $ }"),
      pick: (d) => d.node?.timeline?.find((e: any) => e.kind === "message" && e.actorRole === "AGENT"),
      by: DISCUSSION_READERS,
    },
    fields: { ...all("actorRole at body data id kind type"), actorName: CASE_WORKERS },
  },
  // The buyer is paid; recovering the amount from the seller is between the platform and the seller (the
  // claim page shows the recovery to the seller and staff only).
  Claim: {
    reach: { query: node((f) => f.paidClaim, "Claim"), pick: (d) => d.node, by: CLAIM_READERS },
    fields: {
      ...all(
        "approvedAmount buyer capApplied deadlineState decidedAt decisionDueAt decisionNote description discussion documents filedAt id itemsAmount lines maxAmount number order payout policeReport reason reference refundNotReceived rejectionReason seller settledAmount shippingAmount smartAtFiling status terms timeline viewerActions",
      ),
      recovery: ["seller", ...CASE_WORKERS],
    },
  },
  ClaimLine: {
    reach: { query: node((f) => f.paidClaim, "Claim", "lines { $ }"), pick: (d) => first(d.node?.lines), by: CLAIM_READERS },
    fields: all("amount id orderLine quantity"),
  },
  Payout: {
    reach: { query: node((f) => f.paidClaim, "Claim", "payout { $ }"), pick: (d) => d.node?.payout, by: CLAIM_READERS },
    fields: all("amount createdAt executedAt id status transferReference"),
  },
  SellerRecovery: {
    reach: { query: node((f) => f.paidClaim, "Claim", "recovery { $ }"), pick: (d) => d.node?.recovery, by: ["seller", ...CASE_WORKERS] },
    fields: all("amount createdAt id status"),
  },
  // Which agent decided is staff-only; parties see the role.
  ClaimEvent: {
    reach: { query: node((f) => f.paidClaim, "Claim", "timeline { $ }"), pick: (d) => d.node?.timeline?.find((e: any) => e.type === "APPROVED_PENDING_SECOND"), by: CLAIM_READERS },
    // note: cut per audience by the domain (staff notes for staff only; tests/db/case-kernel.test.ts).
    fields: { ...all("actorRole at data id note type"), actorId: CASE_WORKERS },
  },
  ProgramTerms: {
    reach: { query: () => `programTerms { $ }`, pick: (d) => first(d.programTerms), by: PERSONS },
    fields: all(
      "claimWindowDays coveredPaymentMethods discussionWindowDays effectiveFrom id name perClaimCap perPersonCap perPersonCapWindowDays shippingCap shippingCoveredPaymentMethods smartDecisionHours standardDecisionHours version",
    ),
  },
  ClaimPrecheck: {
    reach: { query: (f) => `agentClaimPrecheck(claimId: "${f.paidClaim}") { $ }`, pick: (d) => d.agentClaimPrecheck, by: CASE_WORKERS },
    fields: all(
      "checks claimCapApplied covered decisionHours eligible itemsAmount maxAmount personCapApplied refundNotReceived settledAmount settledDeducted settlements shippingAmount shippingCapApplied smart termsMaxAmount termsVersion",
    ),
  },
  ClaimDiscussionSettlement: {
    reach: {
      query: (f) => `claimPrecheck(orderId: "${f.settledOrder}", lines: [{ orderLineId: "${f.settledOrderLine}", quantity: 1 }]) { settlements { $ } }`,
      pick: (d) => first(d.claimPrecheck?.settlements),
      by: ["buyer"],
    },
    fields: all("amount decidedAt decidedBy discussionReference outcome"),
  },
  ClaimPrecheckCheck: {
    reach: { query: (f) => `agentClaimPrecheck(claimId: "${f.paidClaim}") { checks { $ } }`, pick: (d) => d.agentClaimPrecheck?.checks?.find((c: any) => c.params !== null && c.errorCode !== null) ?? first(d.agentClaimPrecheck?.checks), by: CASE_WORKERS },
    fields: all("code errorCode ok params"),
  },
  ClaimMetrics: {
    reach: { query: () => `claimMetrics { $ }`, pick: (d) => d.claimMetrics, by: [...CASE_WORKERS, "admin"] },
    fields: all(
      "amountPaid amountPaidByReason approvalRate approved averageHoursToRefund decided from p90HoursToRefund reimbursementShare reimbursements to transactions transactionsPerReimbursement",
    ),
  },
  ClaimAmountByReason: {
    reach: { query: () => `claimMetrics { amountPaidByReason { $ } }`, pick: (d) => first(d.claimMetrics?.amountPaidByReason), by: [...CASE_WORKERS, "admin"] },
    fields: all("amount count reason"),
  },
  HoursByTier: {
    reach: { query: () => `claimMetrics { averageHoursToRefund { $ } }`, pick: (d) => d.claimMetrics?.averageHoursToRefund, by: [...CASE_WORKERS, "admin"] },
    fields: all("smart standard"),
  },
  ClaimMetricsYear: {
    reach: { query: () => `claimMetricsByYear(years: 1) { $ }`, pick: (d) => first(d.claimMetricsByYear), by: [...CASE_WORKERS, "admin"] },
    fields: all("averageHoursToRefund reimbursements transactions transactionsPerReimbursement year"),
  },
  DiscussionMetrics: {
    reach: { query: () => `discussionMetrics { $ }`, pick: (d) => d.discussionMetrics, by: [...CASE_WORKERS, "admin"] },
    fields: all("closed closedWithoutIntervention escalatedOpen from open opened overdue sellerAnsweredOnTime sellerDue sellerOnTimeRate to withoutInterventionShare"),
  },
  SellerResponseRecord: {
    reach: { query: (f) => `sellerResponseRecord(sellerId: "${f.users.seller}") { $ }`, pick: (d) => d.sellerResponseRecord, by: ["seller", ...CASE_WORKERS, "admin"] },
    fields: all("answeredOnTime discussions due onTimeRate overdue overdueRate"),
  },
  // Rights protection. A rights holder reached through a taken-down item: its seller sees the name, never
  // the members, rights' documents or standing; its members and agents see them.
  RightsHolder: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "notice { rightsHolder { $ } }"), pick: (d) => d.node?.notice?.rightsHolder, by: ITEM_READERS },
    fields: {
      ...all("companyNumber countryCode createdAt id name notices number reference status verifiedAt"),
      ...Object.fromEntries(["members", "rights", "standing", "thresholds"].map((f) => [f, ["rightsHolder", ...CASE_WORKERS] as Principal[]])),
      myRole: ["rightsHolder"],
    },
  },
  RightsHolderMember: {
    reach: { query: () => `myRightsHolders { members { $ } }`, pick: (d) => first(first(d.myRightsHolders)?.members), by: ["rightsHolder"] },
    fields: all("acceptedAt email id invitedAt rightsHolderName role"),
  },
  RightsReporterThresholds: {
    reach: { query: () => `myRightsHolders { thresholds { $ } }`, pick: (d) => first(d.myRightsHolders)?.thresholds, by: ["rightsHolder"] },
    fields: all("noticeSuspensionDays trustedAccuracy trustedMinDecided unfoundedMinDecided unfoundedShare windowMonths"),
  },
  ReporterStanding: {
    reach: { query: () => `myRightsHolders { standing { $ } }`, pick: (d) => first(d.myRightsHolders)?.standing, by: ["rightsHolder"] },
    fields: all("accuracy decided noticesSuspendedUntil trusted unfounded unfoundedShare upheld warnedAt"),
  },
  RightsHolderNoticesConnection: {
    reach: { query: (f) => `node(id: "${f.rightsHolder}") { ... on RightsHolder { notices(first: 1) { $ } } }`, pick: (d) => d.node?.notices, by: HOLDER_READERS },
    fields: all("edges pageInfo"),
  },
  // The administrator reads rights holders but not notices: no edges.
  RightsHolderNoticesConnectionEdge: {
    reach: { query: (f) => `node(id: "${f.rightsHolder}") { ... on RightsHolder { notices(first: 1) { edges { $ } } } }`, pick: (d) => first(d.node?.notices?.edges), by: NOTICE_READERS },
    fields: all("cursor node"),
  },
  IpRight: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "right { $ }"), pick: (d) => d.node?.right, by: ITEM_READERS },
    fields: { ...all("contested createdAt id name onBehalf ownerName registrationNumber rightsHolder status territory type unexamined verifiedAt"), documents: ["rightsHolder", ...CASE_WORKERS] },
  },
  // The right's proof: its holder's members and agents.
  RightsDocument: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "right { documents { $ } }"), pick: (d) => first(d.node?.right?.documents), by: ["rightsHolder", ...CASE_WORKERS] },
    fields: all("contentType fileName id purpose sizeBytes url"),
  },
  RightsVerificationQueue: {
    reach: { query: () => `rightsVerificationQueue { $ }`, pick: (d) => d.rightsVerificationQueue, by: CASE_WORKERS },
    fields: all("holders rights"),
  },
  IpNotice: {
    reach: { query: node((f) => f.notice, "IpNotice"), pick: (d) => d.node, by: NOTICE_READERS },
    fields: all("clientReference filedAt id itemCount items number reference rightsHolder trustedAtFiling"),
  },
  IpNoticeItemsConnection: {
    reach: { query: node((f) => f.notice, "IpNotice", "items(first: 1) { $ }"), pick: (d) => d.node?.items, by: NOTICE_READERS },
    fields: all("edges pageInfo"),
  },
  IpNoticeItemsConnectionEdge: {
    reach: { query: node((f) => f.notice, "IpNotice", "items(first: 1) { edges { $ } }"), pick: (d) => first(d.node?.items?.edges), by: NOTICE_READERS },
    fields: all("cursor node"),
  },
  // The taken-down item, appealed and upheld: who decided is staff-only; the latest note the reader may
  // read is the reviewer's note between staff.
  IpReportItem: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem"), pick: (d) => d.node, by: ITEM_READERS },
    fields: {
      ...all(
        "appeal appealDueAt brand decidedAt deadlineState decisionDueAt documents evidence evidenceUrls explanation filedAt id kind needsSenior notice number offer priority reference rejectionReason right statements status timeline version viewerAudience",
      ),
      decidedBy: CASE_WORKERS,
      latestNote: CASE_WORKERS,
    },
  },
  // The reporter learns that the seller appealed and how it ended, not the seller's explanation.
  IpAppeal: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "appeal { $ }"), pick: (d) => d.node?.appeal, by: ITEM_READERS },
    fields: { ...all("decidedAt filedAt id item reason status"), explanation: ["seller", ...CASE_WORKERS], decidedByMe: CASE_WORKERS },
  },
  IpStatement: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "statements { $ }"), pick: (d) => first(d.node?.statements), by: ITEM_READERS },
    fields: all("body createdAt decision id puid"),
  },
  IpItemEvent: {
    reach: { query: node((f) => f.decidedItem, "IpReportItem", "timeline { $ }"), pick: (d) => d.node?.timeline?.find((e: any) => e.type === "TAKEN_DOWN"), by: ITEM_READERS },
    fields: { ...all("at data id note type actorRole"), actorId: CASE_WORKERS },
  },
  SellerStanding: {
    reach: { query: () => `myReportedOffers(first: 1) { standing { $ } }`, pick: (d) => d.myReportedOffers?.standing, by: ["seller", ...CASE_WORKERS] },
    fields: all("enforcement points thresholds"),
  },
  SellerEnforcement: {
    reach: { query: () => `myReportedOffers(first: 1) { standing { enforcement { $ } } }`, pick: (d) => first(d.myReportedOffers?.standing?.enforcement), by: ["seller"] },
    fields: all("at endedAt endsAt id points type"),
  },
  SellerStrikeThresholds: {
    reach: { query: () => `myReportedOffers(first: 1) { standing { thresholds { $ } } }`, pick: (d) => d.myReportedOffers?.standing?.thresholds, by: ["seller", ...CASE_WORKERS] },
    fields: all("suspendAtPoints suspensionDays warnAtPoints weights windowMonths"),
  },
  StrikeWeight: {
    reach: { query: () => `myReportedOffers(first: 1) { standing { thresholds { weights { $ } } } }`, pick: (d) => first(d.myReportedOffers?.standing?.thresholds?.weights), by: ["seller", ...CASE_WORKERS] },
    fields: all("kind weight"),
  },
  RightsTransparencyFigures: {
    reach: { query: () => figures(), pick: (d) => d.rightsTransparencyFigures, by: TRANSPARENCY_READERS },
    fields: all("actionsByType appeals from itemsByKind medianMsToAction notices others suspensionsByCause to trusted warnings"),
  },
  RightsKindCount: {
    reach: { query: () => figures("itemsByKind { $ }"), pick: (d) => first(d.rightsTransparencyFigures?.itemsByKind), by: TRANSPARENCY_READERS },
    fields: all("count kind"),
  },
  RightsActionCount: {
    reach: { query: () => figures("actionsByType { $ }"), pick: (d) => first(d.rightsTransparencyFigures?.actionsByType), by: TRANSPARENCY_READERS },
    fields: all("count type"),
  },
  RightsAppealFigures: {
    reach: { query: () => figures("appeals { $ }"), pick: (d) => d.rightsTransparencyFigures?.appeals, by: TRANSPARENCY_READERS },
    fields: all("filed reversed upheld"),
  },
  RightsSuspensionFigures: {
    reach: { query: () => figures("suspensionsByCause { $ }"), pick: (d) => d.rightsTransparencyFigures?.suspensionsByCause, by: TRANSPARENCY_READERS },
    fields: all("reportersManifestlyUnfounded sellersRepeatedInfringement"),
  },
  RightsWarningFigures: {
    reach: { query: () => figures("warnings { $ }"), pick: (d) => d.rightsTransparencyFigures?.warnings, by: TRANSPARENCY_READERS },
    fields: all("reporters sellers"),
  },
  RightsReporterGroupFigures: {
    reach: { query: () => figures("others { $ }"), pick: (d) => d.rightsTransparencyFigures?.others, by: TRANSPARENCY_READERS },
    fields: all("actions items medianMsToAction"),
  },
  // The clause registry (privacy officer, administrator) and consents.
  Clause: {
    reach: { query: (f) => `clause(id: "${f.clause}") { $ }`, pick: (d) => d.clause, by: CLAUSE_MANAGERS },
    fields: all("active createdAt description id inUse position priority type updatedAt version versions"),
  },
  ClauseVersion: {
    reach: { query: (f) => `clause(id: "${f.clause}") { versions { $ } }`, pick: (d) => first(d.clause?.versions), by: CLAUSE_MANAGERS },
    fields: all("content contentHash createdAt createdByName id type version"),
  },
  QueryClausesConnection: {
    reach: { query: () => `clauses(first: 1) { $ }`, pick: (d) => d.clauses, by: CLAUSE_MANAGERS },
    fields: all("edges pageInfo total"),
  },
  QueryClausesConnectionEdge: {
    reach: { query: () => `clauses(first: 1) { edges { $ } }`, pick: (d) => first(d.clauses?.edges), by: CLAUSE_MANAGERS },
    fields: all("cursor node"),
  },
  FormClause: {
    reach: { query: () => `formClauses(form: ORDER) { $ }`, pick: (d) => first(d.formClauses), by: ALL },
    fields: all("behindNewsletter clauseId content contentHash position priority revealsNewsletter type version versionId"),
  },
  ConsentRecord: {
    reach: { query: (f) => `consentsFor(subjectType: ORDER, subjectId: "${f.consentOrder}") { $ }`, pick: (d) => first(d.consentsFor), by: CONSENT_READERS },
    fields: all("at choice clauseId clauseType clauseVersion email form id ipAddress pageUrl position subjectId subjectType submissionId userAgent userId"),
  },
  ConsentClauseVersion: {
    reach: { query: (f) => `consentsFor(subjectType: ORDER, subjectId: "${f.consentOrder}") { clauseVersion { $ } }`, pick: (d) => first(d.consentsFor)?.clauseVersion, by: CONSENT_READERS },
    fields: all("content contentHash id version"),
  },
  QueryConsentHistoryConnection: {
    reach: { query: (f) => `consentHistory(userId: "${f.users.buyer}", first: 1) { $ }`, pick: (d) => d.consentHistory, by: ["buyer", ...CONSENT_READERS] },
    fields: all("edges pageInfo total"),
  },
  QueryConsentHistoryConnectionEdge: {
    reach: { query: (f) => `consentHistory(userId: "${f.users.buyer}", first: 1) { edges { $ } }`, pick: (d) => first(d.consentHistory?.edges), by: ["buyer", ...CONSENT_READERS] },
    fields: all("cursor node"),
  },
  // Only the buyer has given consents in the fixtures.
  MyConsent: {
    reach: { query: () => `myConsents { $ }`, pick: (d) => first(d.myConsents), by: ["buyer"] },
    fields: all("at choice clauseId clauseType clauseVersion email form id ipAddress pageUrl position subjectId subjectType submissionId userAgent userId withdrawable"),
  },
  ConsentWithdrawal: { fields: all("at id") },
  PageInfo: {
    reach: { query: () => `offers(first: 1) { pageInfo { $ } }`, pick: (d) => d.offers?.pageInfo, by: PERSONS },
    fields: all("endCursor hasNextPage hasPreviousPage startCursor"),
  },
  CappedCount: {
    reach: { query: () => `offers(first: 1) { total { $ } }`, pick: (d) => d.offers?.total, by: PERSONS },
    fields: all("atLeast count formatted"),
  },
  ...connectionRules(),
};

/** The root connections (`QueryXConnection` and its edge): reached by whoever may run the query. */
function connectionRules(): Record<string, TypeRule> {
  const roots: [string, string, Principal[], boolean][] = [
    ["auditLog", "first: 1", ["admin"], false],
    ["claimQueue", "first: 1", CASE_WORKERS, true],
    ["discussionQueue", "first: 1", CASE_WORKERS, true],
    ["ipAppealQueue", "first: 1", CASE_WORKERS, true],
    ["ipItemQueue", "first: 1", CASE_WORKERS, true],
    ["myReportedOffers", "first: 1", ["seller"], true],
    ["myClaims", "first: 1", ["buyer", "seller"], false],
    ["myDiscussions", "as: BUYER, first: 1", ["buyer"], true],
    ["notifications", "first: 1", PERSONS.filter((p) => p !== "token"), true],
    ["offers", "first: 1", PERSONS, true],
    ["orders", "first: 1", [...PARTIES, ...STAFF, "token"], true],
    ["users", "first: 1", STAFF, true],
  ];
  const rules: Record<string, TypeRule> = {};
  for (const [field, args, by, counted] of roots) {
    const name = `Query${field[0].toUpperCase()}${field.slice(1)}Connection`;
    // The connection object itself is reached by everyone allowed to run the query; an edge only where
    // the caller has a row (the fixtures give each of them one).
    rules[name] = {
      reach: { query: () => `${field}(${args}) { $ }`, pick: (d) => d[field], by: QUERY_RULES[field].allowed },
      fields: all(`${counted ? "edges pageInfo total totalCount" : "edges pageInfo"}${field === "myReportedOffers" ? " standing" : ""}`),
    };
    rules[`${name}Edge`] = {
      reach: { query: () => `${field}(${args}) { edges { $ } }`, pick: (d) => first(d[field]?.edges), by },
      fields: all("cursor node"),
    };
  }
  return rules;
}

// ─────────────────────────────── fixtures ───────────────────────────────

interface Fixtures {
  users: Record<Exclude<Principal, "anonymous" | "token">, string>;
  escalatedOrder: string;
  escalatedOrderLine: string;
  escalatedDiscussion: string;
  closedDiscussion: string;
  claimedOrder: string;
  claimedOrderLine: string;
  paidClaim: string;
  settledOrder: string;
  settledOrderLine: string;
  offer: string;
  narrowToken: string;
  revokedToken: string;
  deactivatedUser: string;
  missingUser: string;
  missingProposal: string;
  missingNotification: string;
  rightsHolder: string;
  right: string;
  notice: string;
  decidedItem: string;
  ownerMembership: string;
  ownerEmail: string;
  clause: string;
  consentOrder: string;
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
let fixtures: Fixtures;
const credentials: Partial<Record<Principal, { cookie?: string; token?: string }>> = { anonymous: {} };

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-05T10:00:00.000Z");
  services = createTestServices(db, clock);
  const users = {} as Fixtures["users"];
  for (const [name, roles] of Object.entries(ROLES_OF)) {
    const user = await createUser(db.prisma, { roles, name: `Macierz ${name}` });
    users[name as keyof typeof ROLES_OF] = user.id;
    credentials[name as Principal] = { cookie: await sessionCookieFor(services, user.id) };
  }
  const ctx = async (who: keyof typeof ROLES_OF, at: TestClock = clock) => contextFor(createTestServices(db, at), await actorFor(db.prisma, users[who]));
  const past = createTestClock(new Date(clock.now().getTime() - 3 * DAY));

  // The narrow token (an agent's) and a seller's token already revoked.
  const narrow = await createApiToken(await ctx("agent"), { name: "Tylko zamówienia", permissions: TOKEN_PERMISSIONS, expiresInDays: 30 });
  credentials.token = { token: narrow.token };
  const sellers = await createApiToken(await ctx("seller"), { name: "Stary", permissions: ["read:order:own"], expiresInDays: 30 });
  await revokeApiToken(await ctx("seller"), sellers.record.id);

  // An order with a shipment and an invoice, and its discussion: the seller answered and proposed a refund,
  // the buyer asked for help, an agent took it and wrote to both parties.
  const placedAt = new Date(clock.now().getTime() - 5 * DAY);
  const escalatedOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt });
  await db.prisma.shipment.create({ data: { orderId: escalatedOrder.id, carrier: "InPost", trackingNumber: "620000000000000000000001", label: "etykieta", shippedAt: placedAt } });
  await db.prisma.invoice.create({ data: { orderId: escalatedOrder.id, number: `FV/${randomUUID().slice(0, 8)}`, issuedAt: placedAt, totalAmount: 21498, billedTo: "Łukasz Żółć, Gdynia" } });
  const escalated = await openDiscussion(await ctx("buyer", past), { orderId: escalatedOrder.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła", attachments: [{ fileName: "zdjecie.pdf", data: PDF }] });
  // A minute between steps, so messages and events have a definite order.
  const step = () => clock.advance(60_000);
  await postMessage(await ctx("seller"), escalated.id, { body: "Wysłałem paczkę" });
  step();
  await proposeSolution(await ctx("seller"), escalated.id, { kind: "REFUND" });
  step();
  await escalateDiscussion(await ctx("buyer"), escalated.id);
  step();
  await takeDiscussion(await ctx("agent"), escalated.id);
  step();
  await postMessage(await ctx("agent"), escalated.id, { body: "Sprawdzamy przesyłkę", visibility: "ALL" });
  step();

  // A discussion the buyer closed as resolved: the target of every discussion command in the matrix.
  const closedOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt });
  const closed = await openDiscussion(await ctx("buyer", past), { orderId: closedOrder.id, reason: "DAMAGED", description: "Uszkodzone" });
  await closeAsResolved(await ctx("buyer"), closed.id);

  // A claim above the four-eyes threshold, approved by the agent and the senior agent: paid, and the
  // seller's recovery opened. The target of every claim command (a paid claim takes no more decisions).
  const claimedOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt, lines: [{ unitAmount: 700_000 }], shippingAmount: 0 });
  await openDiscussion(await ctx("buyer", past), { orderId: claimedOrder.id, reason: "NOT_RECEIVED", description: "Brak" });
  const claim = await fileClaim(await ctx("buyer"), {
    orderId: claimedOrder.id,
    lines: [{ orderLineId: claimedOrder.lines[0].id, quantity: 1 }],
    reason: "NOT_RECEIVED",
    description: "Nie dotarło",
    policeReport: true,
    documents: [{ fileName: "zgloszenie.pdf", data: PDF }],
  });
  clock.advance(HOUR);
  await approveClaim(await ctx("agent"), claim.id);
  await secondApproveClaim(await ctx("senior"), claim.id);
  const paid = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { payout: true, recovery: true } });
  expect(paid.status).toBe("PAID");
  expect(paid.recovery).not.toBeNull();

  // An order whose discussion ended with the seller's partial refund, accepted: a settlement a claim's
  // precheck counts against its maximum.
  const settledOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt });
  const settled = await openDiscussion(await ctx("buyer", past), { orderId: settledOrder.id, reason: "DAMAGED", description: "Pęknięta obudowa" });
  const proposal = await proposeSolution(await ctx("seller"), settled.id, { kind: "PARTIAL_REFUND", amount: 5_000 });
  const proposalId = String((proposal.transition.data as { proposalId: string }).proposalId);
  await answerProposal(await ctx("buyer"), settled.id, proposalId, true);

  // A claim still waiting in the agents' queue.
  const queuedOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt });
  await openDiscussion(await ctx("buyer", past), { orderId: queuedOrder.id, reason: "NOT_RECEIVED", description: "Brak" });
  await fileClaim(await ctx("buyer"), { orderId: queuedOrder.id, lines: [{ orderLineId: queuedOrder.lines[0].id, quantity: 1 }], reason: "NOT_RECEIVED", description: "Nie dotarło" });

  // Contact details to hide or show (the seller is the user read through the order).
  await db.prisma.user.update({ where: { id: users.seller }, data: { phone: "+48 600 700 800" } });

  // Everyone has something in the inbox; a deactivated bystander for deactivateUser.
  for (const [name, id] of Object.entries(users)) {
    await db.prisma.notification.create({ data: { userId: id, outboxKey: `matrix:${name}`, kind: "discussion.sellerReplied", payload: { number: 1 }, link: "/inbox" } });
  }
  const deactivated = await createUser(db.prisma, { roles: ["BUYER"], status: "DEACTIVATED" });

  // Rights protection: the matrix's rights holder owns a verified holder with a verified right and filed a
  // notice about three of the seller's offers: one taken down, appealed and upheld (the target of every item
  // command), one waiting in the queue, one taken down with its appeal waiting for review.
  const holder = await registerRightsHolder(await ctx("rightsHolder"), { name: "Macierz Marki sp. z o.o.", countryCode: "PL", companyNumber: "0000111222" });
  await verifyRightsHolder(await ctx("agent"), { id: holder.id, verified: true });
  const right = await registerRight(await ctx("rightsHolder"), {
    rightsHolderId: holder.id,
    type: "TRADEMARK",
    name: "MACIERZ",
    registrationNumber: "EUTM 018000001",
    territory: "EU",
    ownerName: "Macierz Marki sp. z o.o.",
    proof: [{ fileName: "swiadectwo.pdf", data: PDF }],
  });
  await verifyRight(await ctx("agent"), { id: right.id, verified: true });
  const reportedOffers = await Promise.all(
    ["MACIERZ buty", "MACIERZ torba", "MACIERZ zegarek"].map(async (title, n) =>
      (await db.prisma.offer.create({ data: { title, brand: "MACIERZ", description: "Opis", photoRefs: [`img/m${n}.jpg`], priceAmount: 9900, sellerId: users.seller, createdAt: clock.now() } })).id,
    ),
  );
  const notice = await fileNotice(await ctx("rightsHolder"), {
    rightsHolderId: holder.id,
    accuracyStatement: true,
    items: reportedOffers.map((offerId, n) => ({
      offerId,
      rightId: right.id,
      // One counterfeit (a strike of 3 points: the seller's recorded warning), photo copyrights otherwise.
      kind: n === 0 ? "COUNTERFEIT" : "COPYRIGHT_PHOTOS",
      explanation: "Oferta sprzedaje podróbki produktów MACIERZ: logo i opakowanie różnią się od oryginałów.",
      evidenceUrls: ["https://dowody.example/zakup/1"],
    })),
  });
  const [decided, , appealed] = notice.items;
  await decideItem(await ctx("agent"), { action: "TAKE_DOWN", itemId: decided.id });
  await decideItem(await ctx("agent"), { action: "TAKE_DOWN", itemId: appealed.id });
  step();
  const appeal = { reason: "OTHER", explanation: "Towar oryginalny, faktura od dystrybutora w załączeniu." };
  await appealTakedown(await ctx("seller"), { itemId: decided.id, ...appeal });
  await appealTakedown(await ctx("seller"), { itemId: appealed.id, ...appeal });
  step();
  await reviewAppeal(await ctx("senior"), { itemId: decided.id, reinstate: false, note: "Podróbka potwierdzona zakupem testowym." });
  const ownerMembership = await db.prisma.rightsHolderMember.findFirstOrThrow({ where: { rightsHolderId: holder.id, userId: users.rightsHolder } });

  // Consents: a mandatory clause on the order form, accepted by the buyer with an order (as the checkout does).
  const clause = await createClause(await ctx("privacy"), {
    description: "Regulamin zamówienia",
    position: "ORDER",
    type: "MANDATORY_CONSENT",
    active: true,
    priority: 100,
    content: `<p>Akceptuję <a href="/pages/terms">regulamin</a>.</p>`,
  });
  const consentOrder = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.seller, placedAt });
  const buyerCtx = { ...(await ctx("buyer")), origin: { ipAddress: "203.0.113.1", userAgent: "Matryca", pageUrl: "/checkout" } };
  await db.prisma.$transaction(async (tx) => {
    const shown = (await clausesForForm(tx, "ORDER")).map((c) => c.versionId);
    const checked = await checkConsents(tx, "ORDER", { shown, accepted: shown });
    await recordConsents(tx, buyerCtx, checked, { orderId: consentOrder.id }, { email: "kupujacy@example.pl" });
  });

  fixtures = {
    users,
    escalatedOrder: encodeGlobalID("Order", escalatedOrder.id),
    escalatedOrderLine: escalatedOrder.lines[0].id,
    escalatedDiscussion: encodeGlobalID("Discussion", escalated.id),
    closedDiscussion: encodeGlobalID("Discussion", closed.id),
    claimedOrder: encodeGlobalID("Order", claimedOrder.id),
    claimedOrderLine: claimedOrder.lines[0].id,
    paidClaim: encodeGlobalID("Claim", claim.id),
    settledOrder: encodeGlobalID("Order", settledOrder.id),
    settledOrderLine: settledOrder.lines[0].id,
    offer: encodeGlobalID("Offer", escalatedOrder.lines[0].offerId),
    narrowToken: encodeGlobalID("ApiToken", narrow.record.id),
    revokedToken: encodeGlobalID("ApiToken", sellers.record.id),
    deactivatedUser: encodeGlobalID("User", deactivated.id),
    missingUser: encodeGlobalID("User", randomUUID()),
    missingProposal: encodeGlobalID("DiscussionProposal", randomUUID()),
    missingNotification: encodeGlobalID("Notification", randomUUID()),
    rightsHolder: encodeGlobalID("RightsHolder", holder.id),
    right: encodeGlobalID("IpRight", right.id),
    notice: encodeGlobalID("IpNotice", notice.notice.id),
    decidedItem: encodeGlobalID("IpReportItem", decided.id),
    ownerMembership: ownerMembership.id,
    ownerEmail: ownerMembership.email,
    clause: clause.id,
    consentOrder: consentOrder.id,
  };
  // User ids in arguments are global ids.
  fixtures.users = Object.fromEntries(Object.entries(users).map(([k, v]) => [k, encodeGlobalID("User", v)])) as Fixtures["users"];
}, 180_000);
afterAll(async () => db?.close());

// ─────────────────────────────── running and classifying ───────────────────────────────

const REFUSALS = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);
type Outcome = "allowed" | "refused" | `broken:${string}`;

async function ask(principal: Principal, query: string) {
  return graphql(services, query, credentials[principal]);
}

/** A multipart request (GraphQL multipart spec) with one PDF in `fileArg`. */
async function askWithUpload(principal: Principal, query: string, fileArg: string) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query, variables: { [fileArg]: [null] } }));
  form.set("map", JSON.stringify({ "0": [`variables.${fileArg}.0`] }));
  form.set("0", new File([PDF], "dokument.pdf", { type: "application/pdf" }));
  const headers: Record<string, string> = { accept: "application/json", "x-graphql-yoga-csrf": "1", "graphql-preflight": "1" };
  const { cookie, token } = credentials[principal] ?? {};
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await services.graphql.handleRequest(new Request("http://localhost/graphql", { method: "POST", headers, body: form }), {});
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, data: body.data, errors: body.errors };
}

function classify(result: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] }, field: string, rule: OperationRule): Outcome {
  const refusal = (code: string | undefined) => REFUSALS.has(code ?? "") || (code === "NOT_FOUND" && !rule.missingTarget);
  const codes = (result.errors ?? []).map((e) => e.extensions?.code ?? "NO_CODE");
  if (codes.some(refusal)) return "refused";
  const payload = result.data?.[field];
  if (payload?.__typename === "DomainError") return refusal(payload.code) ? "refused" : "allowed";
  if (codes.length) return `broken:${codes.join(",")} ${result.errors?.[0]?.message ?? ""}`.slice(0, 160) as Outcome;
  return "allowed";
}

// The schema object may come from another copy of the graphql package (ESM and CJS builds), so its types
// are told apart by their class names rather than graphql's instanceof-based predicates.
const kindOf = (type: GraphQLType) => type.constructor.name;
const getNamedType = (type: GraphQLType): GraphQLNamedType => ("ofType" in type ? getNamedType(type.ofType as GraphQLType) : type);
const isObjectType = (type: GraphQLType): type is GraphQLObjectType => kindOf(type) === "GraphQLObjectType";
const isLeafType = (type: GraphQLType) => kindOf(type) === "GraphQLScalarType" || kindOf(type) === "GraphQLEnumType";
const isNonNullType = (type: GraphQLType) => kindOf(type) === "GraphQLNonNull";

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isLeafType(getNamedType(field.type)) ? "" : " { __typename }");

/** What an operation is asked for: enough that its resolver runs (a connection's edges, a union's error). */
function operationSelection(field: GraphQLField<unknown, unknown>) {
  const returns = getNamedType(field.type);
  if (isLeafType(returns)) return "";
  if (kindOf(returns) === "GraphQLUnionType") return ` { __typename ... on DomainError { code message } }`;
  if (isObjectType(returns) && returns.getFields().edges) return ` { __typename edges { cursor } }`;
  return " { __typename }";
}

function operationDocument(kind: "query" | "mutation", name: string, rule: OperationRule, field: GraphQLField<unknown, unknown>) {
  const args = [rule.args?.(fixtures), rule.upload ? `${rule.upload}: $${rule.upload}` : ""].filter(Boolean).join(", ");
  const variables = rule.upload ? `($${rule.upload}: [File!]!)` : "";
  return `${kind}${variables} { ${name}${args ? `(${args})` : ""}${operationSelection(field)} }`;
}

/** Every field of `type`, leaves as they are and objects as `{ __typename }` (enough to tell null from present). */
function fullSelection(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
    .map((f) => `${f.name}${selectionOf(f)}`)
    .join(" ");
}

const queryType = schema.getQueryType()!;
const mutationType = schema.getMutationType()!;
const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith("__"));

const cells: string[] = [];
const mark = (outcome: Outcome, expected: boolean) =>
  outcome.startsWith("broken") ? "!" : (outcome === "allowed") === expected ? (expected ? "+" : "-") : expected ? "X" : "L";

afterAll(() => {
  // Compact summary: one line per operation or field, one column per caller.
  // + allowed as declared · - refused as declared · X refused but declared allowed · L allowed but declared refused (a leak) · ! broken
  if (cells.length) console.log([`callers: ${PRINCIPALS.join(" ")}`, ...cells].join("\n"));
});

// ─────────────────────────────── the tests ───────────────────────────────

describe("the table names every field of the schema, and only those", () => {
  test("every Query field has a rule", () => {
    const fields = Object.keys(queryType.getFields()).sort();
    expect(fields.filter((f) => !QUERY_RULES[f]), "new Query field without a rule").toEqual([]);
    expect(Object.keys(QUERY_RULES).filter((f) => !fields.includes(f)), "rule for a Query field that no longer exists").toEqual([]);
  });
  test("every Mutation field has a rule", () => {
    const fields = Object.keys(mutationType.getFields()).sort();
    expect(fields.filter((f) => !MUTATION_RULES[f]), "new Mutation field without a rule").toEqual([]);
    expect(Object.keys(MUTATION_RULES).filter((f) => !fields.includes(f)), "rule for a Mutation field that no longer exists").toEqual([]);
  });
  test("every object type and every field of it has a rule", () => {
    const names = objectTypes.map((t) => t.name);
    expect(names.filter((n) => !TYPE_RULES[n]), "new object type without rules").toEqual([]);
    expect(Object.keys(TYPE_RULES).filter((n) => !names.includes(n)), "rules for a type that no longer exists").toEqual([]);
    const missing: string[] = [];
    const stale: string[] = [];
    for (const type of objectTypes) {
      if (type === queryType || type === mutationType) continue;
      const rule = TYPE_RULES[type.name];
      if (!rule) continue;
      const fields = Object.keys(type.getFields());
      missing.push(...fields.filter((f) => !rule.fields[f]).map((f) => `${type.name}.${f}`));
      stale.push(...Object.keys(rule.fields).filter((f) => !fields.includes(f)).map((f) => `${type.name}.${f}`));
    }
    expect(missing, "new field without a rule").toEqual([]);
    expect(stale, "rule for a field that no longer exists").toEqual([]);
  });
});

describe.each([
  ["Query", QUERY_RULES, "query"],
  ["Mutation", MUTATION_RULES, "mutation"],
] as const)("%s fields: allowed exactly for the callers in the table", (typeName, rules, kind) => {
  const root = typeName === "Query" ? queryType : mutationType;
  test.each(Object.keys(root.getFields()).filter((f) => rules[f]))("%s", async (name) => {
    const rule = rules[name];
    const document = operationDocument(kind, name, rule, root.getFields()[name]);
    const wrong: string[] = [];
    let row = "";
    for (const principal of PRINCIPALS) {
      const result = rule.upload ? await askWithUpload(principal, document, rule.upload) : await ask(principal, document);
      const outcome = classify(result, name, rule);
      const expected = rule.allowed.includes(principal);
      row += mark(outcome, expected);
      if (outcome.startsWith("broken") || (outcome === "allowed") !== expected) {
        wrong.push(`${principal}: ${outcome} (declared ${expected ? "allowed" : "refused"}) ${JSON.stringify(result.data?.[name] ?? result.errors?.[0] ?? null).slice(0, 160)}`);
      }
    }
    cells.push(`${row}  ${typeName}.${name}`);
    expect(wrong, `${typeName}.${name}\n${document}`).toEqual([]);
  });
});

describe("object fields: who reaches each object, and who reads each of its fields", () => {
  const reachable = objectTypes.filter((t) => TYPE_RULES[t.name]?.reach);
  test.each(reachable.map((t) => t.name))("%s", async (name) => {
    const type = schema.getType(name) as GraphQLObjectType;
    const rule = TYPE_RULES[name];
    const reach = rule.reach!;
    const document = `query { ${reach.query(fixtures).replace("$", fullSelection(type))} }`;
    const problems: string[] = [];
    const seen: Partial<Record<Principal, Record<string, unknown>>> = {};
    for (const principal of PRINCIPALS) {
      const result = await ask(principal, document);
      const object = result.data ? reach.pick(result.data) : undefined;
      const reached = object !== undefined && object !== null;
      const shouldReach = reach.by.includes(principal);
      // Errors other than a refusal of the whole object are bugs wherever they appear.
      const otherErrors = (result.errors ?? []).filter((e) => !REFUSALS.has(e.extensions?.code ?? ""));
      if (otherErrors.length) problems.push(`${principal}: error ${otherErrors.map((e) => `${e.extensions?.code} ${e.message}`).join("; ").slice(0, 200)}`);
      if (reached !== shouldReach) problems.push(`${principal}: ${reached ? "reaches" : "does not reach"} ${name} (declared ${shouldReach ? "reachable" : "unreachable"})`);
      if (reached) seen[principal] = object;
    }
    for (const [field, fieldRule] of Object.entries(rule.fields)) {
      let row = "";
      const readers = PRINCIPALS.filter((p) => seen[p] && seen[p]![field] !== null && seen[p]![field] !== undefined);
      for (const principal of PRINCIPALS) {
        const reached = !!seen[principal];
        const reads = readers.includes(principal);
        if (!reached) {
          row += ".";
          continue;
        }
        if (fieldRule === "all") {
          // A hidden rule: some callers who reach the object read the field, others get null.
          if (readers.length && !reads) problems.push(`${principal}: ${name}.${field} is null although ${readers.join(", ")} read it (declared "all": declare who may read it)`);
          row += reads || !readers.length ? "+" : "X";
        } else {
          const allowed = fieldRule.includes(principal);
          if (allowed && !reads) problems.push(`${principal}: cannot read ${name}.${field} (declared allowed; the fixtures give it a value)`);
          if (!allowed && reads) problems.push(`${principal}: reads ${name}.${field} = ${JSON.stringify(seen[principal]![field]).slice(0, 80)} (declared refused)`);
          row += reads === allowed ? (allowed ? "+" : "-") : allowed ? "X" : "L";
        }
      }
      cells.push(`${row}  ${name}.${field}`);
    }
    expect(problems, `${name}\n${document}`).toEqual([]);
  });
});
