import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, requirePermission, runAction } from "~/infra/remix.server";
import { ROLE_NAMES, STAFF_ROLES } from "~/domain/identity/permissions";
import { createUser } from "~/domain/identity/users.server";
import { PASSWORD_MIN_LENGTH } from "~/domain/identity/passwords.server";
import { Checkbox, CheckboxGroup, Field, fieldErrors, FormError, PageHeader, Panel, SubmitButton } from "~/components/ui";
import { readFormData } from "~/infra/form-data.server";

export const meta: MetaFunction = () => [{ title: "New account · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "manage", "user");
  return { passwordMinLength: PASSWORD_MIN_LENGTH };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "user");
  const form = await readFormData(request);
  const result = await runAction(() =>
    createUser(ctx, {
      email: form.get("email") ?? "",
      name: form.get("name") ?? "",
      isCompany: form.get("isCompany") === "on",
      roles: form.getAll("roles").map(String),
      password: form.get("password") ?? "",
    }),
  );
  if (!result.ok) return failure(result);
  return redirect(`/admin/users/${result.result.id}?created=1`);
}

export default function NewUser() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { passwordMinLength } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <PageHeader breadcrumbs={[{ to: "/admin/users", label: t("admin.usersTitle") }]} title={t("admin.newUser")} subtitle={t("admin.newUserIntro")} />
      <FormError failure={actionData} />
      <Panel>
        <Form method="post" className="stack">
          <div className="form-grid">
            <Field label={t("auth.email")} name="email" type="email" autoComplete="off" required maxLength={254} errors={fieldErrors(actionData, "email")} />
            <Field label={t("admin.name")} name="name" required minLength={2} maxLength={200} autoComplete="off" errors={fieldErrors(actionData, "name")} />
          </div>
          <Checkbox name="isCompany" label={t("admin.company")} hint={t("admin.companyHint")} />
          <CheckboxGroup
            legend={t("admin.roles")}
            name="roles"
            layout="cards"
            hint={t("admin.rolesHint")}
            errors={fieldErrors(actionData, "roles")}
            options={ROLE_NAMES.map((role) => ({
              value: role,
              label: t(`roles.${role}`),
              hint: `${t(`admin.roleDescriptions.${role}`)}${STAFF_ROLES.includes(role) ? ` ${t("admin.staffNeeds2fa")}` : ""}`,
            }))}
          />
          <Field
            label={t("admin.initialPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={passwordMinLength}
            hint={t("admin.initialPasswordHint", { count: passwordMinLength })}
            errors={fieldErrors(actionData, "password")}
          />
          <div className="form-actions">
            <SubmitButton data-testid="create-user">{t("admin.createAccount")}</SubmitButton>
            <Link to="/admin/users" className="button button--ghost">
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
      </Panel>
    </div>
  );
}
