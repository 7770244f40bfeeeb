import type { Db, Tx } from "../context";
import { DomainError, ErrorCode } from "../errors";
import { can, isPerson, requirePerson, type Actor } from "../identity/actor";

// Who belongs to which rights holder. The `org` permissions (read/create notices, manage members) apply
// to the rights holder the actor is an accepted member of; an owner also manages members and rights.

export interface Membership {
  rightsHolderId: string;
  role: "OWNER" | "FILER";
}

/** The actor's accepted memberships (a person may belong to several rights holders). */
export async function membershipsOf(db: Db | Tx, actor: Actor): Promise<Membership[]> {
  if (!isPerson(actor)) return [];
  return db.rightsHolderMember.findMany({
    where: { userId: actor.userId, acceptedAt: { not: null } },
    select: { rightsHolderId: true, role: true },
    orderBy: { invitedAt: "asc" },
  });
}

export async function membershipIn(db: Db | Tx, actor: Actor, rightsHolderId: string): Promise<Membership | null> {
  if (!isPerson(actor)) return null;
  return db.rightsHolderMember.findFirst({
    where: { rightsHolderId, userId: actor.userId, acceptedAt: { not: null } },
    select: { rightsHolderId: true, role: true },
  });
}

/**
 * The actor may act for the rights holder with the `org` permission (as a member) or `any` (staff).
 * Anyone else learns nothing about it: NOT_FOUND.
 */
export async function requireOrgAccess(
  db: Db | Tx,
  actor: Actor,
  rightsHolderId: string,
  check: (actor: Actor, isMember: boolean) => boolean,
  options: { owner?: boolean } = {},
): Promise<Membership | null> {
  requirePerson(actor);
  const membership = await membershipIn(db, actor, rightsHolderId);
  if (!check(actor, membership !== null)) {
    if (!membership && !can(actor, "read", "rightsHolder", false, false)) throw new DomainError(ErrorCode.NOT_FOUND, "Rights holder not found");
    throw new DomainError(ErrorCode.FORBIDDEN, "You may not do this for this rights holder");
  }
  if (options.owner && membership && membership.role !== "OWNER") {
    throw new DomainError(ErrorCode.NOT_AN_OWNER, "Only the rights holder's owners may do this");
  }
  return membership;
}
