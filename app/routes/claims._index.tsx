import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { canAny, canAtAll } from "~/domain/identity/actor";
import { listMyClaims } from "~/domain/claims/queries.server";
import { countOf, lastPageUrl, readPage } from "~/components/helpers";
import { DataTable, DateTime, EmptyState, Icon, Money, PageHeader, Pagination, Panel, type Column } from "~/components/ui";
import { ClaimStatusBadge, claimRef } from "~/components/claims/claim-status";
import { ClaimDeadline } from "~/components/claims/claim-deadline";
import claimsStyles from "~/components/claims/claims.css";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction = () => [{ title: "Claims · Trust & Safety" }];

const PAGE_SIZE = 20;
const OPEN = ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requirePermission(request, context, "read", "claim");
  // Agents work claims from the queue; this page lists a person's own claims.
  if (canAny(actor, "decide", "claim")) throw redirect("/queue/claims");
  const url = new URL(request.url);
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const { total, items } = await loadOr404(() => listMyClaims(ctx, { skip, take }));
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    now: ctx.clock.now().toISOString(),
    total,
    page,
    pageSize: PAGE_SIZE,
    canFile: canAtAll(actor, "create", "claim"),
    claims: items.map((c) => ({
      id: c.id,
      number: c.number,
      side: c.buyerId === user.id ? ("buyer" as const) : ("seller" as const),
      orderNumber: c.order.number,
      status: c.status,
      reason: c.reason,
      maxAmount: c.maxAmount,
      approvedAmount: c.approvedAmount,
      currency: c.currency,
      filedAt: c.filedAt.toISOString(),
      decisionDueAt: c.decisionDueAt.toISOString(),
      paused: c.pausedAt !== null,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      payout: c.payout?.status === "EXECUTED" ? { amount: c.payout.amount, executedAt: c.payout.executedAt?.toISOString() ?? null } : null,
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["claims"][number];

export default function MyClaims() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const columns: Column<Row>[] = [
    {
      key: "claim",
      header: t("claims.list.claim"),
      primary: true,
      cell: (c) => (
        <span className="cell-stack">
          <Link to={`/claims/${c.id}`} className="cell-primary">
            {claimRef(c.number)} · {t(`claims.reasons.${c.reason}`)}
          </Link>
          <span className="subtle">
            {c.side === "buyer" ? t("claims.list.yourPurchase") : t("claims.list.yourSale")} <span className="mono">{c.orderNumber}</span>
          </span>
        </span>
      ),
    },
    { key: "status", header: t("common.status"), badge: true, cell: (c) => <ClaimStatusBadge status={c.status} /> },
    { key: "max", header: t("claims.list.maxAmount"), numeric: true, cell: (c) => <Money amount={c.maxAmount} currency={c.currency} /> },
    { key: "approved", header: t("claims.list.approved"), numeric: true, cell: (c) => <Money amount={c.approvedAmount} currency={c.currency} /> },
    {
      key: "deadline",
      header: t("claims.list.decision"),
      cell: (c) =>
        OPEN.includes(c.status) ? (
          <span className="cell-stack">
            <ClaimDeadline dueAt={c.decisionDueAt} now={data.now} paused={c.paused} />
          </span>
        ) : (
          <DateTime value={c.decidedAt} />
        ),
    },
    {
      key: "payout",
      header: t("claims.list.payout"),
      numeric: true,
      cell: (c) =>
        c.payout ? (
          <span className="cell-stack">
            <Money amount={c.payout.amount} currency={c.currency} />
            <span className="subtle">
              <DateTime value={c.payout.executedAt} dateOnly />
            </span>
          </span>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <div className="page">
      <PageHeader
        title={t("claims.title")}
        subtitle={t("claims.list.intro")}
        actions={
          data.canFile ? (
            <Link to="/claims/new" className="button button--secondary">
              <Icon name="plus" />
              {t("claims.list.fileClaim")}
            </Link>
          ) : null
        }
      />
      <Panel
        flush
        footer={countOf(data.total) > data.pageSize || data.page > 1 ? <Pagination total={data.total} page={data.page} pageSize={data.pageSize} /> : undefined}
      >
        <DataTable
          caption={t("claims.title")}
          columns={columns}
          rows={data.claims}
          rowKey={(c) => c.id}
          data-testid="my-claims"
          empty={
            <EmptyState
              icon="shieldCheck"
              title={t("claims.list.empty")}
              body={t("claims.list.emptyBody")}
              action={
                <Link to="/discussions" className="button button--secondary button--sm">
                  <Icon name="message" />
                  {t("nav.discussions")}
                </Link>
              }
            />
          }
        />
      </Panel>
    </div>
  );
}
