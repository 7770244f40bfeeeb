import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { answerQuestion, getQuestion } from "~/domain/storefront/questions.server";
import { consentsForSubject } from "~/domain/consents/queries.server";
import { ANSWER_MAX } from "~/domain/storefront/questions-schemas";
import { Alert, DateTime, DescriptionList, Money, PageHeader, Panel, StatusBadge, SubmitButton, TextAreaField } from "~/components/ui";
import { FormFailure } from "~/components/storefront/questions-ui";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";
import { consentRecordRows } from "~/components/consents/consent-records.server";

// One question: what was asked, by whom, about which offer, the answer (or the form to give it) and, for
// those who may read consents, the consents given with it in their wording of the time.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.question.reference ?? "Question"} · Trust & Safety` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "read", "question");
  const view = await loadOr404(() => getQuestion(ctx, params.questionId ?? ""));
  const consents = view.canReadConsents ? consentRecordRows(await consentsForSubject(ctx, "QUESTION", view.question.id)) : null;
  const q = view.question;
  return json({
    answeredNow: new URL(request.url).searchParams.get("answered") === "1",
    question: {
      id: q.id,
      reference: q.reference,
      kind: q.kind,
      status: q.status,
      name: q.name,
      email: q.email,
      guest: q.userId === null,
      subject: q.subject,
      message: q.message,
      createdAt: q.createdAt.toISOString(),
    },
    offer: view.offer
      ? { id: view.offer.id, title: view.offer.title, status: view.offer.status, priceAmount: view.offer.priceAmount, currency: view.offer.currency, sellerName: view.offer.seller.name }
      : null,
    answer: view.answer ? { text: view.answer.text, at: view.answer.at?.toISOString() ?? null, bySeller: view.answer.bySeller, byName: view.answer.byName } : null,
    staff: view.staff,
    canAnswer: view.canAnswer,
    consents,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "answer", "question");
  const form = await readFormData(request);
  const id = params.questionId ?? "";
  const answer = String(form.get("answer") ?? "");
  const result = await runAction(() => answerQuestion(ctx, id, { answer }));
  if (result.ok) return redirect(`/questions/${id}?answered=1`);
  return failure({ ...result, values: { answer } } as ActionFailure);
}

type Failed = ActionFailure & { values?: { answer?: string } };

export default function QuestionPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const q = data.question;
  return (
    <div className="page storefront-question" data-testid="question-page">
      <PageHeader
        breadcrumbs={[{ to: "/questions", label: t("questions.list.title") }]}
        title={q.subject}
        subtitle={`${t(`questions.kinds.${q.kind}`)} · ${q.reference}`}
        meta={<StatusBadge status={q.status} ns="questions.statuses" tone={q.status === "OPEN" ? "warning" : q.status === "ANSWERED" ? "success" : "neutral"} />}
      />
      {data.answeredNow ? <Alert tone="success">{t("questions.detail.answered")}</Alert> : null}
      <div className="storefront-question__grid">
        <div className="stack">
          <Panel title={t("questions.detail.message")}>
            <p className="storefront-message" data-testid="question-message">
              {q.message}
            </p>
          </Panel>
          <Panel title={t("questions.detail.answerTitle")} data-testid="answer-panel">
            {data.answer ? (
              <div className="stack stack--sm">
                <p className="storefront-message" data-testid="answer-text">
                  {data.answer.text}
                </p>
                <p className="subtle">
                  {data.answer.byName ?? (data.answer.bySeller ? t("questions.detail.bySeller") : t("questions.detail.byShop"))} ·{" "}
                  <DateTime value={data.answer.at} />
                </p>
              </div>
            ) : data.canAnswer ? (
              <Form method="post" className="stack" noValidate data-testid="answer-form">
                <FormFailure failure={failed} />
                <TextAreaField
                  label={t("questions.detail.answerLabel")}
                  name="answer"
                  rows={5}
                  required
                  maxLength={ANSWER_MAX}
                  defaultValue={failed?.values?.answer ?? ""}
                  hint={t("questions.detail.answerHint")}
                  errors={failed?.fieldErrors?.answer}
                />
                <div className="form-actions">
                  <SubmitButton data-testid="send-answer">{t("questions.detail.answerSubmit")}</SubmitButton>
                </div>
              </Form>
            ) : (
              <p className="muted">{t("questions.detail.noAnswer")}</p>
            )}
          </Panel>
        </div>
        <div className="stack">
          <Panel title={t("questions.detail.asker")}>
            <DescriptionList
              items={[
                { term: t("questions.common.name"), value: q.name },
                ...(q.email ? [{ term: t("questions.detail.askerEmail"), value: <a href={`mailto:${q.email}`}>{q.email}</a> }] : []),
                ...(data.staff ? [{ term: t("questions.detail.askerAccount"), value: q.guest ? t("questions.detail.guest") : t("questions.detail.registered") }] : []),
                { term: t("questions.detail.received"), value: <DateTime value={q.createdAt} /> },
              ]}
            />
          </Panel>
          {data.offer ? (
            <Panel title={t("questions.common.offer")} data-testid="question-offer">
              <DescriptionList
                items={[
                  { term: t("questions.common.offer"), value: <Link to={`/shop/offers/${data.offer.id}`}>{data.offer.title}</Link> },
                  { term: t("questions.common.price"), value: <Money amount={data.offer.priceAmount} currency={data.offer.currency} /> },
                  { term: t("questions.common.seller"), value: data.offer.sellerName },
                  { term: t("questions.detail.offerStatus"), value: <StatusBadge status={data.offer.status} ns="offers" /> },
                ]}
              />
            </Panel>
          ) : null}
        </div>
      </div>
      {data.consents ? <ConsentRecordsPanel title={t("questions.detail.consentsTitle")} records={data.consents} data-testid="consents-panel" /> : null}
    </div>
  );
}
