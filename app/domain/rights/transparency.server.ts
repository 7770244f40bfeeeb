import { z } from "zod";
import type { DomainContext } from "../context";
import { authorize } from "../identity/actor";
import { DAY } from "../shared/time";
import { parseInput } from "../shared/validation";
import { ipItemEvents } from "./events";

const ITEM_TYPES = Object.keys(ipItemEvents.schemas);

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
  // Three statements at once, each reading only its event types through ("caseType", type, at): counts by
  // type, kind and trusted reporter (summed here for the other groupings: counts add up), distinct notices
  // among the filings, and the medians over the decisions.
  const [items, [notices], standing, [medians]] = await Promise.all([
    ctx.db.$queryRaw<{ type: string; kind: string | null; priority: boolean | null; events: number }[]>`
      SELECT type, data->>'kind' AS kind, (data->>'priority')::boolean AS priority, count(*)::int AS events
      FROM "CaseEvent"
      WHERE "caseType" = 'IP_ITEM' AND type = ANY(${ITEM_TYPES}::text[]) AND at >= ${from} AND at < ${to}
      GROUP BY 1, 2, 3`,
    ctx.db.$queryRaw<{ notices: number }[]>`
      SELECT count(DISTINCT data->>'noticeId')::int AS notices FROM "CaseEvent"
      WHERE "caseType" = 'IP_ITEM' AND type = 'FILED' AND at >= ${from} AND at < ${to}`,
    ctx.db.$queryRaw<{ caseType: string; type: string; events: number }[]>`
      SELECT "caseType", type, count(*)::int AS events FROM "CaseEvent"
      WHERE "caseType" IN ('SELLER_STANDING', 'RIGHTS_HOLDER') AND type IN ('WARNED', 'SUSPENDED', 'REPORTER_WARNED', 'NOTICES_SUSPENDED')
        AND at >= ${from} AND at < ${to}
      GROUP BY "caseType", type`,
    ctx.db.$queryRaw<{ all_ms: number | null; trusted_ms: number | null; others_ms: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) AS all_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) FILTER (WHERE (data->>'priority')::boolean) AS trusted_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'msSinceFiled')::bigint) FILTER (WHERE NOT (data->>'priority')::boolean) AS others_ms
      FROM "CaseEvent"
      WHERE "caseType" = 'IP_ITEM' AND type IN ('TAKEN_DOWN', 'REJECTED') AND at >= ${from} AND at < ${to}`,
  ]);
  const sum = (rows: typeof items) => rows.reduce((n, r) => n + r.events, 0);
  const total = (type: string) => sum(items.filter((r) => r.type === type));
  const ACTIONS = ["TAKEN_DOWN", "REJECTED", "INFORMATION_REQUESTED", "REINSTATED", "APPEAL_UPHELD"];
  const DECISIONS = ["TAKEN_DOWN", "REJECTED"];
  const ms = (value: number | null) => (value === null ? null : Math.round(Number(value)));
  const kinds = [...new Set(items.filter((r) => r.type === "FILED" && r.kind).map((r) => r.kind!))];
  const standingCount = (caseType: string, type: string) => standing.find((r) => r.caseType === caseType && r.type === type)?.events ?? 0;
  const side = (priority: boolean, median: number | null) => ({
    items: sum(items.filter((r) => r.type === "FILED" && r.priority === priority)),
    actions: sum(items.filter((r) => DECISIONS.includes(r.type) && r.priority === priority)),
    medianMsToAction: ms(median),
  });
  return {
    from,
    to,
    notices: notices.notices,
    itemsByKind: Object.fromEntries(kinds.map((kind) => [kind, sum(items.filter((r) => r.type === "FILED" && r.kind === kind))])),
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
