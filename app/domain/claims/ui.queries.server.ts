import type { DomainContext } from "../context";
import { cappedCount } from "../shared/capped-count";
import { authorize, canAny } from "../identity/actor";
import { breachedWhere, CLAIM_QUEUE_ORDER, claimQueueWhere } from "./queries.server";

// Read-only queries the claims screens need beyond queries.server.ts: counts for the queue tabs and the
// home tiles, and agents' names for the staff timeline. Same authorization as the queue itself.

/** How many claims wait at each stage of the queue, and how many of those awaiting a decision are past their deadline. */
export async function claimQueueCounts(ctx: DomainContext) {
  const open = claimQueueWhere(ctx, { stage: "OPEN" });
  const now = ctx.clock.now();
  const count = (where: object) => cappedCount((take) => ctx.db.claim.count({ where, take, orderBy: CLAIM_QUEUE_ORDER }));
  const [awaitingDecision, breached, awaitingSecondApproval, awaitingDocuments] = await Promise.all([
    count(open),
    count({ ...open, ...breachedWhere(now) }),
    count(claimQueueWhere(ctx, { stage: "SECOND_APPROVAL" })),
    count(claimQueueWhere(ctx, { stage: "DOCUMENTS" })),
  ]);
  return { awaitingDecision, breached, awaitingSecondApproval, awaitingDocuments };
}

/** The home page's claim tiles: null when the person does not work the claims queue. */
export async function claimHomeCounts(ctx: DomainContext) {
  if (!canAny(ctx.actor, "decide", "claim")) return null;
  const counts = await claimQueueCounts(ctx);
  return { ...counts, canSecondApprove: canAny(ctx.actor, "secondApprove", "claim") };
}

/** Names of the agents behind a claim's events (staff see who did what; parties never get this). */
export async function agentNames(ctx: DomainContext, userIds: string[]): Promise<Record<string, string>> {
  authorize(ctx.actor, "read", "claim");
  const ids = [...new Set(userIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id)).slice(0, 100);
  if (!ids.length) return {};
  const users = await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return Object.fromEntries(users.map((u) => [u.id, u.name]));
}
