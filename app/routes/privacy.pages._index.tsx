import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/infra/remix.server";
import { listInfoPages } from "~/domain/consents/info-pages.server";
import { DataTable, DateTime, EmptyState, PageHeader, Panel, type Column } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Information pages · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "infoPage");
  const pages = await listInfoPages(ctx);
  return json({ pages: pages.map((p) => ({ slug: p.slug, title: p.title, updatedAt: p.updatedAt.toISOString() })) });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["pages"][number];

export default function InfoPages() {
  const { t } = useTranslation();
  const { pages } = useLoaderData<typeof loader>();
  const columns: Column<Row>[] = [
    { key: "title", header: t("clauses.pages.pageTitle"), primary: true, cell: (p) => <Link to={`/privacy/pages/${p.slug}`}>{p.title}</Link> },
    { key: "address", header: t("clauses.pages.address"), cell: (p) => <code className="mono">/pages/{p.slug}</code> },
    { key: "updated", header: t("clauses.pages.updated"), cell: (p) => <DateTime value={p.updatedAt} /> },
    {
      key: "actions",
      header: t("common.actions"),
      actions: true,
      cell: (p) => (
        <span className="cluster cluster--tight cluster--end">
          <a href={`/pages/${p.slug}`} className="button button--ghost button--sm" target="_blank" rel="noopener">
            {t("clauses.pages.view")}
          </a>
          <Link to={`/privacy/pages/${p.slug}`} className="button button--secondary button--sm">
            {t("clauses.pages.edit")}
          </Link>
        </span>
      ),
    },
  ];
  return (
    <div className="page" data-testid="info-pages">
      <PageHeader breadcrumbs={[{ to: "/privacy/clauses", label: t("clauses.title") }]} title={t("clauses.pages.title")} subtitle={t("clauses.pages.intro")} />
      <Panel flush>
        <DataTable caption={t("clauses.pages.caption")} columns={columns} rows={pages} rowKey={(p) => p.slug} empty={<EmptyState icon="file" title={t("clauses.pages.empty")} />} />
      </Panel>
    </div>
  );
}
