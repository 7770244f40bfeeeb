import { useTranslation } from "react-i18next";
import { Badge, Countdown, DateTime, Icon, StatusBadge, type Tone } from "~/components/ui";

const STATUS_TONES: Record<string, Tone> = { OPEN: "info", ESCALATED: "warning", CLOSED: "neutral" };

/** OPEN (blue), ESCALATED — with the platform (amber), CLOSED (grey). */
export function DiscussionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <StatusBadge status={status} tone={STATUS_TONES[status] ?? "neutral"} label={t(`discussions.status.${status}`, { defaultValue: status })} />;
}

/** The seller let the 24 hours pass without an answer. */
export function OverdueBadge({ short }: { short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span data-testid="overdue-badge" title={short ? t("discussions.badges.notAnsweredInTime") : undefined}>
      <Badge tone="danger">
        <Icon name="alert" className="icon" />
        {short ? t("discussions.badges.overdueShort") : t("discussions.badges.sellerOverdue")}
      </Badge>
    </span>
  );
}

/**
 * Where the seller's answer stands: answered (when), overdue, or the countdown to the 24 hours. `now` is the
 * server's (domain) clock, for the first render.
 */
export function SellerAnswerState({
  status,
  dueAt,
  respondedAt,
  overdue,
  now,
  viewer,
}: {
  status: string;
  dueAt: string;
  respondedAt: string | null;
  overdue: boolean;
  now: string;
  viewer: "buyer" | "seller" | "agent";
}) {
  const { t } = useTranslation();
  if (respondedAt) {
    return (
      <span className="cell-stack">
        <Badge tone="success">{t("discussions.badges.answered")}</Badge>
        <span className="subtle">
          <DateTime value={respondedAt} />
        </span>
      </span>
    );
  }
  if (overdue) return <OverdueBadge short />;
  if (status === "CLOSED") return <span className="subtle">—</span>;
  return (
    <span className="cell-stack">
      <Countdown dueAt={dueAt} now={now} data-testid="seller-countdown" />
      <span className="subtle">{viewer === "seller" ? t("discussions.badges.awaitingYou") : t("discussions.badges.awaitingSeller")}</span>
    </span>
  );
}

/** 0.8123 → "81%" in the reader's language; null → an em dash. */
export function usePercent() {
  const { i18n } = useTranslation();
  return (value: number | null | undefined) =>
    value === null || value === undefined
      ? "—"
      : new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "pl-PL", { style: "percent", maximumFractionDigits: 0 }).format(value);
}

/** 12 345 bytes → "12 KB", for attachment links. */
export function formatBytes(bytes: number, locale: string): string {
  const tag = locale === "en" ? "en-GB" : "pl-PL";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString(tag)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(tag, { maximumFractionDigits: 1 })} MB`;
}
