import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { canAny } from "~/domain/identity/actor";
import { listQuestions } from "~/domain/storefront/questions.server";
import { cancelProductAlert, myProductAlerts } from "~/domain/storefront/alerts.server";
import { QUESTION_KINDS, QUESTION_STATUSES } from "~/domain/storefront/questions-schemas";
import { lastPageUrl, pickOption, readPage } from "~/components/helpers";
import { Alert, DataTable, DateTime, EmptyState, Money, PageHeader, Pagination, Panel, SelectField, StatusBadge, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";
import { FormFailure } from "~/components/storefront/questions-ui";

// Questions: customer service sees every contact ticket and product question; a seller the questions
// about their own offers (and those they asked); a customer their own questions with the answers, and
// their product alerts (to cancel).

export const meta: MetaFunction = () => [{ title: "Questions · Trust & Safety" }];

const PAGE_SIZE = 25;
const SIDES = ["asked", "received"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requirePermission(request, context, "read", "question");
  const url = new URL(request.url);
  const params = url.searchParams;
  const seller = user.roles.includes("SELLER");
  const filter = {
    kind: pickOption(params.get("kind"), QUESTION_KINDS),
    status: pickOption(params.get("status"), QUESTION_STATUSES),
    side: seller ? pickOption(params.get("side"), SIDES) : undefined,
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const { total, staff, questions } = await loadOr404(() => listQuestions(ctx, filter, { skip, take }));
  const last = lastPageUrl(url, total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  // Customer service works tickets here; everyone else also finds their own product alerts.
  const alerts = staff ? [] : await myProductAlerts(ctx);
  return json({
    filter,
    page,
    pageSize: PAGE_SIZE,
    total,
    staff,
    seller,
    canReadAlerts: canAny(actor, "read", "productAlert"),
    cancelled: params.get("cancelled") === "1",
    questions: questions.map((q) => ({
      id: q.id,
      reference: q.reference,
      kind: q.kind,
      status: q.status,
      subject: q.subject,
      name: q.name,
      email: q.email,
      guest: q.userId === null,
      offerId: q.offerId,
      offerTitle: q.offerTitle,
      createdAt: q.createdAt.toISOString(),
      mine: q.mine,
      aboutMyOffer: q.aboutMyOffer,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      email: a.email,
      offerId: a.offerId,
      offerTitle: a.offer?.title ?? null,
      priceAmount: a.priceAmount,
      currency: a.currency,
      createdAt: a.createdAt.toISOString(),
      state: a.cancelledAt ? ("cancelled" as const) : a.notifiedAt ? ("notified" as const) : ("active" as const),
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const form = await readFormData(request);
  const result = await runAction(() => cancelProductAlert(ctx, String(form.get("alertId") ?? "")));
  if (result.ok) return redirect("/questions?cancelled=1");
  return failure(result);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["questions"][number];
type AlertRow = ReturnType<typeof useLoaderData<typeof loader>>["alerts"][number];

export default function Questions() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ActionFailure | undefined;
  const navigation = useNavigation();
  const filtered = Boolean(data.filter.kind || data.filter.status || data.filter.side);
  const intro = data.staff ? t("questions.list.introStaff") : data.seller ? t("questions.list.introSeller") : t("questions.list.introCustomer");

  const columns: Column<Row>[] = [
    {
      key: "question",
      header: t("questions.list.question"),
      primary: true,
      cell: (q) => (
        <span className="cell-stack">
          <Link to={`/questions/${q.id}`} data-testid="question-link">
            {q.subject}
          </Link>
          <span className="subtle">
            <span className="mono">{q.reference}</span>
            {q.offerTitle && q.kind === "PRODUCT" && q.offerTitle !== q.subject ? ` · ${q.offerTitle}` : ""}
            {!data.staff && data.seller && q.mine ? ` · ${t("questions.list.yourQuestion")}` : ""}
          </span>
        </span>
      ),
    },
    { key: "kind", header: t("questions.list.kind"), cell: (q) => t(`questions.kinds.${q.kind}`) },
    ...(data.staff || data.seller
      ? [
          {
            key: "asker",
            header: t("questions.list.askedBy"),
            cell: (q: Row) => (
              <span className="cell-stack">
                <span>
                  {q.name}
                  {q.guest ? <span className="muted"> ({t("questions.list.guest")})</span> : null}
                </span>
                {q.email ? <span className="subtle truncate">{q.email}</span> : null}
              </span>
            ),
          },
        ]
      : []),
    { key: "received", header: t("questions.list.received"), cell: (q) => <DateTime value={q.createdAt} className="nowrap" /> },
    {
      key: "status",
      header: t("questions.list.status"),
      badge: true,
      cell: (q) => <StatusBadge status={q.status} ns="questions.statuses" tone={q.status === "OPEN" ? "warning" : q.status === "ANSWERED" ? "success" : "neutral"} />,
    },
  ];

  const alertColumns: Column<AlertRow>[] = [
    {
      key: "offer",
      header: t("questions.alerts.offer"),
      primary: true,
      cell: (a) => (
        <span className="cell-stack">
          <Link to={`/shop/offers/${a.offerId}`}>{a.offerTitle ?? a.offerId}</Link>
          <span className="subtle">{a.email}</span>
        </span>
      ),
    },
    { key: "kind", header: t("questions.alerts.kind"), cell: (a) => t(`questions.alerts.kinds.${a.kind}`) },
    { key: "price", header: t("questions.alerts.priceAtSignUp"), numeric: true, cell: (a) => <Money amount={a.priceAmount} currency={a.currency} /> },
    { key: "created", header: t("questions.alerts.created"), cell: (a) => <DateTime value={a.createdAt} className="nowrap" /> },
    {
      key: "state",
      header: t("questions.alerts.state"),
      badge: true,
      cell: (a) => <StatusBadge status={a.state} label={t(`questions.alerts.states.${a.state}`)} tone={a.state === "active" ? "info" : "neutral"} />,
    },
    {
      key: "actions",
      header: "",
      actions: true,
      cell: (a) =>
        a.state === "active" ? (
          <Form method="post">
            <input type="hidden" name="alertId" value={a.id} />
            {/* Cancelling is undone by signing up again: one click, no confirmation step. */}
            <button type="submit" className="button button--secondary button--sm" data-testid="cancel-alert">
              {t("questions.alerts.cancel")}
            </button>
          </Form>
        ) : null,
    },
  ];

  return (
    <div className="page" data-testid="questions-page">
      <PageHeader
        title={t("questions.list.title")}
        subtitle={intro}
        actions={
          data.canReadAlerts ? (
            <Link to="/product-alerts" className="button button--secondary button--sm">
              {t("nav.productAlerts")}
            </Link>
          ) : !data.staff ? (
            <Link to="/contact" className="button button--secondary button--sm">
              {t("questions.list.contactUs")}
            </Link>
          ) : null
        }
      />
      {data.cancelled ? <Alert tone="success">{t("questions.alerts.cancelledNotice")}</Alert> : null}
      <FormFailure failure={failed} />
      <Form method="get" className="filters" role="search" aria-label={t("questions.list.filtersLabel")}>
        <SelectField
          label={t("questions.list.kind")}
          name="kind"
          defaultValue={data.filter.kind ?? ""}
          placeholder={t("common.any")}
          options={QUESTION_KINDS.map((value) => ({ value, label: t(`questions.kinds.${value}`) }))}
        />
        <SelectField
          label={t("questions.list.status")}
          name="status"
          defaultValue={data.filter.status ?? ""}
          placeholder={t("common.any")}
          options={QUESTION_STATUSES.map((value) => ({ value, label: t(`questions.statuses.${value}`) }))}
        />
        {data.seller && !data.staff ? (
          <SelectField
            label={t("questions.list.side")}
            name="side"
            defaultValue={data.filter.side ?? ""}
            placeholder={t("common.any")}
            options={[
              { value: "received", label: t("questions.list.sideReceived") },
              { value: "asked", label: t("questions.list.sideAsked") },
            ]}
          />
        ) : null}
        <FilterActions clearTo={filtered ? "/questions" : null} busy={navigation.state === "loading"} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("questions.list.title")}
          columns={columns}
          rows={data.questions}
          rowKey={(q) => q.id}
          data-testid="questions-table"
          empty={
            <EmptyState
              icon="message"
              title={filtered ? t("questions.list.noMatches") : data.staff || data.seller ? t("questions.list.none") : t("questions.list.noneCustomer")}
              body={filtered ? t("common.tryOtherFilters") : undefined}
              action={
                filtered ? (
                  <Link to="/questions" className="button button--secondary button--sm">
                    {t("common.clearFilters")}
                  </Link>
                ) : null
              }
            />
          }
        />
      </Panel>
      {!data.staff ? (
        <Panel title={t("questions.alerts.mine")} flush data-testid="my-alerts">
          <DataTable
            caption={t("questions.alerts.mine")}
            columns={alertColumns}
            rows={data.alerts}
            rowKey={(a) => a.id}
            empty={<EmptyState compact icon="bell" title={t("questions.alerts.mineNone")} />}
          />
        </Panel>
      ) : null}
    </div>
  );
}
