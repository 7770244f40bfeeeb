import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { deleteClause, listClauses } from "~/domain/consents/clauses.server";
import { reviewIntegrations, setReviewIntegrations } from "~/domain/consents/settings.server";
import { canAny } from "~/domain/identity/actor";
import { CLAUSE_POSITIONS, CLAUSE_TYPES } from "~/domain/consents/positions";
import { pickOption } from "~/components/helpers";
import { FilterActions } from "~/components/filter-actions";
import { readFormData } from "~/infra/form-data.server";
import { clauseIdOr404 } from "~/components/consents/clause-form.server";
import {
  Alert,
  Checkbox,
  ConfirmButton,
  DataTable,
  DateTime,
  EmptyState,
  FormError,
  Icon,
  PageHeader,
  Panel,
  SelectField,
  StatusBadge,
  SubmitButton,
  type Column,
} from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Clauses and consents · Trust & Safety" }];

const ACTIVE = ["yes", "no"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requirePermission(request, context, "manage", "clause");
  const params = new URL(request.url).searchParams;
  const filter = {
    position: pickOption(params.get("position"), CLAUSE_POSITIONS),
    type: pickOption(params.get("type"), CLAUSE_TYPES),
    active: pickOption(params.get("active"), ACTIVE),
  };
  const [clauses, integrations] = await Promise.all([
    loadOr404(() => listClauses(ctx, { position: filter.position, type: filter.type, active: filter.active === undefined ? undefined : filter.active === "yes" })),
    reviewIntegrations(ctx.db),
  ]);
  return json({
    filter,
    canSwitchIntegrations: canAny(actor, "manage", "reviewIntegration"),
    integrations: {
      opineo: integrations.opineo,
      ceneo: integrations.ceneo,
      updatedAt: integrations.updatedAt?.toISOString() ?? null,
      updatedByName: integrations.updatedByName,
    },
    clauses: clauses.map((c) => ({
      id: c.id,
      position: c.position,
      type: c.type,
      description: c.description,
      active: c.active,
      priority: c.priority,
      version: c.version,
      updatedAt: c.updatedAt.toISOString(),
      inUse: c.inUse,
    })),
  });
}

type Intent = "delete" | "integrations";
type Failed = ActionFailure & { intent: Intent; clauseId?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "clause");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "delete") {
    const clauseId = clauseIdOr404(form.get("clauseId"));
    const result = await runAction(() => deleteClause(ctx, clauseId));
    return result.ok ? redirect("/privacy/clauses?deleted=1") : failure(Object.assign(result, { intent: "delete" as Intent, clauseId }));
  }
  if (intent === "integrations") {
    const input = { opineo: form.get("opineo") === "on", ceneo: form.get("ceneo") === "on" };
    const result = await runAction(() => setReviewIntegrations(ctx, input));
    return result.ok ? redirect("/privacy/clauses?saved=integrations") : failure(Object.assign(result, { intent: "integrations" as Intent }));
  }
  return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action", intent: "delete" } as Failed);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["clauses"][number];

