import { DomainError, ErrorCode } from "../errors";
import { permissionKey, type PermissionKey, type RoleName, STAFF_ROLES } from "./permissions";

// Who is acting. Every domain command receives one and authorizes it itself, so every adapter
// (Remix, GraphQL, workers) is protected by the same check.
export type Actor =
  | {
      type: "user";
      userId: string;
      sessionId: string;
      roles: readonly RoleName[];
      permissions: ReadonlySet<PermissionKey>;
    }
  | {
      type: "apiToken";
      userId: string;
      tokenId: string;
      roles: readonly RoleName[];
      permissions: ReadonlySet<PermissionKey>;
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

/**
 * True when the actor may perform `action` on `entity`: with the `any` permission always, with the
 * `own` permission only when `isOwn` says the record is theirs. System actors (sweeps) may do anything.
 */
export function can(actor: Actor, action: string, entity: string, isOwn: boolean | (() => boolean) = false): boolean {
  if (actor.type === "system") return true;
  if (!isPerson(actor)) return false;
  if (actor.permissions.has(permissionKey(action, entity, "any"))) return true;
  if (!actor.permissions.has(permissionKey(action, entity, "own"))) return false;
  return typeof isOwn === "function" ? isOwn() : isOwn;
}

/** True when the actor holds at least the `own` variant (used to decide what to list). */
export function canAtAll(actor: Actor, action: string, entity: string): boolean {
  if (actor.type === "system") return true;
  if (!isPerson(actor)) return false;
  return (
    actor.permissions.has(permissionKey(action, entity, "any")) ||
    actor.permissions.has(permissionKey(action, entity, "own"))
  );
}

export function canAny(actor: Actor, action: string, entity: string): boolean {
  return actor.type === "system" || (isPerson(actor) && actor.permissions.has(permissionKey(action, entity, "any")));
}

export function authorize(actor: Actor, action: string, entity: string, isOwn: boolean | (() => boolean) = false): void {
  if (!isPerson(actor) && actor.type !== "system") {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  }
  if (!can(actor, action, entity, isOwn)) {
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
