import type { PermissionDefinition } from "../identity/permissions";

export const discussionPermissions = [
  { key: "create:discussion:own", description: "Open a discussion about one's own purchase", defaultRoles: ["BUYER"] },
  { key: "read:discussion:own", description: "See discussions one is a party to", defaultRoles: ["BUYER", "SELLER"] },
  { key: "read:discussion:any", description: "See any discussion", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  {
    key: "participate:discussion:own",
    description: "Write, propose, accept, escalate and close in one's own discussions",
    defaultRoles: ["BUYER", "SELLER"],
  },
  { key: "moderate:discussion:any", description: "Work escalated discussions as an agent", defaultRoles: ["AGENT", "SENIOR_AGENT"] },
  { key: "read:discussionMetrics:any", description: "See discussion metrics", defaultRoles: ["AGENT", "SENIOR_AGENT", "ADMIN"] },
] as const satisfies readonly PermissionDefinition[];
