import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon, Panel, SubmitButton } from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DocumentsField } from "~/components/claims/documents";
import { useClaimPage, useFailure } from "./data";

/** The buyer sends the documents the platform asked for, or adds more. */
export function UploadPanel() {
  const { t } = useTranslation();
  const { claim } = useClaimPage();
  const result = useFailure("provideDocuments");
  const requested = claim.status === "AWAITING_DOCUMENTS";
  return (
    <Panel title={requested ? t("claims.documents.sendRequested") : t("claims.documents.addMore")} data-testid="upload-documents">
      <Form method="post" encType="multipart/form-data" className="stack">
        <ClaimFormError failure={result} />
        <DocumentsField failure={result} />
        <div className="form-actions">
          <SubmitButton name="intent" value="provideDocuments" busyLabel={t("claims.documents.sending")}>
            <Icon name="file" />
            {t("claims.documents.send")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}
