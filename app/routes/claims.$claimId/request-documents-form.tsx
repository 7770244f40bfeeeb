import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton, TextAreaField, fieldErrors } from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DECISION_NOTE_MAX_LENGTH } from "~/domain/claims/schemas";
import { useFailure } from "./data";

/** Ask the buyer for documents; the claim's deadline pauses until they arrive. */
export function RequestDocumentsForm() {
  const { t } = useTranslation();
  const result = useFailure("requestDocuments");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.requestTitle")}</h3>
      <p className="subtle">{t("claims.agent.requestIntro")}</p>
      <Form method="post" className="stack" data-testid="request-documents">
        <ClaimFormError failure={result} />
        <TextAreaField
          label={t("claims.agent.requestNote")}
          name="note"
          id="field-request-note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="requestDocuments" variant="secondary">
            {t("claims.agent.requestDocuments")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
