import type { DomainContext } from "../context";
import { cappedCount, exactCount, type CappedCount } from "../shared/capped-count";
import { authorize, canAny, canAtAll, hasRole } from "../identity/actor";
import { parseInput, uuid } from "../shared/validation";
import { AGENT_QUEUE_ORDER, agentQueueWhere, myDiscussionsOrder, myDiscussionsWhere, visibleDiscussionsWhere } from "./queries.server";

// Read-only look-ups the screens need besides queries.server.ts. They reuse its visibility and queue
// `where` builders, so who sees what is still decided in one place.

/** The discussion about an order that is not closed yet (one per order), when the actor may see it. */
export async function openDiscussionForOrder(ctx: DomainContext, orderId: string) {
  if (!canAtAll(ctx.actor, "read", "discussion")) return null;
  const id = parseInput(uuid, orderId);
  return ctx.db.discussion.findFirst({
    where: { AND: [{ openOrderId: id }, visibleDiscussionsWhere(ctx.actor)] },
    select: { id: true, number: true, status: true },
  });
}

export interface DiscussionHomeSummary {
  /** Agents: escalated discussions nobody has taken, and those the agent is working on. */
  agent: { unassigned: CappedCount; mine: CappedCount } | null;
  /** Buyers: their discussions that are not closed. */
  buyer: { open: CappedCount } | null;
  /** Sellers: discussions about their sales that are not closed; those the seller has not answered; overdue ones. */
  seller: { open: CappedCount; unanswered: CappedCount; overdue: CappedCount } | null;
}

/** The counts on the home page. Each part is there only for people who may see it. */
export async function discussionHomeSummary(ctx: DomainContext): Promise<DiscussionHomeSummary> {
  const actor = ctx.actor;
  // Counted in the lists' own order, so the index that serves each list also ends its count at the cap.
  const count = (where: object, orderBy: object[] = AGENT_QUEUE_ORDER) => cappedCount((take) => ctx.db.discussion.count({ where, take, orderBy }));
  const isAgent = canAny(actor, "moderate", "discussion");
  const isParty = canAtAll(actor, "read", "discussion") && !canAny(actor, "read", "discussion");
  const notClosed = { status: { not: "CLOSED" as const } };
  const [unassigned, mine, buyerOpen, sellerOpen, sellerUnanswered, sellerOverdue] = await Promise.all([
    isAgent ? count(agentQueueWhere(ctx, { assignment: "UNASSIGNED" })) : null,
    isAgent ? count(agentQueueWhere(ctx, { assignment: "MINE" })) : null,
    isParty && hasRole(actor, "BUYER") ? count({ ...myDiscussionsWhere(actor, "buyer"), ...notClosed }, myDiscussionsOrder("buyer")) : null,
    isParty && hasRole(actor, "SELLER") ? count({ ...myDiscussionsWhere(actor, "seller"), ...notClosed }, myDiscussionsOrder("seller")) : null,
    isParty && hasRole(actor, "SELLER") ? count({ ...myDiscussionsWhere(actor, "seller"), ...notClosed, sellerRespondedAt: null }, myDiscussionsOrder("seller")) : null,
    isParty && hasRole(actor, "SELLER")
      ? count({ ...myDiscussionsWhere(actor, "seller"), ...notClosed, sellerRespondedAt: null, sellerOverdueAt: { not: null } }, myDiscussionsOrder("seller"))
      : null,
  ]);
  return {
    agent: unassigned !== null && mine !== null ? { unassigned, mine } : null,
    buyer: buyerOpen !== null ? { open: buyerOpen } : null,
    seller: sellerOpen !== null ? { open: sellerOpen, unanswered: sellerUnanswered ?? exactCount(0), overdue: sellerOverdue ?? exactCount(0) } : null,
  };
}

/** The sellers that have escalated discussions waiting, for the queue's seller filter (by name). */
export async function queueSellers(ctx: DomainContext): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, "moderate", "discussion");
  const rows = await ctx.db.discussion.findMany({
    where: { status: "ESCALATED" },
    distinct: ["sellerId"],
    select: { sellerId: true, seller: { select: { id: true, name: true } } },
    take: 500,
  });
  return rows.map((row) => row.seller).sort((a, b) => a.name.localeCompare(b.name, "pl"));
}
