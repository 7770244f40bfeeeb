import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { listMyDiscussions, type MyDiscussionsAs } from "~/domain/discussions/queries.server";
import { discussionHomeSummary } from "~/domain/discussions/ui.queries.server";
import { isSellerOverdue } from "~/domain/discussions/views";
import { lastPageUrl, pickOption, readPage, withParams } from "~/components/helpers";
import { Alert, DataTable, DateTime, EmptyState, Icon, PageHeader, Pagination, Panel, SelectField, type Column } from "~/components/ui";
import { DiscussionStatusBadge, SellerAnswerState } from "~/components/discussions/badges";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Discussions · Trust & Safety" }];

const STATUSES = ["OPEN", "ESCALATED", "CLOSED"] as const;
const SIDES = ["buyer", "seller"] as const;
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await requirePermission(request, context, "read", "discussion");
  const url = new URL(request.url);
  const params = url.searchParams;
  // The tabs that apply: a buyer sees their purchases, a seller their sales; someone who is both sees both.
  const sides: MyDiscussionsAs[] = SIDES.filter((side) => user.roles.includes(side === "buyer" ? "BUYER" : "SELLER"));
  if (sides.length === 0) throw json({ code: "FORBIDDEN" }, { status: 403 });
  const as: MyDiscussionsAs = pickOption(params.get("as"), sides) ?? (sides.includes("seller") ? "seller" : "buyer");
  const status = pickOption(params.get("status"), STATUSES);
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const [{ total, items }, summary] = await Promise.all([
    loadOr404(() => listMyDiscussions(ctx, as, { status, skip, take })),
    as === "seller" ? discussionHomeSummary(ctx) : null,
  ]);
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  const now = ctx.clock.now();
  return json({
    as,
    sides,
    status: status ?? null,
    page,
    pageSize: PAGE_SIZE,
    total,
    now: now.toISOString(),
    unanswered: summary?.seller?.unanswered.count ?? 0,
    discussions: items.map((d) => ({
      id: d.id,
      number: d.number,
      status: d.status,
      reason: d.reason,
      orderNumber: d.order.number,
      orderId: d.orderId,
      counterparty: as === "buyer" ? d.seller.name : d.buyer.name,
      openedAt: d.openedAt.toISOString(),
      lastActivityAt: d.lastActivityAt.toISOString(),
      sellerResponseDueAt: d.sellerResponseDueAt.toISOString(),
      sellerRespondedAt: d.sellerRespondedAt?.toISOString() ?? null,
      // Marked by the sweep, or already past the 24 hours and about to be (the same rule the sweep applies).
      sellerOverdue: isSellerOverdue(d, now),
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["discussions"][number];

export default function MyDiscussions() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const seller = data.as === "seller";
  const columns: Column<Row>[] = [
    {
      key: "number",
      header: t("discussions.list.number"),
      primary: true,
      cell: (d) => (
        <span className="cell-stack">
          <Link to={`/discussions/${d.id}`} className="mono" data-testid="discussion-link">
            {t("discussions.number", { number: d.number })}
          </Link>
          <span className="subtle">{t(`discussions.reasons.${d.reason}`)}</span>
        </span>
      ),
    },
    { key: "status", header: t("discussions.list.status"), badge: true, cell: (d) => <DiscussionStatusBadge status={d.status} /> },
    {
      key: "answer",
      header: seller ? t("discussions.list.yourAnswer") : t("discussions.list.sellerAnswer"),
      cell: (d) => (
        <SellerAnswerState
          status={d.status}
          dueAt={d.sellerResponseDueAt}
          respondedAt={d.sellerRespondedAt}
          overdue={d.sellerOverdue}
          now={data.now}
          viewer={seller ? "seller" : "buyer"}
        />
      ),
    },
    {
      key: "order",
      header: t("discussions.list.order"),
      cell: (d) => (
        <span className="cell-stack">
          <Link to={`/orders/${d.orderId}`} className="mono">
            {d.orderNumber}
          </Link>
          <span className="subtle">{d.counterparty}</span>
        </span>
      ),
    },
    { key: "opened", header: t("discussions.list.opened"), cell: (d) => <DateTime value={d.openedAt} className="nowrap" /> },
    { key: "activity", header: t("discussions.list.lastActivity"), cell: (d) => <DateTime value={d.lastActivityAt} className="nowrap" /> },
  ];
  const tabHref = (side: string) => `/discussions${withParams("", { as: side })}`;
  return (
    <div className="page" data-testid="my-discussions" data-as={data.as}>
      <PageHeader
        title={t("discussions.title")}
        subtitle={data.sides.length > 1 ? t("discussions.introBoth") : seller ? t("discussions.introSeller") : t("discussions.introBuyer")}
      />
      {data.sides.length > 1 ? (
        <nav className="cluster" aria-label={t("discussions.list.tabsLabel")}>
          {data.sides.map((side) => (
            <Link
              key={side}
              to={tabHref(side)}
              className={`button button--sm ${data.as === side ? "button--secondary" : "button--ghost"}`}
              aria-current={data.as === side ? "page" : undefined}
            >
              <Icon name={side === "buyer" ? "bag" : "tag"} />
              {side === "buyer" ? t("discussions.list.asBuyer") : t("discussions.list.asSeller")}
            </Link>
          ))}
        </nav>
      ) : null}
      {seller && data.unanswered > 0 ? (
        <Alert tone="warning" data-testid="seller-waiting">
          {t("discussions.list.waitingForYou", { count: data.unanswered })}
        </Alert>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={t("discussions.list.filtersLabel")}>
        <input type="hidden" name="as" value={data.as} />
        <SelectField
          label={t("discussions.list.statusLabel")}
          name="status"
          defaultValue={data.status ?? ""}
          placeholder={t("common.any")}
          options={STATUSES.map((value) => ({ value, label: t(`discussions.status.${value}`) }))}
        />
        <FilterActions label={t("discussions.list.filter")} clearTo={data.status ? tabHref(data.as) : null} busy={navigation.state === "loading"} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("discussions.title")}
          columns={columns}
          rows={data.discussions}
          rowKey={(d) => d.id}
          rowClassName={(d) => (seller && !d.sellerRespondedAt && d.status !== "CLOSED" ? "is-unread" : undefined)}
          data-testid="discussions-table"
          empty={
            data.status ? (
              <EmptyState
                icon="message"
                title={t("discussions.list.noMatches")}
                action={
                  <Link to={tabHref(data.as)} className="button button--secondary button--sm">
                    {t("discussions.list.showAll")}
                  </Link>
                }
              />
            ) : seller ? (
              <EmptyState icon="message" title={t("discussions.list.emptySeller")} body={t("discussions.list.emptySellerBody")} />
            ) : (
              <EmptyState
                icon="message"
                title={t("discussions.list.emptyBuyer")}
                body={t("discussions.list.emptyBuyerBody")}
                action={
                  <Link to="/orders" className="button button--secondary button--sm">
                    <Icon name="bag" />
                    {t("discussions.list.yourOrders")}
                  </Link>
                }
              />
            )
          }
        />
      </Panel>
    </div>
  );
}
