import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { listProductAlerts } from "~/domain/storefront/alerts.server";
import { ALERT_KINDS } from "~/domain/storefront/questions-schemas";
import { cleanText, lastPageUrl, pickOption, readPage } from "~/components/helpers";
import { DataTable, DateTime, EmptyState, Field, Money, PageHeader, Pagination, Panel, SelectField, StatusBadge, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";

// Customers' price and availability alerts (the seed's "Klienci | Powiadom o produktach"), newest first;
// each alert's page shows the consents given with it.

export const meta: MetaFunction = () => [{ title: "Product alerts · Trust & Safety" }];

const PAGE_SIZE = 25;
const STATES = ["active", "notified", "cancelled"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "read", "productAlert");
  const url = new URL(request.url);
  const params = url.searchParams;
  const filter = {
    kind: pickOption(params.get("kind"), ALERT_KINDS),
    state: pickOption(params.get("state"), STATES),
    email: cleanText(params.get("email"), 254),
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const { total, alerts } = await loadOr404(() => listProductAlerts(ctx, filter, { skip, take }));
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    filter,
    page,
    pageSize: PAGE_SIZE,
    total,
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      email: a.email,
      guest: a.userId === null,
      offerId: a.offerId,
      offerTitle: a.offer?.title ?? null,
      priceAmount: a.priceAmount,
      currency: a.currency,
      createdAt: a.createdAt.toISOString(),
      notifiedAt: a.notifiedAt?.toISOString() ?? null,
      cancelledAt: a.cancelledAt?.toISOString() ?? null,
      state: a.cancelledAt ? ("cancelled" as const) : a.notifiedAt ? ("notified" as const) : ("active" as const),
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["alerts"][number];

export default function ProductAlerts() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const filtered = Boolean(data.filter.kind || data.filter.state || data.filter.email);
  const columns: Column<Row>[] = [
    {
      key: "offer",
      header: t("questions.alerts.offer"),
      primary: true,
      cell: (a) => (
        <span className="cell-stack">
          <Link to={`/product-alerts/${a.id}`} data-testid="alert-link">
            {a.offerTitle ?? a.offerId}
          </Link>
          <span className="subtle">{t(`questions.alerts.kinds.${a.kind}`)}</span>
        </span>
      ),
    },
    { key: "email", header: t("questions.alerts.email"), cell: (a) => <span className="truncate">{a.email}</span> },
    { key: "price", header: t("questions.alerts.priceAtSignUp"), numeric: true, cell: (a) => <Money amount={a.priceAmount} currency={a.currency} /> },
    { key: "created", header: t("questions.alerts.created"), cell: (a) => <DateTime value={a.createdAt} className="nowrap" /> },
    {
      key: "state",
      header: t("questions.alerts.state"),
      badge: true,
      cell: (a) => (
        <span className="cell-stack">
          <StatusBadge status={a.state} label={t(`questions.alerts.states.${a.state}`)} tone={a.state === "active" ? "info" : a.state === "notified" ? "success" : "neutral"} />
          {a.notifiedAt || a.cancelledAt ? (
            <span className="subtle nowrap">
              <DateTime value={a.notifiedAt ?? a.cancelledAt} />
            </span>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <div className="page" data-testid="product-alerts-page">
      <PageHeader title={t("questions.alerts.title")} subtitle={t("questions.alerts.intro")} />
      <Form method="get" className="filters" role="search" aria-label={t("questions.alerts.filtersLabel")}>
        <Field
          className="field--grow"
          label={t("questions.alerts.email")}
          name="email"
          type="search"
          defaultValue={data.filter.email ?? ""}
          maxLength={254}
          autoComplete="off"
        />
        <SelectField
          label={t("questions.alerts.kind")}
          name="kind"
          defaultValue={data.filter.kind ?? ""}
          placeholder={t("common.any")}
          options={ALERT_KINDS.map((value) => ({ value, label: t(`questions.alerts.kinds.${value}`) }))}
        />
        <SelectField
          label={t("questions.alerts.state")}
          name="state"
          defaultValue={data.filter.state ?? ""}
          placeholder={t("common.any")}
          options={STATES.map((value) => ({ value, label: t(`questions.alerts.states.${value}`) }))}
        />
        <FilterActions clearTo={filtered ? "/product-alerts" : null} busy={navigation.state === "loading"} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("questions.alerts.title")}
          columns={columns}
          rows={data.alerts}
          rowKey={(a) => a.id}
          data-testid="alerts-table"
          empty={<EmptyState icon="bell" title={filtered ? t("questions.alerts.noMatches") : t("questions.alerts.none")} body={filtered ? t("common.tryOtherFilters") : undefined} />}
        />
      </Panel>
    </div>
  );
}
