import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, optionalUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { alertForm, signUpForAlert } from "~/domain/storefront/alerts.server";
import { ALERT_KINDS, type AlertKind } from "~/domain/storefront/questions-schemas";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { readConsentAnswers, TRAP_FIELD } from "~/components/consents/consent-form-data";
import { pickOption } from "~/components/helpers";
import { Alert, Field, PageHeader, Panel, SubmitButton } from "~/components/ui";
import { FormFailure, OfferSummary, TrapField } from "~/components/storefront/questions-ui";

// "Notify me" from an offer's card: ?kind=PRICE_CHANGE for an offer on sale, ?kind=AVAILABILITY for one
// that ended, each with the clauses of its position. The confirmation reads the same whether or not the
// address had already signed up.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.offer.title ?? "Offer"} · Alert · Trust & Safety` }];

const kindOf = (request: Request): AlertKind => pickOption(new URL(request.url).searchParams.get("kind"), ALERT_KINDS) ?? "PRICE_CHANGE";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const kind = kindOf(request);
  const form = await loadOr404(() => alertForm(ctx, params.offerId ?? "", kind));
  return json({
    kind,
    sent: new URL(request.url).searchParams.get("sent") === "1",
    refusal: form.refusal,
    person: user ? { email: user.email } : null,
    offer: {
      id: form.offer.id,
      title: form.offer.title,
      status: form.offer.status,
      priceAmount: form.offer.priceAmount,
      currency: form.offer.currency,
      sellerName: form.offer.seller.name,
    },
    clauses: consentFieldClauses(form.clauses),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const form = await readFormData(request);
  const offerId = params.offerId ?? "";
  const kind = kindOf(request);
  const email = String(form.get("email") ?? "");
  const result = await runAction(() => signUpForAlert(ctx, offerId, { kind, email, consents: readConsentAnswers(form), trap: form.get(TRAP_FIELD) }));
  // A new alert and a repeated sign-up answer alike: the page tells nobody whether an address signed up.
  if (result.ok) return redirect(`/shop/offers/${offerId}/alert?kind=${kind}&sent=1`);
  return failure({ ...result, values: { email }, accepted: readConsentAnswers(form).accepted } as ActionFailure);
}

type Failed = ActionFailure & { values?: Record<string, string>; accepted?: string[] };

export default function ProductAlertForm() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const errors = failed?.fieldErrors ?? {};
  const other: AlertKind = data.kind === "PRICE_CHANGE" ? "AVAILABILITY" : "PRICE_CHANGE";
  const back = (
    <Link to={`/shop/offers/${data.offer.id}`} className="button button--ghost">
      {t("questions.common.backToOffer")}
    </Link>
  );
  return (
    <div className="page page--narrow storefront-page" data-testid={data.sent ? "alert-sent" : "alert-page"} data-kind={data.kind}>
      <PageHeader title={t(`questions.alert.title_${data.kind}`)} subtitle={data.sent ? undefined : t(`questions.alert.intro_${data.kind}`)} />
      <OfferSummary offer={data.offer} />
      {data.sent ? (
        <>
          <Alert tone="success" title={t("questions.alert.sentTitle")}>
            {t("questions.alert.sentBody")}
          </Alert>
          <div className="form-actions">{back}</div>
        </>
      ) : data.refusal ? (
        <>
          <Alert tone="warning" title={t(`errors.${data.refusal}`)}>
            {t(`questions.alert.otherKind_${data.kind}`)}
          </Alert>
          <div className="form-actions">
            <Link to={`/shop/offers/${data.offer.id}/alert?kind=${other}`} className="button button--primary" data-testid="switch-kind">
              {t(`questions.alert.switchTo_${other}`)}
            </Link>
            {back}
          </div>
        </>
      ) : (
        <Panel>
          <Form method="post" action={`/shop/offers/${data.offer.id}/alert?kind=${data.kind}`} className="stack" noValidate data-testid="alert-form">
            <FormFailure failure={failed} />
            <Field
              label={t("questions.common.email")}
              name="email"
              type="email"
              autoComplete="email"
              required
              maxLength={254}
              defaultValue={failed?.values?.email ?? data.person?.email ?? ""}
              errors={errors.email}
            />
            <TrapField />
            <ConsentFields clauses={data.clauses} accepted={failed?.accepted} errors={errors} />
            <div className="form-actions">
              <SubmitButton data-testid="send-alert">{t("questions.alert.send")}</SubmitButton>
              {back}
            </div>
          </Form>
        </Panel>
      )}
    </div>
  );
}