export default function ClauseRegistry() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed | undefined;
  const [params] = useSearchParams();
  const filtered = Boolean(data.filter.position || data.filter.type || data.filter.active);
  const deleteFailure = failed && !failed.ok && failed.intent === "delete" ? failed : undefined;
  const columns: Column<Row>[] = [
    {
      key: "position",
      header: t("clauses.position"),
      primary: true,
      cell: (c) => (
        <span className="cell-stack">
          <Link to={`/privacy/clauses/${c.id}`}>{t(`privacy.positions.${c.position}`)}</Link>
          <span className="subtle">
            {t("clauses.priority")} {c.priority} · {t("clauses.versionBadge", { version: c.version })}
          </span>
        </span>
      ),
    },
    { key: "description", header: t("clauses.description"), cell: (c) => <span className="clause-list__description">{c.description}</span> },
    { key: "type", header: t("clauses.type"), cell: (c) => t(`privacy.types.${c.type}`) },
    {
      key: "active",
      header: t("clauses.active"),
      badge: true,
      cell: (c) => <StatusBadge status={c.active ? "CLAUSE_ACTIVE" : "CLAUSE_INACTIVE"} label={c.active ? t("common.yes") : t("common.no")} tone={c.active ? "success" : "neutral"} />,
    },
    {
      key: "actions",
      header: t("common.actions"),
      actions: true,
      cell: (c) => (
        <div className="clause-list__actions">
          <Link to={`/privacy/clauses/${c.id}`} className="button button--secondary button--sm" aria-label={`${t("clauses.edit")}: ${t(`privacy.positions.${c.position}`)} – ${c.description}`}>
            {t("clauses.edit")}
          </Link>
          {c.inUse ? (
            <span className="muted clause-list__in-use" data-testid="clause-in-use">
              {t("clauses.inUse")}
            </span>
          ) : (
            <Form method="post">
              <input type="hidden" name="clauseId" value={c.id} />
              <ConfirmButton name="intent" value="delete" size="sm" message={t("clauses.deleteMessage")} confirmLabel={t("clauses.deleteConfirm")} data-testid="delete-clause">
                {t("clauses.delete")}
              </ConfirmButton>
            </Form>
          )}
        </div>
      ),
    },
  ];
  return (
    <div className="page clause-registry" data-testid="clause-registry">
      <PageHeader
        title={t("clauses.title")}
        subtitle={t("clauses.intro")}
        actions={
          <>
            <Link to="/privacy/pages" className="button button--secondary">
              <Icon name="file" />
              {t("clauses.infoPages")}
            </Link>
            <Link to="/privacy/clauses/new" className="button button--primary" data-testid="add-clause">
              <Icon name="plus" />
              {t("clauses.add")}
            </Link>
          </>
        }
      />
      {params.get("deleted") ? <Alert tone="success">{t("clauses.deleted")}</Alert> : null}
      {params.get("saved") === "integrations" ? <Alert tone="success">{t("clauses.integrations.saved")}</Alert> : null}
      {deleteFailure ? <FormError failure={deleteFailure} /> : null}
      <Form method="get" className="filters" role="search" aria-label={t("clauses.filtersLabel")}>
        <SelectField
          label={t("clauses.type")}
          name="type"
          defaultValue={data.filter.type ?? ""}
          placeholder={t("common.any")}
          options={CLAUSE_TYPES.map((value) => ({ value, label: t(`privacy.types.${value}`) }))}
        />
        <SelectField
          className="field--grow"
          label={t("clauses.position")}
          name="position"
          defaultValue={data.filter.position ?? ""}
          placeholder={t("common.any")}
          options={CLAUSE_POSITIONS.map((value) => ({ value, label: t(`privacy.positions.${value}`) }))}
        />
        <SelectField
          label={t("clauses.active")}
          name="active"
          defaultValue={data.filter.active ?? ""}
          placeholder={t("common.any")}
          options={[
            { value: "yes", label: t("common.yes") },
            { value: "no", label: t("common.no") },
          ]}
        />
        <FilterActions clearTo={filtered ? "/privacy/clauses" : null} />
      </Form>
      <Panel flush>
        <DataTable
          caption={t("clauses.listCaption")}
          columns={columns}
          rows={data.clauses}
          rowKey={(c) => c.id}
          data-testid="clauses-table"
          empty={
            <EmptyState
              icon="file"
              title={filtered ? t("clauses.emptyFiltered") : t("clauses.empty")}
              body={filtered ? t("common.tryOtherFilters") : t("clauses.emptyBody")}
              action={
                filtered ? (
                  <Link to="/privacy/clauses" className="button button--secondary button--sm">
                    {t("common.clearFilters")}
                  </Link>
                ) : (
                  <Link to="/privacy/clauses/new" className="button button--primary button--sm">
                    {t("clauses.add")}
                  </Link>
                )
              }
            />
          }
        />
      </Panel>
      <IntegrationsPanel failed={failed && !failed.ok && failed.intent === "integrations" ? failed : undefined} />
    </div>
  );
}

/** The review services' switches: administrators change them; the officer sees how they stand. */
function IntegrationsPanel({ failed }: { failed?: Failed }) {
  const { t } = useTranslation();
  const { integrations, canSwitchIntegrations } = useLoaderData<typeof loader>();
  const changed = integrations.updatedAt ? (
    <p className="subtle" data-testid="integrations-changed">
      {t("clauses.integrations.changed", { name: integrations.updatedByName ?? t("clauses.history.system") })}, <DateTime value={integrations.updatedAt} />
    </p>
  ) : (
    <p className="subtle">{t("clauses.integrations.never")}</p>
  );
  return (
    <Panel title={t("clauses.integrations.title")} subtitle={t("clauses.integrations.intro")} data-testid="review-integrations" className="clause-integrations">
      {canSwitchIntegrations ? (
        <Form method="post" className="stack">
          <FormError failure={failed} />
          <div className="cluster">
            <Checkbox role="switch" name="opineo" label={t("clauses.integrations.opineo")} defaultChecked={integrations.opineo} key={`o${integrations.opineo}`} />
            <Checkbox role="switch" name="ceneo" label={t("clauses.integrations.ceneo")} defaultChecked={integrations.ceneo} key={`c${integrations.ceneo}`} />
          </div>
          {changed}
          <div className="form-actions">
            <SubmitButton name="intent" value="integrations" variant="secondary" data-testid="save-integrations">
              {t("clauses.integrations.save")}
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <div className="stack stack--sm">
          <dl className="clause-integrations__state">
            <dt>{t("clauses.integrations.opineo")}</dt>
            <dd>{integrations.opineo ? t("clauses.integrations.on") : t("clauses.integrations.off")}</dd>
            <dt>{t("clauses.integrations.ceneo")}</dt>
            <dd>{integrations.ceneo ? t("clauses.integrations.on") : t("clauses.integrations.off")}</dd>
          </dl>
          {changed}
        </div>
      )}
    </Panel>
  );
}
