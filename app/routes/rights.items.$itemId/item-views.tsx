import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import {
  Alert,
  Checkbox,
  ConfirmButton,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  Money,
  Panel,
  SelectField,
  SubmitButton,
  TextAreaField,
  Timeline,
  fieldErrors,
  type TimelineItem,
  type TimelineTone,
} from "~/components/ui";
import { AppealBadge, DOCUMENT_ACCEPT, RightFlags, RightsDocuments, RightsFormError, StatementOfReasons, noticeRef } from "~/components/rights/rights-ui";
import type { action, loader, Intent, Failure } from "./route";

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function useFailure(intent: Intent): Failure | undefined {
  const data = useActionData<typeof action>() as Failure | undefined;
  return data && !data.ok && data.intent === intent ? data : undefined;
}

function Facts() {
  const { t } = useTranslation();
  const { item, audience } = useLoaderData<typeof loader>();
  return (
    <Panel title={t("rights.item.facts")} data-testid="facts">
      <DescriptionList
        items={[
          ...(item.notice.holder ? [{ term: t("rights.item.reporter"), value: item.notice.holder.name }] : []),
          {
            term: t("rights.item.notice"),
            value:
              audience === "SELLER" ? (
                noticeRef(item.notice.number)
              ) : (
                <Link to={`/rights/notices/${item.notice.id}#item-${item.number}`}>{noticeRef(item.notice.number)}</Link>
              ),
          },
          { term: t("rights.item.kind"), value: t(`rights.kinds.${item.kind}`) },
          {
            term: t("rights.item.right"),
            value: (
              <span className="cluster cluster--tight">
                <span>
                  {item.right.name} · {t(`rights.rightTypes.${item.right.type}`)}
                  {item.right.registrationNumber ? ` · ${item.right.registrationNumber}` : ""} ({item.right.territory})
                </span>
                <RightFlags contested={item.right.contested} unexamined={item.right.unexamined} />
              </span>
            ),
          },
          { term: t("rights.item.filedAt"), value: <DateTime value={item.filedAt} /> },
          ...(item.explanation !== null ? [{ term: t("rights.item.explanation"), value: <p className="quote">{item.explanation}</p> }] : []),
          ...(item.evidenceUrls.length
            ? [
                {
                  term: t("rights.item.evidenceUrls"),
                  value: (
                    <ul>
                      {item.evidenceUrls.map((url) => (
                        <li key={url}>
                          <a href={url} rel="noopener noreferrer nofollow" target="_blank">
                            {url}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]
            : []),
          ...(item.offer.sellerName ? [{ term: t("rights.item.seller"), value: item.offer.sellerName }] : []),
        ]}
      />
      {audience !== "SELLER" ? (
        <>
          <h3 className="subsection-title">{t("rights.item.documents")}</h3>
          <RightsDocuments documents={item.documents} testId="item-documents" />
        </>
      ) : null}
    </Panel>
  );
}

function OfferSnapshot({
  title,
  description,
  photoRefs,
  amount,
  currency,
  status,
  testId,
  heading,
  when,
}: {
  title: string;
  description: string;
  photoRefs: string[];
  amount: number;
  currency: string;
  status: string;
  testId: string;
  heading: string;
  when?: string;
}) {
  const { t } = useTranslation();
  return (
    <Panel title={heading} subtitle={when ? <DateTime value={when} /> : undefined} data-testid={testId} level={3}>
      <DescriptionList
        items={[
          { term: t("rights.offer.title"), value: title },
          { term: t("rights.offer.price"), value: <Money amount={amount} currency={currency} /> },
          {
            term: t("rights.offer.status"),
            value: (
              <span data-testid={`${testId}-status`} data-status={status}>
                {t(`rights.offerStatus.${status}`, { defaultValue: status })}
              </span>
            ),
          },
          { term: t("rights.offer.photos"), value: photoRefs.length ? <span className="mono">{photoRefs.join(", ")}</span> : "—" },
          { term: t("rights.offer.description"), value: description.trim() ? <p className="quote">{description}</p> : "—" },
        ]}
      />
    </Panel>
  );
}

/** The offer as judged (frozen at the decision) beside the offer as it is now. */
function Offers() {
  const { t } = useTranslation();
  const { item } = useLoaderData<typeof loader>();
  const { offer, evidence } = item;
  const changed =
    evidence &&
    (evidence.title !== offer.title ||
      evidence.description !== offer.description ||
      evidence.price.amount !== offer.priceAmount ||
      evidence.photoRefs.join() !== offer.photoRefs.join());
  return (
    <section className="stack" aria-label={t("rights.offer.compare")}>
      {evidence ? changed ? <Alert tone="warning">{t("rights.offer.changed")}</Alert> : <Alert tone="info">{t("rights.offer.unchanged")}</Alert> : null}
      <div className="grid grid--2">
        {evidence ? (
          <OfferSnapshot
            heading={t("rights.offer.asJudged")}
            when={evidence.capturedAt}
            title={evidence.title}
            description={evidence.description}
            photoRefs={evidence.photoRefs}
            amount={evidence.price.amount}
            currency={evidence.price.currency}
            status={evidence.status}
            testId="offer-judged"
          />
        ) : null}
        <OfferSnapshot
          heading={t("rights.offer.now")}
          title={offer.title}
          description={offer.description}
          photoRefs={offer.photoRefs}
          amount={offer.priceAmount}
          currency={offer.currency}
          status={offer.status}
          testId="offer-now"
        />
      </div>
    </section>
  );
}

function Statements() {
  const { t } = useTranslation();
  const { item, appealLastDay } = useLoaderData<typeof loader>();
  if (!item.statements.length) return null;
  return (
    <Panel title={t("rights.statement.title")} subtitle={t("rights.statement.intro")} data-testid="statements">
      <div className="stack stack--lg">
        {item.statements.map((s) => (
          <StatementOfReasons
            key={s.id}
            body={s.body}
            decision={s.decision}
            createdAt={s.createdAt}
            appealLastDay={s.decision === "TAKE_DOWN" ? appealLastDay : null}
          />
        ))}
      </div>
    </Panel>
  );
}

const TONES: Record<string, TimelineTone> = {
  FILED: "info",
  INFORMATION_REQUESTED: "warning",
  INFORMATION_PROVIDED: "info",
  TAKEN_DOWN: "danger",
  REJECTED: "neutral",
  PUT_ON_HOLD: "warning",
  RELEASED: "info",
  APPEALED: "warning",
  APPEAL_UPHELD: "neutral",
  REINSTATED: "success",
  BUYERS_NOTIFIED: "info",
};

function ItemTimeline() {
  const { t } = useTranslation();
  const { events, audience } = useLoaderData<typeof loader>();
  const actor = (e: Data["events"][number]) => {
    if (e.actorRole === "AGENT" || e.actorRole === "SENIOR_AGENT")
      return audience === "STAFF" ? e.actorName ?? t(`roles.${e.actorRole}`) : t("rights.timeline.platform");
    if (e.actorRole === "REPORTER") return audience === "REPORTER" ? t("rights.timeline.you") : t("rights.timeline.reporter");
    if (e.actorRole === "SELLER") return audience === "SELLER" ? t("rights.timeline.you") : t("rights.timeline.seller");
    return t("rights.timeline.system");
  };
  const items: TimelineItem[] = events.map((e) => {
    const d = e.data as Record<string, unknown>;
    let body: React.ReactNode = e.note ? <p className="quote">{e.note}</p> : undefined;
    if (e.type === "REJECTED" && typeof d.reason === "string")
      body = (
        <>
          <p>{t(`rights.rejectionReasons.${d.reason}`)}</p>
          {body}
        </>
      );
    if (e.type === "APPEALED" && typeof d.reason === "string") body = <p>{t(`rights.counterNoticeReasons.${d.reason}`)}</p>;
    if (e.type === "BUYERS_NOTIFIED") body = t("rights.timeline.buyers", { count: Number(d.buyers ?? 0) });
    return {
      id: e.id,
      at: e.at,
      actor: actor(e),
      kind: "event",
      title: t(`rights.timeline.${e.type}`, { defaultValue: e.type }),
      body,
      tone: TONES[e.type] ?? "neutral",
    };
  });
  return (
    <Panel title={t("rights.timeline.title")} data-testid="timeline">
      {items.length ? <Timeline items={items} /> : <EmptyState compact icon="clock" title={t("rights.timeline.empty")} />}
    </Panel>
  );
}

export function StaffView() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { item, may } = data;
  const open = item.status === "PENDING" || item.status === "INFORMATION_REQUESTED";
  const decideFailure = useFailure("decide");
  return (
    <div className="stack stack--lg">
      {decideFailure?.code === "CONFLICT" ? (
        <Alert tone="danger" title={t("rights.decide.conflictTitle")} data-testid="conflict">
          {t("rights.decide.conflictBody")} <Link to={`/rights/items/${item.id}`}>{t("rights.decide.reload")}</Link>
        </Alert>
      ) : decideFailure && !(decideFailure.code === "VALIDATION_FAILED" && decideFailure.fieldErrors) ? (
        <RightsFormError failure={decideFailure} />
      ) : null}
      {item.needsSenior ? (
        <Alert tone="warning" title={t("rights.item.seniorOnlyTitle")} data-testid="senior-only">
          {may.decideNeedsSenior ? t("rights.item.seniorOnlyBodyAgent") : t("rights.item.seniorOnlyBody")}
        </Alert>
      ) : null}
      {item.status === "ON_HOLD" ? <Alert tone="warning">{t("rights.outcome.onHold")}</Alert> : null}
      {open && may.decide ? <DecisionPanel /> : null}
      {item.appeal?.status === "PENDING" && may.review ? <ReviewPanel /> : null}
      <Outcome />
      <Offers />
      <div className="grid grid--2">
        <Facts />
        <ItemTimeline />
      </div>
      {item.appeal ? <AppealPanel /> : null}
      <Statements />
      {may.flag ? <FlagsPanel /> : null}
    </div>
  );
}

function Outcome() {
  const { t } = useTranslation();
  const { item, audience } = useLoaderData<typeof loader>();
  if (item.status === "REJECTED")
    return (
      <Alert tone="warning" title={t("rights.outcome.rejected")} data-testid="outcome">
        {t("rights.outcome.reason")}: <strong>{t(`rights.rejectionReasons.${item.rejectionReason ?? "OTHER"}`)}</strong>
      </Alert>
    );
  if (item.status === "TAKEN_DOWN")
    return (
      <Alert tone={audience === "SELLER" ? "danger" : "success"} data-testid="outcome">
        {audience === "SELLER" ? t("rights.outcome.sellerTakenDown") : t("rights.outcome.takenDown")} <DateTime value={item.decidedAt} />
      </Alert>
    );
  if (item.status === "REINSTATED")
    return (
      <Alert tone="success" data-testid="outcome">
        {audience === "SELLER" ? t("rights.outcome.sellerReinstated") : t("rights.outcome.reinstated")}
      </Alert>
    );
  return null;
}

function DecisionPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useFailure("decide");
  const { item } = data;
  const version = <input type="hidden" name="expectedVersion" value={item.version} />;
  return (
    <Panel title={t("rights.decide.title")} subtitle={t("rights.decide.intro")} data-testid="decision-panel">
      <div className="grid grid--3">
        <Form method="post" className="stack" data-testid="take-down-form">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="decision" value="TAKE_DOWN" />
          {version}
          <h3 className="subsection-title">{t("rights.decide.takeDown")}</h3>
          <p className="subtle">{t("rights.decide.takeDownHint")}</p>
          <ConfirmButton message={t("rights.decide.takeDownConfirm")} confirmLabel={t("rights.decide.takeDownYes")} data-testid="take-down">
            {t("rights.decide.takeDown")}
          </ConfirmButton>
        </Form>
        <Form method="post" className="stack" noValidate data-testid="reject-form">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="decision" value="REJECT" />
          {version}
          <h3 className="subsection-title">{t("rights.decide.reject")}</h3>
          <SelectField
            label={t("rights.decide.reason")}
            name="reason"
            id="reject-reason"
            placeholder={t("rights.decide.chooseReason")}
            options={data.rejectionReasons.map((value) => ({ value, label: t(`rights.rejectionReasons.${value}`) }))}
            errors={fieldErrors(failed, "reason")}
          />
          <TextAreaField
            label={t("rights.decide.rejectNote")}
            name="note"
            id="reject-note"
            rows={3}
            hint={t("rights.decide.rejectNoteHint")}
            errors={failed && failed.fieldErrors?.reason === undefined ? fieldErrors(failed, "note") : undefined}
          />
          <SubmitButton variant="secondary" name="decision" value="REJECT" data-testid="reject">
            {t("rights.decide.reject")}
          </SubmitButton>
        </Form>
        {item.status === "PENDING" ? (
          <Form method="post" className="stack" noValidate data-testid="request-information-form">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="decision" value="REQUEST_INFORMATION" />
            {version}
            <h3 className="subsection-title">{t("rights.decide.requestInformation")}</h3>
            <TextAreaField label={t("rights.decide.question")} name="note" id="request-note" rows={3} hint={t("rights.decide.questionHint")} />
            <SubmitButton variant="secondary" name="decision" value="REQUEST_INFORMATION">
              {t("rights.decide.requestInformation")}
            </SubmitButton>
          </Form>
        ) : (
          <Alert tone="info">{t("rights.decide.waitingForReporter")}</Alert>
        )}
      </div>
    </Panel>
  );
}

function ReviewPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useFailure("review");
  if (data.decidedByMe) {
    return (
      <Alert tone="warning" title={t("rights.review.notYouTitle")} data-testid="review-not-you">
        {t("rights.review.notYouBody")}
      </Alert>
    );
  }
  return (
    <Panel title={t("rights.review.title")} subtitle={t("rights.review.intro")} data-testid="review-panel">
      {failed ? <RightsFormError failure={failed.code === "VALIDATION_FAILED" ? undefined : failed} /> : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="review" />
        <TextAreaField
          label={t("rights.review.note")}
          name="note"
          id="review-note"
          rows={3}
          hint={t("rights.review.noteHint")}
          errors={fieldErrors(failed, "note")}
        />
        <div className="cluster">
          <SubmitButton name="decision" value="REINSTATE" data-testid="reinstate">
            {t("rights.review.reinstate")}
          </SubmitButton>
          <SubmitButton variant="secondary" name="decision" value="UPHOLD" data-testid="uphold">
            {t("rights.review.uphold")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

function AppealPanel() {
  const { t } = useTranslation();
  const { item, audience } = useLoaderData<typeof loader>();
  const appeal = item.appeal!;
  return (
    <Panel title={t("rights.appeal.title")} actions={<AppealBadge status={appeal.status} />} data-testid="appeal">
      <DescriptionList
        items={[
          { term: t("rights.appeal.filedAt"), value: <DateTime value={appeal.filedAt} /> },
          { term: t("rights.appeal.reason"), value: t(`rights.counterNoticeReasons.${appeal.reason}`) },
          ...(appeal.explanation !== null && audience !== "REPORTER"
            ? [{ term: t("rights.appeal.explanation"), value: <p className="quote">{appeal.explanation}</p> }]
            : []),
          ...(appeal.decidedAt ? [{ term: t("rights.appeal.decidedAt"), value: <DateTime value={appeal.decidedAt} /> }] : []),
        ]}
      />
      {audience !== "REPORTER" ? (
        <>
          <h3 className="subsection-title">{t("rights.appeal.documents")}</h3>
          <RightsDocuments documents={appeal.documents} testId="appeal-documents" />
        </>
      ) : null}
    </Panel>
  );
}

function FlagsPanel() {
  const { t } = useTranslation();
  const { item } = useLoaderData<typeof loader>();
  const failed = useFailure("flags");
  return (
    <Panel title={t("rights.flags.title")} subtitle={t("rights.flags.intro")} data-testid="flags-panel">
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="intent" value="flags" />
        <input type="hidden" name="rightId" value={item.right.id} />
        {failed && !failed.fieldErrors ? <RightsFormError failure={failed} /> : null}
        <Checkbox
          name="contested"
          id="flag-contested"
          defaultChecked={item.right.contested}
          label={t("rights.flags.contested")}
          hint={t("rights.flags.contestedHint")}
        />
        <Checkbox
          name="unexamined"
          id="flag-unexamined"
          defaultChecked={item.right.unexamined}
          label={t("rights.flags.unexamined")}
          hint={t("rights.flags.unexaminedHint")}
        />
        <Field
          type="file"
          accept={DOCUMENT_ACCEPT}
          name="document"
          id="flag-document"
          label={t("rights.flags.document")}
          optional
          errors={fieldErrors(failed, "document")}
        />
        <TextAreaField label={t("rights.flags.note")} name="note" id="flag-note" rows={2} />
        <div className="form-actions">
          <SubmitButton variant="secondary">{t("rights.flags.save")}</SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

export function ReporterView() {
  return (
    <div className="stack stack--lg">
      <Outcome />
      <div className="grid grid--2">
        <Facts />
        <ItemTimeline />
      </div>
    </div>
  );
}

export function SellerView() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { item, may, appealLastDay } = data;
  const failed = useFailure("appeal");
  return (
    <div className="stack stack--lg">
      <Outcome />
      {item.status === "TAKEN_DOWN" && appealLastDay ? (
        <div data-testid="appeal-deadline" data-last-day={appealLastDay} data-open={may.appeal}>
          <Alert tone={may.appeal ? "info" : "warning"}>
            {may.appeal
              ? t("rights.appeal.openUntil", { date: formatDate(appealLastDay, i18n.language) })
              : item.appeal
              ? t("rights.appeal.filed")
              : t("rights.appeal.closed", { date: formatDate(appealLastDay, i18n.language) })}
          </Alert>
        </div>
      ) : null}
      <Statements />
      {may.appeal ? (
        <Panel title={t("rights.appeal.formTitle")} subtitle={t("rights.appeal.formIntro")} data-testid="appeal-form">
          <Form method="post" encType="multipart/form-data" className="stack" noValidate>
            <input type="hidden" name="intent" value="appeal" />
            {failed && (!failed.fieldErrors || failed.code !== "VALIDATION_FAILED") ? <RightsFormError failure={failed} /> : null}
            <SelectField
              label={t("rights.appeal.reason")}
              name="reason"
              id="appeal-reason"
              placeholder={t("rights.appeal.chooseReason")}
              options={data.counterNoticeReasons.map((value) => ({ value, label: t(`rights.counterNoticeReasons.${value}`) }))}
              errors={fieldErrors(failed, "reason")}
            />
            <TextAreaField
              label={t("rights.appeal.explanation")}
              name="explanation"
              id="appeal-explanation"
              rows={5}
              hint={t("rights.appeal.explanationHint")}
              errors={fieldErrors(failed, "explanation")}
            />
            <Field type="file" multiple accept={DOCUMENT_ACCEPT} name="documents" id="appeal-files" label={t("rights.appeal.files")} optional />
            <div className="form-actions">
              <SubmitButton data-testid="send-appeal">{t("rights.appeal.submit")}</SubmitButton>
            </div>
          </Form>
        </Panel>
      ) : null}
      {item.appeal ? <AppealPanel /> : null}
      <Offers />
      <div className="grid grid--2">
        <Facts />
        <ItemTimeline />
      </div>
    </div>
  );
}
