import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { getNotice } from "~/domain/rights/queries.server";
import { provideInformation } from "~/domain/rights/items.server";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { Alert, Badge, DateTime, DescriptionList, Field, PageHeader, Panel, SubmitButton, TextAreaField, fieldErrors } from "~/components/ui";
import { AppealBadge, DOCUMENT_ACCEPT, ItemStatusBadge, RightsFormError, itemRef, noticeRef } from "~/components/rights/rights-ui";
import { staffConsentPanel } from "~/components/consents/consent-records.server";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? noticeRef(data.notice.number) : "Notice"} · Trust & Safety` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const view = await loadOr404(() => getNotice(ctx, params.noticeId ?? ""));
  const { notice, items, audience } = view;
  const consents = audience === "STAFF" ? await staffConsentPanel(ctx, actor, "IP_NOTICE", notice.id) : null;
  return json({
    audience,
    consents,
    now: ctx.clock.now().toISOString(),
    notice: {
      id: notice.id,
      number: notice.number,
      filedAt: notice.filedAt.toISOString(),
      itemCount: notice.itemCount,
      trustedAtFiling: notice.trustedAtFiling,
      clientReference: notice.clientReference,
      holder: notice.rightsHolder,
    },
    items: items.map((item) => ({
      id: item.id,
      number: item.number,
      status: item.status,
      kind: item.kind,
      offerId: item.offerId,
      offerTitle: item.offer.title,
      offerStatus: item.offer.status,
      right: item.right,
      decisionDueAt: item.decisionDueAt.toISOString(),
      decidedAt: item.decidedAt?.toISOString() ?? null,
      rejectionReason: item.rejectionReason,
      latestNote: item.latestNote,
      needsSenior: item.needsSenior,
      appeal: item.appeal ? { status: item.appeal.status, filedAt: item.appeal.filedAt.toISOString() } : null,
    })),
  });
}

type Failure = ActionFailure & { itemId?: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(parsed.failure);
  const form = parsed.form;
  const itemId = String(form.get("itemId") ?? "");
  const files = await documentsFrom(form);
  const result = await runAction(() => provideInformation(ctx, { itemId, note: String(form.get("note") ?? ""), files }));
  if (result.ok) return redirect(`/rights/notices/${params.noticeId}?answered=1`);
  return failure(Object.assign(result, { itemId }));
}

export default function NoticePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { notice } = data;
  const staff = data.audience === "STAFF";
  return (
    <div className="page rights-page" data-testid="notice-page">
      <PageHeader
        breadcrumbs={[staff ? { to: "/queue/rights", label: t("nav.rightsQueue") } : { to: "/rights", label: t("rights.home.title") }]}
        title={t("rights.notice.title", { ref: noticeRef(notice.number) })}
        subtitle={notice.holder.name}
        meta={
          <>
            <span>
              {t("rights.notice.filedAt")} <DateTime value={notice.filedAt} />
            </span>
            {notice.trustedAtFiling ? <Badge tone="success">{t("rights.standing.trusted")}</Badge> : null}
          </>
        }
      />
      {params.get("receipt") ? <Receipt /> : null}
      {params.get("answered") ? <Alert tone="success">{t("rights.notice.answered")}</Alert> : null}
      <div className="stack" data-testid="notice-items">
        {data.items.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
      </div>
      {data.consents ? <ConsentRecordsPanel title={t("consentViews.panels.case")} records={data.consents} collapsed data-testid="case-consents" /> : null}
    </div>
  );
}

function Receipt() {
  const { t } = useTranslation();
  const { notice, items } = useLoaderData<typeof loader>();
  return (
    <Alert tone="success" title={t("rights.notice.receiptTitle", { ref: noticeRef(notice.number) })} data-testid="receipt">
      <p>{t("rights.notice.receiptBody", { count: notice.itemCount })}</p>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a href={`#item-${item.number}`}>{itemRef(item.number)}</a> — {item.offerTitle} · {t("rights.notice.decisionBy")} <DateTime value={item.decisionDueAt} />
          </li>
        ))}
      </ul>
    </Alert>
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function ItemCard({ item }: { item: Item }) {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure | undefined;
  const mine = failed && !failed.ok && failed.itemId === item.id ? failed : undefined;
  const open = ["PENDING", "INFORMATION_REQUESTED", "ON_HOLD"].includes(item.status);
  return (
    <Panel
      id={`item-${item.number}`}
      data-testid={`item-${item.number}`}
      title={
        <span className="cluster">
          <Link to={`/rights/items/${item.id}`}>{itemRef(item.number)}</Link>
          <span>{item.offerTitle}</span>
        </span>
      }
      actions={
        <span className="cluster cluster--tight" data-status={item.status} data-testid="item-status">
          <ItemStatusBadge status={item.status} />
          {item.appeal ? <AppealBadge status={item.appeal.status} /> : null}
        </span>
      }
    >
      <DescriptionList
        variant="columns"
        items={[
          { term: t("rights.item.kind"), value: t(`rights.kinds.${item.kind}`) },
          { term: t("rights.item.right"), value: `${item.right.name} · ${t(`rights.rightTypes.${item.right.type}`)}${item.right.registrationNumber ? ` · ${item.right.registrationNumber}` : ""}` },
          { term: t("rights.item.offer"), value: <span className="mono">{item.offerId}</span> },
          open
            ? { term: t("rights.notice.decisionDue"), value: item.status === "PENDING" ? <DateTime value={item.decisionDueAt} /> : t("rights.notice.clockPaused") }
            : { term: t("rights.item.decidedAt"), value: <DateTime value={item.decidedAt} /> },
        ]}
      />
      <Outcome item={item} />
      {item.status === "INFORMATION_REQUESTED" && data.audience === "REPORTER" ? (
        <Form method="post" encType="multipart/form-data" className="stack" noValidate data-testid={`answer-${item.number}`}>
          <input type="hidden" name="itemId" value={item.id} />
          <RightsFormError failure={mine && !mine.fieldErrors ? mine : undefined} />
          <TextAreaField label={t("rights.notice.answer")} name="note" id={`answer-${item.number}-note`} rows={3} errors={fieldErrors(mine, "note")} />
          <Field type="file" multiple accept={DOCUMENT_ACCEPT} name="documents" id={`answer-${item.number}-files`} label={t("rights.notice.answerFiles")} optional />
          <div className="form-actions">
            <SubmitButton>{t("rights.notice.sendAnswer")}</SubmitButton>
          </div>
        </Form>
      ) : null}
    </Panel>
  );
}

