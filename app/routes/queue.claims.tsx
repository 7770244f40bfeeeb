import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { listClaimQueue } from "~/domain/claims/queries.server";
import { CLAIM_REASONS } from "~/domain/claims/schemas";
import { claimQueueCounts } from "~/domain/claims/ui.queries.server";
import { lastPageUrl, pickOption, readPage, withParams } from "~/components/helpers";
import { useFormatNumber } from "~/components/format";
import { Alert, Badge, Checkbox, DataTable, DateTime, EmptyState, Icon, Money, PageHeader, Pagination, Panel, SelectField, type Column } from "~/components/ui";
import { claimRef } from "~/components/claims/claim-status";
import { ClaimDeadline } from "~/components/claims/claim-deadline";
import claimsStyles from "~/components/claims/claims.css";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction = () => [{ title: "Claims queue · Trust & Safety" }];

const STAGES = ["OPEN", "SECOND_APPROVAL", "DOCUMENTS"] as const;
type Stage = (typeof STAGES)[number];
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await requirePermission(request, context, "decide", "claim");
  const url = new URL(request.url);
  const params = url.searchParams;
  const filter = {
    stage: pickOption(params.get("stage"), STAGES) ?? ("OPEN" as Stage),
    smartOnly: params.get("smart") === "1",
    breachedOnly: params.get("breached") === "1",
    reason: pickOption(params.get("reason"), CLAIM_REASONS),
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const [queue, counts] = await Promise.all([loadOr404(() => listClaimQueue(ctx, filter, { skip, take })), loadOr404(() => claimQueueCounts(ctx))]);
  const last = lastPageUrl(url, queue.total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    now: ctx.clock.now().toISOString(),
    filter,
    reasons: [...CLAIM_REASONS],
    page,
    pageSize: PAGE_SIZE,
    total: queue.total,
    breached: queue.breached,
    counts,
    claims: queue.items.map((c) => ({
      id: c.id,
      number: c.number,
      reason: c.reason,
      smart: c.smartAtFiling,
      maxAmount: c.maxAmount,
      approvedAmount: c.approvedAmount,
      currency: c.currency,
      filedAt: c.filedAt.toISOString(),
      decisionDueAt: c.decisionDueAt.toISOString(),
      pausedAt: c.pausedAt?.toISOString() ?? null,
      deadline: c.deadline,
      orderId: c.orderId,
      orderNumber: c.order.number,
      paymentMethod: c.order.paymentMethod,
      buyerName: c.buyer.name,
      sellerName: c.seller.name,
      approvedByMe: c.firstApproverId === user.id,
    })),
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = Data["claims"][number];

export default function ClaimQueue() {
  const { t } = useTranslation();
  const number = useFormatNumber();
  const data = useLoaderData<typeof loader>();
  const { search, pathname } = useLocation();
  const navigation = useNavigation();
  const { filter } = data;
  const filtered = filter.smartOnly || filter.breachedOnly || !!filter.reason;
  const tabs: { stage: Stage; count: { count: number; atLeast: boolean } }[] = [
    { stage: "OPEN", count: data.counts.awaitingDecision },
    { stage: "SECOND_APPROVAL", count: data.counts.awaitingSecondApproval },
    { stage: "DOCUMENTS", count: data.counts.awaitingDocuments },
  ];
  const columns: Column<Row>[] = [
    {
      key: "deadline",
      header: filter.stage === "DOCUMENTS" ? t("claims.queue.paused") : t("claims.queue.deadline"),
      cell: (c) =>
        c.pausedAt ? (
          <span className="cell-stack">
            <ClaimDeadline dueAt={c.decisionDueAt} now={data.now} paused />
            <span className="subtle">
              {t("claims.queue.pausedSince")} <DateTime value={c.pausedAt} />
            </span>
          </span>
        ) : (
          <span className="cell-stack">
            <ClaimDeadline dueAt={c.decisionDueAt} now={data.now} data-testid={`deadline-${c.number}`} />
            <span className="subtle">
              <DateTime value={c.decisionDueAt} />
            </span>
          </span>
        ),
    },
    {
      key: "claim",
      header: t("claims.list.claim"),
      primary: true,
      cell: (c) => (
        <span className="cell-stack">
          <span>
            <Link to={`/claims/${c.id}`} className="cell-primary">
              {claimRef(c.number)}
            </Link>{" "}
            {c.smart ? <Badge tone="accent">SMART</Badge> : null} {c.approvedByMe ? <Badge tone="info">{t("claims.queue.approvedByYou")}</Badge> : null}
          </span>
          <span className="subtle">{t(`claims.reasons.${c.reason}`)}</span>
        </span>
      ),
    },
    {
      key: "amount",
      header: filter.stage === "SECOND_APPROVAL" ? t("claims.queue.approvedOfMax") : t("claims.list.maxAmount"),
      numeric: true,
      cell: (c) =>
        filter.stage === "SECOND_APPROVAL" && c.approvedAmount !== null ? (
          <span className="cell-stack">
            <Money amount={c.approvedAmount} currency={c.currency} />
            <span className="subtle">
              / <Money amount={c.maxAmount} currency={c.currency} />
            </span>
          </span>
        ) : (
          <Money amount={c.maxAmount} currency={c.currency} />
        ),
    },
    { key: "payment", header: t("orders.payment"), cell: (c) => t(`orders.${c.paymentMethod}`) },
    {
      key: "order",
      header: t("orders.orderNumber"),
      cell: (c) => (
        <span className="cell-stack">
          <Link to={`/orders/${c.orderId}`} className="mono">
            {c.orderNumber}
          </Link>
          <span className="subtle">
            {c.buyerName} → {c.sellerName}
          </span>
        </span>
      ),
    },
    { key: "filed", header: t("claims.detail.filedAt"), cell: (c) => <DateTime value={c.filedAt} /> },
  ];
  const breachedInOpen = data.counts.breached.count;
  return (
    <div className="page">
      <PageHeader title={t("claims.queue.title")} subtitle={t("claims.queue.intro")} />
      {breachedInOpen > 0 ? (
        <Alert tone="danger" title={t("claims.queue.breachedBanner", { count: breachedInOpen })} data-testid="breached-banner">
          <Link to={`/queue/claims?stage=OPEN&breached=1`}>{t("claims.queue.showBreached")}</Link>
        </Alert>
      ) : null}
      <nav className="queue-tabs" aria-label={t("claims.queue.stages")}>
        {tabs.map((tab) => (
          <Link
            key={tab.stage}
            to={
              pathname +
              withParams(search, {
                stage: tab.stage === "OPEN" ? null : tab.stage,
                page: null,
                breached: tab.stage === "OPEN" ? (filter.breachedOnly ? "1" : null) : null,
              })
            }
            className={`button button--sm ${filter.stage === tab.stage ? "button--secondary" : "button--ghost"}`}
            aria-current={filter.stage === tab.stage ? "page" : undefined}
            data-testid={`tab-${tab.stage}`}
          >
            {t(`claims.queue.stage.${tab.stage}`)} <span className={tab.count.count ? "badge badge--count" : "badge"}>{number(tab.count)}</span>
          </Link>
        ))}
      </nav>
      <Form method="get" className="filters" role="search" aria-label={t("claims.queue.filters")}>
        {filter.stage !== "OPEN" ? <input type="hidden" name="stage" value={filter.stage} /> : null}
        <SelectField
          label={t("claims.detail.reason")}
          name="reason"
          defaultValue={filter.reason ?? ""}
          placeholder={t("common.any")}
          options={data.reasons.map((value) => ({ value, label: t(`claims.reasons.${value}`) }))}
        />
        <Checkbox name="smart" value="1" defaultChecked={filter.smartOnly} label={t("claims.queue.smartOnly")} id="filter-smart" />
        <Checkbox name="breached" value="1" defaultChecked={filter.breachedOnly} label={t("claims.queue.breachedOnly")} id="filter-breached" />
        <div className="filters__actions">
          <button type="submit" className="button button--primary button--sm" disabled={navigation.state === "loading"}>
            <Icon name="search" />
            {t("common.filter")}
          </button>
          {filtered ? (
            <Link to={filter.stage === "OPEN" ? "/queue/claims" : `/queue/claims?stage=${filter.stage}`} className="button button--ghost button--sm">
              {t("common.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        {data.breached.count > 0 && !filter.breachedOnly && filter.stage !== "OPEN" ? (
          <div className="panel__body">
            <Alert tone="warning">{t("claims.queue.breachedHere", { count: data.breached.count })}</Alert>
          </div>
        ) : null}
        <DataTable
          caption={t(`claims.queue.stage.${filter.stage}`)}
          columns={columns}
          rows={data.claims}
          rowKey={(c) => c.id}
          dense
          rowClassName={(c) => (c.deadline === "breached" ? "is-breached" : c.deadline === "soon" ? "is-soon" : undefined)}
          data-testid="claim-queue"
          empty={
            <EmptyState
              icon="shieldCheck"
              title={filtered ? t("claims.queue.noMatches") : t(`claims.queue.empty.${filter.stage}`)}
              body={filtered ? t("common.tryOtherFilters") : undefined}
            />
          }
        />
      </Panel>
    </div>
  );
}
