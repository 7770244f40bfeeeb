import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { listOrders } from "~/domain/marketplace/orders.server";
import { cleanText, pickOption, readPage, lastPageUrl } from "~/components/helpers";
import { DataTable, DateTime, EmptyState, Field, Money, PageHeader, Pagination, Panel, SelectField, StatusBadge, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Orders · Trust & Safety" }];

const PAYMENT_METHODS = ["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"] as const;
const PARTY_ROLES = ["buyer", "seller"] as const;
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const buysAndSells = user.roles.includes("BUYER") && user.roles.includes("SELLER");
  const filter = {
    search: cleanText(params.get("q"), 100),
    paymentMethod: pickOption(params.get("payment"), PAYMENT_METHODS),
    role: buysAndSells ? pickOption(params.get("role"), PARTY_ROLES) : undefined,
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const { total, orders } = await loadOr404(() => listOrders(ctx, filter, { skip, take }));
  const last = lastPageUrl(new URL(request.url), total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    filter,
    page,
    pageSize: PAGE_SIZE,
    total,
    staffView: canAny(actor, "read", "order"),
    buysAndSells,
    orders: orders.map((o) => ({
      id: o.id,
      number: o.number,
      placedAt: o.placedAt.toISOString(),
      buyerName: o.buyerName,
      guest: o.buyerId === null,
      sellerName: o.seller.name,
      // Which side of the order the signed-in person is on (null for staff looking at others' orders).
      myRole: o.buyerId === user.id ? ("buyer" as const) : o.sellerId === user.id ? ("seller" as const) : null,
      total: o.itemsAmount + o.shippingAmount,
      currency: o.currency,
      paymentMethod: o.paymentMethod,
      status: o.status,
      firstItem: o.lines[0]?.title ?? "",
      more: Math.max(o.lines.length - 1, 0),
    })),
  });
}

type OrderRow = ReturnType<typeof useLoaderData<typeof loader>>["orders"][number];

export default function Orders() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const filtered = Boolean(data.filter.search || data.filter.paymentMethod || data.filter.role);

  const orderCell: Column<OrderRow> = {
    key: "number",
    header: t("orders.number"),
    primary: true,
    cell: (o) => (
      <span className="cell-stack">
        <Link to={`/orders/${o.id}`} className="mono">
          {o.number}
        </Link>
        <span className="subtle truncate cell-item">
          {o.firstItem}
          {o.more > 0 ? ` ${t("orders.moreItems", { count: o.more })}` : ""}
        </span>
      </span>
    ),
  };
  const parties: Column<OrderRow>[] = data.staffView
    ? [
        {
          key: "parties",
          header: t("orders.buyerAndSeller"),
          cell: (o) => (
            <span className="cell-stack">
              <span>
                {o.buyerName}
                {o.guest ? <span className="muted"> ({t("orders.guest")})</span> : null}
              </span>
              <span className="subtle">
                <span className="visually-hidden">{t("orders.seller")}: </span>→ {o.sellerName}
              </span>
            </span>
          ),
        },
      ]
    : [
        {
          key: "counterparty",
          header: t("orders.counterparty"),
          cell: (o) => (
            <span className="cell-stack">
              <span>{o.myRole === "seller" ? o.buyerName : o.sellerName}</span>
              <span className="subtle">{o.myRole === "seller" ? t("orders.youSold") : t("orders.youBought")}</span>
            </span>
          ),
        },
      ];
  const columns: Column<OrderRow>[] = [
    orderCell,
    { key: "placed", header: t("orders.placedAt"), cell: (o) => <DateTime value={o.placedAt} className="nowrap" /> },
    ...parties,
    { key: "total", header: t("orders.total"), numeric: true, cell: (o) => <Money amount={o.total} currency={o.currency} /> },
    { key: "payment", header: t("orders.payment"), cell: (o) => t(`orders.${o.paymentMethod}`) },
    { key: "status", header: t("orders.status"), badge: true, cell: (o) => <StatusBadge status={o.status} ns="orders" /> },
  ];

  return (
    <div className="page">
      <PageHeader title={t("orders.title")} subtitle={data.staffView ? t("orders.introStaff") : t("orders.intro")} />
      <Form method="get" className="filters" role="search" aria-label={t("orders.filtersLabel")}>
        <Field
          className="field--grow"
          label={t("orders.searchLabel")}
          name="q"
          type="search"
          defaultValue={data.filter.search ?? ""}
          placeholder={t("orders.searchPlaceholder")}
          maxLength={100}
          autoComplete="off"
        />
        <SelectField
          label={t("orders.payment")}
          name="payment"
          defaultValue={data.filter.paymentMethod ?? ""}
          placeholder={t("common.any")}
          options={PAYMENT_METHODS.map((value) => ({ value, label: t(`orders.${value}`) }))}
        />
        {data.buysAndSells ? (
          <SelectField
            label={t("orders.myRole")}
            name="role"
            defaultValue={data.filter.role ?? ""}
            placeholder={t("orders.roleAll")}
            options={[
              { value: "buyer", label: t("orders.roleBuyer") },
              { value: "seller", label: t("orders.roleSeller") },
            ]}
          />
        ) : null}
        <FilterActions clearTo={filtered ? "/orders" : null} busy={navigation.state === "loading"} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("orders.title")}
          columns={columns}
          rows={data.orders}
          rowKey={(o) => o.id}
          data-testid="orders-table"
          empty={
            <EmptyState
              icon="bag"
              title={filtered ? t("orders.noMatches") : t("orders.none")}
              body={filtered ? t("common.tryOtherFilters") : undefined}
              action={
                filtered ? (
                  <Link to="/orders" className="button button--secondary button--sm">
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
