import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { groupNavigation, type NavItem } from "~/lib/navigation";
import type { Locale } from "~/i18n";
import { Icon } from "./icon";
import { initials } from "./helpers";

interface Props {
  user: { name: string; roles: string[]; isStaff: boolean; email?: string } | null;
  nav: NavItem[];
  unread: number;
  locale: Locale;
  children: React.ReactNode;
}

/**
 * The page frame. Staff get a dark left sidebar and a top bar (dense, for 1280px monitors); customers
 * (buyers, sellers, rights holders) a top bar with a tab row that scrolls sideways on a phone; signed-out
 * visitors just the bar. Below 72rem the staff sidebar folds into the same tab row.
 */
export function AppShell({ user, nav, unread, locale, children }: Props) {
  const { t } = useTranslation();
  const mode = !user ? "guest" : user.isStaff ? "staff" : "customer";
  const showNav = !!user && nav.length > 0;
  return (
    <div className={`shell shell--${mode}`}>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      {mode === "staff" && showNav ? (
        <aside className="sidebar">
          <Brand />
          <nav aria-label={t("nav.mainNavigation")}>
            {groupNavigation(nav).map(({ group, items }) => (
              <div className="sidebar__group" key={group}>
                {group !== "work" ? <p className="sidebar__heading">{t(`nav.groups.${group}`)}</p> : null}
                <ul>
                  {items.map((item) => (
                    <li key={item.to}>
                      <NavEntry item={item} unread={unread} />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          <p className="sidebar__footer">{t("app.tagline")}</p>
        </aside>
      ) : null}
      <header className="topbar">
        <Brand />
        <div className="topbar__right">
          <LocaleSwitch locale={locale} />
          {user ? (
            <>
              <Link to="/inbox" className="icon-button" aria-label={t("nav.inboxWithCount", { count: unread })} title={t("nav.inbox")}>
                <Icon name="bell" className="icon icon--lg" />
                {unread > 0 ? (
                  <span className="badge badge--count" aria-hidden="true">
                    {unread > 99 ? "99+" : unread}
                  </span>
                ) : null}
              </Link>
              <div className="user-menu">
                <div className="user-menu__chip">
                  <span className="avatar" aria-hidden="true">
                    {initials(user.name)}
                  </span>
                  <span className="user-menu__text">
                    <strong>{user.name}</strong>
                    <small>{user.roles.map((role) => t(`roles.${role}`)).join(", ")}</small>
                  </span>
                </div>
              </div>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--ghost button--sm signout" title={t("nav.signOut")}>
                  <Icon name="logout" />
                  <span className="signout__label">{t("nav.signOut")}</span>
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </header>
      {mode === "customer" && showNav ? (
        <nav className="tabnav" aria-label={t("nav.mainNavigation")}>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavEntry item={item} unread={unread} />
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

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand">
      <span className="brand__mark" aria-hidden="true">
        <Icon name="shieldCheck" />
      </span>
      <span className="brand__name">{t("app.name")}</span>
    </Link>
  );
}

function NavEntry({ item, unread }: { item: NavItem; unread: number }) {
  const { t } = useTranslation();
  return (
    <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
      {item.icon ? <Icon name={item.icon} /> : null}
      <span>{t(item.label)}</span>
      {item.to === "/inbox" && unread > 0 ? (
        <span className="badge badge--count">
          <span className="visually-hidden">{t("inbox.unreadCount", { count: unread })}</span>
          <span aria-hidden="true">{unread > 99 ? "99+" : unread}</span>
        </span>
      ) : null}
    </NavLink>
  );
}

function LocaleSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/set-locale" className="locale-switch" aria-label={t("nav.language")}>
      <input type="hidden" name="returnTo" value="" />
      {(["pl", "en"] as const).map((code) => (
        <button
          key={code}
          type="submit"
          name="locale"
          value={code}
          aria-pressed={locale === code}
          className="locale-switch__option"
          lang={code}
          title={code === "pl" ? "Polski" : "English"}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </Form>
  );
}
