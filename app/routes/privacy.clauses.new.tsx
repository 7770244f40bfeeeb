import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { createClause } from "~/domain/consents/clauses.server";
import { linkablePages, readClauseForm, type ClauseFormValues } from "~/components/consents/clause-form.server";
import { readFormData } from "~/infra/form-data.server";
import { ClauseForm } from "~/components/consents/clause-form";
import { PageHeader, Panel } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "New clause · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "clause");
  return json({ pages: await linkablePages(ctx) });
}

type Failed = ActionFailure & { values?: ClauseFormValues };

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "clause");
  const values = readClauseForm(await readFormData(request));
  const result = await runAction(() => createClause(ctx, values));
  if (result.ok) return redirect(`/privacy/clauses/${result.result.id}?saved=created`);
  // The person's input comes back with the errors, so a page rendered without JavaScript keeps it.
  return failure(Object.assign(result, { values }));
}

export default function NewClause() {
  const { t } = useTranslation();
  const { pages } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const values = failed?.values;
  return (
    <div className="page page--narrow clause-page" data-testid="new-clause">
      <PageHeader breadcrumbs={[{ to: "/privacy/clauses", label: t("clauses.title") }]} title={t("clauses.newTitle")} />
      <Panel>
        <ClauseForm
          defaults={{
            description: values?.description ?? "",
            position: values?.position ?? "ORDER",
            type: values?.type ?? "MANDATORY_CONSENT",
            active: values ? values.active : true,
            priority: values?.priority ?? 0,
            content: values?.content ?? "",
          }}
          pages={pages}
          failed={failed}
          submitLabel={t("clauses.form.create")}
        />
      </Panel>
    </div>
  );
}
