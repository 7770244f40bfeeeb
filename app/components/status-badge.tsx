import { useTranslation } from "react-i18next";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

/**
 * A status pill: `status status--<name>`. The stylesheet gives every order, offer, user and token status
 * its colour; statuses it does not know (case statuses of later releases) pass a `tone`.
 * The label is `label`, or the translation `<ns>.<STATUS>`.
 */
export function StatusBadge({ status, label, ns, tone }: { status: string; label?: string; ns?: string; tone?: Tone }) {
  const { t } = useTranslation();
  const text = label ?? (ns ? t(`${ns}.${status}`, { defaultValue: status }) : status);
  const name = status.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <span className={`status status--${name}${tone ? ` status--${tone}` : ""}`} data-status={status}>
      {text}
    </span>
  );
}

/** A small rectangular label (roles, flags). */
export function Badge({ children, tone }: { children: React.ReactNode; tone?: Tone | "accent" }) {
  return <span className={`badge${tone && tone !== "neutral" ? ` badge--${tone}` : ""}`}>{children}</span>;
}
