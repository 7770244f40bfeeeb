import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActionFailure } from "~/infra/remix.server";
import { CLOSING_NOTE_MAX_LENGTH, MESSAGE_MAX_LENGTH } from "~/domain/discussions/policy";
import { DISCUSSION_OUTCOMES, SOLUTION_KINDS } from "~/domain/discussions/schemas";
import { formatDateTime, formatMoney } from "~/lib/format";
import { Checkbox, Field, fieldErrors, FormError, Panel, SelectField, SubmitButton, TextAreaField } from "~/components/ui";
import { fieldErrorKey } from "~/components/helpers";
import type { PartyRole } from "./types";

/** What the discussion page's action returns: which form it was, and on failure what the person typed. */
export type DiscussionActionResult =
  | { ok: true; intent: string }
  | (ActionFailure & { intent: string; values?: Record<string, string> });

export type DiscussionFailure = ActionFailure & { intent?: string; values?: Record<string, string> };

export const ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf";

/** The form-level error, with instants (availableAt, until) shown in Europe/Warsaw in the reader's language. */
export function DiscussionFormError({ failure }: { failure?: DiscussionFailure | null }) {
  const { t, i18n } = useTranslation();
  if (!failure || failure.ok) return null;
  // Form-wide messages arrive in the schemas' English, like field messages: translate the known ones.
  const formMessages = failure.fieldErrors?._form?.map((message) => {
    const known = fieldErrorKey(message);
    return known ? t(known.key, { ...(known.params ?? {}), defaultValue: message }) : message;
  });
  const params: Record<string, string | number> = { ...(failure.params ?? {}) };
  for (const key of ["availableAt", "until"]) {
    const value = params[key];
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) params[key] = formatDateTime(value, i18n.language);
  }
  if (typeof params.max === "number" && failure.code === "AMOUNT_OUT_OF_RANGE") params.max = formatMoney(params.max, "PLN", i18n.language);
  // When the specifics stand next to the fields, the form-level line just says to look at them.
  const onFields = Object.keys(failure.fieldErrors ?? {}).some((key) => key !== "_form");
  const translatedErrors = formMessages ? { ...failure.fieldErrors, _form: formMessages } : failure.fieldErrors;
  const shown: ActionFailure = onFields
    ? { ...failure, code: "VALIDATION_FAILED", message: "The input is not valid", params: {}, fieldErrors: translatedErrors }
    : { ...failure, params, fieldErrors: translatedErrors };
  return (
    <div data-testid="form-error" data-code={failure.code}>
      <FormError failure={shown} />
    </div>
  );
}

/** Several files, checked by the domain (type by content, size, count); the hint says the limits. */
export function AttachmentsField({ label, hint, errors }: { label: string; hint: string; errors?: string[] }) {
  return <Field type="file" name="attachments" label={label} hint={hint} multiple accept={ATTACHMENT_ACCEPT} errors={errors} optional data-testid="attachments-input" />;
}

/** Only the failure of the form that was sent. */
export function failureOf(result: DiscussionActionResult | undefined, ...intents: string[]): DiscussionFailure | undefined {
  return result && !result.ok && intents.includes(result.intent) ? result : undefined;
}

