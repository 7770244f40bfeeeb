import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { listNewsletterSubscribers } from "~/domain/consents/staff-views.server";
import { NEWSLETTER_SEARCH_MAX, NEWSLETTER_SEARCH_MIN, NEWSLETTER_STATUSES } from "~/domain/consents/newsletter-filter";
import { cleanText, lastPageUrl, pickOption, readPage } from "~/components/helpers";
import { Alert, DataTable, DateTime, EmptyState, Field, PageHeader, Pagination, Panel, SelectField, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";
import { NewsletterStatus } from "~/components/consents/newsletter-status";

export const meta: MetaFunction = () => [{ title: "Newsletter address list · Trust & Safety" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const url = new URL(request.url);
  const filter = {
    search: cleanText(url.searchParams.get("q"), NEWSLETTER_SEARCH_MAX),
    status: pickOption(url.searchParams.get("status"), NEWSLETTER_STATUSES),
  };
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const { total, subscribers, searchTooShort } = await loadOr404(() => listNewsletterSubscribers(ctx, filter, { skip, take }));
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    filter,
    searchTooShort,
    total,
    page,
    pageSize: PAGE_SIZE,
    subscribers: subscribers.map((s) => ({
      id: s.id,
      email: s.email,
      hasAccount: s.userId !== null,
      locale: s.locale,
      subscribedAt: new Date(s.subscribedAt).toISOString(),
      unsubscribedAt: s.unsubscribedAt ? new Date(s.unsubscribedAt).toISOString() : null,
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["subscribers"][number];

export default function NewsletterList() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const filtered = Boolean(data.filter.search || data.filter.status);
  const columns: Column<Row>[] = [
    {
      key: "email",
      header: t("consentViews.newsletter.email"),
      primary: true,
      cell: (s) => (
        <span className="cell-stack">
          <Link to={`/privacy/newsletter/${s.id}`} className="newsletter-email">
            {s.email}
          </Link>
          {s.hasAccount ? <span className="subtle">{t("consentViews.newsletter.hasAccount")}</span> : null}
        </span>
      ),
    },
    { key: "subscribed", header: t("consentViews.newsletter.subscribedAt"), cell: (s) => <DateTime value={s.subscribedAt} /> },
    {
      key: "unsubscribed",
      header: t("consentViews.newsletter.unsubscribedAt"),
      cell: (s) => (s.unsubscribedAt ? <DateTime value={s.unsubscribedAt} /> : <span className="muted">—</span>),
    },
    { key: "locale", header: t("consentViews.newsletter.locale"), cell: (s) => s.locale.toUpperCase() },
    {
      key: "status",
      header: t("consentViews.newsletter.status"),
      badge: true,
      cell: (s) => <NewsletterStatus unsubscribed={!!s.unsubscribedAt} />,
    },
  ];
  return (
    <div className="page" data-testid="newsletter-list">
      <PageHeader title={t("consentViews.newsletter.title")} subtitle={t("consentViews.newsletter.intro")} />
      <Form method="get" className="filters" role="search" aria-label={t("consentViews.newsletter.filters")}>
        <Field
          className="field--grow"
          label={t("consentViews.newsletter.searchLabel")}
          name="q"
          type="search"
          defaultValue={data.filter.search ?? ""}
          placeholder={t("consentViews.newsletter.searchPlaceholder")}
          hint={t("consentViews.newsletter.searchHint", { min: NEWSLETTER_SEARCH_MIN })}
          maxLength={NEWSLETTER_SEARCH_MAX}
          autoComplete="off"
        />
        <SelectField
          label={t("consentViews.newsletter.status")}
          name="status"
          defaultValue={data.filter.status ?? ""}
          placeholder={t("common.any")}
          options={NEWSLETTER_STATUSES.map((value) => ({ value, label: t(`consentViews.newsletter.${value}`) }))}
        />
        <FilterActions clearTo={filtered ? "/privacy/newsletter" : null} />
      </Form>
      {data.searchTooShort ? (
        <Alert tone="warning" data-testid="search-too-short">
          {t("consentViews.newsletter.searchTooShort", { min: NEWSLETTER_SEARCH_MIN })}
        </Alert>
      ) : null}
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("consentViews.newsletter.title")}
          columns={columns}
          rows={data.subscribers}
          rowKey={(s) => s.id}
          data-testid="newsletter-table"
          empty={
            <EmptyState
              icon="inbox"
              title={t("consentViews.newsletter.empty")}
              body={filtered ? t("common.tryOtherFilters") : undefined}
              action={
                filtered ? (
                  <Link to="/privacy/newsletter" className="button button--secondary button--sm">
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
