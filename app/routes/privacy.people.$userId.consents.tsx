import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { CONSENT_FORMS } from "~/domain/consents/positions";
import { consentHistory } from "~/domain/consents/queries.server";
import { consentPerson } from "~/domain/consents/staff-views.server";
import { lastPageUrl, pickOption, readPage } from "~/components/helpers";
import { EmptyState, PageHeader, Pagination, Panel, SelectField } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";
import { ConsentRecords } from "~/components/consents/consent-records";
import { consentRecordRows } from "~/components/consents/consent-records.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? "Consents"} · Consents · Trust & Safety` }];

const PAGE_SIZE = 50;
const FORMS = [...CONSENT_FORMS, "PRIVACY_SETTINGS"] as const;
const CHOICES = ["ACCEPTED", "DECLINED", "DISPLAYED", "WITHDRAWN"] as const;

/** A person's consent history as staff read it: every record, newest first, with where it came from. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const person = await loadOr404(() => consentPerson(ctx, params.userId ?? ""));
  const url = new URL(request.url);
  const filter = { form: pickOption(url.searchParams.get("form"), FORMS), choice: pickOption(url.searchParams.get("choice"), CHOICES) };
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const history = await loadOr404(() => consentHistory(ctx, person.id, { skip, take }, filter));
  const last = lastPageUrl(url, history.total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    person,
    filter,
    records: consentRecordRows(history.records),
    total: history.total,
    page,
    pageSize: PAGE_SIZE,
    canOpenAccount: canAny(actor, "read", "user") || canAny(actor, "manage", "user"),
  });
}

export default function PersonConsents() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const base = `/privacy/people/${data.person.id}/consents`;
  const filtered = Boolean(data.filter.form || data.filter.choice);
  return (
    <div className="page" data-testid="person-consents">
      <PageHeader
        breadcrumbs={data.canOpenAccount ? [{ to: `/admin/users/${data.person.id}`, label: data.person.name }] : undefined}
        title={t("consentViews.staff.title", { name: data.person.name })}
        subtitle={t("consentViews.staff.intro")}
        meta={<span data-testid="person-email">{data.person.email}</span>}
      />
      <Form method="get" className="filters" role="search" aria-label={t("consentViews.staff.filters")}>
        <SelectField
          label={t("consentViews.records.form")}
          name="form"
          defaultValue={data.filter.form ?? ""}
          placeholder={t("common.any")}
          options={FORMS.map((value) => ({ value, label: t(`privacy.forms.${value}`) }))}
        />
        <SelectField
          label={t("consentViews.staff.choice")}
          name="choice"
          defaultValue={data.filter.choice ?? ""}
          placeholder={t("common.any")}
          options={CHOICES.map((value) => ({ value, label: t(`privacy.choices.${value}`) }))}
        />
        <FilterActions label={t("consentViews.staff.apply")} clearTo={filtered ? base : null} />
      </Form>
      <Panel footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        {data.records.length ? (
          <ConsentRecords records={data.records} showEvidence label={t("consentViews.staff.title", { name: data.person.name })} />
        ) : (
          <EmptyState
            compact
            icon="shieldCheck"
            title={t("consentViews.records.empty")}
            body={filtered ? t("common.tryOtherFilters") : undefined}
            action={
              filtered ? (
                <Link to={base} className="button button--secondary button--sm">
                  {t("common.clearFilters")}
                </Link>
              ) : null
            }
          />
        )}
      </Panel>
    </div>
  );
}
