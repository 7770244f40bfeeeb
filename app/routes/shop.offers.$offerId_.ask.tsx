import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, optionalUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { localeFromRequest } from "~/infra/locale.server";
import { askAboutProduct, productQuestionForm } from "~/domain/storefront/questions.server";
import { QUESTION_MESSAGE_MAX, QUESTION_MESSAGE_MIN } from "~/domain/storefront/questions-schemas";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { readConsentAnswers, TRAP_FIELD } from "~/components/consents/consent-form-data";
import { Alert, PageHeader, Panel, SubmitButton, TextAreaField } from "~/components/ui";
import { AskerFields, FormFailure, OfferSummary, TrapField } from "~/components/storefront/questions-ui";

// "Ask about product" from an offer's card: a question to the seller and the shop's customer service,
// with the clauses of the ASK_ABOUT_PRODUCT position. Taken-down and suspended offers are not in the
// shop: the page answers 404 for them.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.offer.title ?? "Offer"} · Ask about product · Trust & Safety` }];

const REFERENCE = /^Q-[0-9A-F]{8}$/;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const { offer, clauses } = await loadOr404(() => productQuestionForm(ctx, params.offerId ?? ""));
  const sent = new URL(request.url).searchParams.get("sent");
  return json({
    sent: sent && REFERENCE.test(sent) ? sent : null,
    person: user ? { name: user.name, email: user.email } : null,
    offer: { id: offer.id, title: offer.title, status: offer.status, priceAmount: offer.priceAmount, currency: offer.currency, sellerName: offer.seller.name },
    clauses: consentFieldClauses(clauses),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const form = await readFormData(request);
  const offerId = params.offerId ?? "";
  const field = (name: string) => String(form.get(name) ?? "");
  const values = { name: field("name"), email: field("email"), message: field("message") };
  const result = await runAction(async () =>
    askAboutProduct(ctx, offerId, { ...values, consents: readConsentAnswers(form), trap: form.get(TRAP_FIELD), locale: await localeFromRequest(request) }),
  );
  if (result.ok) return redirect(`/shop/offers/${offerId}/ask?sent=${result.result.reference}`);
  return failure({ ...result, values, accepted: readConsentAnswers(form).accepted } as ActionFailure);
}

type Failed = ActionFailure & { values?: Record<string, string>; accepted?: string[] };

export default function AskAboutProduct() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const errors = failed?.fieldErrors ?? {};
  const value = (name: string, fallback = "") => failed?.values?.[name] ?? fallback;
  const back = (
    <Link to={`/shop/offers/${data.offer.id}`} className="button button--ghost">
      {t("questions.common.backToOffer")}
    </Link>
  );
  return (
    <div className="page page--narrow storefront-page" data-testid={data.sent ? "ask-sent" : "ask-page"}>
      <PageHeader title={data.sent ? t("questions.ask.sentTitle") : t("questions.ask.title")} subtitle={data.sent ? undefined : t("questions.ask.intro")} />
      <OfferSummary offer={data.offer} />
      {data.sent ? (
        <>
          <Alert tone="success" title={t("questions.ask.sentTitle")}>
            {t("questions.ask.sentBody", { reference: data.sent })}
          </Alert>
          <div className="form-actions">{back}</div>
        </>
      ) : (
        <Panel>
          <Form method="post" className="stack" noValidate data-testid="ask-form">
            <FormFailure failure={failed} />
            <AskerFields value={value} person={data.person} errors={errors} />
            <TextAreaField
              label={t("questions.common.message")}
              name="message"
              rows={5}
              required
              minLength={QUESTION_MESSAGE_MIN}
              maxLength={QUESTION_MESSAGE_MAX}
              defaultValue={value("message")}
              hint={t("questions.common.messageHint", { min: QUESTION_MESSAGE_MIN, max: QUESTION_MESSAGE_MAX })}
              errors={errors.message}
            />
            <TrapField />
            <ConsentFields clauses={data.clauses} accepted={failed?.accepted} errors={errors} />
            <div className="form-actions">
              <SubmitButton data-testid="send-question">{t("questions.ask.send")}</SubmitButton>
              {back}
            </div>
          </Form>
        </Panel>
      )}
    </div>
  );
}
