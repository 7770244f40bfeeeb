import { useTranslation } from "react-i18next";
import { DateTime, EmptyState, Icon } from "~/components/ui";
import type { ActionFailure } from "~/infra/remix.server";
import { useClaimFieldErrors } from "./field-errors";

export interface ClaimDocument {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

export const DOCUMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf";
const UPLOAD_ERRORS = new Set(["ATTACHMENT_TOO_LARGE", "ATTACHMENT_TYPE_NOT_ALLOWED", "TOO_MANY_ATTACHMENTS"]);

function sizeText(bytes: number, locale: string) {
  const tag = locale === "en" ? "en-GB" : "pl-PL";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(tag)} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString(tag, { maximumFractionDigits: 1 })} MB`;
}

/** The claim's documents, each a download link (served by /claims/documents/:id with safe headers). */
export function DocumentList({ documents }: { documents: ClaimDocument[] }) {
  const { t, i18n } = useTranslation();
  if (!documents.length) return <EmptyState compact icon="file" title={t("claims.documents.none")} />;
  return (
    <ul className="document-list" data-testid="claim-documents">
      {documents.map((doc) => (
        <li key={doc.id}>
          <Icon name="file" />
          <span className="cell-stack">
            <a href={`/claims/documents/${doc.id}`}>{doc.fileName}</a>
            <span className="subtle">
              {sizeText(doc.sizeBytes, i18n.language)} · <DateTime value={doc.createdAt} />
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A file input for claim documents; upload failures (size, type, count) are shown under it. */
export function DocumentsField({ failure, label, id = "field-documents" }: { failure?: ActionFailure | null; label?: string; id?: string }) {
  const { t } = useTranslation();
  const fieldError = useClaimFieldErrors(failure)((name) => name === "documents" || name === "attachments");
  const error =
    failure && UPLOAD_ERRORS.has(failure.code) ? t(`errors.${failure.code}`, { ...(failure.params ?? {}), defaultValue: failure.message }) : fieldError;
  return (
    <div className={`field ${error ? "field--invalid" : ""}`}>
      <label htmlFor={id}>{label ?? t("claims.documents.label")}</label>
      <input
        id={id}
        type="file"
        name="documents"
        multiple
        accept={DOCUMENT_ACCEPT}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      />
      <p className="field__hint" id={`${id}-hint`}>
        {t("claims.documents.hint")}
      </p>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
