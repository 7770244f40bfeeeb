import { useTranslation } from "react-i18next";
import { formatMoney } from "~/lib/format";
import { StatusBadge, type Tone } from "~/components/ui";

const TONES: Record<string, Tone> = {
  SUBMITTED: "info",
  AWAITING_DOCUMENTS: "warning",
  AWAITING_SECOND_APPROVAL: "warning",
  APPROVED: "success",
  PAID: "success",
  REJECTED: "danger",
};

/** A claim's status as a pill; buyers and sellers read plainer words than agents. */
export function ClaimStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <StatusBadge status={`CLAIM_${status}`} label={t(`claims.status.${status}`, { defaultValue: status })} tone={TONES[status] ?? "neutral"} />;
}

/** "C-123": the human reference of a claim. */
export function claimRef(number: number): string {
  return `C-${number}`;
}

/** Formats grosze as money text in the reader's language (for sentences; <Money> for standalone amounts). */
export function useMoneyText() {
  const { i18n } = useTranslation();
  return (amount: number | null | undefined, currency = "PLN") =>
    amount === null || amount === undefined ? "—" : formatMoney(amount, currency, i18n.language);
}
