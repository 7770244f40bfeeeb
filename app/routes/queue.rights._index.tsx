import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { listItemQueue } from "~/domain/rights/queries.server";
import { decideItems, type BulkDecisionResult } from "~/domain/rights/items.server";
import { REJECTION_REASONS } from "~/domain/rights/schemas";
import { INFRINGEMENT_KINDS } from "~/domain/rights/statement-of-reasons";
import { cleanText, lastPageUrl, pickOption, readPage, withParams } from "~/components/helpers";
import { readFormData } from "~/infra/form-data.server";
import { Alert, Badge, DataTable, DateTime, EmptyState, Field, Icon, PageHeader, Pagination, Panel, SelectField, StatusBadge, SubmitButton, TextAreaField, useFormatNumber, type Column } from "~/components/ui";
import { RightFlags, RightsFormError, itemRef, noticeRef } from "~/components/rights/rights-ui";
import { RightsQueueTabs } from "~/components/rights/queue-tabs";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "Rights queue · Trust & Safety" }];
const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOr = (value: string | null) => (value && UUID.test(value) ? value : undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "decide", "ipNotice");
  const url = new URL(request.url);
  const params = url.searchParams;
  const filter = {
    rightsHolderId: uuidOr(params.get("reporter")),
    brand: cleanText(params.get("brand")),
    kind: pickOption(params.get("kind"), INFRINGEMENT_KINDS),
    sellerId: uuidOr(params.get("seller")),
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const queue = await loadOr404(() => listItemQueue(ctx, filter, { skip, take }));
  const last = lastPageUrl(url, queue.total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    now: ctx.clock.now().toISOString(),
    filter,
    page,
    pageSize: PAGE_SIZE,
    total: queue.total,
    items: queue.items.map((item) => ({
      id: item.id,
      number: item.number,
      kind: item.kind,
      brand: item.brand,
      priority: item.priority,
      needsSenior: item.needsSenior,
      deadline: item.deadline,
      decisionDueAt: item.decisionDueAt.toISOString(),
      filedAt: item.filedAt.toISOString(),
      offerTitle: item.offer.title,
      rightName: item.right.name,
      rightType: item.right.type,
      contested: item.right.contested,
      unexamined: item.right.unexamined,
      noticeId: item.noticeId,
      noticeNumber: item.notice.number,
      holderName: item.notice.rightsHolder.name,
      rightsHolderId: item.rightsHolderId,
      sellerId: item.sellerId,
    })),
  });
}

type Result = { ok: true; results: BulkDecisionResult[]; action: string } | (ActionFailure & { ok: false });

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "decide", "ipNotice");
  const form = await readFormData(request);
  const itemIds = form.getAll("itemIds").map(String);
  const decision = String(form.get("decision") ?? "");
  const result = await runAction(() =>
    decideItems(ctx, { itemIds, action: decision, reason: String(form.get("reason") ?? "") || undefined, note: String(form.get("note") ?? "") }),
  );
  if (!result.ok) return failure(result);
  return json({ ok: true as const, results: result.result, action: decision });
}

const DEADLINE_TONES = { ok: "success", soon: "warning", due: "danger", paused: "neutral", done: "neutral" } as const;

