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
import { createI18n, type Locale } from "~/i18n";
import { localeFromRequest } from "~/infra/locale.server";
import { sessionFromRequest } from "~/infra/auth.server";
import { navigationFor, type NavItem } from "~/lib/navigation";
import { AppShell } from "~/components/app-shell";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesHref }];

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
  const unread = await context.services.database.prisma.notification.count({
    where: { userId: session.user.id, readAt: null },
  });
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
        <ScrollRestoration />
        <Scripts />
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
  return (
    <Document locale={root?.locale ?? "pl"}>
      <AppShell user={root?.user ?? null} nav={root?.nav ?? []} unread={root?.unread ?? 0} locale={root?.locale ?? "pl"}>
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
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      body = t("errors.notFoundBody");
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      body = t("errors.FORBIDDEN");
    } else if (error.status < 500) {
      title = t("errors.generic");
      body = typeof error.data?.code === "string" ? t(`errors.${error.data.code}`) : t("errors.generic");
    }
  }
  return (
    <section className="error-page" role="alert">
      <p className="error-page__status">{status}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <a className="button" href="/">
        {t("errors.backHome")}
      </a>
    </section>
  );
}
