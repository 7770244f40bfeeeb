import { actingUserId, canAny, type Actor } from "../identity/actor";

/**
 * Whether the actor may see which staff member works a case (the agent's name and id). The parties —
 * buyer and seller — see agents only as "the platform", everywhere: in messages, timelines and the
 * assignment. Staff who may read any case of the kind see the names. A party to the case is a party
 * even if they also hold a staff role (they see their own case as a party).
 */
export function maySeeStaffIdentities(actor: Actor, caseRef: { buyerId: string; sellerId: string }, entity: "discussion" | "claim"): boolean {
  const me = actingUserId(actor);
  if (me !== null && (me === caseRef.buyerId || me === caseRef.sellerId)) return false;
  return canAny(actor, "read", entity);
}
