import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CLAUSE_POSITIONS, CLAUSE_TYPES, PRIORITY_MAX, PRIORITY_MIN } from "~/domain/consents/positions";
import type { ActionFailure } from "~/infra/remix.server";
import { Alert, Field, FormError, SelectField, SubmitButton } from "~/components/ui";
import { RichTextEditor, type InfoPageOption } from "./rich-text-editor";

// The clause's "Basic data": description (staff only), position, type, active, priority and the
// current content in the rich-text editor. The domain's errors appear beside the field they concern.

export interface ClauseFormDefaults {
  description: string;
  position: string;
  type: string;
  active: boolean;
  priority: number | string;
  content: string;
}

/** A field's messages: the domain's field errors, with the registry's own codes translated. */
export function useClauseFieldErrors(failed: ActionFailure | undefined) {
  const { t } = useTranslation();
  return (field: "description" | "position" | "type" | "active" | "priority" | "content"): string[] | undefined => {
    if (!failed || failed.ok) return undefined;
    if (field === "position" && failed.code === "CLAUSE_POSITION_FULL") return [t("errors.CLAUSE_POSITION_FULL")];
    if (field === "content" && failed.code === "CLAUSE_CONTENT_UNSAFE") {
      const found = (failed.details ?? []).map((d) => d.message).join(", ") || failed.fieldErrors?.content?.join(" ") || "";
      return [t("errors.CLAUSE_CONTENT_UNSAFE", { message: found })];
    }
    if (field === "content" && failed.code === "CLAUSE_LINK_UNKNOWN_PAGE") return [t("errors.CLAUSE_LINK_UNKNOWN_PAGE", { ...(failed.params ?? {}) })];
    const messages = failed.fieldErrors?.[field];
    if (field !== "priority" || !messages) return messages;
    // The priority's own messages (clauseInputSchema); others are translated by the field.
    return messages.map((message) => {
      const range = message.match(/^From (\d+) to (\d+)$/);
      if (range) return t("clauses.form.priorityRange", { min: Number(range[1]), max: Number(range[2]) });
      return /^A whole number$/.test(message) ? t("validation.integer") : message;
    });
  };
}

const FIELD_CODES = new Set(["VALIDATION_FAILED", "CLAUSE_POSITION_FULL", "CLAUSE_CONTENT_UNSAFE", "CLAUSE_LINK_UNKNOWN_PAGE"]);

export function ClauseForm({
  defaults,
  pages,
  failed,
  expectedVersion,
  submitLabel,
}: {
  defaults: ClauseFormDefaults;
  pages: readonly InfoPageOption[];
  failed?: ActionFailure;
  /** The version the editor was opened on (edit only): a save over someone else's newer one is refused. */
  expectedVersion?: number;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const errorsOf = useClauseFieldErrors(failed);
  const conflict = failed && !failed.ok && failed.code === "CONFLICT";
  return (
    <Form method="post" className="stack stack--lg clause-form" noValidate data-testid="clause-form">
      {conflict ? (
        <Alert tone="warning" title={t("errors.CONFLICT")}>
          <p data-testid="clause-conflict">{t("clauses.form.conflict", { version: failed.params?.version ?? "" })}</p>
          <a href="" className="button button--secondary button--sm">
            {t("clauses.form.reload")}
          </a>
        </Alert>
      ) : failed && !failed.ok && FIELD_CODES.has(failed.code) ? (
        <FormError failure={{ ...failed, code: "VALIDATION_FAILED" }} />
      ) : (
        <FormError failure={failed} />
      )}
      {expectedVersion !== undefined ? <input type="hidden" name="expectedVersion" value={expectedVersion} /> : null}
      <Field
        label={t("clauses.description")}
        name="description"
        defaultValue={defaults.description}
        hint={t("clauses.form.descriptionHint")}
        maxLength={300}
        required
        errors={errorsOf("description")}
      />
      <div className="form-grid clause-form__grid">
        <SelectField
          label={t("clauses.position")}
          name="position"
          defaultValue={defaults.position}
          options={CLAUSE_POSITIONS.map((value) => ({ value, label: t(`privacy.positions.${value}`) }))}
          errors={errorsOf("position")}
        />
        <SelectField
          label={t("clauses.type")}
          name="type"
          defaultValue={defaults.type}
          options={CLAUSE_TYPES.map((value) => ({ value, label: t(`privacy.types.${value}`) }))}
          errors={errorsOf("type")}
        />
        <SelectField
          label={t("clauses.active")}
          name="active"
          defaultValue={defaults.active ? "yes" : "no"}
          options={[
            { value: "yes", label: t("clauses.form.activeYes") },
            { value: "no", label: t("clauses.form.activeNo") },
          ]}
          errors={errorsOf("active")}
        />
        <Field
          label={t("clauses.priority")}
          name="priority"
          type="number"
          inputMode="numeric"
          min={PRIORITY_MIN}
          max={PRIORITY_MAX}
          step={1}
          defaultValue={String(defaults.priority)}
          hint={t("clauses.form.priorityHint")}
          errors={errorsOf("priority")}
        />
      </div>
      <RichTextEditor label={t("clauses.form.content")} defaultValue={defaults.content} hint={t("clauses.form.contentHint")} pages={pages} errors={errorsOf("content")} />
      <div className="form-actions">
        <SubmitButton data-testid="save-clause">{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