function Outcome({ item }: { item: Item }) {
  const { t } = useTranslation();
  switch (item.status) {
    case "TAKEN_DOWN":
      return (
        <Alert tone="success" data-testid="outcome">
          {item.appeal?.status === "PENDING" ? t("rights.outcome.takenDownAppealed") : t("rights.outcome.takenDown")}
        </Alert>
      );
    case "REJECTED":
      return (
        <Alert tone="warning" title={t("rights.outcome.rejected")} data-testid="outcome">
          <p>
            {t("rights.outcome.reason")}: <strong data-testid="rejection-reason">{t(`rights.rejectionReasons.${item.rejectionReason ?? "OTHER"}`)}</strong>
          </p>
          {item.latestNote ? <p className="quote" data-testid="agent-note">{item.latestNote}</p> : null}
        </Alert>
      );
    case "REINSTATED":
      return (
        <Alert tone="info" data-testid="outcome">
          {t("rights.outcome.reinstated")}
        </Alert>
      );
    case "INFORMATION_REQUESTED":
      return (
        <Alert tone="warning" title={t("rights.outcome.informationRequested")} data-testid="outcome">
          {item.latestNote ? <p className="quote">{item.latestNote}</p> : null}
        </Alert>
      );
    case "ON_HOLD":
      return <Alert tone="warning">{t("rights.outcome.onHold")}</Alert>;
    default:
      return null;
  }
}
