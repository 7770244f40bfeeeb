import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { memoizeFor } from "~/infra/memo.server";
import { canAny } from "~/domain/identity/actor";
import { listAgentQueue } from "~/domain/discussions/queries.server";
import { discussionMetrics } from "~/domain/discussions/metrics.server";
import { queueSellers } from "~/domain/discussions/ui.queries.server";
import { DISCUSSION_REASONS } from "~/domain/discussions/schemas";
import { isSellerOverdue } from "~/domain/discussions/views";
import { lastPageUrl, pickOption, readPage } from "~/components/helpers";
import { formatDuration } from "~/lib/format";
import { Badge, DataTable, EmptyState, Field, Icon, PageHeader, Pagination, Panel, SelectField, StatTile, useFormatNumber, type Column } from "~/components/ui";
import { OverdueBadge, usePercent } from "~/components/discussions/badges";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Discussion queue · Trust & Safety" }];

const ASSIGNMENTS = ["ANY", "MINE", "UNASSIGNED"] as const;
const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The 90-day figures above the queue cost a pass over the window's discussions: computed once a minute
// per process, not on every page view (the metrics page computes them fresh). Created by the loader:
// this module also runs in the browser, where server modules are empty.
let queueMetrics: ((compute: () => ReturnType<typeof discussionMetrics>) => ReturnType<typeof discussionMetrics>) | undefined;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requirePermission(request, context, "moderate", "discussion");
  const url = new URL(request.url);
  const params = url.searchParams;
  // Filters from the URL: anything the form would not offer is ignored rather than an error.
  const hours = params.get("minWaitingHours");
  const sellerId = params.get("sellerId");
  const filter = {
    assignment: pickOption(params.get("assignment"), ASSIGNMENTS) ?? "ANY",
    reason: pickOption(params.get("reason"), DISCUSSION_REASONS),
    minWaitingHours: hours && /^\d{1,4}$/.test(hours) && Number(hours) <= 8760 && Number(hours) > 0 ? Number(hours) : undefined,
    sellerId: sellerId && UUID.test(sellerId) ? sellerId : undefined,
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const [{ total, items }, sellers, metrics] = await Promise.all([
    loadOr404(() => listAgentQueue(ctx, filter, { skip, take })),
    queueSellers(ctx),
    canAny(actor, "read", "discussionMetrics") ? (queueMetrics ??= memoizeFor(60_000))(() => discussionMetrics(ctx)) : null,
  ]);
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  const now = ctx.clock.now();
  return json({
    filter: { ...filter, minWaitingHours: filter.minWaitingHours ?? null, reason: filter.reason ?? null, sellerId: filter.sellerId ?? null },
    filtered: filter.assignment !== "ANY" || !!filter.reason || !!filter.minWaitingHours || !!filter.sellerId,
    page,
    pageSize: PAGE_SIZE,
    total,
    sellers,
    metrics: metrics
      ? {
          withoutInterventionShare: metrics.withoutInterventionShare,
          closedWithoutIntervention: metrics.closedWithoutIntervention,
          closed: metrics.closed,
          sellerOnTimeRate: metrics.sellerOnTimeRate,
          sellerAnsweredOnTime: metrics.sellerAnsweredOnTime,
          sellerDue: metrics.sellerDue,
          open: metrics.open,
          escalatedOpen: metrics.escalatedOpen,
        }
      : null,
    rows: items.map((d) => ({
      id: d.id,
      number: d.number,
      reason: d.reason,
      waitingMs: d.escalatedAt ? Math.max(0, now.getTime() - d.escalatedAt.getTime()) : 0,
      escalatedAt: d.escalatedAt?.toISOString() ?? null,
      orderId: d.orderId,
      orderNumber: d.order.number,
      buyer: d.buyer.name,
      smart: !!d.buyer.smartUntil && d.buyer.smartUntil > now,
      seller: d.seller.name,
      agent: d.assignedAgent ? { name: d.assignedAgent.name, isMe: d.assignedAgent.id === user.id } : null,
      sellerOverdue: isSellerOverdue(d, now),
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** The seed's figure: 75% of discussions end without the platform's intervention. */
const WITHOUT_INTERVENTION_TARGET = 0.75;

export default function DiscussionQueue() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const number = useFormatNumber();
  const percent = usePercent();
  const columns: Column<Row>[] = [
    {
      key: "number",
      header: t("discussions.queue.number"),
      primary: true,
      cell: (d) => (
        <Link to={`/discussions/${d.id}`} className="mono" data-testid="queue-discussion-link">
          {t("discussions.number", { number: d.number })}
        </Link>
      ),
    },
    {
      key: "waiting",
      header: t("discussions.queue.waiting"),
      cell: (d) => (
        <span className="nowrap tabular" title={d.escalatedAt ?? undefined}>
          {formatDuration(d.waitingMs)}
        </span>
      ),
    },
    { key: "reason", header: t("discussions.queue.reason"), cell: (d) => t(`discussions.reasons.${d.reason}`) },
    {
      key: "order",
      header: t("discussions.queue.order"),
      cell: (d) => (
        <Link to={`/orders/${d.orderId}`} className="mono">
          {d.orderNumber}
        </Link>
      ),
    },
    {
      key: "parties",
      header: t("discussions.queue.parties"),
      cell: (d) => (
        <span className="cell-stack">
          <span>
            {d.buyer} {d.smart ? <Badge tone="accent">{t("discussions.badges.smart")}</Badge> : null}
          </span>
          <span className="subtle">
            <span className="visually-hidden">{t("discussions.queue.seller")}: </span>→ {d.seller}
          </span>
        </span>
      ),
    },
    {
      key: "agent",
      header: t("discussions.queue.agent"),
      cell: (d) =>
        d.agent ? (
          <span>
            {d.agent.name} {d.agent.isMe ? <Badge tone="info">{t("discussions.badges.you")}</Badge> : null}
          </span>
        ) : (
          <span className="subtle">{t("discussions.queue.unassigned")}</span>
        ),
    },
    { key: "flags", header: t("discussions.queue.flags"), badge: true, cell: (d) => (d.sellerOverdue ? <OverdueBadge short /> : null) },
  ];
  const m = data.metrics;
  return (
    <div className="page" data-testid="discussion-queue">
      <PageHeader title={t("discussions.queue.title")} subtitle={t("discussions.queue.subtitle")} />
      {m ? (
        <section aria-label={t("discussions.metrics.title")} className="stack stack--sm" data-testid="discussion-metrics">
          <h2 className="section-title">
            <Icon name="activity" />
            {t("discussions.metrics.title")}
          </h2>
          <div className="grid grid--tiles">
            <StatTile
              icon="checkCircle"
              label={t("discussions.metrics.withoutPlatform")}
              value={percent(m.withoutInterventionShare)}
              hint={t("discussions.metrics.withoutPlatformHint", { count: number(m.closedWithoutIntervention), closed: number(m.closed) })}
              tone={m.withoutInterventionShare === null ? undefined : m.withoutInterventionShare >= WITHOUT_INTERVENTION_TARGET ? "success" : "warning"}
              data-testid="metric-without-platform"
            />
            <StatTile
              icon="clock"
              label={t("discussions.metrics.onTime")}
              value={percent(m.sellerOnTimeRate)}
              hint={t("discussions.metrics.onTimeHint", { count: number(m.sellerAnsweredOnTime), due: number(m.sellerDue) })}
              tone="info"
              data-testid="metric-on-time"
            />
            <StatTile icon="message" label={t("discussions.metrics.open")} value={number(m.open)} hint={t("discussions.metrics.openHint")} />
            <StatTile
              icon="shield"
              label={t("discussions.metrics.escalated")}
              value={number(m.escalatedOpen)}
              hint={t("discussions.metrics.escalatedHint")}
              tone={m.escalatedOpen > 0 ? "warning" : undefined}
            />
          </div>
        </section>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={t("discussions.queue.filtersLabel")}>
        <SelectField
          label={t("discussions.queue.assignment")}
          name="assignment"
          defaultValue={data.filter.assignment}
          options={ASSIGNMENTS.map((value) => ({ value, label: t(`discussions.queue.${value}`) }))}
        />
        <SelectField
          label={t("discussions.queue.reason")}
          name="reason"
          defaultValue={data.filter.reason ?? ""}
          placeholder={t("common.any")}
          options={DISCUSSION_REASONS.map((value) => ({ value, label: t(`discussions.reasons.${value}`) }))}
        />
        <Field
          label={t("discussions.queue.minWaiting")}
          name="minWaitingHours"
          type="number"
          min={1}
          max={8760}
          step={1}
          inputMode="numeric"
          defaultValue={data.filter.minWaitingHours ?? ""}
        />
        <SelectField
          label={t("discussions.queue.seller")}
          name="sellerId"
          defaultValue={data.filter.sellerId ?? ""}
          placeholder={t("common.any")}
          options={data.sellers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <FilterActions label={t("common.filter")} clearTo={data.filtered ? "/queue/discussions" : null} busy={navigation.state === "loading"} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("discussions.queue.title")}
          columns={columns}
          rows={data.rows}
          rowKey={(d) => d.id}
          dense
          rowClassName={(d) => (d.agent ? undefined : "is-unread")}
          data-testid="queue-table"
          empty={
            <EmptyState
              icon="inbox"
              title={data.filtered ? t("discussions.queue.noMatches") : t("discussions.queue.empty")}
              body={data.filtered ? t("common.tryOtherFilters") : t("discussions.queue.emptyBody")}
              action={
                data.filtered ? (
                  <Link to="/queue/discussions" className="button button--secondary button--sm">
                    {t("common.clearFilters")}
                  </Link>
                ) : null
              }
            />
          }
        />
      </Panel>
    </div>
  );
}
