import { DomainError, ErrorCode } from "../errors";
import { permissionKey, type EntityFor, type PermissionAction, type PermissionKey, type RoleName, STAFF_ROLES } from "./permissions";

/**
 * The acting account's profile as authentication loaded it (with the session or token), so "who am I"
 * is answered without another read.
 */
export interface ActorProfile {
  id: string;
  email: string;
  name: string;
  isCompany: boolean;
  phone: string | null;
  status: string;
  smartUntil: Date | null;
  createdAt: Date;
  roles: readonly RoleName[];
}

// Who is acting. Every domain command receives one and authorizes it itself, so every adapter
// (Remix, GraphQL, workers) is protected by the same check.
export type Actor =
  | {
      type: "user";
      userId: string;
      sessionId: string;
      roles: readonly RoleName[];
      permissions: ReadonlySet<PermissionKey>;
      profile?: ActorProfile;
    }
  | {
      type: "apiToken";
      userId: string;
      tokenId: string;
      roles: readonly RoleName[];
      permissions: ReadonlySet<PermissionKey>;
      profile?: ActorProfile;
    }
  | { type: "system"; name: string }
  | { type: "anonymous" };

export type PersonActor = Extract<Actor, { type: "user" | "apiToken" }>;

export const systemActor = (name: string): Actor => ({ type: "system", name });
export const anonymousActor: Actor = { type: "anonymous" };

export function isPerson(actor: Actor): actor is PersonActor {
  return actor.type === "user" || actor.type === "apiToken";
}

export function requirePerson(actor: Actor): PersonActor {
  if (!isPerson(actor)) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  return actor;
}

export function hasRole(actor: Actor, role: RoleName): boolean {
  return isPerson(actor) && actor.roles.includes(role);
}

export function isStaff(actor: Actor): boolean {
  return isPerson(actor) && actor.roles.some((role) => STAFF_ROLES.includes(role));
}

type Holds = boolean | (() => boolean);
const holds = (value: Holds) => (typeof value === "function" ? value() : value);

/**
 * True when the actor may perform `action` on `entity`: with the `any` permission always, with `own` only
 * when `isOwn` says the record is theirs, with `org` only when `inOrg` says it belongs to their
 * organisation. System actors (sweeps) may do anything. Action and entity are checked against the
 * catalogue at compile time.
 */
export function can<A extends PermissionAction>(actor: Actor, action: A, entity: EntityFor<A>, isOwn: Holds = false, inOrg: Holds = false): boolean {
  if (actor.type === "system") return true;
  if (!isPerson(actor)) return false;
  if (actor.permissions.has(permissionKey(action, entity, "any"))) return true;
  if (actor.permissions.has(permissionKey(action, entity, "own")) && holds(isOwn)) return true;
  return actor.permissions.has(permissionKey(action, entity, "org")) && holds(inOrg);
}

/** True when the actor holds any variant (own, org or any): used to decide what to list, and by GraphQL scopes. */
export function canAtAll<A extends PermissionAction>(actor: Actor, action: A, entity: EntityFor<A>): boolean {
  if (actor.type === "system") return true;
  if (!isPerson(actor)) return false;
  return (["any", "org", "own"] as const).some((access) => actor.permissions.has(permissionKey(action, entity, access)));
}

/** True when the actor holds the `any` variant (staff-wide reads and queues). */
export function canAny<A extends PermissionAction>(actor: Actor, action: A, entity: EntityFor<A>): boolean {
  return actor.type === "system" || (isPerson(actor) && actor.permissions.has(permissionKey(action, entity, "any")));
}

export function authorize<A extends PermissionAction>(actor: Actor, action: A, entity: EntityFor<A>, isOwn: Holds = false, inOrg: Holds = false): void {
  if (!isPerson(actor) && actor.type !== "system") {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  }
  if (!can(actor, action, entity, isOwn, inOrg)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Missing permission ${action}:${entity}`);
  }
}

/** The id written to audit records and case events for this actor. */
export function actorRef(actor: Actor): { actorType: string; actorId: string | null } {
  switch (actor.type) {
    case "user":
      return { actorType: "USER", actorId: actor.userId };
    case "apiToken":
      return { actorType: "API_TOKEN", actorId: actor.tokenId };
    case "system":
      return { actorType: "SYSTEM", actorId: actor.name };
    default:
      return { actorType: "ANONYMOUS", actorId: null };
  }
}

/** The person on whose behalf the actor acts (a token acts for its owner). */
export function actingUserId(actor: Actor): string | null {
  return isPerson(actor) ? actor.userId : null;
}
