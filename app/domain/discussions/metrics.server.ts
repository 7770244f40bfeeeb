import type { DomainContext } from "../context";
import { authorize } from "../identity/actor";
import { DAY } from "../shared/time";

// What the business watches (seed 000): the share of discussions that end without the platform's
// intervention (75% in the seed) and how often sellers answer within 24 hours. Computed from the data.

export interface DiscussionMetrics {
  from: Date;
  to: Date;
  opened: number;
  open: number;
  escalatedOpen: number;
  closed: number;
  closedWithoutIntervention: number;
  /** closedWithoutIntervention / closed */
  withoutInterventionShare: number | null;
  sellerDue: number;
  sellerAnsweredOnTime: number;
  /** sellerAnsweredOnTime / sellerDue */
  sellerOnTimeRate: number | null;
  overdue: number;
}

/**
 * Over discussions opened in [from, to): closed without intervention = closed by the buyer or by
 * agreement and never escalated. On-time = the seller's first message came within the 24 hours, over the
 * discussions whose 24 hours are over or that were answered already.
 */
export async function discussionMetrics(ctx: DomainContext, range: { from?: Date; to?: Date } = {}): Promise<DiscussionMetrics> {
  authorize(ctx.actor, "read", "discussionMetrics");
  const now = ctx.clock.now();
  // Without an explicit end, include what happened at this very moment.
  const to = range.to ?? new Date(now.getTime() + 1);
  const from = range.from ?? new Date(to.getTime() - 90 * DAY);
  const [row] = await ctx.db.$queryRaw<Record<string, bigint>[]>`
    SELECT count(*) AS opened,
           count(*) FILTER (WHERE status = 'OPEN') AS open,
           count(*) FILTER (WHERE status = 'ESCALATED') AS escalated_open,
           count(*) FILTER (WHERE status = 'CLOSED') AS closed,
           count(*) FILTER (WHERE status = 'CLOSED' AND "escalatedAt" IS NULL
                             AND resolution IN ('BUYER_RESOLVED', 'AGREEMENT')) AS closed_without_intervention,
           count(*) FILTER (WHERE "sellerResponseDueAt" <= ${now} OR "sellerRespondedAt" IS NOT NULL) AS seller_due,
           count(*) FILTER (WHERE "sellerRespondedAt" IS NOT NULL AND "sellerRespondedAt" <= "sellerResponseDueAt") AS on_time,
           count(*) FILTER (WHERE "sellerOverdueAt" IS NOT NULL) AS overdue
    FROM "Discussion" WHERE "openedAt" >= ${from} AND "openedAt" < ${to}`;
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    from,
    to,
    opened: n("opened"),
    open: n("open"),
    escalatedOpen: n("escalated_open"),
    closed: n("closed"),
    closedWithoutIntervention: n("closed_without_intervention"),
    withoutInterventionShare: n("closed") ? n("closed_without_intervention") / n("closed") : null,
    sellerDue: n("seller_due"),
    sellerAnsweredOnTime: n("on_time"),
    sellerOnTimeRate: n("seller_due") ? n("on_time") / n("seller_due") : null,
    overdue: n("overdue"),
  };
}
