import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { fileNotice } from "~/domain/rights/notices.server";
import { myRightsHolders } from "~/domain/rights/queries.server";
import { fileFromCsv } from "~/components/rights/csv-upload.server";
import { INFRINGEMENT_KINDS } from "~/domain/rights/statement-of-reasons";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { readConsentAnswers } from "~/components/consents/consent-form-data";
import { Alert, Checkbox, EmptyState, Field, Icon, PageHeader, Panel, SelectField, SubmitButton, TextAreaField } from "~/components/ui";
import { DOCUMENT_ACCEPT, RightsFormError } from "~/components/rights/rights-ui";
import { MAX_FORM_ROWS, problemsAt, readNoticeRows, remapProblems, rowField, type ItemProblem } from "~/components/rights/notice-form";
import { fieldErrorKey } from "~/components/helpers";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "New notice · Trust & Safety" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "create", "ipNotice");
  const params = new URL(request.url).searchParams;
  const mine = await loadOr404(() => myRightsHolders(ctx));
  const verified = mine.holders.filter((h) => h.status === "VERIFIED");
  const holder = verified.find((h) => h.id === params.get("holder")) ?? verified[0] ?? null;
  const rows = Math.min(Math.max(Number(params.get("rows")) || 2, 1), MAX_FORM_ROWS);
  const offerId = params.get("offerId");
  const clauses = consentFieldClauses(await clausesForForm(ctx.db, "FILE_IP_REPORT"));
  return json({
    clauses,
    holder: holder ? { id: holder.id, name: holder.name, suspendedUntil: holder.noticesSuspendedUntil?.toISOString() ?? null } : null,
    holders: verified.map((h) => ({ id: h.id, name: h.name })),
    rights: (holder?.rights ?? [])
      .filter((r) => r.status === "VERIFIED")
      .map((r) => ({ id: r.id, name: r.name, type: r.type, registrationNumber: r.registrationNumber, territory: r.territory, contested: r.contested, unexamined: r.unexamined })),
    rows,
    offerId: offerId && UUID.test(offerId) ? offerId : null,
    now: ctx.clock.now().toISOString(),
  });
}

type Intent = "file" | "csv";
type Failure = ActionFailure & { intent: Intent; rows?: number[]; accepted?: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "create", "ipNotice");
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(Object.assign(parsed.failure, { intent: "file" as Intent }));
  const form = parsed.form;
  const intent: Intent = form.get("intent") === "csv" ? "csv" : "file";
  const rightsHolderId = String(form.get("rightsHolderId") ?? "");
  const accuracyStatement = form.get("accuracyStatement") === "on";
  if (intent === "csv") {
    const result = await fileFromCsv(ctx, form, rightsHolderId, accuracyStatement);
    return result.ok ? redirect(`/rights/notices/${result.noticeId}?receipt=1`) : failure(Object.assign(result.failure, { intent }));
  }
  const { items, rowOf } = readNoticeRows(form, Number(form.get("rows")) || 1);
  const files: Record<number, Awaited<ReturnType<typeof documentsFrom>>> = {};
  for (let index = 0; index < rowOf.length; index++) {
    const uploaded = await documentsFrom(form, rowField(rowOf[index], "evidence"));
    if (uploaded.length) files[index] = uploaded;
  }
  const consents = readConsentAnswers(form);
  const result = await runAction(() => fileNotice(ctx, { rightsHolderId, accuracyStatement, items, files, consents }));
  if (result.ok) return redirect(`/rights/notices/${result.result.notice.id}?receipt=1`);
  return failure(Object.assign(remapProblems(result, rowOf), { intent, accepted: consents.accepted }));
}

/** A problem of one field, in the reader's language: the domain's code where it names the rule, else the field message. */
function useProblemText() {
  const { t } = useTranslation();
  return (problem: ItemProblem) => {
    if (problem.code !== "VALIDATION_FAILED" && problem.code !== "EVIDENCE_MISSING") return t(`errors.${problem.code}`, { defaultValue: problem.message });
    const known = fieldErrorKey(problem.message);
    return known ? t(known.key, { ...(known.params ?? {}), defaultValue: problem.message }) : problem.message;
  };
}

