import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NavItem } from "~/lib/navigation";
import type { Locale } from "~/i18n";

interface Props {
  user: { name: string; roles: string[]; isStaff: boolean } | null;
  nav: NavItem[];
  unread: number;
  locale: Locale;
  children: React.ReactNode;
}

/** The page frame: staff get a dense sidebar layout, customers a top bar that works on a phone. */
export function AppShell({ user, nav, unread, locale, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className={`shell ${user?.isStaff ? "shell--staff" : "shell--customer"}`}>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          <span>{t("app.name")}</span>
        </Link>
        <div className="topbar__right">
          <LocaleSwitch locale={locale} />
          {user ? (
            <>
              <Link to="/inbox" className="topbar__inbox" aria-label={`${t("nav.inbox")} (${unread})`}>
                🔔{unread > 0 ? <span className="badge badge--count">{unread}</span> : null}
              </Link>
              <span className="topbar__user">
                <strong>{user.name}</strong>
                <small>{user.roles.map((role) => t(`roles.${role}`)).join(", ")}</small>
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--ghost">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </header>
      {user && nav.length > 0 ? (
        <nav className="sidenav" aria-label={t("nav.mainNavigation")}>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                  {t(item.label)}
                  {item.to === "/inbox" && unread > 0 ? <span className="badge badge--count">{unread}</span> : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function LocaleSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/set-locale" className="locale-switch">
      <label className="visually-hidden" htmlFor="locale-select">
        {t("nav.language")}
      </label>
      <input type="hidden" name="returnTo" value="" />
      {(["pl", "en"] as const).map((code) => (
        <button key={code} type="submit" name="locale" value={code} aria-pressed={locale === code} className="locale-switch__option">
          {code.toUpperCase()}
        </button>
      ))}
    </Form>
  );
}
