import { EEA_TERRITORIES, type StatementOfReasons } from "./transparency-schema";

type Keyword = NonNullable<StatementOfReasons["category_specification"]>[number];
type ContentType = StatementOfReasons["content_type"][number];

// The statement of reasons (DSA Art. 17) a seller receives for every takedown, suspension and
// reinstatement, in the shape of the EU DSA Transparency Database (API v2, ../shared/REFERENCE.md §1).
// It is built only from structured facts — kinds, right types, registration numbers, dates, offer
// numbers — never from free text a person wrote, so no personal data (Art. 24(5)) can reach it.

export const INFRINGEMENT_KINDS = [
  "COUNTERFEIT",
  "TRADEMARK_MISUSE",
  "COPYRIGHT_PHOTOS",
  "COPYRIGHT_DESCRIPTION",
  "DESIGN",
  "PATENT",
  "OTHER",
] as const;
export type InfringementKind = (typeof INFRINGEMENT_KINDS)[number];

export const RIGHT_TYPES = ["TRADEMARK", "COPYRIGHT", "INDUSTRIAL_DESIGN", "PATENT", "OTHER_INDUSTRIAL_PROPERTY"] as const;
export type RightType = (typeof RIGHT_TYPES)[number];

/** Where a statement's decision came from: a notice (Art. 16), a notice of an awarded trusted flagger, or the platform's own initiative (strikes). */
export type StatementSource = "NOTICE" | "TRUSTED_FLAGGER_NOTICE" | "OWN_INITIATIVE";

export type StatementDecision =
  | { type: "TAKE_DOWN" }
  | { type: "REINSTATEMENT"; originalStatementPuid: string }
  | { type: "SUSPENSION"; endsAt: Date };

export interface StatementFacts {
  /** Stable, unique per statement: the export's `puid`. */
  statementId: string;
  decision: StatementDecision;
  /** The ground: the right infringed (illegal content) or the marketplace's terms. */
  ground: "ILLEGAL_CONTENT" | "TERMS";
  kind: InfringementKind;
  right: { type: RightType; registrationNumber: string | null; territory: string };
  source: StatementSource;
  /** The offer's number as the marketplace shows it (never the seller's name). */
  offerNumber: string;
  /** Suspensions name how many offers were suspended instead. */
  offersAffected?: number;
  offerPublishedAt: Date;
  decidedAt: Date;
  /** Where the marketplace operates (the decision's reach). */
  territories: readonly string[];
  sellerIsBusiness: boolean;
  /** Link to the terms (for TERMS) or the rights-protection rules relied on. */
  termsUrl: string;
  ean?: string | null;
}

const KEYWORD_BY_KIND: Record<InfringementKind, Keyword> = {
  // DSA v2 has no "counterfeit" keyword: a counterfeit infringes the trademark.
  COUNTERFEIT: "KEYWORD_TRADEMARK_INFRINGEMENT",
  TRADEMARK_MISUSE: "KEYWORD_TRADEMARK_INFRINGEMENT",
  COPYRIGHT_PHOTOS: "KEYWORD_COPYRIGHT_INFRINGEMENT",
  COPYRIGHT_DESCRIPTION: "KEYWORD_COPYRIGHT_INFRINGEMENT",
  DESIGN: "KEYWORD_DESIGN_INFRINGEMENT",
  PATENT: "KEYWORD_PATENT_INFRINGEMENT",
  OTHER: "KEYWORD_OTHER",
};

const CONTENT_TYPES_BY_KIND: Record<InfringementKind, ContentType[]> = {
  COUNTERFEIT: ["CONTENT_TYPE_PRODUCT"],
  TRADEMARK_MISUSE: ["CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_TEXT"],
  COPYRIGHT_PHOTOS: ["CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_IMAGE"],
  COPYRIGHT_DESCRIPTION: ["CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_TEXT"],
  DESIGN: ["CONTENT_TYPE_PRODUCT"],
  PATENT: ["CONTENT_TYPE_PRODUCT"],
  OTHER: ["CONTENT_TYPE_PRODUCT"],
};

/** The law relied on, by the type of right (Polish and EU law: the marketplace operates from Poland). */
export const LEGAL_GROUND_BY_RIGHT: Record<RightType, string> = {
  TRADEMARK: "Trademark infringement: Regulation (EU) 2017/1001 Art. 9; Industrial Property Law (PL) Art. 296",
  COPYRIGHT: "Copyright infringement: Directive 2001/29/EC; Act on Copyright and Related Rights (PL) Art. 79",
  INDUSTRIAL_DESIGN: "Design infringement: Regulation (EC) No 6/2002 Art. 19; Industrial Property Law (PL) Art. 292",
  PATENT: "Patent infringement: Industrial Property Law (PL) Art. 287",
  OTHER_INDUSTRIAL_PROPERTY: "Infringement of an industrial property right: Industrial Property Law (PL)",
};

const KIND_WORDS: Record<InfringementKind, string> = {
  COUNTERFEIT: "counterfeit goods",
  TRADEMARK_MISUSE: "unauthorised use of a trademark",
  COPYRIGHT_PHOTOS: "photographs used without the copyright holder's permission",
  COPYRIGHT_DESCRIPTION: "a description copied without the copyright holder's permission",
  DESIGN: "a product infringing a registered design",
  PATENT: "a product infringing a patent",
  OTHER: "an infringement of an intellectual property right",
};

