import { useRef } from "react";
import { useTranslation } from "react-i18next";

interface ConfirmButtonProps {
  /** The first button: what the action is ("Deactivate"). */
  children: React.ReactNode;
  /** Explains the consequence before the person confirms. */
  message: React.ReactNode;
  /** The second, real submit button ("Yes, deactivate"). */
  confirmLabel: React.ReactNode;
  name?: string;
  value?: string;
  /** Associates the submit button with a form elsewhere on the page. */
  form?: string;
  variant?: "danger" | "primary";
  size?: "sm" | "md";
  disabled?: boolean;
  "data-testid"?: string;
}

/**
 * A submit button for destructive actions that asks once more. Built on <details>, so it works with the
 * keyboard and before JavaScript has loaded: the first button reveals the consequence and the real submit.
 */
export function ConfirmButton({ children, message, confirmLabel, name, value, form, variant = "danger", size = "md", disabled, ...rest }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const details = useRef<HTMLDetailsElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const sizeClass = size === "sm" ? " button--sm" : "";
  if (disabled) {
    return (
      <button type="button" className={`button button--${variant === "danger" ? "danger-outline" : "secondary"}${sizeClass}`} disabled>
        {children}
      </button>
    );
  }
  return (
    <details
      className="confirm"
      ref={details}
      data-testid={rest["data-testid"]}
      onToggle={() => {
        if (details.current?.open) confirm.current?.focus();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape" && details.current?.open) {
          details.current.open = false;
          (details.current.querySelector("summary") as HTMLElement | null)?.focus();
        }
      }}
    >
      <summary className={`button button--${variant === "danger" ? "danger-outline" : "secondary"}${sizeClass}`}>{children}</summary>
      <div className="confirm__panel" role="group">
        <p>{message}</p>
        <div className="cluster">
          <button ref={confirm} type="submit" name={name} value={value} form={form} className={`button button--${variant}${sizeClass}`}>
            {confirmLabel}
          </button>
          <button
            type="button"
            className={`button button--ghost${sizeClass}`}
            onClick={() => {
              if (details.current) details.current.open = false;
            }}
          >
            {t("common.cancel")}
          </button>
        </div>
      </div>
    </details>
  );
}
