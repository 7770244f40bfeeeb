import { Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootData } from "~/root";
import { TRAP_FIELD } from "~/components/consents/consent-form-data";
import type { ActionFailure } from "~/infra/remix.server";
import { Icon } from "~/components/icon";
import { createI18n, isLocale } from "~/i18n";

// The public shop's frame and form helpers: the shop bar every public page shows (signed in or not), the
// honeypot field, and the shop's own field messages in the reader's language.

export function ShopHeader() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<RootData>("root");
  const location = useLocation();
  const user = root?.user ?? null;
  const here = location.pathname + location.search;
  return (
    <nav className="shop-bar" aria-label={t("shop.header.navigation")} data-testid="shop-bar">
      <Link to="/shop" className="shop-bar__brand">
        <Icon name="bag" />
        <span>{t("shop.header.brand")}</span>
      </Link>
      <ul className="shop-bar__links">
        <li>
          <NavLink to="/shop" end>
            {t("shop.header.offers")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/newsletter">{t("shop.header.newsletter")}</NavLink>
        </li>
        <li>
          <NavLink to="/contact">{t("shop.header.contact")}</NavLink>
        </li>
      </ul>
      <div className="shop-bar__account">
        {user ? (
          <Link to="/" className="shop-bar__person" data-testid="shop-account">
            <Icon name="user" />
            <span>{t("shop.header.account", { name: user.name })}</span>
          </Link>
        ) : (
          <>
            <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} data-testid="shop-sign-in">
              {t("shop.header.signIn")}
            </Link>
            <Link to="/register" className="button button--primary button--sm" data-testid="shop-register">
              {t("shop.header.register")}
            </Link>
          </>
        )}
      </div>
    </nav>
  );
}

/** The trap field: off-screen and out of the tab order for people, filled in by form-filling scripts. */
export function Honeypot() {
  const { t } = useTranslation();
  return (
    <div className="shop-trap" aria-hidden="true">
      <label>
        {t("shop.trap")}
        <input type="text" name={TRAP_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
      </label>
    </div>
  );
}

const SHOP_MESSAGES: [RegExp, string, (m: RegExpMatchArray) => Record<string, string | number> | undefined][] = [
  [/^Postal code as NN-NNN$/, "shop.validation.postalCode", () => undefined],
  [/^Not a phone number$/, "shop.validation.phone", () => undefined],
  [/^The passwords differ$/, "shop.validation.passwordsDiffer", () => undefined],
  [/^At most (\d+)$/, "shop.validation.quantityMax", (m) => ({ max: Number(m[1]) })],
];

/** A failure's messages for one field, the shop's own rules translated; the rest as Field translates them. */
export function useShopErrors(failure: ActionFailure | { ok: true } | null | undefined) {
  const { t } = useTranslation();
  return (name: string): string[] | undefined => {
    if (!failure || failure.ok) return undefined;
    const messages = failure.fieldErrors?.[name];
    if (!messages?.length) return undefined;
    return messages.map((message) => {
      const rule = SHOP_MESSAGES.find(([pattern]) => pattern.test(message));
      if (!rule) return message;
      return t(rule[1], rule[2](message.match(rule[0])!) ?? {});
    });
  };
}

/** The consent fields' errors (keys `consent.<versionId>`) of a failure, for ConsentFields. */
export function consentErrors(failure: ActionFailure | { ok: true } | null | undefined): Record<string, string[]> {
  if (!failure || failure.ok || !failure.fieldErrors) return {};
  return Object.fromEntries(Object.entries(failure.fieldErrors).filter(([key]) => key.startsWith("consent.")));
}

/** The form-level message: the error's code in the reader's language (a throttled form says how long to wait). */
export function ShopFormError({ failure, text }: { failure: ActionFailure | { ok: true } | null | undefined; text?: string }) {
  const { t } = useTranslation();
  if (!failure || failure.ok) return null;
  const params = { ...(failure.params ?? {}), seconds: failure.params?.retryAfterSeconds ?? "" };
  return (
    <div className="alert alert--error" role="alert" data-testid="form-error" data-code={failure.code}>
      <Icon name="alert" />
      <div className="alert__body">{text ?? t(`errors.${failure.code}`, { ...params, defaultValue: failure.message })}</div>
    </div>
  );
}

/** A public shop page: the shop bar above the page's own content. */
export function ShopPage({ narrow, children, "data-testid": testId }: { narrow?: boolean; children: React.ReactNode; "data-testid"?: string }) {
  return (
    <div className={`page shop-page${narrow ? " shop-page--narrow" : ""}`} data-testid={testId}>
      <ShopHeader />
      {children}
    </div>
  );
}

/** A shop page's <title> in the reader's language (the root loader's locale). */
export function shopTitle(matches: readonly { id: string; data?: unknown }[], key: string, params: Record<string, string> = {}): { title: string }[] {
  const root = matches.find((match) => match.id === "root")?.data as RootData | undefined;
  const translate = createI18n(isLocale(root?.locale) ? root.locale : "pl").t;
  return [{ title: translate(key, params) }];
}
