import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { optionalUser, runAction } from "~/infra/remix.server";
import { commitSessionCookie } from "~/infra/auth.server";
import { readFormData } from "~/infra/form-data.server";
import { localeFromRequest } from "~/infra/locale.server";
import { registerCustomer } from "~/domain/storefront/registration.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { PASSWORD_MIN_LENGTH } from "~/domain/identity/passwords.server";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { Checkbox, Field, PageHeader, Panel, SubmitButton } from "~/components/ui";
import { consentErrors, Honeypot, ShopFormError, ShopPage, shopTitle, useShopErrors } from "~/components/shop/shop-ui";
import { consentPart, shopFailure, type ShopFailure } from "~/components/shop/shop-form.server";

export const meta: MetaFunction = ({ matches }) => shopTitle(matches, "shop.register.metaTitle");

const FIELDS = ["name", "email", "isCompany"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  if (user) throw redirect("/");
  const clauses = await clausesForForm(ctx.db, "REGISTRATION");
  return json({ clauses: consentFieldClauses(clauses), passwordMin: PASSWORD_MIN_LENGTH });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  if (user) throw redirect("/");
  const form = await readFormData(request);
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  const locale = await localeFromRequest(request);
  const result = await runAction(() =>
    registerCustomer(ctx, {
      name: text("name"),
      email: text("email"),
      password: text("password"),
      passwordAgain: text("passwordAgain"),
      isCompany: form.get("isCompany") === "on",
      locale,
      ...consentPart(form),
    }),
  );
  if (!result.ok) return shopFailure(result, form, FIELDS);
  const cookie = await commitSessionCookie(context.services, result.result.sessionId, result.result.expiresAt);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function Register() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ShopFailure | undefined;
  const errors = useShopErrors(failed);
  const values = failed?.values ?? {};
  return (
    <ShopPage narrow data-testid="register">
      <PageHeader title={t("shop.register.title")} subtitle={t("shop.register.lead")} />
      <Form method="post" className="stack stack--lg" noValidate data-testid="register-form">
        <ShopFormError failure={failed} />
        <Panel>
          <div className="stack">
            <Field label={t("shop.register.name")} name="name" autoComplete="name" required defaultValue={values.name} errors={errors("name")} />
            <Checkbox name="isCompany" label={t("shop.register.isCompany")} hint={t("shop.register.isCompanyHint")} defaultChecked={values.isCompany === "on"} />
            <Field
              label={t("shop.register.email")}
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={values.email}
              errors={errors("email")}
              hint={
                failed?.code === "EMAIL_TAKEN" ? (
                  <Link to="/login" data-testid="email-taken-sign-in">
                    {t("shop.register.emailTakenSignIn")}
                  </Link>
                ) : undefined
              }
            />
            <div className="form-grid">
              <Field
                label={t("shop.register.password")}
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={data.passwordMin}
                hint={t("shop.register.passwordHint", { min: data.passwordMin })}
                errors={errors("password")}
              />
              <Field label={t("shop.register.passwordAgain")} name="passwordAgain" type="password" autoComplete="new-password" required errors={errors("passwordAgain")} />
            </div>
          </div>
        </Panel>
        <ConsentFields key={data.clauses.map((c) => c.versionId).join()} clauses={data.clauses} accepted={failed?.accepted} errors={consentErrors(failed)} />
        <Honeypot />
        <div className="shop-form__footer">
          <SubmitButton size="lg" busyLabel={t("shop.register.submitting")} data-testid="register-submit">
            {t("shop.register.submit")}
          </SubmitButton>
          <p className="subtle">
            {t("shop.register.haveAccount")} <Link to="/login">{t("shop.register.signIn")}</Link>
          </p>
        </div>
      </Form>
    </ShopPage>
  );
}
