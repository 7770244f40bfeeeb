import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { optionalUser, runAction } from "~/infra/remix.server";
import { readFormData } from "~/infra/form-data.server";
import { localeFromRequest } from "~/infra/locale.server";
import { subscribeToNewsletter } from "~/domain/storefront/newsletter.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { Alert, Field, PageHeader, Panel, SubmitButton } from "~/components/ui";
import { consentErrors, Honeypot, ShopFormError, ShopPage, shopTitle, useShopErrors } from "~/components/shop/shop-ui";
import { consentPart, shopFailure, type ShopFailure } from "~/components/shop/shop-form.server";

export const meta: MetaFunction = ({ matches }) => shopTitle(matches, "shop.newsletter.metaTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const clauses = await clausesForForm(ctx.db, "NEWSLETTER");
  return json({ clauses: consentFieldClauses(clauses), email: user?.email ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await optionalUser(request, context);
  const form = await readFormData(request);
  const email = typeof form.get("email") === "string" ? (form.get("email") as string) : "";
  const locale = await localeFromRequest(request);
  const result = await runAction(() => subscribeToNewsletter(ctx, { email, locale, ...consentPart(form) }));
  if (!result.ok) return shopFailure(result, form, ["email"]);
  return json({ ok: true as const, email: email.trim().toLowerCase() });
}

export default function Newsletter() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ShopFailure | { ok: true; email: string } | undefined;
  const failed = answer && !answer.ok ? answer : undefined;
  const errors = useShopErrors(failed);
  return (
    <ShopPage narrow data-testid="newsletter">
      <PageHeader title={t("shop.newsletter.title")} subtitle={t("shop.newsletter.lead")} />
      {answer?.ok ? (
        <Alert tone="success" title={t("shop.newsletter.done")} data-testid="newsletter-done">
          {t("shop.newsletter.doneBody", { email: answer.email })}
        </Alert>
      ) : (
        <Form method="post" className="stack stack--lg" noValidate data-testid="newsletter-form">
          <ShopFormError failure={failed} />
          <Panel>
            <Field label={t("shop.newsletter.email")} name="email" type="email" autoComplete="email" required defaultValue={failed?.values?.email ?? data.email} errors={errors("email")} />
          </Panel>
          <ConsentFields key={data.clauses.map((c) => c.versionId).join()} clauses={data.clauses} accepted={failed?.accepted} errors={consentErrors(failed)} />
          <Honeypot />
          <div className="shop-form__footer">
            <SubmitButton size="lg" busyLabel={t("shop.newsletter.submitting")} data-testid="newsletter-submit">
              {t("shop.newsletter.submit")}
            </SubmitButton>
          </div>
        </Form>
      )}
    </ShopPage>
  );
}
