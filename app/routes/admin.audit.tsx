import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { listAuditLog } from "~/domain/audit/audit.server";
import { userNamesByIds } from "~/domain/identity/users.queries.server";
import { cleanText, withParams } from "~/components/helpers";
import { DataTable, DateTime, EmptyState, Field, Icon, PageHeader, Panel, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Audit log · Trust & Safety" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const filter = {
    action: cleanText(params.get("action"), 100),
    subjectType: cleanText(params.get("subjectType"), 100),
    subjectId: cleanText(params.get("subjectId"), 100),
    actorId: cleanText(params.get("actorId"), 100),
  };
  const before = params.get("before");
  const beforeId = before && /^\d{1,18}$/.test(before) ? BigInt(before) : undefined;
  const entries = await loadOr404(() => listAuditLog(ctx, filter, { beforeId, take: PAGE_SIZE }));
  const names = canAny(actor, "read", "user") ? await userNamesByIds(ctx, entries.filter((e) => e.actorType === "USER").map((e) => e.actorId)) : {};
  return json({
    filter,
    before: beforeId?.toString() ?? null,
    // A full page means there may be older entries: offer the next page by the last id.
    olderThan: entries.length === PAGE_SIZE ? entries[entries.length - 1].id.toString() : null,
    entries: entries.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actorType: e.actorType,
      actorId: e.actorId,
      actorName: e.actorId ? (names[e.actorId] ?? null) : null,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      requestId: e.requestId,
      metadata: e.metadata && typeof e.metadata === "object" && Object.keys(e.metadata).length > 0 ? JSON.stringify(e.metadata) : null,
    })),
  });
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

/** Where a subject can be opened in the backoffice, when it has a page. */
function subjectHref(type: string, id: string | null): string | null {
  if (!id) return null;
  if (type === "User") return `/admin/users/${id}`;
  if (type === "Order") return `/orders/${id}`;
  return null;
}

export default function Audit() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const filtered = Object.values(data.filter).some(Boolean);
  const filterLink = (changes: Record<string, string | null>) => `/admin/audit${withParams(search, { ...changes, before: null })}`;
  const columns: Column<Entry>[] = [
    { key: "at", header: t("admin.at"), cell: (e) => <DateTime value={e.at} className="nowrap" /> },
    {
      key: "action",
      header: t("admin.action"),
      primary: true,
      cell: (e) => (
        <Link to={filterLink({ action: e.action })} className="mono" title={t("admin.filterBy")}>
          {e.action}
        </Link>
      ),
    },
    {
      key: "actor",
      header: t("admin.actor"),
      cell: (e) => (
        <span className="cell-stack">
          {e.actorId ? (
            <Link to={filterLink({ actorId: e.actorId })} title={t("admin.filterBy")}>
              {e.actorName ?? t(`admin.actorTypes.${e.actorType}`, { defaultValue: e.actorType })}
            </Link>
          ) : (
            <span>{t(`admin.actorTypes.${e.actorType}`, { defaultValue: e.actorType })}</span>
          )}
          <span className="subtle mono">{e.actorName ? t(`admin.actorTypes.${e.actorType}`, { defaultValue: e.actorType }) : e.actorId?.slice(0, 8)}</span>
        </span>
      ),
    },
    {
      key: "subject",
      header: t("admin.subject"),
      cell: (e) => {
        const href = subjectHref(e.subjectType, e.subjectId);
        return (
          <span className="cell-stack">
            <Link to={filterLink({ subjectType: e.subjectType, subjectId: e.subjectId })} title={t("admin.filterBy")}>
              {e.subjectType}
            </Link>
            {e.subjectId ? (
              <span className="subtle mono">
                {href ? <Link to={href}>{e.subjectId.slice(0, 8)}…</Link> : `${e.subjectId.slice(0, 8)}…`}
              </span>
            ) : null}
          </span>
        );
      },
    },
    { key: "metadata", header: t("admin.details"), cell: (e) => (e.metadata ? <code className="metadata">{e.metadata}</code> : null) },
    { key: "request", header: t("admin.requestId"), cell: (e) => (e.requestId ? <span className="subtle mono" title={e.requestId}>{e.requestId.slice(0, 8)}</span> : null) },
  ];
  return (
    <div className="page">
      <PageHeader title={t("admin.auditTitle")} subtitle={t("admin.auditIntro")} />
      <Form method="get" className="filters" role="search" aria-label={t("admin.filtersLabel")}>
        <Field label={t("admin.actionPrefix")} name="action" defaultValue={data.filter.action ?? ""} placeholder="user." maxLength={100} autoComplete="off" />
        <Field label={t("admin.subjectType")} name="subjectType" defaultValue={data.filter.subjectType ?? ""} placeholder="User" maxLength={100} autoComplete="off" />
        <Field label={t("admin.subjectId")} name="subjectId" defaultValue={data.filter.subjectId ?? ""} maxLength={100} autoComplete="off" />
        <Field label={t("admin.actorId")} name="actorId" defaultValue={data.filter.actorId ?? ""} maxLength={100} autoComplete="off" />
        <FilterActions label={t("common.filter")} clearTo={filtered ? "/admin/audit" : null} />
      </Form>
      <Panel
        flush
        footer={
          <nav className="pagination" aria-label={t("common.pagination")}>
            <p className="pagination__summary">{data.before ? t("admin.olderEntries") : t("admin.newestEntries")}</p>
            <ul className="pagination__pages">
              <li>
                {data.before ? (
                  <Link className="pagination__link" to={filterLink({})}>
                    {t("admin.newest")}
                  </Link>
                ) : null}
              </li>
              <li>
                {data.olderThan ? (
                  <Link className="pagination__link" to={`/admin/audit${withParams(search, { before: data.olderThan })}`} rel="next" data-testid="audit-older">
                    {t("admin.older")} <Icon name="chevronRight" />
                  </Link>
                ) : (
                  <span className="pagination__link" aria-disabled="true">
                    {t("admin.older")} <Icon name="chevronRight" />
                  </span>
                )}
              </li>
            </ul>
          </nav>
        }
      >
        <DataTable
          caption={t("admin.auditTitle")}
          columns={columns}
          rows={data.entries}
          rowKey={(e) => e.id}
          dense
          data-testid="audit-table"
          empty={<EmptyState icon="activity" title={t("admin.noAudit")} body={filtered ? t("common.tryOtherFilters") : undefined} />}
        />
      </Panel>
    </div>
  );
}
