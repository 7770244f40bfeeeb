import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { loadOr404, optionalUser, runAction } from "~/infra/remix.server";
import { commitSessionCookie } from "~/infra/auth.server";
import { readFormData } from "~/infra/form-data.server";
import { localeFromRequest } from "~/infra/locale.server";
import { checkoutForm, placeOrder } from "~/domain/storefront/checkout.server";
import { ORDER_QUANTITY_MAX, SHOP_PAYMENT_METHODS } from "~/domain/storefront/schemas";
import { PASSWORD_MIN_LENGTH } from "~/domain/identity/passwords.server";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { Checkbox, Field, Money, PageHeader, Panel, SelectField, SubmitButton } from "~/components/ui";
import { consentErrors, Honeypot, ShopFormError, ShopPage, shopTitle, useShopErrors } from "~/components/shop/shop-ui";
import { consentPart, shopFailure, type ShopFailure } from "~/components/shop/shop-form.server";

export const meta: MetaFunction = ({ matches }) => shopTitle(matches, "shop.checkout.metaTitle");

const FIELDS = ["quantity", "name", "email", "phone", "street", "postalCode", "city", "paymentMethod", "createAccount"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await optionalUser(request, context);
  const form = await loadOr404(() => checkoutForm(ctx, params.offerId ?? ""));
  if (!form.offer.orderable) throw redirect(`/shop/offers/${form.offer.id}`);
  return json({
    offer: { id: form.offer.id, title: form.offer.title, brand: form.offer.brand, seller: form.offer.seller.name, priceAmount: form.offer.priceAmount, currency: form.offer.currency },
    shippingAmount: form.shippingAmount,
    clauses: consentFieldClauses(form.clauses),
    signedIn: user ? { name: user.name, email: user.email } : null,
    buyer: form.buyer,
    passwordMin: PASSWORD_MIN_LENGTH,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx, services } = { ...(await optionalUser(request, context)), services: context.services };
  const form = await readFormData(request);
  const field = (name: string) => form.get(name) ?? undefined;
  const locale = await localeFromRequest(request);
  const result = await runAction(() =>
    placeOrder(ctx, {
      offerId: params.offerId ?? "",
      quantity: field("quantity"),
      name: field("name") ?? "",
      email: field("email") ?? "",
      phone: field("phone") ?? "",
      street: field("street") ?? "",
      postalCode: field("postalCode") ?? "",
      city: field("city") ?? "",
      paymentMethod: field("paymentMethod"),
      createAccount: form.get("createAccount") === "on",
      password: typeof form.get("password") === "string" ? (form.get("password") as string) : undefined,
      locale,
      ...consentPart(form),
    }),
  );
  if (!result.ok) return shopFailure(result, form, FIELDS);
  const placed = result.result;
  const target = `/shop/orders/${placed.orderId}/placed${placed.account ? "?account=1" : ""}`;
  if (!placed.account) return redirect(target);
  const cookie = await commitSessionCookie(services, placed.account.sessionId, placed.account.expiresAt);
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}

export default function Checkout() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ShopFailure | undefined;
  const location = useLocation();
  const errors = useShopErrors(failed);
  const values = failed?.values ?? {};
  const [quantity, setQuantity] = useState(Number(values.quantity) || 1);
  const total = data.offer.priceAmount * quantity + data.shippingAmount;
  const signInHref = `/login?redirectTo=${encodeURIComponent(location.pathname)}`;
  const prefill = (name: keyof NonNullable<typeof data.buyer>) => values[name] ?? data.buyer?.[name] ?? undefined;
  return (
    <ShopPage data-testid="checkout">
      <PageHeader
        breadcrumbs={[
          { to: "/shop", label: t("shop.list.title") },
          { to: `/shop/offers/${data.offer.id}`, label: data.offer.title },
        ]}
        title={t("shop.checkout.title")}
        subtitle={t("shop.checkout.lead")}
      />
      <Form method="post" className="checkout" noValidate data-testid="checkout-form">
        {failed ? <ShopFormError failure={failed} text={failed.code === "CONFLICT" ? t("shop.checkout.notOrderable") : undefined} /> : null}
        <aside className="checkout__summary panel" aria-label={t("shop.checkout.summary")}>
          <div className="panel__body stack">
            <h2 className="panel__title">{t("shop.checkout.summary")}</h2>
            <p className="checkout__product">
              <strong>{data.offer.title}</strong>
              {data.offer.brand ? <span className="muted">{data.offer.brand}</span> : null}
              <span className="subtle">{t("shop.list.seller", { name: data.offer.seller })}</span>
            </p>
            <SelectField
              label={t("shop.checkout.quantity")}
              name="quantity"
              defaultValue={String(quantity)}
              onChange={(event) => setQuantity(Number(event.currentTarget.value) || 1)}
              options={Array.from({ length: ORDER_QUANTITY_MAX }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
              errors={errors("quantity")}
            />
            <dl className="checkout__sums">
              <div>
                <dt>{t("shop.checkout.unitPrice")}</dt>
                <dd>
                  <Money amount={data.offer.priceAmount} currency={data.offer.currency} />
                </dd>
              </div>
              <div>
                <dt>{t("shop.checkout.shipping")}</dt>
                <dd>
                  <Money amount={data.shippingAmount} currency={data.offer.currency} />
                </dd>
              </div>
              <div className="checkout__total">
                <dt>{t("shop.checkout.total")}</dt>
                <dd data-testid="checkout-total">
                  <Money amount={total} currency={data.offer.currency} />
                </dd>
              </div>
            </dl>
          </div>
        </aside>
        <div className="checkout__main stack stack--lg">
          <Panel title={t("shop.checkout.buyer")}>
            {data.signedIn ? <p className="muted">{t("shop.checkout.signedInAs", data.signedIn)}</p> : null}
            <div className="form-grid">
              <Field label={t("shop.checkout.name")} name="name" autoComplete="name" required defaultValue={prefill("name")} errors={errors("name")} />
              <Field
                label={t("shop.checkout.email")}
                name="email"
                type="email"
                autoComplete="email"
                required
                defaultValue={prefill("email")}
                errors={errors("email")}
                hint={
                  failed?.code === "EMAIL_TAKEN" ? (
                    <Link to={signInHref} data-testid="email-taken-sign-in">
                      {t("shop.checkout.emailTakenSignIn")}
                    </Link>
                  ) : undefined
                }
              />
              <Field label={t("shop.checkout.phone")} name="phone" type="tel" autoComplete="tel" optional defaultValue={prefill("phone")} errors={errors("phone")} />
              <Field label={t("shop.checkout.street")} name="street" autoComplete="street-address" required defaultValue={prefill("street")} errors={errors("street")} />
              <Field
                label={t("shop.checkout.postalCode")}
                name="postalCode"
                autoComplete="postal-code"
                inputMode="numeric"
                pattern="\d{2}-\d{3}"
                required
                hint={t("shop.checkout.postalCodeHint")}
                defaultValue={prefill("postalCode")}
                errors={errors("postalCode")}
              />
              <Field label={t("shop.checkout.city")} name="city" autoComplete="address-level2" required defaultValue={prefill("city")} errors={errors("city")} />
            </div>
          </Panel>
          <Panel title={t("shop.checkout.payment")}>
            <fieldset className={`field shop-choices${errors("paymentMethod") ? " field--invalid" : ""}`}>
              <legend className="visually-hidden">{t("shop.checkout.paymentMethod")}</legend>
              {SHOP_PAYMENT_METHODS.map((method) => (
                <label key={method} className="checkbox shop-choice">
                  <input type="radio" name="paymentMethod" value={method} defaultChecked={(values.paymentMethod ?? "PLATFORM_PAY") === method} />
                  <span className="checkbox__text">{t(`shop.checkout.paymentMethods.${method}`)}</span>
                </label>
              ))}
              {errors("paymentMethod") ? <p className="field__error">{t("validation.required")}</p> : null}
            </fieldset>
          </Panel>
          {!data.signedIn ? (
            <Panel title={t("shop.checkout.account")} className="shop-account">
              <Checkbox
                name="createAccount"
                label={t("shop.checkout.createAccount")}
                hint={t("shop.checkout.createAccountHint")}
                defaultChecked={values.createAccount === "on"}
                data-testid="create-account"
              />
              <div className="shop-account__password">
                <Field
                  label={t("shop.checkout.password")}
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  minLength={data.passwordMin}
                  hint={t("shop.checkout.passwordHint", { min: data.passwordMin })}
                  errors={errors("password")}
                />
              </div>
              <p className="subtle">
                {t("shop.checkout.haveAccount")} <Link to={signInHref}>{t("shop.checkout.signIn")}</Link>
              </p>
            </Panel>
          ) : null}
          <ConsentFields key={data.clauses.map((c) => c.versionId).join()} clauses={data.clauses} accepted={failed?.accepted} errors={consentErrors(failed)} />
          <Honeypot />
          <div className="checkout__submit">
            <SubmitButton size="lg" busyLabel={t("shop.checkout.submitting")} data-testid="place-order">
              {t("shop.checkout.submit")}
            </SubmitButton>
          </div>
        </div>
      </Form>
    </ShopPage>
  );
}
