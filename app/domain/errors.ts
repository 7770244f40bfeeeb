// Every failure a person or an integration can cause has a stable code. The UI translates the code
// (errors.<CODE> in app/i18n), GraphQL returns it in a typed error; nothing user-caused becomes a 500.
export const ErrorCode = {
  // generic
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  VALIDATION_FAILED: "VALIDATION_FAILED",
  CONFLICT: "CONFLICT",
  INVALID_TRANSITION: "INVALID_TRANSITION",
  /** The database (or another service the request needs) is out of reach: try again shortly. */
  UNAVAILABLE: "UNAVAILABLE",
  /** Too many attempts from this account or address: wait `retryAfterSeconds` and try again. */
  TOO_MANY_ATTEMPTS: "TOO_MANY_ATTEMPTS",
  /** A form action received a body that is not a form (JSON, plain text…): answered 415. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** A form body that cannot be parsed (a broken multipart body): answered 400. */
  MALFORMED_REQUEST: "MALFORMED_REQUEST",
  // identity
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  ACCOUNT_LOCKED: "ACCOUNT_LOCKED",
  ACCOUNT_DEACTIVATED: "ACCOUNT_DEACTIVATED",
  SECOND_FACTOR_REQUIRED: "SECOND_FACTOR_REQUIRED",
  INVALID_SECOND_FACTOR: "INVALID_SECOND_FACTOR",
  SESSION_EXPIRED: "SESSION_EXPIRED",
  EMAIL_TAKEN: "EMAIL_TAKEN",
  PERMISSION_NOT_HELD: "PERMISSION_NOT_HELD",
  LAST_ADMIN: "LAST_ADMIN",
  TOKEN_INVALID: "TOKEN_INVALID",
  // cases (discussions, claims)
  CASE_CLOSED: "CASE_CLOSED",
  CASE_NOT_ASSIGNED_TO_YOU: "CASE_NOT_ASSIGNED_TO_YOU",
  CASE_ASSIGNED_TO_ANOTHER_AGENT: "CASE_ASSIGNED_TO_ANOTHER_AGENT",
  ATTACHMENT_TOO_LARGE: "ATTACHMENT_TOO_LARGE",
  ATTACHMENT_TYPE_NOT_ALLOWED: "ATTACHMENT_TYPE_NOT_ALLOWED",
  TOO_MANY_ATTACHMENTS: "TOO_MANY_ATTACHMENTS",
  AMOUNT_OUT_OF_RANGE: "AMOUNT_OUT_OF_RANGE",
  // discussions
  NOT_THE_ORDERS_BUYER: "NOT_THE_ORDERS_BUYER",
  DISCUSSION_ALREADY_OPEN: "DISCUSSION_ALREADY_OPEN",
  DISCUSSION_WINDOW_CLOSED: "DISCUSSION_WINDOW_CLOSED",
  ESCALATION_TOO_EARLY: "ESCALATION_TOO_EARLY",
  PROPOSAL_NOT_PENDING: "PROPOSAL_NOT_PENDING",
  // buyer protection claims
  CLAIM_PAYMENT_METHOD_NOT_COVERED: "CLAIM_PAYMENT_METHOD_NOT_COVERED",
  CLAIM_NO_QUALIFYING_DISCUSSION: "CLAIM_NO_QUALIFYING_DISCUSSION",
  CLAIM_WINDOW_CLOSED: "CLAIM_WINDOW_CLOSED",
  CLAIM_ORDER_NOT_PAID: "CLAIM_ORDER_NOT_PAID",
  CLAIM_LINE_NOT_IN_ORDER: "CLAIM_LINE_NOT_IN_ORDER",
  CLAIM_LINES_ALREADY_CLAIMED: "CLAIM_LINES_ALREADY_CLAIMED",
  CLAIM_NOTHING_TO_COMPENSATE: "CLAIM_NOTHING_TO_COMPENSATE",
  CLAIM_AMOUNT_ABOVE_MAXIMUM: "CLAIM_AMOUNT_ABOVE_MAXIMUM",
  /** The order's discussion already settled a refund for these items: at most `max` can still be paid. */
  CLAIM_SETTLED_IN_DISCUSSION: "CLAIM_SETTLED_IN_DISCUSSION",
  CLAIM_ORDER_LIMIT_REACHED: "CLAIM_ORDER_LIMIT_REACHED",
  CLAIM_PERSON_LIMIT_REACHED: "CLAIM_PERSON_LIMIT_REACHED",
  FOUR_EYES_SAME_AGENT: "FOUR_EYES_SAME_AGENT",
  TERMS_VERSION_CONFLICT: "TERMS_VERSION_CONFLICT",
  // rights protection
  /** The notice has problems: `details` lists each one, by field (items.<n>.<field>), with its own code. */
  NOTICE_INVALID: "NOTICE_INVALID",
  RIGHTS_HOLDER_NOT_VERIFIED: "RIGHTS_HOLDER_NOT_VERIFIED",
  RIGHT_NOT_VERIFIED: "RIGHT_NOT_VERIFIED",
  RIGHT_OF_ANOTHER_HOLDER: "RIGHT_OF_ANOTHER_HOLDER",
  OFFER_NOT_FOUND: "OFFER_NOT_FOUND",
  OFFER_ALREADY_DOWN: "OFFER_ALREADY_DOWN",
  DUPLICATE_PENDING_ITEM: "DUPLICATE_PENDING_ITEM",
  ACCURACY_STATEMENT_MISSING: "ACCURACY_STATEMENT_MISSING",
  EVIDENCE_MISSING: "EVIDENCE_MISSING",
  TOO_MANY_OFFERS: "TOO_MANY_OFFERS",
  NOTICES_SUSPENDED: "NOTICES_SUSPENDED",
  NOT_AN_OWNER: "NOT_AN_OWNER",
  ALREADY_A_MEMBER: "ALREADY_A_MEMBER",
  POWER_OF_ATTORNEY_MISSING: "POWER_OF_ATTORNEY_MISSING",
  /** The item cites a contested or unexamined right: a senior agent decides it. */
  SENIOR_AGENT_REQUIRED: "SENIOR_AGENT_REQUIRED",
  ITEM_ALREADY_DECIDED: "ITEM_ALREADY_DECIDED",
  APPEAL_WINDOW_CLOSED: "APPEAL_WINDOW_CLOSED",
  APPEAL_ALREADY_FILED: "APPEAL_ALREADY_FILED",
  NOT_THE_OFFERS_SELLER: "NOT_THE_OFFERS_SELLER",
  /** An appeal is reviewed by an agent who did not decide the item. */
  REVIEWER_DECIDED_ITEM: "REVIEWER_DECIDED_ITEM",
  // clauses and consents
  /** The clause's content holds what a clause may not (`details` names each: a script, an event handler, a link). */
  CLAUSE_CONTENT_UNSAFE: "CLAUSE_CONTENT_UNSAFE",
  /** A link in the content names an information page that does not exist. */
  CLAUSE_LINK_UNKNOWN_PAGE: "CLAUSE_LINK_UNKNOWN_PAGE",
  /** The newsletter–order/registration position already holds its one clause. */
  CLAUSE_POSITION_FULL: "CLAUSE_POSITION_FULL",
  /** Someone accepted (or was shown) this clause: it is kept as evidence and cannot be deleted. */
  CLAUSE_IN_USE: "CLAUSE_IN_USE",
  /** A mandatory consent was not given: `details` names each clause. */
  CONSENT_REQUIRED: "CONSENT_REQUIRED",
  /** The answer names a clause this form does not show (inactive, another position, forged). */
  CONSENT_NOT_OFFERED: "CONSENT_NOT_OFFERED",
  /** A clause's wording changed after the form was shown: the person reads the new wording first. */
  CONSENT_OUTDATED: "CONSENT_OUTDATED",
  /** Only a given optional consent can be withdrawn. */
  CONSENT_NOT_WITHDRAWABLE: "CONSENT_NOT_WITHDRAWABLE",
  /** A public form was filled in by a script (its hidden trap field has a value). */
  FORM_REJECTED: "FORM_REJECTED",
  // the shop's questions and product alerts
  /** A price-change alert is for an offer on sale (ACTIVE). */
  ALERT_PRICE_OFFER_NOT_ACTIVE: "ALERT_PRICE_OFFER_NOT_ACTIVE",
  /** An availability alert is for an offer that ended (ENDED): one on sale is available now. */
  ALERT_AVAILABILITY_OFFER_NOT_ENDED: "ALERT_AVAILABILITY_OFFER_NOT_ENDED",
  /** The question was answered (or closed) meanwhile: its answer stands. */
  QUESTION_ALREADY_ANSWERED: "QUESTION_ALREADY_ANSWERED",
  /** The alert was cancelled, or already sent. */
  ALERT_NOT_ACTIVE: "ALERT_NOT_ACTIVE",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type FieldErrors = Record<string, string[]>;

/** One problem of a many-part input (a notice's items): where, which rule, and what to do. */
export interface ErrorDetail {
  field: string;
  code: ErrorCode;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Values the UI may interpolate into the translated message (never personal data). */
  readonly params?: Record<string, string | number>;
  /** Every problem of a many-part input, each with its own code (a notice's items). */
  readonly details?: ErrorDetail[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; params?: Record<string, string | number>; details?: ErrorDetail[] } = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.params = options.params;
    this.details = options.details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  // Duck-typed: the Remix bundle and the tsx-loaded server each hold their own copy of this module.
  return error instanceof Error && error.name === "DomainError" && "code" in error;
}

export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (what = "You may not do this") => new DomainError(ErrorCode.FORBIDDEN, what);
