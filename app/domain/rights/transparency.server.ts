import { z } from "zod";
import type { DomainContext } from "../context";
import { authorize } from "../identity/actor";
import { DAY } from "../shared/time";
import { parseInput } from "../shared/validation";

// Transparency figures for any period, from the event log alone (the timeline is append-only, so a
// period's figures never change once it is over): notices by kind, actions by type, median time to
// action, appeals and reversals, suspensions by cause, trusted reporters against the others.

const periodSchema = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((p) => p.from < p.to, { message: "The period ends after it starts", path: ["to"] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= 5 * 366 * DAY, { message: "At most five years at once", path: ["to"] });

export interface TransparencyFigures {
  from: Date;
  to: Date;
  notices: number;
  itemsByKind: Record<string, number>;
  actionsByType: Record<string, number>;
  /** Median time from filing to the decision (takedown or rejection), in ms; null without decisions. */
  medianMsToAction: number | null;
  appeals: { filed: number; upheld: number; reversed: number };
  suspensionsByCause: { sellersRepeatedInfringement: number; reportersManifestlyUnfounded: number };
  warnings: { sellers: number; reporters: number };
  trusted: { items: number; actions: number; medianMsToAction: number | null };
  others: { items: number; actions: number; medianMsToAction: number | null };
}

export async function transparencyFigures(ctx: DomainContext, input: { from: Date | string; to: Date | string }): Promise<TransparencyFigures> {
  authorize(ctx.actor, "read", "transparency");
  const { from, to } = parseInput(periodSchema, input);
  const [items, standing, [medians]] = await Promise.all([
    // One pass over the period's item events, counted three ways: by type and kind, by type and
    // whether the reporter was trusted, by type (g says which: 1 = kind, 2 = priority, 3 = type alone).
    ctx.db.$queryRaw<{ type: string; kind: string | null; priority: boolean | null; g: number; events: number; notices: number }[]>`
      SELECT type, data->>'kind' AS kind, (data->>'priority')::boolean AS priority,
             GROUPING(data->>'kind', (data->>'priority')::boolean)::int AS g,
             count(*)::int AS events, count(DISTINCT data->>'noticeId')::int AS notices
      FROM "CaseEvent"
      WHERE "caseType" = 'IP_ITEM' AND at >= ${from} AND at < ${to}
      GROUP BY GROUPING SETS ((type, data->>'kind'), (type, (data->>'priority')::boolean), (type))`,
    ctx.db.$queryRaw<{ caseType: string; type: string; events: number }[]>`
      SELECT "caseType", type, count(*)::int AS events FROM "CaseEvent"
      WHERE "caseType" IN ('SELLER_STANDING', 'RIGHTS_HOLDER') AND at >= ${from} AND at < ${to}
        AND type IN ('WARNED', 'SUSPENDED', 'REPORTER_WARNED', 'NOTICES_SUSPENDED')
      GROUP BY "caseType", type`,
    ctx.db.$queryRaw<{ all_ms: number | null; trusted_ms: number | null; others_ms: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) AS all_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) FILTER (WHERE (data->>'priority')::boolean) AS trusted_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) FILTER (WHERE NOT (data->>'priority')::boolean) AS others_ms
      FROM "CaseEvent"
      WHERE "caseType" = 'IP_ITEM' AND at >= ${from} AND at < ${to} AND type IN ('TAKEN_DOWN', 'REJECTED')`,
  ]);
  const byKind = items.filter((r) => r.g === 1);
  const byPriority = items.filter((r) => r.g === 2);
  const byType = items.filter((r) => r.g === 3);
  const total = (type: string) => byType.find((r) => r.type === type)?.events ?? 0;
  const ACTIONS = ["TAKEN_DOWN", "REJECTED", "INFORMATION_REQUESTED", "REINSTATED", "APPEAL_UPHELD"];
  const DECISIONS = ["TAKEN_DOWN", "REJECTED"];
  const ms = (value: number | null) => (value === null ? null : Math.round(Number(value)));
  const standingCount = (caseType: string, type: string) => standing.find((r) => r.caseType === caseType && r.type === type)?.events ?? 0;
  const side = (priority: boolean, median: number | null) => ({
    items: byPriority.filter((r) => r.type === "FILED" && r.priority === priority).reduce((n, r) => n + r.events, 0),
    actions: byPriority.filter((r) => DECISIONS.includes(r.type) && r.priority === priority).reduce((n, r) => n + r.events, 0),
    medianMsToAction: ms(median),
  });
  return {
    from,
    to,
    notices: byType.find((r) => r.type === "FILED")?.notices ?? 0,
    itemsByKind: Object.fromEntries(byKind.filter((r) => r.type === "FILED" && r.kind).map((r) => [r.kind!, r.events])),
    actionsByType: Object.fromEntries([...ACTIONS.map((type) => [type, total(type)]), ["SELLER_SUSPENDED", standingCount("SELLER_STANDING", "SUSPENDED")]]),
    medianMsToAction: ms(medians.all_ms),
    appeals: { filed: total("APPEALED"), upheld: total("APPEAL_UPHELD"), reversed: total("REINSTATED") },
    suspensionsByCause: {
      sellersRepeatedInfringement: standingCount("SELLER_STANDING", "SUSPENDED"),
      reportersManifestlyUnfounded: standingCount("RIGHTS_HOLDER", "NOTICES_SUSPENDED"),
    },
    warnings: { sellers: standingCount("SELLER_STANDING", "WARNED"), reporters: standingCount("RIGHTS_HOLDER", "REPORTER_WARNED") },
    trusted: side(true, medians.trusted_ms),
    others: side(false, medians.others_ms),
  };
}
