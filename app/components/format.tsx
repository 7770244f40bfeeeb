import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";

/** An amount in minor units (grosze), shown in the reader's language, e.g. "1 234,56 zł". */
export function Money({ amount, currency = "PLN", className }: { amount: number | null | undefined; currency?: string; className?: string }) {
  const { i18n } = useTranslation();
  if (amount === null || amount === undefined) return <span className={className}>—</span>;
  return <span className={["money", "tabular", className].filter(Boolean).join(" ")}>{formatMoney(amount, currency, i18n.language)}</span>;
}

/** A stored UTC instant shown in Europe/Warsaw; the machine-readable value stays in `dateTime`. */
export function DateTime({ value, dateOnly, className }: { value: string | Date | null | undefined; dateOnly?: boolean; className?: string }) {
  const { i18n } = useTranslation();
  if (!value) return <span className={className}>—</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} className={className} title={dateOnly ? formatDateTime(iso, i18n.language) : undefined}>
      {dateOnly ? formatDate(iso, i18n.language) : formatDateTime(iso, i18n.language)}
    </time>
  );
}

/** Formats counts with the reader's digit grouping ("1 234" in Polish, "1,234" in English). */
export function useFormatNumber() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-GB" : "pl-PL";
  /** A number, or a capped count ("1,000+" / "1 000+" when the list holds more than it counted). */
  return (value: number | { count: number; atLeast: boolean }) => {
    if (typeof value === "number") return value.toLocaleString(locale);
    const shown = value.count.toLocaleString(locale);
    return value.atLeast ? t("common.atLeast", { value: shown }) : shown;
  };
}
