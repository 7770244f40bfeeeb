import type { PermissionDefinition, RoleName } from "./permissions";

// The foundation's permissions and the roles' descriptions. Each context declares its own permissions in
// its module; app/domain/catalogue assembles them, and the start-up sync writes new ones to the database.

const EVERYONE: RoleName[] = ["BUYER", "SELLER", "RIGHTS_HOLDER", "AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"];
const STAFF: RoleName[] = ["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"];
const CASE_WORKERS: RoleName[] = ["AGENT", "SENIOR_AGENT"];

export const foundationPermissions = [
  { key: "read:user:own", description: "See one's own account", defaultRoles: EVERYONE },
  { key: "read:user:any", description: "See any account", defaultRoles: STAFF },
  { key: "manage:user:any", description: "Create, deactivate and assign roles to accounts", defaultRoles: ["ADMIN"] },
  { key: "manage:role:any", description: "Change which permissions a role holds", defaultRoles: ["ADMIN"] },
  { key: "read:audit:any", description: "Read the audit log", defaultRoles: ["ADMIN"] },
  { key: "read:offer:any", description: "See offers", defaultRoles: EVERYONE },
  { key: "read:order:own", description: "See orders one bought or sold", defaultRoles: ["BUYER", "SELLER"] },
  { key: "read:order:any", description: "See any order", defaultRoles: STAFF },
  { key: "read:notification:own", description: "Read one's own inbox", defaultRoles: EVERYONE },
  {
    key: "manage:apiToken:own",
    description: "Create and revoke one's own API tokens",
    defaultRoles: ["SELLER", "RIGHTS_HOLDER", ...STAFF],
  },
  { key: "manage:apiToken:any", description: "Revoke anyone's API tokens", defaultRoles: ["ADMIN"] },
] as const satisfies readonly PermissionDefinition[];

export const ROLE_DESCRIPTIONS: Record<RoleName, { description: string; isStaff: boolean }> = {
  BUYER: { description: "Buys on the marketplace; opens discussions and claims", isStaff: false },
  SELLER: { description: "Sells on the marketplace; answers discussions and appeals", isStaff: false },
  RIGHTS_HOLDER: { description: "Reports offers that infringe registered rights", isStaff: false },
  AGENT: { description: "Works the trust-and-safety queues", isStaff: true },
  SENIOR_AGENT: { description: "An agent who gives the second approval on large payouts", isStaff: true },
  PRIVACY_OFFICER: { description: "Answers for personal data: consents, requests, anonymization", isStaff: true },
  ADMIN: { description: "Manages accounts, roles and program settings", isStaff: true },
};

export { CASE_WORKERS, STAFF, EVERYONE };
