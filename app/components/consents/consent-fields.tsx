import { useTranslation } from "react-i18next";

// The clauses of a form, as the registry defines them: mandatory and optional consents as checkboxes,
// information clauses as text. Every rendered version travels back as `consentShown` (what the page
// showed); ticked boxes as `consentAccepted`. On the order and registration forms the newsletter clauses
// stay hidden until the newsletter box is ticked (pure CSS, so it works before hydration and without JS).

export interface ConsentFieldClause {
  versionId: string;
  type: "MANDATORY_CONSENT" | "OPTIONAL_CONSENT" | "INFORMATION_CLAUSE";
  content: string;
  behindNewsletter: boolean;
  revealsNewsletter: boolean;
}

/** The wire shape of form clauses for a loader (what ConsentFields needs, nothing staff-only). */
export function consentFieldClauses(clauses: readonly ConsentFieldClause[]): ConsentFieldClause[] {
  return clauses.map(({ versionId, type, content, behindNewsletter, revealsNewsletter }) => ({ versionId, type, content, behindNewsletter, revealsNewsletter }));
}

interface ConsentFieldsProps {
  clauses: readonly ConsentFieldClause[];
  /** Version ids ticked when the page loads (the person's answers after a refused submission). */
  accepted?: readonly string[];
  /** Field errors keyed `consent.<versionId>`. */
  errors?: Record<string, string[] | undefined>;
  /** Keeps element ids unique when one page carries two forms with the same clauses. */
  idPrefix?: string;
}

export function ConsentFields({ clauses, accepted = [], errors = {}, idPrefix = "consent" }: ConsentFieldsProps) {
  const { t } = useTranslation();
  if (!clauses.length) return null;
  const ticked = new Set(accepted);
  const upfront = clauses.filter((clause) => !clause.behindNewsletter);
  const behind = clauses.filter((clause) => clause.behindNewsletter);
  return (
    <fieldset className="consents" data-testid="consents">
      <legend className="consents__legend">{t("privacy.consentFields.legend")}</legend>
      {upfront.map((clause) => (
        <ConsentClause key={clause.versionId} idPrefix={idPrefix} clause={clause} ticked={ticked.has(clause.versionId)} errors={errors[`consent.${clause.versionId}`]} />
      ))}
      {behind.length ? (
        <div className="consents__newsletter" data-testid="newsletter-consents" aria-label={t("privacy.consentFields.newsletterRevealed")} role="group">
          {behind.map((clause) => (
            <ConsentClause key={clause.versionId} idPrefix={idPrefix} clause={clause} ticked={ticked.has(clause.versionId)} errors={errors[`consent.${clause.versionId}`]} />
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function ConsentClause({ clause, ticked, errors, idPrefix }: { clause: ConsentFieldClause; ticked: boolean; errors?: string[]; idPrefix: string }) {
  const { t } = useTranslation();
  const id = `${idPrefix}-${clause.versionId}`;
  const text = <span className="consent__text" id={`${id}-text`} dangerouslySetInnerHTML={{ __html: clause.content }} />;
  const shown = <input type="hidden" name="consentShown" value={clause.versionId} />;
  if (clause.type === "INFORMATION_CLAUSE") {
    return (
      <div className="consent consent--information" data-testid="consent-information">
        {shown}
        {text}
      </div>
    );
  }
  const required = clause.type === "MANDATORY_CONSENT" && !clause.revealsNewsletter;
  // A hidden newsletter clause must not stop the browser from sending the form; the server checks it
  // once the box reveals it.
  const browserRequired = required && !clause.behindNewsletter;
  return (
    <div className={`consent${errors?.length ? " consent--invalid" : ""}`} data-testid={clause.revealsNewsletter ? "consent-newsletter-reveal" : "consent"}>
      {shown}
      <input
        type="checkbox"
        id={id}
        name="consentAccepted"
        value={clause.versionId}
        defaultChecked={ticked}
        required={browserRequired}
        aria-describedby={[`${id}-text`, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ")}
        aria-invalid={errors?.length ? true : undefined}
        data-reveals-newsletter={clause.revealsNewsletter ? "true" : undefined}
      />
      <label htmlFor={id} className="consent__label">
        {text}
        {required ? <span className="consent__required"> ({t("privacy.consentFields.required")})</span> : null}
      </label>
      {errors?.length ? (
        <p className="field__error" id={`${id}-error`}>
          {t("errors.CONSENT_REQUIRED")}
        </p>
      ) : null}
    </div>
  );
}
