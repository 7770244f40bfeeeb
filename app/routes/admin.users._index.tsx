import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { ROLE_NAMES } from "~/domain/identity/permissions";
import { listUsers } from "~/domain/identity/users.server";
import { cleanText, pickOption, readPage, lastPageUrl } from "~/components/helpers";
import { Badge, DataTable, DateTime, EmptyState, Field, Icon, PageHeader, Pagination, Panel, SelectField, StatusBadge, type Column } from "~/components/ui";
import { FilterActions } from "~/components/filter-actions";

export const meta: MetaFunction = () => [{ title: "Users · Trust & Safety" }];

const STATUSES = ["ACTIVE", "DEACTIVATED"] as const;
const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const filter = {
    search: cleanText(params.get("q"), 200),
    role: pickOption(params.get("role"), ROLE_NAMES),
    status: pickOption(params.get("status"), STATUSES),
  };
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const { total, users } = await loadOr404(() => listUsers(ctx, filter, { skip, take }));
  const last = lastPageUrl(new URL(request.url), total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    filter,
    page,
    pageSize: PAGE_SIZE,
    total,
    canManage: canAny(actor, "manage", "user"),
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      isCompany: u.isCompany,
      status: u.status,
      roles: u.roles.map((ur) => ur.role.name),
      twoFactor: u.totpEnabledAt !== null,
      createdAt: u.createdAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    })),
  });
}

type UserRow = ReturnType<typeof useLoaderData<typeof loader>>["users"][number];

export default function Users() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const filtered = Boolean(data.filter.search || data.filter.role || data.filter.status);
  const columns: Column<UserRow>[] = [
    {
      key: "name",
      header: t("admin.name"),
      primary: true,
      cell: (u) => (
        <span className="cell-stack">
          <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
          <span className="subtle">{u.email}</span>
        </span>
      ),
    },
    {
      key: "roles",
      header: t("admin.roles"),
      cell: (u) => (
        <span className="cluster cluster--tight">
          {u.roles.map((role) => (
            <Badge key={role}>{t(`roles.${role}`)}</Badge>
          ))}
        </span>
      ),
    },
    { key: "type", header: t("admin.accountType"), cell: (u) => (u.isCompany ? t("admin.companyShort") : t("admin.personShort")) },
    { key: "created", header: t("common.created"), cell: (u) => <DateTime value={u.createdAt} dateOnly /> },
    { key: "lastLogin", header: t("admin.lastSignIn"), cell: (u) => (u.lastLoginAt ? <DateTime value={u.lastLoginAt} /> : <span className="muted">{t("admin.never")}</span>) },
    { key: "status", header: t("admin.status"), badge: true, cell: (u) => <StatusBadge status={u.status} ns="admin" /> },
  ];
  return (
    <div className="page">
      <PageHeader
        title={t("admin.usersTitle")}
        subtitle={t("admin.usersIntro")}
        actions={
          data.canManage ? (
            <Link to="/admin/users/new" className="button button--primary">
              <Icon name="plus" />
              {t("admin.newUser")}
            </Link>
          ) : null
        }
      />
      <Form method="get" className="filters" role="search" aria-label={t("admin.filtersLabel")}>
        <Field
          className="field--grow"
          label={t("admin.searchLabel")}
          name="q"
          type="search"
          defaultValue={data.filter.search ?? ""}
          placeholder={t("admin.searchPlaceholder")}
          maxLength={200}
          autoComplete="off"
        />
        <SelectField
          label={t("admin.role")}
          name="role"
          defaultValue={data.filter.role ?? ""}
          placeholder={t("common.any")}
          options={ROLE_NAMES.map((value) => ({ value, label: t(`roles.${value}`) }))}
        />
        <SelectField
          label={t("admin.status")}
          name="status"
          defaultValue={data.filter.status ?? ""}
          placeholder={t("common.any")}
          options={STATUSES.map((value) => ({ value, label: t(`admin.${value}`) }))}
        />
        <FilterActions clearTo={filtered ? "/admin/users" : null} />
      </Form>
      <Panel flush footer={<Pagination total={data.total} page={data.page} pageSize={data.pageSize} />}>
        <DataTable
          caption={t("admin.usersTitle")}
          columns={columns}
          rows={data.users}
          rowKey={(u) => u.id}
          data-testid="users-table"
          empty={
            <EmptyState
              icon="users"
              title={t("admin.noUsers")}
              body={filtered ? t("common.tryOtherFilters") : undefined}
              action={
                filtered ? (
                  <Link to="/admin/users" className="button button--secondary button--sm">
                    {t("common.clearFilters")}
                  </Link>
                ) : null
              }
            />
          }
        />
      </Panel>
    </div>
  );
}
