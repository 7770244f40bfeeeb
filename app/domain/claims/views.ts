import { actingUserId, authorize, canAny, requirePerson, type Actor } from "../identity/actor";

// What each audience of a claim sees, decided once here and served by the pages and GraphQL alike.

export type ClaimAudience = "BUYER" | "SELLER" | "STAFF";

/** The reader's audience for one claim; null when they may not read it at all. A party reads as a party. */
export function claimAudience(actor: Actor, claim: { buyerId: string; sellerId: string }): ClaimAudience | null {
  const me = actingUserId(actor);
  if (me === claim.buyerId) return "BUYER";
  if (me === claim.sellerId) return "SELLER";
  return canAny(actor, "read", "claim") ? "STAFF" : null;
}

/**
 * The seller's recovery (what the platform takes back from the seller after a payout) is between the
 * platform and the seller: the seller and staff see it, the buyer does not.
 */
export function maySeeRecovery(actor: Actor, claim: { buyerId: string; sellerId: string }): boolean {
  const audience = claimAudience(actor, claim);
  return audience === "SELLER" || audience === "STAFF";
}

/** "My claims": those about the reader's purchases (as buyer) or sales (as seller). */
export function myClaimsWhere(actor: Actor) {
  const me = requirePerson(actor).userId;
  authorize(actor, "read", "claim", true);
  return { OR: [{ buyerId: me }, { sellerId: me }] };
}
