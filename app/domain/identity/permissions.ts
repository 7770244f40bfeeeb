// Permissions are data: `action:entity:access`, access "own" (records the actor is a party to) or "any".
// The catalogue below is what the seed writes; admins change which role holds which permission in the UI.

export type Access = "own" | "any";
export type PermissionKey = `${string}:${string}:${Access}`;

export const ROLE_NAMES = [
  "BUYER",
  "SELLER",
  "RIGHTS_HOLDER",
  "AGENT",
  "SENIOR_AGENT",
  "PRIVACY_OFFICER",
  "ADMIN",
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const STAFF_ROLES: readonly RoleName[] = ["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"];

export interface PermissionDefinition {
  key: PermissionKey;
  description: string;
  /** Roles granted this permission when it first appears (existing grants are never overwritten). */
  defaultRoles: RoleName[];
}

export function permissionKey(action: string, entity: string, access: Access): PermissionKey {
  return `${action}:${entity}:${access}`;
}

export function parsePermissionKey(key: string): { action: string; entity: string; access: Access } | null {
  const match = /^([a-z][a-zA-Z-]*):([a-z][a-zA-Z-]*):(own|any)$/.exec(key);
  return match ? { action: match[1], entity: match[2], access: match[3] as Access } : null;
}
