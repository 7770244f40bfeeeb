import { z } from "zod";

// The EU DSA Transparency Database's statement of reasons, API v2 (schema in force since 1 July 2025),
// as its store-request rules validate it (../shared/REFERENCE.md §1). Every statement the product
// exports passes `validateStatement` first; a statement it refuses is a bug here, not at the EU's door.

export const EEA_TERRITORIES: readonly string[] = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
  "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

const VISIBILITY = [
  "DECISION_VISIBILITY_CONTENT_REMOVED",
  "DECISION_VISIBILITY_CONTENT_DISABLED",
  "DECISION_VISIBILITY_CONTENT_DEMOTED",
  "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
  "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
  "DECISION_VISIBILITY_CONTENT_LABELLED",
  "DECISION_VISIBILITY_OTHER",
] as const;
const MONETARY = ["DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"] as const;
const PROVISION = [
  "DECISION_PROVISION_PARTIAL_SUSPENSION",
  "DECISION_PROVISION_TOTAL_SUSPENSION",
  "DECISION_PROVISION_PARTIAL_TERMINATION",
  "DECISION_PROVISION_TOTAL_TERMINATION",
] as const;
const ACCOUNT = ["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"] as const;
const CONTENT_TYPES = [
  "CONTENT_TYPE_APP",
  "CONTENT_TYPE_AUDIO",
  "CONTENT_TYPE_IMAGE",
  "CONTENT_TYPE_PRODUCT",
  "CONTENT_TYPE_SYNTHETIC_MEDIA",
  "CONTENT_TYPE_TEXT",
  "CONTENT_TYPE_VIDEO",
  "CONTENT_TYPE_OTHER",
] as const;
export const STATEMENT_CATEGORIES = [
  "STATEMENT_CATEGORY_ANIMAL_WELFARE",
  "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
  "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
  "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
  "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
  "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
  "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
  "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
  "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
  "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
  "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
  "STATEMENT_CATEGORY_SELF_HARM",
  "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
  "STATEMENT_CATEGORY_VIOLENCE",
] as const;
/** The keywords this product uses (the intellectual-property ones and OTHER); v2 has 69 in all. */
const IP_KEYWORDS = [
  "KEYWORD_COPYRIGHT_INFRINGEMENT",
  "KEYWORD_DESIGN_INFRINGEMENT",
  "KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
  "KEYWORD_PATENT_INFRINGEMENT",
  "KEYWORD_TRADE_SECRET_INFRINGEMENT",
  "KEYWORD_TRADEMARK_INFRINGEMENT",
  "KEYWORD_OTHER",
] as const;
const SOURCE_TYPES = ["SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY"] as const;
const AUTOMATED_DECISION = ["AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED"] as const;

