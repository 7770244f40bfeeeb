import type { PermissionDefinition } from "../identity/permissions";

export const claimPermissions = [
  { key: "create:claim:own", description: "File a buyer-protection claim about one's own purchase", defaultRoles: ["BUYER"] },
  { key: "read:claim:own", description: "See claims about one's purchases or sales", defaultRoles: ["BUYER", "SELLER"] },
  { key: "read:claim:any", description: "See any claim", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  { key: "decide:claim:any", description: "Approve, partly approve, reject claims or request documents", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  {
    key: "secondApprove:claim:any",
    description: "Give the second approval on claims above the four-eyes threshold",
    defaultRoles: ["SENIOR_AGENT"],
  },
  { key: "read:claimMetrics:any", description: "See buyer-protection metrics", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
  { key: "manage:programTerms:any", description: "Add program terms versions and change claim settings", defaultRoles: ["ADMIN"] },
] as const satisfies readonly PermissionDefinition[];
