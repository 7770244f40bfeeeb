import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404 } from "~/infra/remix.server";
import { getInfoPage } from "~/domain/consents/info-pages.server";
import { DateTime } from "~/components/ui";

// A public information page (privacy policy, terms): for everyone, signed in or not. Its content was
// sanitized by the domain when it was saved.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.title} · Trust & Safety` : "Trust & Safety" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await loadOr404(() => getInfoPage({ db: context.services.database.prisma }, params.slug ?? ""));
  return json({ page: { slug: page.slug, title: page.title, content: page.content, updatedAt: page.updatedAt.toISOString() } });
}

export default function InfoPage() {
  const { t } = useTranslation();
  const { page } = useLoaderData<typeof loader>();
  return (
    <article className="page page--narrow info-page" data-testid="info-page">
      <header className="info-page__header">
        <h1>{page.title}</h1>
        <p className="subtle">
          {t("clauses.publicPage.updated")} <DateTime value={page.updatedAt} dateOnly />
        </p>
      </header>
      <div className="info-page__content" dangerouslySetInnerHTML={{ __html: page.content }} />
    </article>
  );
}
