import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { getInfoPage, updateInfoPage } from "~/domain/consents/info-pages.server";
import { linkablePages } from "~/components/consents/clause-form.server";
import { readFormData } from "~/infra/form-data.server";
import { RichTextEditor } from "~/components/consents/rich-text-editor";
import { Alert, Field, FormError, PageHeader, Panel, SubmitButton } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Information page · Trust & Safety" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "infoPage");
  const [page, pages] = await Promise.all([loadOr404(() => getInfoPage(ctx, params.slug ?? "")), linkablePages(ctx)]);
  return json({ page: { slug: page.slug, title: page.title, content: page.content, updatedAt: page.updatedAt.toISOString() }, pages });
}

type Failed = ActionFailure & { values?: { title: string; content: string } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "infoPage");
  const form = await readFormData(request);
  const values = { title: String(form.get("title") ?? ""), content: String(form.get("content") ?? "") };
  const slug = params.slug ?? "";
  const result = await runAction(() => updateInfoPage(ctx, slug, values));
  if (result.ok) return redirect(`/privacy/pages/${slug}?saved=1`);
  return failure(Object.assign(result, { values }));
}

export default function EditInfoPage() {
  const { t } = useTranslation();
  const { page, pages } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const [params] = useSearchParams();
  const contentErrors =
    failed && !failed.ok && failed.code === "CLAUSE_CONTENT_UNSAFE"
      ? [t("errors.CLAUSE_CONTENT_UNSAFE", { message: (failed.fieldErrors?.content ?? []).join(" ").replace(/^Not allowed: /, "") })]
      : failed?.fieldErrors?.content;
  return (
    <div className="page page--narrow clause-page" data-testid="edit-info-page">
      <PageHeader
        breadcrumbs={[
          { to: "/privacy/clauses", label: t("clauses.title") },
          { to: "/privacy/pages", label: t("clauses.pages.title") },
        ]}
        title={t("clauses.pages.editTitle")}
        subtitle={<code className="mono">/pages/{page.slug}</code>}
        actions={
          <a href={`/pages/${page.slug}`} className="button button--secondary" target="_blank" rel="noopener">
            {t("clauses.pages.view")}
          </a>
        }
      />
      {params.get("saved") ? <Alert tone="success">{t("clauses.pages.saved")}</Alert> : null}
      <Panel>
        <Form method="post" className="stack stack--lg" noValidate>
          <FormError failure={failed && !failed.ok ? { ...failed, code: failed.fieldErrors ? "VALIDATION_FAILED" : failed.code } : undefined} />
          <Field label={t("clauses.pages.pageTitle")} name="title" defaultValue={failed?.values?.title ?? page.title} maxLength={200} required errors={failed?.fieldErrors?.title} />
          <RichTextEditor label={t("clauses.pages.content")} defaultValue={failed?.values?.content ?? page.content} pages={pages} errors={contentErrors} />
          <div className="form-actions">
            <SubmitButton data-testid="save-page">{t("clauses.pages.save")}</SubmitButton>
          </div>
        </Form>
      </Panel>
    </div>
  );
}
