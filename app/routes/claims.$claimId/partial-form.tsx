import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SubmitButton, TextAreaField, fieldErrors } from "~/components/ui";
import { useMoneyText } from "~/components/claims/claim-status";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DECISION_NOTE_MAX_LENGTH } from "~/domain/claims/schemas";
import { useClaimPage, useFailure } from "./data";

/** Approve part of the claim: an amount up to the maximum and a note for the buyer. */
export function PartialForm() {
  const { t } = useTranslation();
  const { claim } = useClaimPage();
  const moneyText = useMoneyText();
  const result = useFailure("approvePartial");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.partialTitle")}</h3>
      <Form method="post" className="stack" data-testid="approve-partial">
        <ClaimFormError failure={result} />
        <div className="form-grid">
          <Field
            label={t("claims.agent.amount")}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0,00"
            hint={t("claims.agent.amountHint", { max: moneyText(claim.maxAmount, claim.currency) })}
            errors={fieldErrors(result, "amount")}
          />
        </div>
        <TextAreaField
          label={t("claims.agent.noteForBuyer")}
          name="note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          hint={t("claims.agent.noteForBuyerHint")}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="approvePartial" variant="secondary">
            {t("claims.agent.approvePartial")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