export default function NewNotice() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure | undefined;
  const [rows, setRows] = useState(data.rows);
  const problemText = useProblemText();
  if (!data.holder) {
    return (
      <div className="page page--narrow rights-page">
        <PageHeader breadcrumbs={[{ to: "/rights", label: t("rights.home.title") }]} title={t("rights.newNotice.title")} />
        <EmptyState icon="shieldCheck" title={t("rights.newNotice.noVerifiedHolder")} body={t("rights.newNotice.noVerifiedHolderBody")} />
      </div>
    );
  }
  const fileFailure = failed && !failed.ok && failed.intent === "file" ? failed : undefined;
  const csvFailure = failed && !failed.ok && failed.intent === "csv" ? failed : undefined;
  const messages = (field: string) => {
    const list = problemsAt(fileFailure?.details, field).map(problemText);
    return list.length ? list : undefined;
  };
  const count = fileFailure?.details?.length ?? 0;
  return (
    <div className="page rights-page" data-testid="new-notice-page">
      <PageHeader
        breadcrumbs={[{ to: "/rights", label: t("rights.home.title") }]}
        title={t("rights.newNotice.title")}
        subtitle={t("rights.newNotice.intro", { holder: data.holder.name })}
      />
      {!data.rights.length ? (
        <Alert tone="warning" title={t("rights.newNotice.noRights")}>
          <Link to="/rights">{t("rights.newNotice.registerRight")}</Link>
        </Alert>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack stack--lg" noValidate data-testid="notice-form">
        <input type="hidden" name="intent" value="file" />
        <input type="hidden" name="rightsHolderId" value={data.holder.id} />
        <input type="hidden" name="rows" value={rows} />
        {fileFailure ? (
          <div className="alert alert--error" role="alert" data-testid="notice-errors" data-code={fileFailure.code} data-count={count}>
            <Icon name="alert" />
            <div className="alert__body">
              {fileFailure.code === "NOTICE_INVALID"
                ? t("rights.newNotice.problems", { count })
                : t(`errors.${fileFailure.code}`, { ...(fileFailure.params ?? {}), defaultValue: fileFailure.message })}
              {problemsAt(fileFailure.details, "items").filter((p) => p.field === "items").map((p) => (
                <div key={p.field}>{problemText(p)}</div>
              ))}
            </div>
          </div>
        ) : null}
        {Array.from({ length: rows }, (_, row) => (
          <Panel
            key={row}
            level={2}
            title={t("rights.newNotice.offerN", { n: row + 1 })}
            data-testid={`row-${row}`}
            className={fileFailure?.details?.some((d) => d.field.startsWith(`items.${row}.`)) ? "panel--danger" : undefined}
          >
            <div className="form-grid">
              <Field
                label={t("rights.newNotice.offerId")}
                name={rowField(row, "offerId")}
                id={`row-${row}-offerId`}
                defaultValue={row === 0 && data.offerId ? data.offerId : undefined}
                hint={t("rights.newNotice.offerIdHint")}
                autoComplete="off"
                spellCheck={false}
                errors={messages(rowField(row, "offerId"))}
              />
              <SelectField
                label={t("rights.newNotice.right")}
                name={rowField(row, "rightId")}
                id={`row-${row}-rightId`}
                placeholder={t("rights.newNotice.chooseRight")}
                defaultValue={data.rights.length === 1 ? data.rights[0].id : ""}
                options={data.rights.map((r) => ({
                  value: r.id,
                  label: `${r.name} · ${t(`rights.rightTypes.${r.type}`)}${r.registrationNumber ? ` · ${r.registrationNumber}` : ""} (${r.territory})`,
                }))}
                errors={messages(rowField(row, "rightId"))}
              />
              <SelectField
                label={t("rights.newNotice.kind")}
                name={rowField(row, "kind")}
                id={`row-${row}-kind`}
                placeholder={t("rights.newNotice.chooseKind")}
                defaultValue=""
                options={INFRINGEMENT_KINDS.map((value) => ({ value, label: t(`rights.kinds.${value}`) }))}
                errors={messages(rowField(row, "kind"))}
              />
            </div>
            <TextAreaField
              label={t("rights.newNotice.explanation")}
              name={rowField(row, "explanation")}
              id={`row-${row}-explanation`}
              rows={3}
              hint={t("rights.newNotice.explanationHint")}
              errors={messages(rowField(row, "explanation"))}
            />
            <div className="form-grid">
              <TextAreaField
                label={t("rights.newNotice.evidenceUrls")}
                name={rowField(row, "evidenceUrls")}
                id={`row-${row}-evidenceUrls`}
                rows={2}
                hint={t("rights.newNotice.evidenceUrlsHint")}
                errors={messages(rowField(row, "evidenceUrls")) ?? messages(rowField(row, "evidence"))}
              />
              <Field
                type="file"
                accept={DOCUMENT_ACCEPT}
                label={t("rights.newNotice.evidenceFile")}
                name={rowField(row, "evidence")}
                id={`row-${row}-evidence`}
                optional
                hint={t("rights.newNotice.evidenceFileHint")}
              />
            </div>
          </Panel>
        ))}
        {rows < MAX_FORM_ROWS ? (
          <div>
            <button type="button" className="button button--secondary" onClick={() => setRows((n) => Math.min(n + 1, MAX_FORM_ROWS))} data-testid="add-row">
              <Icon name="plus" />
              {t("rights.newNotice.addRow")}
            </button>
          </div>
        ) : null}
        <Panel title={t("rights.newNotice.statementTitle")}>
          <Checkbox
            name="accuracyStatement"
            id="accuracy-statement"
            label={t("rights.newNotice.accuracyStatement")}
            hint={t("rights.newNotice.accuracyHint")}
            aria-invalid={messages("accuracyStatement") ? true : undefined}
          />
          {messages("accuracyStatement") ? (
            <p className="field__error" data-testid="accuracy-error">
              {messages("accuracyStatement")!.join(" ")}
            </p>
          ) : null}
          <ConsentFields clauses={data.clauses} accepted={fileFailure?.accepted} errors={fileFailure?.fieldErrors} />
          <div className="form-actions">
            <SubmitButton size="lg" data-testid="file-notice">
              {t("rights.newNotice.submit")}
            </SubmitButton>
          </div>
        </Panel>
      </Form>
      <Panel title={t("rights.csv.title")} subtitle={t("rights.csv.intro")} data-testid="csv-panel">
        <Form method="post" encType="multipart/form-data" className="stack" noValidate data-testid="csv-form">
          <input type="hidden" name="intent" value="csv" />
          <input type="hidden" name="rightsHolderId" value={data.holder.id} />
          {csvFailure ? (
            csvFailure.code === "NOTICE_INVALID" ? (
              <div className="alert alert--error" role="alert" data-testid="csv-error" data-code={csvFailure.code}>
                <Icon name="alert" />
                <div className="alert__body">{t("rights.newNotice.problems", { count: csvFailure.details?.length ?? 0 })}</div>
              </div>
            ) : (
              <RightsFormError failure={csvFailure} testId="csv-error" />
            )
          ) : null}
          {csvFailure?.details?.length ? (
            <ul className="csv-problems" data-testid="csv-problems">
              {csvFailure.details
                .map((p) => ({ p, at: /^items\.(\d+)\.?(.*)$/.exec(p.field) }))
                .sort((a, b) => Number(a.at?.[1] ?? -1) - Number(b.at?.[1] ?? -1))
                .map(({ p, at }, i) => (
                  <li key={i} data-field={p.field} data-code={p.code}>
                    {at ? <strong>{t("rights.csv.row", { row: csvFailure.rows?.[Number(at[1])] ?? Number(at[1]) + 2 })}</strong> : null}
                    {at && at[2] ? ` · ${t(`rights.csv.column.${at[2].split(".")[0]}`, { defaultValue: at[2] })}` : ""}
                    {at ? ": " : ""}
                    {problemText(p)}
                  </li>
                ))}
            </ul>
          ) : null}
          <Field type="file" name="csv" accept=".csv,text/csv" label={t("rights.csv.file")} hint={t("rights.csv.columns")} errors={csvFailure?.fieldErrors?.csv} />
          <Checkbox name="accuracyStatement" id="csv-accuracy" label={t("rights.newNotice.accuracyStatement")} />
          <ConsentFields clauses={data.clauses} idPrefix="csv-consent" errors={csvFailure?.fieldErrors} />
          <div className="form-actions">
            <SubmitButton variant="secondary" data-testid="file-csv">
              {t("rights.csv.submit")}
            </SubmitButton>
          </div>
        </Form>
      </Panel>
    </div>
  );
}