/** A message to the discussion; agents choose the addressee and may mark it as a request for information. */
export function Composer({ viewer, result }: { viewer: PartyRole; result?: DiscussionActionResult }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const sent = result?.ok && result.intent === "message";
  useEffect(() => {
    if (sent) formRef.current?.reset();
  }, [result, sent]);
  const failure = failureOf(result, "message");
  const values = failure?.values ?? {};
  const agent = viewer === "AGENT";
  return (
    <Panel title={agent ? t("discussions.composer.agentTitle") : t("discussions.composer.title")} id="composer" data-testid="composer">
      <Form method="post" encType="multipart/form-data" className="stack" ref={formRef} aria-label={t("discussions.composer.title")}>
        <DiscussionFormError failure={failure} />
        <TextAreaField
          label={t("discussions.composer.body")}
          name="body"
          rows={4}
          maxLength={MESSAGE_MAX_LENGTH}
          defaultValue={values.body ?? ""}
          errors={fieldErrors(failure, "body")}
          hint={agent ? undefined : t("discussions.composer.bodyHint")}
        />
        {agent ? (
          <>
            <fieldset className="field">
              <legend>{t("discussions.composer.sendTo")}</legend>
              <div className="cluster">
                {(["ALL", "BUYER", "SELLER"] as const).map((value) => (
                  <label key={value} className="checkbox">
                    <input type="radio" name="visibility" value={value} defaultChecked={(values.visibility ?? "ALL") === value} />
                    <span>{t(`discussions.composer.${value === "ALL" ? "toAll" : value === "BUYER" ? "toBuyer" : "toSeller"}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Checkbox
              name="informationRequest"
              value="on"
              label={t("discussions.composer.informationRequest")}
              hint={t("discussions.composer.informationRequestHint")}
              defaultChecked={values.informationRequest === "on"}
            />
          </>
        ) : null}
        <AttachmentsField label={t("discussions.composer.attachments")} hint={t("discussions.composer.attachmentsHint")} errors={fieldErrors(failure, "attachments")} />
        <div className="form-actions">
          <SubmitButton name="intent" value="message" busyLabel={t("discussions.composer.sending")} data-testid="send-message">
            {t("discussions.composer.send")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

/** True once the page's scripts run: fields that depend on a choice are switched off only then. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** An amount in złoty, needed only for a partial refund (switched off for other choices once scripts run). */
function AmountField({ label, hint, enabled, failure, defaultValue }: { label: string; hint: string; enabled: boolean; failure?: DiscussionFailure; defaultValue: string }) {
  return (
    <Field
      label={label}
      name="amount"
      inputMode="decimal"
      autoComplete="off"
      placeholder="123,45"
      hint={hint}
      disabled={!enabled}
      defaultValue={defaultValue}
      errors={fieldErrors(failure, "amount")}
    />
  );
}

/** The seller (or an agent) proposes a solution the buyer can accept or decline. */
export function ProposeForm({ result, orderTotal, currency, replacesPending }: { result?: DiscussionActionResult; orderTotal: number; currency: string; replacesPending: boolean }) {
  const { t, i18n } = useTranslation();
  const failure = failureOf(result, "propose");
  const values = failure?.values ?? {};
  const [kind, setKind] = useState(values.kind ?? "");
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const sent = result?.ok && result.intent === "propose";
  useEffect(() => {
    if (sent) {
      formRef.current?.reset();
      setKind("");
    }
  }, [result, sent]);
  return (
    <Form method="post" className="stack" ref={formRef} data-testid="propose-form">
      <p className="subtle">{t("discussions.sellerActions.proposeHelp")}</p>
      {replacesPending ? <p className="subtle">{t("discussions.sellerActions.replacesPending")}</p> : null}
      <DiscussionFormError failure={failure} />
      <SelectField
        label={t("discussions.sellerActions.kind")}
        name="kind"
        placeholder={t("discussions.sellerActions.chooseKind")}
        options={SOLUTION_KINDS.map((value) => ({ value, label: t(`discussions.outcomes.${value}`) }))}
        defaultValue={values.kind ?? ""}
        onChange={(event) => setKind(event.currentTarget.value)}
        errors={fieldErrors(failure, "kind")}
      />
      <AmountField
        label={t("discussions.sellerActions.amount")}
        hint={t("discussions.sellerActions.amountHint", { total: formatMoney(orderTotal, currency, i18n.language) })}
        enabled={!hydrated || kind === "PARTIAL_REFUND"}
        failure={failure}
        defaultValue={values.amount ?? ""}
      />
      <TextAreaField
        label={t("discussions.sellerActions.note")}
        name="note"
        rows={3}
        maxLength={MESSAGE_MAX_LENGTH}
        defaultValue={values.note ?? ""}
        errors={fieldErrors(failure, "note")}
      />
      <div className="form-actions">
        <SubmitButton name="intent" value="propose" data-testid="send-proposal">
          {t("discussions.sellerActions.send")}
        </SubmitButton>
      </div>
    </Form>
  );
}

/** The agent closes the escalated discussion with an outcome and a reason both parties see. */
export function CloseWithOutcomeForm({ result, orderTotal, currency }: { result?: DiscussionActionResult; orderTotal: number; currency: string }) {
  const { t, i18n } = useTranslation();
  const failure = failureOf(result, "close");
  const values = failure?.values ?? {};
  const [outcome, setOutcome] = useState(values.outcome ?? "");
  const hydrated = useHydrated();
  return (
    <Panel title={t("discussions.agent.closeTitle")} data-testid="close-form">
      <Form method="post" className="stack">
        <DiscussionFormError failure={failure} />
        <SelectField
          label={t("discussions.agent.outcome")}
          name="outcome"
          placeholder={t("discussions.agent.chooseOutcome")}
          options={DISCUSSION_OUTCOMES.map((value) => ({ value, label: t(`discussions.outcomes.${value}`) }))}
          defaultValue={values.outcome ?? ""}
          onChange={(event) => setOutcome(event.currentTarget.value)}
          errors={fieldErrors(failure, "outcome")}
        />
        <AmountField
          label={t("discussions.agent.amount")}
          hint={t("discussions.agent.amountHint", { total: formatMoney(orderTotal, currency, i18n.language) })}
          enabled={!hydrated || outcome === "PARTIAL_REFUND"}
          failure={failure}
          defaultValue={values.amount ?? ""}
        />
        <TextAreaField
          label={t("discussions.agent.note")}
          name="note"
          rows={3}
          maxLength={CLOSING_NOTE_MAX_LENGTH}
          hint={t("discussions.agent.noteHint")}
          defaultValue={values.note ?? ""}
          errors={fieldErrors(failure, "note")}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="close" data-testid="close-discussion">
            {t("discussions.agent.close")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

/** The agent sends the buyer on to a buyer-protection claim (the discussion closes as REFERRED_TO_CLAIM). */
export function ReferToClaimForm({ result }: { result?: DiscussionActionResult }) {
  const { t } = useTranslation();
  const failure = failureOf(result, "refer");
  const values = failure?.values ?? {};
  return (
    <Panel title={t("discussions.agent.referTitle")} subtitle={t("discussions.agent.referHelp")} data-testid="refer-form">
      <Form method="post" className="stack">
        <DiscussionFormError failure={failure} />
        <TextAreaField
          label={t("discussions.agent.referNote")}
          name="note"
          id="field-refer-note"
          rows={3}
          maxLength={CLOSING_NOTE_MAX_LENGTH}
          defaultValue={values.note ?? ""}
          errors={fieldErrors(failure, "note")}
        />
        <div className="form-actions">
          <SubmitButton variant="secondary" name="intent" value="refer" data-testid="refer-to-claim">
            {t("discussions.agent.refer")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}
