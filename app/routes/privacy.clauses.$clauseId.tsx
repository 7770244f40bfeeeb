import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { getClause, updateClause } from "~/domain/consents/clauses.server";
import { clauseIdOr404, linkablePages, readClauseForm, type ClauseFormValues } from "~/components/consents/clause-form.server";
import { readFormData } from "~/infra/form-data.server";
import { ClauseForm } from "~/components/consents/clause-form";
import { Alert, Badge, DateTime, EmptyState, PageHeader, Panel, StatusBadge } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Clause · Trust & Safety" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "clause");
  const id = clauseIdOr404(params.clauseId);
  const [clause, pages] = await Promise.all([loadOr404(() => getClause(ctx, id)), linkablePages(ctx)]);
  const current = clause.versions.find((v) => v.version === clause.version);
  return json({
    pages,
    clause: {
      id: clause.id,
      description: clause.description,
      position: clause.position,
      type: clause.type,
      active: clause.active,
      priority: clause.priority,
      version: clause.version,
      inUse: clause.inUse,
      content: current?.content ?? "",
      updatedAt: clause.updatedAt.toISOString(),
    },
    // Newest first (the domain's order).
    versions: clause.versions.map((v) => ({
      id: v.id,
      version: v.version,
      type: v.type,
      content: v.content,
      contentHash: v.contentHash,
      createdAt: v.createdAt.toISOString(),
      createdByName: v.createdByName,
      current: v.version === clause.version,
    })),
  });
}

type Failed = ActionFailure & { values?: ClauseFormValues };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "clause");
  const id = clauseIdOr404(params.clauseId);
  const values = readClauseForm(await readFormData(request));
  const result = await runAction(() => updateClause(ctx, id, values));
  if (result.ok) return redirect(`/privacy/clauses/${id}?saved=${result.result.version}`);
  return failure(Object.assign(result, { values }));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EditClause() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const [params] = useSearchParams();
  const tab = params.get("tab") === "history" ? "history" : "basic";
  const saved = params.get("saved");
  const values = failed?.values;
  const { clause } = data;
  return (
    <div className="page page--narrow clause-page" data-testid="edit-clause">
      <PageHeader
        breadcrumbs={[{ to: "/privacy/clauses", label: t("clauses.title") }]}
        title={t("clauses.editTitle")}
        subtitle={`${t(`privacy.positions.${clause.position}`)} · ${clause.description}`}
        meta={
          <span className="cluster cluster--tight">
            <Badge tone="info">{t("clauses.versionBadge", { version: clause.version })}</Badge>
            <StatusBadge status={clause.active ? "CLAUSE_ACTIVE" : "CLAUSE_INACTIVE"} label={clause.active ? t("clauses.form.activeYes") : t("clauses.form.activeNo")} tone={clause.active ? "success" : "neutral"} />
          </span>
        }
      />
      {saved === "created" ? (
        <Alert tone="success">{t("clauses.created")}</Alert>
      ) : saved ? (
        <Alert tone="success">{t("clauses.savedNewVersion", { version: saved })}</Alert>
      ) : null}
      <nav className="clause-tabs" aria-label={t("clauses.tabs.label")}>
        <Link to={`/privacy/clauses/${clause.id}`} replace aria-current={tab === "basic" ? "page" : undefined} data-testid="tab-basic">
          {t("clauses.tabs.basic")}
        </Link>
        <Link to={`/privacy/clauses/${clause.id}?tab=history`} replace aria-current={tab === "history" ? "page" : undefined} data-testid="tab-history">
          {t("clauses.tabs.history")} <span className="clause-tabs__count">{data.versions.length}</span>
        </Link>
      </nav>
      {tab === "history" ? (
        <History versions={data.versions} />
      ) : (
        <Panel>
          <ClauseForm
            // A saved version remounts the form with the stored values.
            key={clause.version}
            defaults={{
              description: values?.description ?? clause.description,
              position: values?.position ?? clause.position,
              type: values?.type ?? clause.type,
              active: values ? values.active : clause.active,
              priority: values?.priority ?? clause.priority,
              content: values?.content ?? clause.content,
            }}
            pages={data.pages}
            failed={failed}
            expectedVersion={clause.version}
            submitLabel={t("clauses.form.save")}
          />
        </Panel>
      )}
    </div>
  );
}

function History({ versions }: { versions: Data["versions"] }) {
  const { t } = useTranslation();
  if (!versions.length) return <EmptyState title={t("common.empty")} />;
  return (
    <Panel title={t("clauses.history.title")} subtitle={t("clauses.history.intro")} data-testid="clause-history">
      <ol className="clause-history">
        {versions.map((v) => (
          <li key={v.id} className={`clause-history__item${v.current ? " is-current" : ""}`} data-testid="clause-version" data-version={v.version}>
            <div className="clause-history__head">
              <strong>{t("clauses.history.version", { version: v.version })}</strong>
              {v.current ? <Badge tone="success">{t("clauses.history.current")}</Badge> : null}
              <Badge>{t(`privacy.types.${v.type}`)}</Badge>
            </div>
            <p className="subtle clause-history__meta">
              <DateTime value={v.createdAt} /> · {t("clauses.history.savedBy")}: {v.createdByName ?? t("clauses.history.system")}
            </p>
            <div className="clause-history__text" aria-label={t("clauses.history.text")} role="group" dangerouslySetInnerHTML={{ __html: v.content }} />
            <HashLine hash={v.contentHash} />
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** The version's SHA-256: shortened, the full value in the title and one click from the clipboard. */
function HashLine({ hash }: { hash: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <p className="clause-history__hash">
      <span className="muted">{t("clauses.history.hash")}</span>{" "}
      <code className="mono" title={hash} data-hash={hash}>
        {hash.slice(0, 12)}…{hash.slice(-6)}
      </code>{" "}
      <button
        type="button"
        className="button button--ghost button--xs"
        onClick={() => {
          void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => setCopied(false));
        }}
        aria-label={`${t("clauses.history.copyHash")}: ${hash}`}
      >
        {copied ? t("clauses.history.copied") : t("clauses.history.copyHash")}
      </button>
    </p>
  );
}
