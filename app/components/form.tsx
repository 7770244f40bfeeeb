import { useTranslation } from "react-i18next";
import type { ActionFailure } from "~/infra/remix.server";

// Form building blocks: every field has a label, its error is tied to it with aria-describedby.

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
}

export function Field({ label, name, errors, hint, id, ...input }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = [errors?.length ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className={`field ${errors?.length ? "field--invalid" : ""}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {hint ? (
        <p className="field__hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field__error" id={`${fieldId}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message for a failed action: the translated error code (with its parameters). */
export function FormError({ failure }: { failure?: ActionFailure | { ok: true } | null }) {
  const { t } = useTranslation();
  if (!failure || failure.ok) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t(`errors.${failure.code}`, { ...(failure.params ?? {}), defaultValue: failure.message })}
    </div>
  );
}

export function fieldErrors(failure: unknown, name: string): string[] | undefined {
  if (failure && typeof failure === "object" && "fieldErrors" in failure) {
    return (failure as ActionFailure).fieldErrors?.[name];
  }
  return undefined;
}
