import type { PermissionDefinition } from "../identity/permissions";

// Rights protection. `org` access: records of the rights holder the actor is a member of.
export const rightsPermissions = [
  { key: "create:rightsHolder:own", description: "Register an organisation as a rights holder", defaultRoles: ["RIGHTS_HOLDER"] },
  { key: "read:rightsHolder:org", description: "See one's own rights holder: members, rights, standing", defaultRoles: ["RIGHTS_HOLDER"] },
  { key: "read:rightsHolder:any", description: "See any rights holder", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
  {
    key: "manage:rightsHolder:org",
    description: "Invite members and register rights for one's rights holder (its owners)",
    defaultRoles: ["RIGHTS_HOLDER"],
  },
  { key: "verify:rightsHolder:any", description: "Verify rights holders and their rights; flag rights contested", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  { key: "create:ipNotice:org", description: "File IP infringement notices for one's rights holder", defaultRoles: ["RIGHTS_HOLDER"] },
  { key: "read:ipNotice:org", description: "Follow one's rights holder's notices and their outcomes", defaultRoles: ["RIGHTS_HOLDER"] },
  { key: "read:ipNotice:own", description: "See reports about one's own offers once acted on, with their statements", defaultRoles: ["SELLER"] },
  { key: "read:ipNotice:any", description: "See any notice and item", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  { key: "decide:ipNotice:any", description: "Take down, reject or ask for information on reported offers", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  {
    key: "decideContested:ipNotice:any",
    description: "Decide items citing contested or unexamined rights",
    defaultRoles: ["SENIOR_AGENT"],
  },
  { key: "appeal:ipNotice:own", description: "Appeal a takedown of one's own offer", defaultRoles: ["SELLER"] },
  { key: "review:ipAppeal:any", description: "Review sellers' appeals: uphold or reinstate", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  { key: "read:transparency:any", description: "See rights-protection transparency figures and statements", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
  { key: "export:transparency:any", description: "Export statements of reasons to the EU transparency database", defaultRoles: ["ADMIN"] },
  { key: "manage:rightsPolicy:any", description: "Change strike weights, thresholds and windows", defaultRoles: ["ADMIN"] },
] as const satisfies readonly PermissionDefinition[];
