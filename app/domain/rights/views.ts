import { can, canAny, isPerson, type Actor } from "../identity/actor";

// Who sees what of an item, decided once here and served by the pages and GraphQL alike.
// - REPORTER (a member of the rights holder that filed it): its status and outcome, the reason when
//   rejected, the notes addressed to the parties; never which agent decided.
// - SELLER (the offer's seller): only once the item was acted on (taken down or reinstated) — the notice's
//   facts, the statement of reasons, the appeal window, the offer as judged.
// - STAFF: everything.

export type ItemAudience = "REPORTER" | "SELLER" | "STAFF";

const SELLER_VISIBLE = ["TAKEN_DOWN", "REINSTATED"];

export function itemAudience(
  actor: Actor,
  item: { rightsHolderId: string; sellerId: string; status: string },
  memberOf: ReadonlySet<string>,
): ItemAudience | null {
  if (canAny(actor, "read", "ipNotice")) return "STAFF";
  if (!isPerson(actor)) return null;
  if (memberOf.has(item.rightsHolderId) && can(actor, "read", "ipNotice", false, true)) return "REPORTER";
  if (item.sellerId === actor.userId && SELLER_VISIBLE.includes(item.status) && can(actor, "read", "ipNotice", true)) return "SELLER";
  return null;
}

/** The items a seller may list: their own offers' items once acted on. */
export const sellerItemsWhere = (sellerId: string) => ({ sellerId, status: { in: SELLER_VISIBLE as ("TAKEN_DOWN" | "REINSTATED")[] } });

/** What each audience reads of an item's row. */
export function itemView<T extends { decidedById: string | null; evidence: unknown; explanation: string; evidenceUrls: string[] }>(item: T, audience: ItemAudience) {
  if (audience === "STAFF") return item;
  return { ...item, decidedById: null };
}

const NOTHING = { id: { in: [] as string[] } };

/**
 * The items `actor` may read, as a where-clause: the same audiences as itemAudience — staff every item,
 * a reporter its rights holders' items, a seller its own offers' items once acted on. Lists and
 * node(id:) filter with it, so a record outside it reads as missing.
 */
export function visibleItemsWhere(actor: Actor) {
  if (canAny(actor, "read", "ipNotice")) return {};
  if (!isPerson(actor)) return NOTHING;
  const or: object[] = [];
  if (can(actor, "read", "ipNotice", false, true)) or.push({ notice: { rightsHolder: { members: { some: { userId: actor.userId, acceptedAt: { not: null } } } } } });
  if (can(actor, "read", "ipNotice", true)) or.push(sellerItemsWhere(actor.userId));
  return or.length ? { OR: or } : NOTHING;
}

/** The notices `actor` may open with all their items: staff, and the members of the rights holder that filed them. */
export function visibleNoticesWhere(actor: Actor) {
  if (canAny(actor, "read", "ipNotice")) return {};
  if (!isPerson(actor) || !can(actor, "read", "ipNotice", false, true)) return NOTHING;
  return { rightsHolder: { members: { some: { userId: actor.userId, acceptedAt: { not: null } } } } };
}

/** Whether `actor` reads a rights holder's inside (members, rights' documents, standing): staff and its members. */
export function mayReadRightsHolder(actor: Actor, rightsHolderId: string, memberOf: ReadonlySet<string>): boolean {
  if (canAny(actor, "read", "rightsHolder")) return true;
  return isPerson(actor) && memberOf.has(rightsHolderId) && can(actor, "read", "rightsHolder", false, true);
}

/** The rights holders `actor` may look up by id: staff any, a member its own. */
export function visibleRightsHoldersWhere(actor: Actor) {
  if (canAny(actor, "read", "rightsHolder")) return {};
  if (!isPerson(actor) || !can(actor, "read", "rightsHolder", false, true)) return NOTHING;
  return { members: { some: { userId: actor.userId, acceptedAt: { not: null } } } };
}

/** What an appeal's reader sees: the reporter learns it was filed and how it ended, not the seller's explanation; only staff see who reviewed it. */
export function appealView<T extends { explanation: string; decidedById: string | null }>(appeal: T, audience: ItemAudience) {
  if (audience === "STAFF") return appeal;
  return { ...appeal, decidedById: null, explanation: audience === "REPORTER" ? null : appeal.explanation };
}
