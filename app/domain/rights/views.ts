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
