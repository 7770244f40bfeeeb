import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canAtAll, loadOr404, requireUser } from "~/infra/remix.server";
import { listOffers } from "~/domain/marketplace/offers.server";
import { cleanText, pickOption, readPage, lastPageUrl } from "~/components/helpers";
import { Checkbox, DataTable, DateTime, EmptyState, Field, Money, PageHeader, Pagination, Panel, SelectField, StatusBadge, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Offers · Trust & Safety" }];

const STATUSES = ["ACTIVE", "ENDED", "HIDDEN"] as const;
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user, actor } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const isSeller = user.roles.includes("SELLER");
  const mine = isSeller && params.get("mine") === "1";
  const filter = {
    search: cleanText(params.get("q"), 100),
    status: pickOption(params.get("status"), STATUSES),
    sellerId: mine ? user.id : undefined,
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const { total, offers } = await loadOr404(() => listOffers(ctx, filter, { skip, take }));
  const last = lastPageUrl(new URL(request.url), total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    filter: { search: filter.search, status: filter.status, mine },
    isSeller,
    // Rights holders report offers from here: each row names its id and links to the notice form.
    canReport: canAtAll(actor, "create", "ipNotice"),
    page,
    pageSize: PAGE_SIZE,
    total,
    offers: offers.map((offer) => ({
      id: offer.id,
      title: offer.title,
      brand: offer.brand,
      price: offer.priceAmount,
      currency: offer.currency,
      status: offer.status,
      sellerName: offer.seller.name,
      isMine: offer.seller.id === user.id,
      createdAt: offer.createdAt.toISOString(),
    })),
  });
}

type OfferRow = ReturnType<typeof useLoaderData<typeof loader>>["offers"][number];

export default function Offers() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const filtered = Boolean(data.filter.search || data.filter.status || data.filter.mine);
  const columns: Column<OfferRow>[] = [
    {
      key: "title",
      header: t("offers.offer"),
      primary: true,
      cell: (o) => (
        <span className="cell-stack">
          <span className="cell-primary">{o.title}</span>
          {o.brand ? <span className="subtle">{o.brand}</span> : null}
        </span>
      ),
    },
    { key: "seller", header: t("offers.seller"), cell: (o) => (o.isMine ? t("offers.you") : o.sellerName) },
    { key: "price", header: t("offers.price"), numeric: true, cell: (o) => <Money amount={o.price} currency={o.currency} /> },
    { key: "created", header: t("offers.listedAt"), cell: (o) => <DateTime value={o.createdAt} dateOnly /> },
    { key: "status", header: t("offers.status"), badge: true, cell: (o) => <StatusBadge status={o.status} ns="offers" /> },
    ...(data.canReport
      ? [
          {
            key: "report",
            header: t("offers.report"),
            actions: true,
            cell: (o: OfferRow) => (
              <span className="cell-stack">
                <Link to={`/rights/notices/new?offerId=${o.id}`} className="button button--ghost button--sm" data-testid="report-offer" data-offer-id={o.id} data-offer-title={o.title}>
                  {t("offers.report")}
                </Link>
                <span className="subtle mono">{o.id}</span>
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <div className="page">
      <PageHeader title={t("offers.title")} subtitle={t("offers.intro")} />
      <Form method="get" className="filters" role="search" aria-label={t("offers.filtersLabel")}>
        <Field
          className="field--grow"
          label={t("offers.searchLabel")}
          name="q"
          type="search"
          defaultValue={data.filter.search ?? ""}
          placeholder={t("offers.searchPlaceholder")}
          maxLength={100}
          autoComplete="off"
        />
        <SelectField
          label={t("offers.status")}
          name="status"
          defaultValue={data.filter.status ?? ""}
          placeholder={t("common.any")}
          options={STATUSES.map((value) => ({ value, label: t(`offers.${value}`) }))}
        />
        {data.isSeller ? <Checkbox name="mine" value="1" label={t("offers.onlyMine")} defaultChecked={data.filter.mine} /> : null}
        <FilterActions clearTo={filtered ? "/offers" : null} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("offers.title")}
          columns={columns}
          rows={data.offers}
          rowKey={(o) => o.id}
          data-testid="offers-table"
          empty={
            <EmptyState
              icon="tag"
              title={filtered ? t("offers.noMatches") : t("offers.none")}
              body={filtered ? t("common.tryOtherFilters") : undefined}
              action={
                filtered ? (
                  <Link to="/offers" className="button button--secondary button--sm">
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
