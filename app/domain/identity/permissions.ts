import type { KnownPermissionKey } from "../catalogue";

// Permissions are data: `action:entity:access`, access "own" (records the actor is a party to), "org"
// (records of the organisation the actor belongs to: rights holders' organisations) or "any". Each context
// declares its keys (module.ts); the catalogue assembles them, the start-up sync writes them to the
// database, and admins change which role holds which in the UI.

export type Access = "own" | "org" | "any";
export type PermissionKey = `${string}:${string}:${Access}`;

/** `read:discussion` for every key the catalogue declares: what `can` and GraphQL scopes accept. */
export type PermissionSubject = KnownPermissionKey extends infer K ? (K extends `${infer A}:${infer E}:${Access}` ? `${A}:${E}` : never) : never;
export type PermissionAction = PermissionSubject extends `${infer A}:${string}` ? A : never;
/** The entities `action` applies to in the catalogue: `can(actor, "read", "discusion")` does not compile. */
export type EntityFor<A extends string> = PermissionSubject extends infer S ? (S extends `${A}:${infer E}` ? E : never) : never;

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
  defaultRoles: readonly RoleName[];
}

export function permissionKey(action: string, entity: string, access: Access): PermissionKey {
  return `${action}:${entity}:${access}`;
}

export function parsePermissionKey(key: string): { action: string; entity: string; access: Access } | null {
  const match = /^([a-z][a-zA-Z-]*):([a-z][a-zA-Z-]*):(own|org|any)$/.exec(key);
  return match ? { action: match[1], entity: match[2], access: match[3] as Access } : null;
}

/** "read:discussion" → ["read", "discussion"], typed for `can` and friends. */
export function splitSubject(subject: PermissionSubject): [PermissionAction, EntityFor<PermissionAction>] {
  const [action, entity] = subject.split(":");
  return [action as PermissionAction, entity as EntityFor<PermissionAction>];
}