const upTo = (max: number) => z.string().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const validDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const statementOfReasonsSchema = z
  .strictObject({
    decision_visibility: z.array(z.enum(VISIBILITY)).min(1).optional(),
    decision_visibility_other: upTo(500).optional(),
    decision_monetary: z.enum(MONETARY).optional(),
    decision_monetary_other: upTo(500).optional(),
    decision_provision: z.enum(PROVISION).optional(),
    decision_account: z.enum(ACCOUNT).optional(),
    account_type: z.enum(["ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"]).optional(),
    decision_ground: z.enum(["DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"]),
    decision_ground_reference_url: z.url().max(500).optional(),
    illegal_content_legal_ground: upTo(500).optional(),
    illegal_content_explanation: upTo(2000).optional(),
    incompatible_content_ground: upTo(500).optional(),
    incompatible_content_explanation: upTo(2000).optional(),
    incompatible_content_illegal: z.enum(["Yes", "No"]).optional(),
    content_type: z.array(z.enum(CONTENT_TYPES)).min(1),
    content_type_other: upTo(500).optional(),
    category: z.enum(STATEMENT_CATEGORIES),
    category_addition: z.array(z.enum(STATEMENT_CATEGORIES)).optional(),
    category_specification: z.array(z.enum(IP_KEYWORDS)).optional(),
    category_specification_other: upTo(500).optional(),
    content_id: z.strictObject({ "EAN-13": z.string().regex(/^[0-9]{13}$/) }).optional(),
    territorial_scope: z.array(z.enum(EEA_TERRITORIES as [string, ...string[]])).min(1),
    content_language: z.string().regex(/^[A-Z]{2}$/).optional(),
    content_date: isoDate,
    application_date: isoDate,
    end_date_account_restriction: isoDate.optional(),
    end_date_monetary_restriction: isoDate.optional(),
    end_date_service_restriction: isoDate.optional(),
    end_date_visibility_restriction: isoDate.optional(),
    decision_facts: upTo(5000),
    source_type: z.enum(SOURCE_TYPES),
    source_identity: upTo(500).optional(),
    automated_detection: z.enum(["Yes", "No"]),
    automated_decision: z.enum(AUTOMATED_DECISION),
    puid: z.string().min(1).max(500).regex(/^[a-zA-Z0-9_-]+$/),
  })
  .superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!s.decision_visibility && !s.decision_monetary && !s.decision_provision && !s.decision_account) {
      issue("decision_visibility", "required unless decision_monetary, decision_provision or decision_account is given");
    }
    if (!!s.decision_visibility?.includes("DECISION_VISIBILITY_OTHER") !== !!s.decision_visibility_other) {
      issue("decision_visibility_other", "given exactly when decision_visibility includes DECISION_VISIBILITY_OTHER");
    }
    if ((s.decision_monetary === "DECISION_MONETARY_OTHER") !== !!s.decision_monetary_other) {
      issue("decision_monetary_other", "given exactly when decision_monetary is DECISION_MONETARY_OTHER");
    }
    if (s.content_type.includes("CONTENT_TYPE_OTHER") !== !!s.content_type_other) {
      issue("content_type_other", "given exactly when content_type includes CONTENT_TYPE_OTHER");
    }
    if (!!s.category_specification?.includes("KEYWORD_OTHER") !== !!s.category_specification_other) {
      issue("category_specification_other", "given exactly when category_specification includes KEYWORD_OTHER");
    }
    const illegal = s.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT";
    for (const field of ["illegal_content_legal_ground", "illegal_content_explanation"] as const) {
      if (illegal && !s[field]) issue(field, "required when the ground is illegal content");
      if (!illegal && s[field]) issue(field, "only for the illegal-content ground");
    }
    for (const field of ["incompatible_content_ground", "incompatible_content_explanation"] as const) {
      if (!illegal && !s[field]) issue(field, "required when the ground is incompatibility with the terms");
      if (illegal && s[field]) issue(field, "only for the incompatible-content ground");
    }
    if (illegal && s.incompatible_content_illegal) issue("incompatible_content_illegal", "only for the incompatible-content ground");
    if (s.source_type === "SOURCE_VOLUNTARY" && s.source_identity) issue("source_identity", "ignored for voluntary decisions: leave it out");
    if (new Set(s.content_type).size !== s.content_type.length) issue("content_type", "values repeat");
    if (new Set(s.territorial_scope).size !== s.territorial_scope.length) issue("territorial_scope", "values repeat");
    const dateRules: [keyof typeof s, string, string][] = [
      ["content_date", "2000-01-01", "2038-01-01"],
      ["application_date", "2020-01-01", "2038-01-01"],
      ["end_date_account_restriction", s.application_date, "2038-01-01"],
      ["end_date_monetary_restriction", s.application_date, "2038-01-01"],
      ["end_date_service_restriction", s.application_date, "2038-01-01"],
      ["end_date_visibility_restriction", s.application_date, "2038-01-01"],
    ];
    for (const [field, from, to] of dateRules) {
      const value = s[field] as string | undefined;
      if (value === undefined) continue;
      if (!validDay(value)) issue(field, "not a calendar date");
      else if (value < from || value > to) issue(field, `must be between ${from} and ${to}`);
    }
  });

export type StatementOfReasons = z.input<typeof statementOfReasonsSchema>;

export interface StatementViolation {
  field: string;
  message: string;
}

/** Every rule the statement breaks, by field; empty when the Transparency Database would accept it. */
export function validateStatement(statement: unknown): StatementViolation[] {
  const result = statementOfReasonsSchema.safeParse(statement);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(statement)", message: issue.message }));
}

/** The Transparency Database takes at most 100 statements per call. */
export const TRANSPARENCY_BATCH_LIMIT = 100;
