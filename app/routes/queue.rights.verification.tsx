import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { listVerificationQueue } from "~/domain/rights/queries.server";
import { setRightFlags, verifyRight, verifyRightsHolder } from "~/domain/rights/holders.server";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { Alert, Checkbox, DateTime, DescriptionList, EmptyState, Field, PageHeader, Panel, SubmitButton, TextAreaField } from "~/components/ui";
import { DOCUMENT_ACCEPT, RightFlags, RightsDocuments, RightsFormError, VerificationBadge } from "~/components/rights/rights-ui";
import { RightsQueueTabs } from "~/components/rights/queue-tabs";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "Verification · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "verify", "rightsHolder");
  const queue = await loadOr404(() => listVerificationQueue(ctx));
  return json({
    holders: queue.holders.map((h) => ({ id: h.id, name: h.name, countryCode: h.countryCode, companyNumber: h.companyNumber, createdAt: h.createdAt.toISOString(), status: h.status })),
    rights: queue.rights.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      registrationNumber: r.registrationNumber,
      territory: r.territory,
      ownerName: r.ownerName,
      onBehalf: r.onBehalf,
      contested: r.contested,
      unexamined: r.unexamined,
      createdAt: r.createdAt.toISOString(),
      holder: { id: r.rightsHolderId, name: r.rightsHolder.name, status: r.rightsHolder.status },
      documents: r.documents.map((d) => ({ id: d.id, fileName: d.fileName, purpose: d.purpose, sizeBytes: d.sizeBytes })),
    })),
  });
}

type Failure = ActionFailure & { target?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "verify", "rightsHolder");
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(parsed.failure);
  const form = parsed.form;
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent");
  const id = text("id");
  const verified = text("decision") === "VERIFY";
  const note = text("note") || undefined;
  const run = async (fn: () => Promise<unknown>, done: string) => {
    const result = await runAction(fn);
    return result.ok ? redirect(`/queue/rights/verification?done=${done}`) : failure(Object.assign(result, { target: id }));
  };
  switch (intent) {
    case "holder":
      return run(() => verifyRightsHolder(ctx, { id, verified, note }), verified ? "holderVerified" : "holderRefused");
    case "right":
      return run(() => verifyRight(ctx, { id, verified, note }), verified ? "rightVerified" : "rightRefused");
    case "flags": {
      const document = await documentsFrom(form, "document");
      return run(() => setRightFlags(ctx, { rightId: id, contested: form.get("contested") === "on", unexamined: form.get("unexamined") === "on", note, document }), "flags");
    }
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}

function useFailureFor(id: string): Failure | undefined {
  const data = useActionData<typeof action>() as Failure | undefined;
  return data && !data.ok && data.target === id ? data : undefined;
}

export default function VerificationQueue() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <div className="page rights-page" data-testid="verification-queue">
      <PageHeader title={t("rights.verify.title")} subtitle={t("rights.verify.intro")} />
      <RightsQueueTabs />
      {done ? <Alert tone="success">{t(`rights.verify.done.${done}`, { defaultValue: t("rights.verify.done.generic") })}</Alert> : null}
      <h2 className="section-title">{t("rights.verify.holders")}</h2>
      {data.holders.length ? (
        data.holders.map((h) => <HolderCard key={h.id} holder={h} />)
      ) : (
        <EmptyState compact icon="shieldCheck" title={t("rights.verify.noHolders")} />
      )}
      <h2 className="section-title">{t("rights.verify.rights")}</h2>
      {data.rights.length ? data.rights.map((r) => <RightCard key={r.id} right={r} />) : <EmptyState compact icon="shieldCheck" title={t("rights.verify.noRights")} />}
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Decision({ intent, id, testId, disabledVerify }: { intent: "holder" | "right"; id: string; testId: string; disabledVerify?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack" noValidate data-testid={testId}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <TextAreaField label={t("rights.verify.note")} name="note" id={`${testId}-note`} rows={2} hint={t("rights.verify.noteHint")} />
      <div className="cluster">
        {disabledVerify ? null : (
          <SubmitButton name="decision" value="VERIFY" data-testid={`${testId}-verify`}>
            {t("rights.verify.verify")}
          </SubmitButton>
        )}
        <SubmitButton variant="danger" name="decision" value="REFUSE" data-testid={`${testId}-refuse`}>
          {t("rights.verify.refuse")}
        </SubmitButton>
      </div>
    </Form>
  );
}

function HolderCard({ holder }: { holder: Data["holders"][number] }) {
  const { t } = useTranslation();
  const failed = useFailureFor(holder.id);
  return (
    <Panel title={holder.name} actions={<VerificationBadge status={holder.status} />} data-testid={`holder-${holder.name}`}>
      <RightsFormError failure={failed} />
      <DescriptionList
        variant="columns"
        items={[
          { term: t("rights.register.country"), value: holder.countryCode },
          { term: t("rights.register.companyNumber"), value: holder.companyNumber },
          { term: t("rights.verify.registeredAt"), value: <DateTime value={holder.createdAt} /> },
        ]}
      />
      <Decision intent="holder" id={holder.id} testId="holder-decision" />
    </Panel>
  );
}

function RightCard({ right }: { right: Data["rights"][number] }) {
  const { t } = useTranslation();
  const failed = useFailureFor(right.id);
  const holderVerified = right.holder.status === "VERIFIED";
  return (
    <Panel
      title={`${right.name} · ${t(`rights.rightTypes.${right.type}`)}`}
      subtitle={right.holder.name}
      actions={
        <span className="cluster cluster--tight">
          <RightFlags contested={right.contested} unexamined={right.unexamined} />
        </span>
      }
      data-testid={`right-${right.name}`}
    >
      <RightsFormError failure={failed} />
      {!holderVerified ? <Alert tone="warning">{t("rights.verify.holderFirst")}</Alert> : null}
      <div className="grid grid--2">
        <DescriptionList
          items={[
            { term: t("rights.rights.registrationNumber"), value: <span className="mono">{right.registrationNumber ?? "—"}</span> },
            { term: t("rights.rights.territory"), value: right.territory },
            { term: t("rights.rights.owner"), value: right.ownerName },
            { term: t("rights.rights.onBehalfLabel"), value: right.onBehalf ? t("common.yes") : t("common.no") },
            { term: t("rights.verify.registeredAt"), value: <DateTime value={right.createdAt} /> },
          ]}
        />
        <div className="stack">
          <h3 className="subsection-title">{t("rights.verify.documents")}</h3>
          <RightsDocuments documents={right.documents} testId={`documents-${right.name}`} />
        </div>
      </div>
      <Decision intent="right" id={right.id} testId="right-decision" disabledVerify={!holderVerified} />
      <details className="rights-flags">
        <summary className="button button--ghost button--sm">{t("rights.flags.title")}</summary>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="flags" />
          <input type="hidden" name="id" value={right.id} />
          <Checkbox name="contested" id={`contested-${right.id}`} defaultChecked={right.contested} label={t("rights.flags.contested")} hint={t("rights.flags.contestedHint")} />
          <Checkbox name="unexamined" id={`unexamined-${right.id}`} defaultChecked={right.unexamined} label={t("rights.flags.unexamined")} hint={t("rights.flags.unexaminedHint")} />
          <Field type="file" accept={DOCUMENT_ACCEPT} name="document" id={`document-${right.id}`} label={t("rights.flags.document")} optional errors={failed?.fieldErrors?.document} />
          <div className="form-actions">
            <SubmitButton variant="secondary">{t("rights.flags.save")}</SubmitButton>
          </div>
        </Form>
      </details>
    </Panel>
  );
}
