import { useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ActionFailure } from "~/infra/remix.server";
import { fieldErrorKey } from "./helpers";
import { Icon } from "./icon";

// Form building blocks: every field has a label, its hint and error are tied to it with aria-describedby,
// and an invalid field is marked aria-invalid. Field errors from the domain are translated where known.

function useFieldErrorText() {
  const { t } = useTranslation();
  return (errors?: string[]) =>
    errors
      ?.map((message) => {
        const known = fieldErrorKey(message);
        return known ? t(known.key, { ...(known.params ?? {}), defaultValue: message }) : message;
      })
      .join(" ");
}

function describedBy(fieldId: string, errors?: string[], hint?: React.ReactNode) {
  return [errors?.length ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(" ") || undefined;
}

function FieldMessages({ fieldId, errors, hint }: { fieldId: string; errors?: string[]; hint?: React.ReactNode }) {
  const errorText = useFieldErrorText();
  return (
    <>
      {hint ? (
        <p className="field__hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field__error" id={`${fieldId}-error`}>
          {errorText(errors)}
        </p>
      ) : null}
    </>
  );
}

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[];
  hint?: React.ReactNode;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  className?: string;
}

export function Field({ label, name, errors, hint, id, optional, className, ...input }: FieldProps) {
  const { t } = useTranslation();
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={["field", errors?.length ? "field--invalid" : "", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={fieldId}>
        {label}
        {optional ? <span className="field__optional"> ({t("common.optional")})</span> : null}
      </label>
      <input id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(fieldId, errors, hint)} {...input} />
      <FieldMessages fieldId={fieldId} errors={errors} hint={hint} />
    </div>
  );
}

interface SelectFieldProps extends React.SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  /** A first option with an empty value ("All", "Any"). */
  placeholder?: string;
  errors?: string[];
  hint?: React.ReactNode;
  className?: string;
}

export function SelectField({ label, name, options, placeholder, errors, hint, id, className, ...select }: SelectFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={["field", errors?.length ? "field--invalid" : "", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(fieldId, errors, hint)} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages fieldId={fieldId} errors={errors} hint={hint} />
    </div>
  );
}

interface TextAreaFieldProps extends React.TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  errors?: string[];
  hint?: React.ReactNode;
}

export function TextAreaField({ label, name, errors, hint, id, ...textarea }: TextAreaFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={`field ${errors?.length ? "field--invalid" : ""}`}>
      <label htmlFor={fieldId}>{label}</label>
      <textarea id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(fieldId, errors, hint)} {...textarea} />
      <FieldMessages fieldId={fieldId} errors={errors} hint={hint} />
    </div>
  );
}

interface CheckboxProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: React.ReactNode;
  name: string;
  hint?: React.ReactNode;
}

/** One checkbox with its label (and an optional line of explanation). */
export function Checkbox({ label, hint, id, ...input }: CheckboxProps) {
  const fieldId = id ?? `check-${input.name}-${String(input.value ?? "on")}`.replace(/[^\w-]/g, "-");
  return (
    <label className="checkbox" htmlFor={fieldId}>
      <input type="checkbox" id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...input} />
      <span className="checkbox__text">
        <span>{label}</span>
        {hint ? (
          <span className="checkbox__hint" id={`${fieldId}-hint`}>
            {hint}
          </span>
        ) : null}
      </span>
    </label>
  );
}

interface CheckboxGroupProps {
  legend: string;
  name: string;
  options: { value: string; label: React.ReactNode; hint?: React.ReactNode }[];
  /** Values ticked when the page loads. */
  defaultValues?: readonly string[];
  errors?: string[];
  hint?: React.ReactNode;
  layout?: "list" | "columns" | "cards";
  idPrefix?: string;
  /** Keep the legend for screen readers only (when a heading right above already names the group). */
  hideLegend?: boolean;
}

/** Several checkboxes sharing a name (submitted as repeated values) in a fieldset with a legend. */
export function CheckboxGroup({ legend, name, options, defaultValues = [], errors, hint, layout = "list", idPrefix, hideLegend }: CheckboxGroupProps) {
  const groupId = `${idPrefix ?? "group"}-${name}`;
  const errorText = useFieldErrorText();
  return (
    <fieldset
      className={`field ${errors?.length ? "field--invalid" : ""}`}
      aria-describedby={describedBy(groupId, errors, hint)}
      aria-invalid={errors?.length ? true : undefined}
    >
      <legend className={hideLegend ? "visually-hidden" : undefined}>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${groupId}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className={`checkbox-group${layout !== "list" ? ` checkbox-group--${layout}` : ""}`}>
        {options.map((option) => (
          <Checkbox
            key={option.value}
            id={`${groupId}-${option.value}`.replace(/[^\w-]/g, "-")}
            name={name}
            value={option.value}
            label={option.label}
            hint={option.hint}
            defaultChecked={defaultValues.includes(option.value)}
          />
        ))}
      </div>
      {errors?.length ? (
        <p className="field__error" id={`${groupId}-error`}>
          {errorText(errors)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A submit button that is disabled (and says so) while its form is being sent. */
export function SubmitButton({
  children,
  busyLabel,
  variant = "primary",
  size,
  name,
  value,
  className,
  ...rest
}: {
  children: React.ReactNode;
  busyLabel?: React.ReactNode;
  variant?: "primary" | "secondary" | "ghost" | "danger";
  size?: "sm" | "lg";
  name?: string;
  value?: string;
  className?: string;
  "data-testid"?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (!name || navigation.formData?.get(name) === (value ?? ""));
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={["button", `button--${variant}`, size ? `button--${size}` : "", className ?? ""].filter(Boolean).join(" ")}
      disabled={busy}
      aria-busy={busy || undefined}
      data-testid={rest["data-testid"]}
    >
      {busy ? (busyLabel ?? t("common.saving")) : children}
    </button>
  );
}

/** The form-level message for a failed action: the translated error code (with its parameters). */
export function FormError({ failure }: { failure?: ActionFailure | { ok: true } | null }) {
  const { t } = useTranslation();
  if (!failure || failure.ok) return null;
  const formErrors = failure.fieldErrors?._form;
  return (
    <div className="alert alert--error" role="alert">
      <Icon name="alert" />
      <div className="alert__body">
        {t(`errors.${failure.code}`, { ...(failure.params ?? {}), defaultValue: failure.message })}
        {formErrors?.length ? <div>{formErrors.join(" ")}</div> : null}
      </div>
    </div>
  );
}

export function fieldErrors(failure: unknown, name: string): string[] | undefined {
  if (failure && typeof failure === "object" && "fieldErrors" in failure) {
    return (failure as ActionFailure).fieldErrors?.[name];
  }
  return undefined;
}
