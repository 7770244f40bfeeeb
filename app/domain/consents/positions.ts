// Where clauses are shown and where what a person chose is kept (seed 002, "Rejestr zgód / klauzul").
// Pure data, shared by the registry, the forms and the records: client code imports it too.

export const CLAUSE_POSITIONS = [
  "CUSTOMER_REGISTRATION",
  "REGISTRATION_ORDER",
  "ORDER",
  "ORDER_OPINEO",
  "ORDER_CENEO",
  "NEWSLETTER",
  "NEWSLETTER_ORDER_REGISTRATION",
  "CONTACT_FORM",
  "ASK_ABOUT_PRODUCT",
  "PRICE_ALERT",
  "AVAILABILITY_ALERT",
  "OPEN_DISCUSSION",
  "FILE_CLAIM",
  "FILE_IP_REPORT",
] as const;
export type ClausePosition = (typeof CLAUSE_POSITIONS)[number];

export const CLAUSE_TYPES = ["MANDATORY_CONSENT", "OPTIONAL_CONSENT", "INFORMATION_CLAUSE"] as const;
export type ClauseType = (typeof CLAUSE_TYPES)[number];

export const CONSENT_FORMS = [
  "REGISTRATION",
  "ORDER",
  "NEWSLETTER",
  "CONTACT",
  "ASK_ABOUT_PRODUCT",
  "PRICE_ALERT",
  "AVAILABILITY_ALERT",
  "OPEN_DISCUSSION",
  "FILE_CLAIM",
  "FILE_IP_REPORT",
] as const;
export type ConsentForm = (typeof CONSENT_FORMS)[number];

export type ConsentSubject = "CUSTOMER" | "ORDER" | "NEWSLETTER" | "PRODUCT_ALERT" | "QUESTION" | "DISCUSSION" | "CLAIM" | "IP_NOTICE";

/** The position that holds the single "I want the newsletter" box on the order and registration forms. */
export const NEWSLETTER_REVEAL: ClausePosition = "NEWSLETTER_ORDER_REGISTRATION";

/** Positions with room for one clause only. */
export const SINGLE_CLAUSE_POSITIONS: readonly ClausePosition[] = [NEWSLETTER_REVEAL];

/** Positions shown only while the shop's integration with that review service is switched on. */
export const INTEGRATION_POSITIONS = { ORDER_OPINEO: "opineo", ORDER_CENEO: "ceneo" } as const satisfies Partial<Record<ClausePosition, string>>;
export type ReviewIntegration = (typeof INTEGRATION_POSITIONS)[keyof typeof INTEGRATION_POSITIONS];

/**
 * The positions each form shows, in order. On the order and registration forms the NEWSLETTER clauses
 * appear only after the person ticks the NEWSLETTER_ORDER_REGISTRATION box.
 */
export const FORM_POSITIONS: Record<ConsentForm, readonly ClausePosition[]> = {
  REGISTRATION: ["CUSTOMER_REGISTRATION", "REGISTRATION_ORDER", "NEWSLETTER_ORDER_REGISTRATION", "NEWSLETTER"],
  ORDER: ["ORDER", "REGISTRATION_ORDER", "ORDER_OPINEO", "ORDER_CENEO", "NEWSLETTER_ORDER_REGISTRATION", "NEWSLETTER"],
  NEWSLETTER: ["NEWSLETTER"],
  CONTACT: ["CONTACT_FORM"],
  ASK_ABOUT_PRODUCT: ["ASK_ABOUT_PRODUCT"],
  PRICE_ALERT: ["PRICE_ALERT"],
  AVAILABILITY_ALERT: ["AVAILABILITY_ALERT"],
  OPEN_DISCUSSION: ["OPEN_DISCUSSION"],
  FILE_CLAIM: ["FILE_CLAIM"],
  FILE_IP_REPORT: ["FILE_IP_REPORT"],
};

/** Forms where the NEWSLETTER clauses hide behind the reveal box. */
export const formRevealsNewsletter = (form: ConsentForm) => form === "REGISTRATION" || form === "ORDER";

/** The records a submission is attached to; which one a clause goes to depends on its position. */
export interface ConsentSubjects {
  customerId?: string;
  orderId?: string;
  newsletterSubscriberId?: string;
  productAlertId?: string;
  questionId?: string;
  discussionId?: string;
  claimId?: string;
  ipNoticeId?: string;
}

/**
 * Where the seed says a clause's acceptance is kept. Registration/order clauses go to the customer when
 * an account exists or is created with the order, and to the order for a guest.
 */
export function subjectFor(position: ClausePosition, subjects: ConsentSubjects): { type: ConsentSubject; id: string } | null {
  const pick = (type: ConsentSubject, id: string | undefined) => (id ? { type, id } : null);
  switch (position) {
    case "CUSTOMER_REGISTRATION":
      return pick("CUSTOMER", subjects.customerId);
    case "REGISTRATION_ORDER":
      return subjects.customerId ? pick("CUSTOMER", subjects.customerId) : pick("ORDER", subjects.orderId);
    case "ORDER":
    case "ORDER_OPINEO":
    case "ORDER_CENEO":
      return pick("ORDER", subjects.orderId);
    case "NEWSLETTER":
      return pick("NEWSLETTER", subjects.newsletterSubscriberId);
    case "NEWSLETTER_ORDER_REGISTRATION":
      return null;
    case "CONTACT_FORM":
    case "ASK_ABOUT_PRODUCT":
      return pick("QUESTION", subjects.questionId);
    case "PRICE_ALERT":
    case "AVAILABILITY_ALERT":
      return pick("PRODUCT_ALERT", subjects.productAlertId);
    case "OPEN_DISCUSSION":
      return pick("DISCUSSION", subjects.discussionId);
    case "FILE_CLAIM":
      return pick("CLAIM", subjects.claimId);
    case "FILE_IP_REPORT":
      return pick("IP_NOTICE", subjects.ipNoticeId);
  }
}

export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 256;
