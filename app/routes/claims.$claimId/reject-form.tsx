import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton, SelectField, TextAreaField, fieldErrors } from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DECISION_NOTE_MAX_LENGTH } from "~/domain/claims/schemas";
import { useClaimPage, useFailure } from "./data";

/** Reject the claim with a reason and a note for the buyer, after a confirmation. */
export function RejectForm() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const result = useFailure("reject");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.rejectTitle")}</h3>
      <Form method="post" className="stack" data-testid="reject">
        <ClaimFormError failure={result} />
        <SelectField
          label={t("claims.agent.rejectionReason")}
          name="reason"
          id="field-reject-reason"
          placeholder={t("claims.agent.chooseReason")}
          defaultValue=""
          options={data.agent!.rejectionReasons.map((value) => ({ value, label: t(`claims.rejectionReasons.${value}`) }))}
          errors={fieldErrors(result, "reason")}
        />
        <TextAreaField
          label={t("claims.agent.noteForBuyer")}
          name="note"
          id="field-reject-note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          hint={t("claims.agent.noteForBuyerHint")}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <ConfirmButton name="intent" value="reject" message={t("claims.agent.rejectConfirm")} confirmLabel={t("claims.agent.rejectYes")}>
            {t("claims.agent.reject")}
          </ConfirmButton>
        </div>
      </Form>
    </section>
  );
}
