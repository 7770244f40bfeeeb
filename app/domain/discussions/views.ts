import { isDueForOverdue, type DiscussionState } from "./state-machine";

// What the audiences of a discussion see, decided once here and served by the pages and GraphQL alike.
// (Which staff member works the case is decided by cases/staff-identity.ts for every case type.)

/**
 * "The seller is late": marked by the sweep, or already past the 24 hours and about to be marked (the
 * rule the sweep applies) — so no page or API answer says "on time" in the minutes before the sweep runs.
 */
export function isSellerOverdue(
  discussion: Pick<DiscussionState, "status" | "sellerRespondedAt" | "sellerOverdueAt" | "sellerResponseDueAt">,
  now: Date,
): boolean {
  return discussion.sellerOverdueAt !== null || isDueForOverdue(discussion, now);
}
