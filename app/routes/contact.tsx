import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, optionalUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { localeFromRequest } from "~/infra/locale.server";
import { contactForm, sendContactMessage } from "~/domain/storefront/questions.server";
import { QUESTION_MESSAGE_MAX, QUESTION_MESSAGE_MIN, QUESTION_SUBJECT_MAX } from "~/domain/storefront/questions-schemas";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { readConsentAnswers, TRAP_FIELD } from "~/components/consents/consent-form-data";
import { Alert, Field, PageHeader, Panel, SubmitButton, TextAreaField } from "~/components/ui";
import { AskerFields, FormFailure, TrapField } from "~/components/storefront/questions-ui";

// The shop's contact form (a customer-service ticket): prefilled for a signed-in person, with the
// clauses of the CONTACT_FORM position above the button; the confirmation names the ticket's reference.

export const meta: MetaFunction = () => [{ title: "Contact · Trust & Safety" }];

const REFERENCE = /^Q-[0-9A-F]{8}$/;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const sent = new URL(request.url).searchParams.get("sent");
  const { clauses } = await contactForm(ctx);
  return json({
    sent: sent && REFERENCE.test(sent) ? sent : null,
    person: user ? { name: user.name, email: user.email } : null,
    clauses: consentFieldClauses(clauses),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const form = await readFormData(request);
  const field = (name: string) => String(form.get(name) ?? "");
  const values = { name: field("name"), email: field("email"), subject: field("subject"), message: field("message") };
  const result = await runAction(async () =>
    sendContactMessage(ctx, {
      ...values,
      consents: readConsentAnswers(form),
      trap: form.get(TRAP_FIELD),
      locale: await localeFromRequest(request),
    }),
  );
  if (result.ok) return redirect(`/contact?sent=${result.result.reference}`);
  return failure({ ...result, values, accepted: readConsentAnswers(form).accepted } as ActionFailure);
}

type Failed = ActionFailure & { values?: Record<string, string>; accepted?: string[] };

export default function Contact() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const errors = failed?.fieldErrors ?? {};
  const value = (name: string, fallback = "") => failed?.values?.[name] ?? fallback;
  if (data.sent) {
    return (
      <div className="page page--narrow storefront-page" data-testid="contact-sent">
        <PageHeader title={t("questions.contact.sentTitle")} />
        <Alert tone="success" title={t("questions.contact.sentTitle")}>
          {t("questions.contact.sentBody", { reference: data.sent })}
        </Alert>
        <div className="form-actions">
          <Link to="/contact" className="button button--secondary">
            {t("questions.contact.another")}
          </Link>
          {data.person ? (
            <Link to="/questions" className="button button--ghost">
              {t("questions.contact.myQuestions")}
            </Link>
          ) : null}
        </div>
      </div>
    );
  }
  return (
    <div className="page page--narrow storefront-page" data-testid="contact-page">
      <PageHeader title={t("questions.contact.title")} subtitle={t("questions.contact.intro")} />
      <Panel>
        <Form method="post" className="stack" noValidate data-testid="contact-form">
          <FormFailure failure={failed} />
          {data.person ? <p className="subtle">{t("questions.common.signedInAs", { name: data.person.name })}</p> : null}
          <AskerFields value={value} person={data.person} errors={errors} />
          <Field label={t("questions.contact.subject")} name="subject" required maxLength={QUESTION_SUBJECT_MAX} defaultValue={value("subject")} errors={errors.subject} />
          <TextAreaField
            label={t("questions.common.message")}
            name="message"
            rows={6}
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
            <SubmitButton data-testid="send-contact">{t("questions.contact.send")}</SubmitButton>
          </div>
        </Form>
      </Panel>
    </div>
  );
}