const RIGHT_WORDS: Record<RightType, string> = {
  TRADEMARK: "trademark",
  COPYRIGHT: "copyright",
  INDUSTRIAL_DESIGN: "industrial design",
  PATENT: "patent",
  OTHER_INDUSTRIAL_PROPERTY: "industrial property right",
};

/** A calendar date in Warsaw (the marketplace's time zone), as the database wants it: YYYY-MM-DD. */
export function warsawDate(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The `puid` of a statement: stable across exports (re-sending it is recognised as the same statement). */
export function statementPuid(statementId: string): string {
  return `tsb-sor-${statementId}`.replace(/[^a-zA-Z0-9_-]/g, "-");
}

function rightPhrase(right: StatementFacts["right"]): string {
  const number = right.registrationNumber ? ` registration ${right.registrationNumber}` : "";
  return `${RIGHT_WORDS[right.type]}${number} (territory ${right.territory})`;
}

function decisionFacts(facts: StatementFacts): string {
  const review = "The decision was taken by a member of the trust and safety team after reviewing the notice and its evidence; nothing was detected or decided automatically.";
  switch (facts.decision.type) {
    case "TAKE_DOWN":
      return `Offer ${facts.offerNumber} was removed from the marketplace following a notice from the holder of a ${rightPhrase(facts.right)}: ${KIND_WORDS[facts.kind]}. ${review} The seller may appeal within 6 months.`;
    case "REINSTATEMENT":
      return `Offer ${facts.offerNumber} was reinstated after the seller's appeal against the removal recorded in statement ${facts.decision.originalStatementPuid}: on review, the notice concerning a ${rightPhrase(facts.right)} was not upheld. ${review}`;
    case "SUSPENSION":
      return `The seller's offers (${facts.offersAffected ?? 0}) were suspended until ${warsawDate(facts.decision.endsAt)} after repeated upheld notices of ${KIND_WORDS[facts.kind]}, following an earlier recorded warning. ${review} The seller may appeal within 6 months.`;
  }
}

const SOURCE_TYPE: Record<StatementSource, StatementOfReasons["source_type"]> = {
  NOTICE: "SOURCE_ARTICLE_16",
  TRUSTED_FLAGGER_NOTICE: "SOURCE_TRUSTED_FLAGGER",
  OWN_INITIATIVE: "SOURCE_VOLUNTARY",
};

/** The statement in the Transparency Database's shape (validate with `validateStatement`). */
export function buildStatement(facts: StatementFacts): StatementOfReasons {
  const illegal = facts.ground === "ILLEGAL_CONTENT";
  const statement: StatementOfReasons = {
    decision_ground: illegal ? "DECISION_GROUND_ILLEGAL_CONTENT" : "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    decision_ground_reference_url: facts.termsUrl,
    category: "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    category_specification: [KEYWORD_BY_KIND[facts.kind]],
    content_type: [...CONTENT_TYPES_BY_KIND[facts.kind]],
    territorial_scope: [...new Set(facts.territories)].filter((code) => EEA_TERRITORIES.includes(code)).sort(),
    content_language: "PL",
    content_date: warsawDate(facts.offerPublishedAt),
    application_date: warsawDate(facts.decidedAt),
    decision_facts: decisionFacts(facts),
    source_type: SOURCE_TYPE[facts.source],
    automated_detection: "No",
    automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    account_type: facts.sellerIsBusiness ? "ACCOUNT_TYPE_BUSINESS" : "ACCOUNT_TYPE_PRIVATE",
    puid: statementPuid(facts.statementId),
  };
  if (facts.kind === "OTHER") statement.category_specification_other = "Other intellectual property infringement";
  if (illegal) {
    statement.illegal_content_legal_ground = LEGAL_GROUND_BY_RIGHT[facts.right.type];
    statement.illegal_content_explanation = `The offer was found to contain ${KIND_WORDS[facts.kind]}, infringing the ${rightPhrase(facts.right)}.`;
  } else {
    statement.incompatible_content_ground = "Marketplace terms: offers must not infringe the intellectual property rights of others";
    statement.incompatible_content_explanation = `The offer was found to contain ${KIND_WORDS[facts.kind]}, contrary to the marketplace's terms.`;
    statement.incompatible_content_illegal = "Yes";
  }
  if (facts.source !== "OWN_INITIATIVE") statement.source_identity = "Holder of an intellectual property right";
  if (facts.ean && /^[0-9]{13}$/.test(facts.ean)) statement.content_id = { "EAN-13": facts.ean };
  switch (facts.decision.type) {
    case "TAKE_DOWN":
      statement.decision_visibility = ["DECISION_VISIBILITY_CONTENT_REMOVED"];
      break;
    case "REINSTATEMENT":
      // A reinstatement lifts the earlier restriction: it ends on the day of this decision.
      statement.decision_visibility = ["DECISION_VISIBILITY_OTHER"];
      statement.decision_visibility_other = "Restriction lifted on appeal: the content was reinstated";
      statement.end_date_visibility_restriction = statement.application_date;
      break;
    case "SUSPENSION":
      statement.decision_provision = "DECISION_PROVISION_PARTIAL_SUSPENSION";
      statement.end_date_service_restriction = warsawDate(facts.decision.endsAt);
      break;
  }
  return statement;
}
