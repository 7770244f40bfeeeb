import type { PermissionDefinition } from "../identity/permissions";

// The clause and consent registry, and the public forms consents are given on. `own` consents are the
// person's own; `own` questions are those a person asked or those about a seller's own offers.
const EVERYONE = ["BUYER", "SELLER", "RIGHTS_HOLDER", "AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"] as const;

export const consentPermissions = [
  { key: "manage:clause:any", description: "Add, edit and delete clauses; see their history", defaultRoles: ["PRIVACY_OFFICER", "ADMIN"] },
  { key: "manage:infoPage:any", description: "Edit the information pages clauses link to", defaultRoles: ["PRIVACY_OFFICER", "ADMIN"] },
  {
    key: "manage:reviewIntegration:any",
    description: "Switch the review services (Opineo, Ceneo) whose clauses the order form shows",
    defaultRoles: ["ADMIN"],
  },
  {
    key: "read:consent:any",
    description: "See what any person accepted, with the wording as it was",
    defaultRoles: ["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"],
  },
  { key: "read:consent:own", description: "See one's own consents", defaultRoles: EVERYONE },
  { key: "withdraw:consent:own", description: "Withdraw one's own optional consents", defaultRoles: EVERYONE },
  { key: "read:newsletter:any", description: "See the newsletter's address list", defaultRoles: ["PRIVACY_OFFICER", "ADMIN"] },
  { key: "read:question:any", description: "Read contact-form tickets and product questions", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
  { key: "read:question:own", description: "Read one's own questions, and questions about one's own offers", defaultRoles: EVERYONE },
  { key: "answer:question:any", description: "Answer any ticket or product question", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
  { key: "answer:question:own", description: "Answer questions about one's own offers", defaultRoles: ["SELLER"] },
  { key: "read:productAlert:any", description: "See customers' price and availability alerts", defaultRoles: ["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"] },
] as const satisfies readonly PermissionDefinition[];
