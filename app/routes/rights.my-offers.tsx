import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { listMyReportedOffers } from "~/domain/rights/queries.server";
import { warsawDate } from "~/domain/rights/statement-of-reasons";
import { readPage } from "~/components/helpers";
import { formatDate } from "~/lib/format";
import { Alert, DataTable, DateTime, EmptyState, PageHeader, Pagination, Panel, StatTile, type Column } from "~/components/ui";
import { AppealBadge, ItemStatusBadge, itemRef } from "~/components/rights/rights-ui";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "Reported offers · Trust & Safety" }];
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "read", "ipNotice");
  const { page, skip, take } = readPage(new URL(request.url).searchParams, PAGE_SIZE);
  const mine = await loadOr404(() => listMyReportedOffers(ctx, { skip, take }));
  const now = ctx.clock.now();
  return json({
    page,
    pageSize: PAGE_SIZE,
    total: mine.total,
    now: now.toISOString(),
    items: mine.items.map((item) => ({
      id: item.id,
      number: item.number,
      status: item.status,
      offerTitle: item.offer.title,
      offerStatus: item.offer.status,
      holderName: item.notice.rightsHolder.name,
      decidedAt: item.decidedAt?.toISOString() ?? null,
      appealStatus: item.appeal?.status ?? null,
      appealLastDay: item.appealDueAt ? warsawDate(new Date(item.appealDueAt.getTime() - 1)) : null,
      appealOpen: item.status === "TAKEN_DOWN" && !item.appeal && !!item.appealDueAt && item.appealDueAt > now,
    })),
    standing: {
      points: mine.standing.points,
      thresholds: mine.standing.thresholds,
      enforcement: mine.standing.enforcement.map((e) => ({ id: e.id, type: e.type, points: e.points, at: e.at.toISOString(), endsAt: e.endsAt?.toISOString() ?? null, endedAt: e.endedAt?.toISOString() ?? null })),
    },
  });
}

export default function MyReportedOffers() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { standing } = data;
  type Row = (typeof data.items)[number];
  const columns: Column<Row>[] = [
    {
      key: "offer",
      header: t("rights.myOffers.offer"),
      primary: true,
      cell: (r) => (
        <span className="cell-stack">
          <Link to={`/rights/items/${r.id}`} className="cell-primary">
            {r.offerTitle}
          </Link>
          <span className="subtle">
            {itemRef(r.number)} · {r.holderName}
          </span>
        </span>
      ),
    },
    {
      key: "status",
      header: t("rights.myOffers.status"),
      badge: true,
      cell: (r) => (
        <span className="cluster cluster--tight" data-testid={`my-item-${r.number}`} data-status={r.status}>
          <ItemStatusBadge status={r.status} />
          {r.appealStatus ? <AppealBadge status={r.appealStatus} /> : null}
        </span>
      ),
    },
    { key: "decided", header: t("rights.myOffers.decidedAt"), cell: (r) => <DateTime value={r.decidedAt} /> },
    {
      key: "appeal",
      header: t("rights.myOffers.appeal"),
      cell: (r) =>
        r.appealOpen && r.appealLastDay ? (
          <Link to={`/rights/items/${r.id}#appeal-form`}>{t("rights.myOffers.appealUntil", { date: formatDate(r.appealLastDay, i18n.language) })}</Link>
        ) : (
          "—"
        ),
    },
  ];
  const active = standing.enforcement.find((e) => e.type === "SUSPENSION" && !e.endedAt && e.endsAt && e.endsAt > data.now);
  return (
    <div className="page rights-page" data-testid="my-reported-offers">
      <PageHeader title={t("rights.myOffers.title")} subtitle={t("rights.myOffers.intro")} />
      {active ? (
        <Alert tone="danger" title={t("rights.myOffers.suspended")}>
          {t("rights.myOffers.suspendedUntil")} <DateTime value={active.endsAt} />
        </Alert>
      ) : null}
      <Panel title={t("rights.myOffers.standing")} data-testid="seller-standing">
        <div className="grid grid--tiles">
          <StatTile icon="alert" label={t("rights.myOffers.points")} value={String(standing.points)} tone={standing.points >= standing.thresholds.suspendAtPoints ? "danger" : standing.points >= standing.thresholds.warnAtPoints ? "warning" : undefined} hint={t("rights.myOffers.pointsHint", { count: standing.thresholds.windowMonths })} />
          <StatTile icon="info" label={t("rights.myOffers.warnAt")} value={String(standing.thresholds.warnAtPoints)} />
          <StatTile icon="lock" label={t("rights.myOffers.suspendAt")} value={String(standing.thresholds.suspendAtPoints)} hint={t("rights.myOffers.suspensionDays", { count: standing.thresholds.suspensionDays })} />
        </div>
        <p className="subtle">{t("rights.myOffers.weights", { list: Object.entries(standing.thresholds.weights).map(([kind, w]) => `${t(`rights.kinds.${kind}`)}: ${w}`).join(", ") })}</p>
        {standing.enforcement.length ? (
          <ul className="stack stack--sm" data-testid="enforcement">
            {standing.enforcement.map((e) => (
              <li key={e.id}>
                <strong>{t(`rights.myOffers.enforcement.${e.type}`)}</strong> · <DateTime value={e.at} /> · {t("rights.myOffers.pointsAt", { count: e.points })}
                {e.endsAt ? (
                  <>
                    {" "}
                    · {t("rights.myOffers.until")} <DateTime value={e.endsAt} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </Panel>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("rights.myOffers.title")}
          columns={columns}
          rows={data.items}
          rowKey={(r) => r.id}
          data-testid="my-items"
          empty={<EmptyState icon="shieldCheck" title={t("rights.myOffers.none")} />}
        />
      </Panel>
    </div>
  );
}
