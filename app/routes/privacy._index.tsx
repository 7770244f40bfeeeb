import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requireUser, runAction } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { consentHistory, myConsents } from "~/domain/consents/queries.server";
import { withdrawConsent } from "~/domain/consents/withdraw.server";
import { ownOrderNumbers } from "~/domain/consents/staff-views.server";
import { lastPageUrl, readPage } from "~/components/helpers";
import { Alert, ConfirmButton, DateTime, EmptyState, FormError, PageHeader, Pagination, Panel } from "~/components/ui";
import { ClauseWording, ConsentChoiceBadge, ConsentRecords, ContentHash } from "~/components/consents/consent-records";
import { consentRecordRows } from "~/components/consents/consent-records.server";

export const meta: MetaFunction = () => [{ title: "Privacy · Trust & Safety" }];

const PAGE_SIZE = 25;

/** The sections of the page, in order, and the subjects each holds. */
const GROUPS = [
  { key: "account", subjects: ["CUSTOMER"] },
  { key: "orders", subjects: ["ORDER"] },
  { key: "newsletter", subjects: ["NEWSLETTER"] },
  { key: "alerts", subjects: ["PRODUCT_ALERT"] },
  { key: "questions", subjects: ["QUESTION"] },
  { key: "cases", subjects: ["DISCUSSION", "CLAIM", "IP_NOTICE"] },
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await requireUser(request, context);
  const url = new URL(request.url);
  const { page, skip, take } = readPage(url.searchParams, PAGE_SIZE);
  const [standing, history] = await Promise.all([loadOr404(() => myConsents(ctx)), loadOr404(() => consentHistory(ctx, user.id, { skip, take }))]);
  const last = lastPageUrl(url, history.total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  const orderNumbers = await ownOrderNumbers(ctx, [...new Set(standing.filter((r) => r.subjectType === "ORDER").map((r) => r.subjectId))]);
  return json({
    orderNumbers,
    standing: standing.map((r) => ({
      id: r.id,
      clauseId: r.clauseId,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      position: r.position,
      clauseType: r.clauseType,
      choice: r.choice,
      form: r.form,
      at: r.at.toISOString(),
      withdrawable: r.withdrawable,
      clauseVersion: { version: r.clauseVersion.version, content: r.clauseVersion.content, contentHash: r.clauseVersion.contentHash },
    })),
    history: consentRecordRows(history.records),
    total: history.total,
    page,
    pageSize: PAGE_SIZE,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const form = await readFormData(request);
  const input = { subjectType: String(form.get("subjectType") ?? ""), subjectId: String(form.get("subjectId") ?? ""), clauseId: String(form.get("clauseId") ?? "") };
  const result = await runAction(() => withdrawConsent(ctx, input));
  if (!result.ok) return failure(Object.assign(result, { recordId: String(form.get("recordId") ?? "") }));
  return redirect("/privacy?withdrawn=1");
}

type Standing = ReturnType<typeof useLoaderData<typeof loader>>["standing"][number];

/** The records of a group by what they belong to (one order, one alert…), the most recent first. */
function bySubject(records: Standing[]) {
  const subjects = new Map<string, { id: string; type: string; records: Standing[] }>();
  for (const record of records) {
    const subject = subjects.get(record.subjectId) ?? { id: record.subjectId, type: record.subjectType, records: [] };
    subject.records.push(record);
    subjects.set(record.subjectId, subject);
  }
  return [...subjects.values()];
}

export default function PrivacyPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const failed = useActionData<typeof action>();
  const groups = GROUPS.map((group) => ({
    key: group.key,
    records: data.standing.filter((r) => (group.subjects as readonly string[]).includes(r.subjectType)),
  })).filter((group) => group.records.length > 0);
  return (
    <div className="page privacy-page" data-testid="privacy-page">
      <PageHeader title={t("consentViews.mine.title")} subtitle={t("consentViews.mine.intro")} />
      {params.get("withdrawn") && !failed ? (
        <Alert tone="success" data-testid="consent-withdrawn">
          {t("consentViews.mine.withdrawn")}
        </Alert>
      ) : null}
      {failed && !failed.ok ? <FormError failure={failed} /> : null}
      <Panel title={t("consentViews.mine.standing")} subtitle={t("consentViews.mine.standingIntro")} data-testid="my-consents">
        {groups.length ? (
          <div className="stack">
            {groups.map((group) => (
              <section key={group.key} className="consent-group" aria-labelledby={`consent-group-${group.key}`} data-testid={`consent-group-${group.key}`}>
                <h3 className="subsection-title" id={`consent-group-${group.key}`}>
                  {t(`consentViews.mine.groups.${group.key}`)}
                </h3>
                {bySubject(group.records).map((subject) => (
                  <div key={subject.id} className="consent-subject">
                    {group.key !== "account" && group.key !== "newsletter" ? (
                      <h4 className="consent-subject__title">
                        {subject.type === "ORDER" ? (
                          <Link to={`/orders/${subject.id}`}>
                            {t("consentViews.mine.orderNumber", { number: data.orderNumbers[subject.id] ?? "" })}
                          </Link>
                        ) : (
                          t(`privacy.subjects.${subject.type}`)
                        )}
                      </h4>
                    ) : null}
                    <ul className="my-consents">
                      {subject.records.map((record) => (
                        <StandingConsent key={record.id} record={record} />
                      ))}
                    </ul>
                  </div>
                ))}
              </section>
            ))}
          </div>
        ) : (
          <EmptyState compact icon="shieldCheck" title={t("consentViews.mine.none")} body={t("consentViews.mine.noneBody")} />
        )}
      </Panel>
      <Panel
        title={t("consentViews.mine.history")}
        subtitle={t("consentViews.mine.historyIntro")}
        footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}
        data-testid="my-consent-history"
      >
        <ConsentRecords records={data.history} showEvidence emptyTitle={t("consentViews.mine.noHistory")} label={t("consentViews.mine.history")} />
      </Panel>
    </div>
  );
}

function StandingConsent({ record }: { record: Standing }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("recordId") === record.id;
  const textId = `my-consent-${record.id}`;
  return (
    <li className="my-consent" data-testid="my-consent" data-choice={record.choice} data-withdrawable={record.withdrawable ? "true" : undefined}>
      <div className="my-consent__head">
        <ConsentChoiceBadge choice={record.choice} />
        <span className="subtle">
          {t(`privacy.types.${record.clauseType}`)} · {t(`privacy.positions.${record.position}`)}
        </span>
      </div>
      <ClauseWording content={record.clauseVersion.content} id={textId} />
      <div className="my-consent__foot">
        <span className="subtle">
          {t(record.choice === "WITHDRAWN" ? "consentViews.mine.withdrawnAt" : "consentViews.mine.givenAt")} <DateTime value={record.at} /> ·{" "}
          {t("consentViews.records.version", { version: record.clauseVersion.version })} · <ContentHash hash={record.clauseVersion.contentHash} />
        </span>
        {record.withdrawable ? (
          <Form method="post" className="my-consent__withdraw">
            <input type="hidden" name="recordId" value={record.id} />
            <input type="hidden" name="subjectType" value={record.subjectType} />
            <input type="hidden" name="subjectId" value={record.subjectId} />
            <input type="hidden" name="clauseId" value={record.clauseId} />
            <ConfirmButton
              size="sm"
              variant="danger"
              disabled={busy}
              message={t("consentViews.mine.withdrawConfirm")}
              confirmLabel={t("consentViews.mine.withdrawYes")}
              data-testid="withdraw-consent"
            >
              {t("consentViews.mine.withdraw")}
            </ConfirmButton>
          </Form>
        ) : null}
      </div>
    </li>
  );
}