export default function RightsQueue() {
  const { t } = useTranslation();
  const number = useFormatNumber();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const navigation = useNavigation();
  const { search, pathname } = useLocation();
  const { filter } = data;
  const filtered = !!(filter.rightsHolderId || filter.brand || filter.kind || filter.sellerId);
  type Row = (typeof data.items)[number];
  const columns: Column<Row>[] = [
    {
      key: "select",
      header: t("rights.queue.select"),
      cell: (r) => <input type="checkbox" name="itemIds" value={r.id} form="bulk" aria-label={t("rights.queue.selectItem", { ref: itemRef(r.number) })} data-testid={`select-${r.number}`} />,
    },
    {
      key: "deadline",
      header: t("rights.queue.deadline"),
      cell: (r) => (
        <span className="cell-stack">
          <StatusBadge status={`DEADLINE_${r.deadline}`} label={t(`rights.queue.deadlineStatus.${r.deadline}`)} tone={DEADLINE_TONES[r.deadline as keyof typeof DEADLINE_TONES] ?? "neutral"} />
          <span className="subtle">
            <DateTime value={r.decisionDueAt} />
          </span>
        </span>
      ),
    },
    {
      key: "item",
      header: t("rights.queue.item"),
      primary: true,
      cell: (r) => (
        <span className="cell-stack">
          <span className="cluster cluster--tight">
            <Link to={`/rights/items/${r.id}`} className="cell-primary">
              {itemRef(r.number)}
            </Link>
            {r.priority ? <Badge tone="success">{t("rights.standing.trusted")}</Badge> : null}
            {r.needsSenior ? <Badge tone="warning">{t("rights.queue.seniorOnly")}</Badge> : null}
          </span>
          <span className="subtle">{r.offerTitle}</span>
        </span>
      ),
    },
    {
      key: "kind",
      header: t("rights.item.kind"),
      cell: (r) => (
        <span className="cell-stack">
          <span>{t(`rights.kinds.${r.kind}`)}</span>
          <span className="subtle cluster cluster--tight">
            {r.rightName} <RightFlags contested={r.contested} unexamined={r.unexamined} />
          </span>
        </span>
      ),
    },
    {
      key: "reporter",
      header: t("rights.queue.reporter"),
      cell: (r) => (
        <span className="cell-stack">
          <Link to={pathname + withParams(search, { reporter: r.rightsHolderId, page: null })}>{r.holderName}</Link>
          <Link to={`/rights/notices/${r.noticeId}`} className="subtle">
            {noticeRef(r.noticeNumber)}
          </Link>
        </span>
      ),
    },
    {
      key: "brand",
      header: t("rights.queue.brand"),
      cell: (r) => (r.brand ? <Link to={pathname + withParams(search, { brand: r.brand, page: null })}>{r.brand}</Link> : "—"),
    },
    {
      key: "seller",
      header: t("rights.queue.seller"),
      cell: (r) => <Link to={pathname + withParams(search, { seller: r.sellerId, page: null })}>{t("rights.queue.sameSeller")}</Link>,
    },
    { key: "filed", header: t("rights.item.filedAt"), cell: (r) => <DateTime value={r.filedAt} /> },
  ];
  const failedResult = result && !result.ok ? result : undefined;
  const done = result && result.ok ? result : undefined;
  return (
    <div className="page rights-page" data-testid="rights-queue">
      <PageHeader title={t("rights.queue.title")} subtitle={t("rights.queue.intro")} meta={<span data-testid="queue-count">{t("rights.queue.count", { count: typeof data.total === "number" ? data.total : data.total.count, value: number(data.total) })}</span>} />
      <RightsQueueTabs />
      {done ? (
        <Alert tone={done.results.every((r) => r.ok) ? "success" : "warning"} title={t("rights.queue.bulkDone", { ok: done.results.filter((r) => r.ok).length, total: done.results.length })} data-testid="bulk-result">
          {done.results.some((r) => !r.ok) ? (
            <ul>
              {done.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.itemId}>{t(`errors.${r.error?.code}`, { defaultValue: r.error?.message })}</li>
                ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={t("rights.queue.filters")}>
        {filter.rightsHolderId ? <input type="hidden" name="reporter" value={filter.rightsHolderId} /> : null}
        {filter.sellerId ? <input type="hidden" name="seller" value={filter.sellerId} /> : null}
        <Field label={t("rights.queue.brand")} name="brand" defaultValue={filter.brand ?? ""} />
        <SelectField
          label={t("rights.item.kind")}
          name="kind"
          defaultValue={filter.kind ?? ""}
          placeholder={t("common.any")}
          options={INFRINGEMENT_KINDS.map((value) => ({ value, label: t(`rights.kinds.${value}`) }))}
        />
        <div className="filters__actions">
          <button type="submit" className="button button--primary button--sm" disabled={navigation.state === "loading"}>
            <Icon name="search" />
            {t("common.filter")}
          </button>
          {filtered ? (
            <Link to="/queue/rights" className="button button--ghost button--sm">
              {t("common.clear")}
            </Link>
          ) : null}
        </div>
        {filter.rightsHolderId || filter.sellerId ? (
          <p className="subtle">
            {filter.rightsHolderId ? t("rights.queue.filteredReporter") : null} {filter.sellerId ? t("rights.queue.filteredSeller") : null}
          </p>
        ) : null}
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("rights.queue.title")}
          columns={columns}
          rows={data.items}
          rowKey={(r) => r.id}
          dense
          rowClassName={(r) => (r.deadline === "due" ? "is-breached" : r.deadline === "soon" ? "is-soon" : undefined)}
          data-testid="item-queue"
          empty={<EmptyState icon="shieldCheck" title={filtered ? t("rights.queue.noMatches") : t("rights.queue.empty")} body={filtered ? t("common.tryOtherFilters") : undefined} />}
        />
      </Panel>
      {data.items.length ? (
        <Panel title={t("rights.queue.bulkTitle")} subtitle={t("rights.queue.bulkIntro")} data-testid="bulk">
          <Form method="post" id="bulk" className="stack" noValidate>
            <RightsFormError failure={failedResult} />
            <div className="form-grid">
              <SelectField
                label={t("rights.queue.bulkAction")}
                name="decision"
                id="bulk-decision"
                defaultValue="TAKE_DOWN"
                options={["TAKE_DOWN", "REJECT", "REQUEST_INFORMATION"].map((value) => ({ value, label: t(`rights.decide.actions.${value}`) }))}
              />
              <SelectField
                label={t("rights.decide.reason")}
                name="reason"
                id="bulk-reason"
                placeholder={t("rights.queue.reasonForReject")}
                options={REJECTION_REASONS.map((value) => ({ value, label: t(`rights.rejectionReasons.${value}`) }))}
                errors={failedResult?.fieldErrors?.reason}
              />
            </div>
            <TextAreaField label={t("rights.queue.bulkNote")} name="note" id="bulk-note" rows={2} errors={failedResult?.fieldErrors?.note} />
            <div className="form-actions">
              <SubmitButton data-testid="bulk-submit">{t("rights.queue.bulkSubmit")}</SubmitButton>
            </div>
          </Form>
        </Panel>
      ) : null}
    </div>
  );
}
