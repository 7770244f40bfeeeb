import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { listPermissions, listRoles, setRolePermissions } from "~/domain/identity/users.server";
import { Alert, FormError, Icon, PageHeader, Panel } from "~/components/ui";
import { readFormData } from "~/infra/form-data.server";

export const meta: MetaFunction = () => [{ title: "Roles · Trust & Safety" }];

const ROLE_ORDER = ["BUYER", "SELLER", "RIGHTS_HOLDER", "AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const [roles, permissions] = await Promise.all([loadOr404(() => listRoles(ctx)), loadOr404(() => listPermissions(ctx))]);
  const rank = (name: string) => (ROLE_ORDER.includes(name) ? ROLE_ORDER.indexOf(name) : ROLE_ORDER.length);
  return json({
    canManage: canAny(actor, "manage", "role"),
    roles: roles
      .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
      .map((role) => ({
        name: role.name,
        isStaff: role.isStaff,
        users: role._count.users,
        permissions: role.permissions.map((rp) => `${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`),
      })),
    permissions: permissions.map((p) => ({
      key: `${p.action}:${p.entity}:${p.access}`,
      entity: p.entity,
      description: p.description,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const form = await readFormData(request);
  const role = String(form.get("role") ?? "");
  const result = await runAction(() => setRolePermissions(ctx, { role, permissions: form.getAll("permissions").map(String) }));
  return result.ok ? json({ ok: true as const, role }) : failure(Object.assign(result, { role }));
}

export default function Roles() {
  const { t } = useTranslation();
  const { roles, permissions, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: true; role: string } | (ActionFailure & { role?: string }) | undefined;
  const navigation = useNavigation();
  const savingRole = navigation.state === "submitting" ? String(navigation.formData?.get("role") ?? "") : null;
  const entities = [...new Set(permissions.map((p) => p.entity))];
  return (
    <div className="page">
      <PageHeader title={t("admin.rolesTitle")} subtitle={canManage ? t("admin.rolesIntro") : t("admin.rolesReadOnly")} />
      {roles.map((role) => (
        <Form key={role.name} method="post" id={`role-${role.name}`} hidden>
          <input type="hidden" name="role" value={role.name} />
        </Form>
      ))}
      <Panel flush>
        <div className="table-wrap">
          <table className="table matrix" data-testid="roles-matrix">
            <caption className="visually-hidden">{t("admin.rolesTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.permission")}</th>
                {roles.map((role) => (
                  <th key={role.name} scope="col" className="matrix__role">
                    {t(`roles.${role.name}`, { defaultValue: role.name })}
                    <span className="matrix__count">{t("admin.userCount", { count: role.users })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entities.map((entity) => (
                <Fragment key={entity}>
                  <tr>
                    <th scope="rowgroup" colSpan={roles.length + 1} className="matrix__group">
                      {t(`admin.entities.${entity}`, { defaultValue: entity })}
                    </th>
                  </tr>
                  {permissions
                    .filter((p) => p.entity === entity)
                    .map((permission) => (
                      <tr key={permission.key}>
                        <th scope="row">
                          <span className="matrix__key">{permission.key}</span>
                          {permission.description ? <span className="matrix__desc">{permission.description}</span> : null}
                        </th>
                        {roles.map((role) => (
                          <td key={role.name} className="matrix__cell">
                            <input
                              type="checkbox"
                              form={`role-${role.name}`}
                              name="permissions"
                              value={permission.key}
                              defaultChecked={role.permissions.includes(permission.key)}
                              disabled={!canManage}
                              aria-label={t("admin.grantTo", { permission: permission.key, role: t(`roles.${role.name}`, { defaultValue: role.name }) })}
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                </Fragment>
              ))}
            </tbody>
            {canManage ? (
              <tfoot>
                <tr>
                  <td>
                    <span className="subtle">{t("admin.saveEachRole")}</span>
                  </td>
                  {roles.map((role) => (
                    <td key={role.name}>
                      <button
                        type="submit"
                        form={`role-${role.name}`}
                        className="button button--secondary button--xs"
                        disabled={savingRole === role.name}
                        aria-label={t("admin.savePermissionsOf", { role: t(`roles.${role.name}`, { defaultValue: role.name }) })}
                        data-testid={`save-role-${role.name}`}
                      >
                        {savingRole === role.name ? (
                          t("common.saving")
                        ) : actionData?.ok && actionData.role === role.name ? (
                          <>
                            <Icon name="check" /> {t("admin.savedShort")}
                          </>
                        ) : (
                          t("common.save")
                        )}
                      </button>
                    </td>
                  ))}
                </tr>
                {actionData ? (
                  <tr className="matrix__status">
                    <td colSpan={roles.length + 1}>
                      {actionData.ok ? (
                        <Alert tone="success">{t("admin.permissionsSaved", { role: t(`roles.${actionData.role}`, { defaultValue: actionData.role }) })}</Alert>
                      ) : (
                        <FormError failure={actionData} />
                      )}
                    </td>
                  </tr>
                ) : null}
              </tfoot>
            ) : null}
          </table>
        </div>
      </Panel>
    </div>
  );
}
