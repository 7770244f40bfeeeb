import "~/lib/zod-browser";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { createI18n, isLocale, type Locale } from "~/i18n";
import { localeFromRequest } from "~/infra/locale.server";
import { domainContext, sessionFromRequest } from "~/infra/auth.server";
import { unreadBadgeCount } from "~/domain/notifications/inbox.queries.server";
import { navigationFor, type NavItem } from "~/lib/navigation";
import { AppShell } from "~/components/app-shell";
import { Icon, type IconName } from "~/components/icon";
import { useNonce } from "~/lib/nonce";
import stylesHref from "~/styles/app.css";

// The favicon is inline (a shield on the brand colour), so no request for /favicon.ico reaches the router.
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1c56b8"/><path d="M16 26s8-4 8-10V9l-8-3-8 3v7c0 6 8 10 8 10z" fill="none" stroke="#fff" stroke-width="2.4" stroke-linejoin="round"/><path d="m12.5 15.5 2.5 2.5 4.5-4.5" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  );

export const links: LinksFunction = () => [
  { rel: "icon", href: FAVICON, type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesHref },
];

export const meta: MetaFunction = () => [{ title: "Trust & Safety Backoffice" }];

export interface RootData {
  locale: Locale;
  user: { id: string; name: string; email: string; roles: string[]; isStaff: boolean } | null;
  nav: NavItem[];
  unread: number;
}

export async function loader({ request, context }: LoaderFunctionArgs): Promise<RootData> {
  const locale = await localeFromRequest(request);
  const session = await sessionFromRequest(context.services, request);
  if (session?.status !== "active") return { locale, user: null, nav: [], unread: 0 };
  const unread = await unreadBadgeCount(domainContext(context.services, session.actor, request));
  return {
    locale,
    user: {
      id: session.user.id,
      name: session.user.name,
      email: session.user.email,
      roles: session.user.roles,
      isStaff: session.user.isStaff,
    },
    nav: navigationFor(session.actor),
    unread,
  };
}

function Document({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const i18n = useMemo(() => createI18n(locale), [locale]);
  // The CSP nonce of this response (server only): Remix's inline scripts need it.
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document locale={data.locale}>
      <AppShell user={data.user} nav={data.nav} unread={data.unread} locale={data.locale}>
        <Outlet />
      </AppShell>
    </Document>
  );
}

export function ErrorBoundary() {
  const root = useRouteLoaderData<typeof loader>("root");
  const error = useRouteError();
  // When the root loader itself failed (the database is down), a 503 names the person's language.
  const hinted = isRouteErrorResponse(error) && isLocale(error.data?.locale) ? error.data.locale : null;
  const locale = root?.locale ?? hinted ?? "pl";
  return (
    <Document locale={locale}>
      <AppShell user={root?.user ?? null} nav={root?.nav ?? []} unread={root?.unread ?? 0} locale={locale}>
        <ErrorPage />
      </AppShell>
    </Document>
  );
}

export function ErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.serverTitle");
  let body = t("errors.serverBody");
  let status = 500;
  let icon: IconName = "alert";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      body = t("errors.notFoundBody");
      icon = "search";
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      body = t("errors.forbiddenBody");
      icon = "lock";
    } else if (error.status === 503) {
      title = t("errors.unavailableTitle");
      body = t("errors.unavailableBody");
      icon = "clock";
    } else if (error.status < 500) {
      title = t("errors.generic");
      body = typeof error.data?.code === "string" ? t(`errors.${error.data.code}`) : t("errors.generic");
      icon = "info";
    }
  }
  const kind = status === 404 ? "404" : status === 403 ? "403" : status === 503 ? "503" : status >= 500 ? "500" : "4xx";
  return (
    <section className={`error-page error-page--${kind}`} role="alert" data-testid={`error-${status}`}>
      <span className="error-page__icon" aria-hidden="true">
        <Icon name={icon} className="icon icon--lg" />
      </span>
      <p className="error-page__status">{status}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <div className="error-page__actions">
        {status === 503 ? (
          // A plain link to the same address: works without JavaScript and repeats a GET, never a form post.
          <a className="button button--primary" href="" data-testid="try-again">
            {t("errors.tryAgain")}
          </a>
        ) : null}
        <a className={`button ${status === 503 ? "button--secondary" : "button--primary"}`} href="/">
          {t("errors.backHome")}
        </a>
      </div>
    </section>
  );
}
