import { useTranslation } from "react-i18next";
import { formatDuration, formatMoney } from "~/lib/format";
import { Timeline, type TimelineItem, type TimelineTone } from "~/components/ui";

export interface ClaimEvent {
  id: string;
  at: string;
  type: string;
  actorRole: string | null;
  /** Staff only: the agent's name. */
  actorName: string | null;
  data: Record<string, unknown>;
  /** The note that explains this event, when the viewer may read it (cut by the domain). */
  note?: string | null;
}

const TONES: Record<string, TimelineTone> = {
  FILED: "info",
  DOCUMENTS_REQUESTED: "warning",
  DOCUMENTS_PROVIDED: "info",
  APPROVED: "success",
  APPROVED_PARTIALLY: "success",
  APPROVED_PENDING_SECOND: "neutral",
  SECOND_APPROVAL_GIVEN: "success",
  SECOND_APPROVAL_DECLINED: "warning",
  REJECTED: "danger",
  PAID: "success",
};

const num = (value: unknown) => (typeof value === "number" ? value : Number(value ?? 0));
const str = (value: unknown) => (typeof value === "string" ? value : "");

/** The claim's history in words, oldest first. Parties see "the platform" where staff see the agent's name. */
export function ClaimTimeline({ events, viewer, currency }: { events: ClaimEvent[]; viewer: "BUYER" | "SELLER" | "AGENT"; currency: string }) {
  const { t, i18n } = useTranslation();
  const money = (value: unknown) => formatMoney(num(value), currency, i18n.language);
  const actor = (e: ClaimEvent) => {
    if (e.actorRole === "BUYER") return viewer === "BUYER" ? t("claims.timeline.you") : t("claims.timeline.buyer");
    if (e.actorRole === "AGENT" || e.actorRole === "SENIOR_AGENT") {
      if (viewer === "AGENT") return e.actorName ?? t(`roles.${e.actorRole}`);
      return t("claims.timeline.platform");
    }
    return t("claims.timeline.system");
  };
  const items: TimelineItem[] = events.map((e) => {
    const d = e.data;
    let title: string;
    let body: React.ReactNode = undefined;
    switch (e.type) {
      case "FILED":
        title = t("claims.timeline.filed");
        body = [
          t("claims.timeline.filedMax", { amount: money(d.maxAmount), version: str(d.termsVersion) }),
          d.smart ? t("claims.timeline.filedSmart") : null,
          num(d.documents) > 0 ? t("claims.timeline.filedDocuments", { count: num(d.documents) }) : null,
        ]
          .filter(Boolean)
          .join(" ");
        break;
      case "DOCUMENTS_REQUESTED":
        title = t("claims.timeline.documentsRequested");
        body = e.note ? <p className="quote">{e.note}</p> : undefined;
        break;
      case "DOCUMENTS_PROVIDED":
        title = t("claims.timeline.documentsProvided");
        body = num(d.pausedMs) >= 60_000 ? t("claims.timeline.resumed", { duration: formatDuration(num(d.pausedMs)) }) : undefined;
        break;
      case "APPROVED":
        title = t("claims.timeline.approved", { amount: money(d.amount) });
        break;
      case "APPROVED_PARTIALLY":
        title = t("claims.timeline.approvedPartially", { amount: money(d.amount), max: money(d.maxAmount) });
        break;
      case "APPROVED_PENDING_SECOND":
        title = t("claims.timeline.approvedPendingSecond", { amount: money(d.amount) });
        body = viewer === "AGENT" ? t("claims.timeline.fourEyes") : t("claims.timeline.secondCheck");
        break;
      case "SECOND_APPROVAL_GIVEN":
        title = t("claims.timeline.secondGiven", { amount: money(d.amount) });
        break;
      case "SECOND_APPROVAL_DECLINED":
        title = t("claims.timeline.secondDeclined");
        // The note is between agents (the domain gives it to staff only); parties only learn that the
        // claim is being reviewed again.
        body = viewer === "AGENT" && e.note ? <p className="quote">{e.note}</p> : undefined;
        break;
      case "REJECTED":
        title = t("claims.timeline.rejected", { reason: t(`claims.rejectionReasons.${str(d.reason)}`, { defaultValue: str(d.reason) }) });
        break;
      case "PAID":
        title = t("claims.timeline.paid", { amount: money(d.amount) });
        body = str(d.transferReference) ? t("claims.timeline.transfer", { reference: str(d.transferReference) }) : undefined;
        break;
      default:
        title = e.type;
    }
    return { id: e.id, at: e.at, actor: actor(e), kind: "event", title, body, tone: TONES[e.type] ?? "neutral" };
  });
  return <Timeline items={items} />;
}
