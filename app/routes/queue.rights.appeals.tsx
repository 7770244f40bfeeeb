import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { listAppealQueue } from "~/domain/rights/queries.server";
import { lastPageUrl, readPage } from "~/components/helpers";
import { Badge, DataTable, DateTime, EmptyState, PageHeader, Pagination, Panel, type Column } from "~/components/ui";
import { itemRef } from "~/components/rights/rights-ui";
import { RightsQueueTabs } from "~/components/rights/queue-tabs";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "Appeals · Trust & Safety" }];
const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "review", "ipAppeal");
  const url = new URL(request.url);
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const queue = await loadOr404(() => listAppealQueue(ctx, { skip, take }));
  const last = lastPageUrl(url, queue.total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    page,
    pageSize: PAGE_SIZE,
    total: queue.total,
    appeals: queue.appeals.map((a) => ({
      id: a.id,
      reason: a.reason,
      filedAt: a.filedAt.toISOString(),
      itemId: a.item.id,
      itemNumber: a.item.number,
      kind: a.item.kind,
      offerTitle: a.item.offer.title,
      decidedByMe: a.decidedByMe,
    })),
  });
}

export default function AppealQueue() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  type Row = (typeof data.appeals)[number];
  const columns: Column<Row>[] = [
    {
      key: "item",
      header: t("rights.queue.item"),
      primary: true,
      cell: (a) => (
        <span className="cell-stack">
          <span className="cluster cluster--tight">
            <Link to={`/rights/items/${a.itemId}`} className="cell-primary">
              {itemRef(a.itemNumber)}
            </Link>
            {a.decidedByMe ? <Badge tone="warning">{t("rights.queue.decidedByYou")}</Badge> : null}
          </span>
          <span className="subtle">{a.offerTitle}</span>
        </span>
      ),
    },
    { key: "kind", header: t("rights.item.kind"), cell: (a) => t(`rights.kinds.${a.kind}`) },
    { key: "reason", header: t("rights.appeal.reason"), cell: (a) => t(`rights.counterNoticeReasons.${a.reason}`) },
    { key: "filed", header: t("rights.appeal.filedAt"), cell: (a) => <DateTime value={a.filedAt} /> },
  ];
  return (
    <div className="page rights-page" data-testid="appeal-queue-page">
      <PageHeader title={t("rights.queue.appealsTitle")} subtitle={t("rights.queue.appealsIntro")} />
      <RightsQueueTabs />
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("rights.queue.appealsTitle")}
          columns={columns}
          rows={data.appeals}
          rowKey={(a) => a.id}
          dense
          data-testid="appeal-queue"
          empty={<EmptyState icon="shieldCheck" title={t("rights.queue.noAppeals")} />}
        />
      </Panel>
    </div>
  );
}
