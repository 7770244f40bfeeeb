import { useTranslation } from "react-i18next";
import { Icon, Money, Timeline, type TimelineItem, type TimelineTone } from "~/components/ui";
import { formatBytes } from "./badges";
import type { AttachmentView, DiscussionView, PartyRole, ProposalView, TimelineEntryView } from "./types";

interface Props {
  entries: TimelineEntryView[];
  viewer: PartyRole;
  discussion: DiscussionView;
  proposals: ProposalView[];
}

const EVENT_TONES: Record<string, TimelineTone> = {
  OPENED: "info",
  SOLUTION_PROPOSED: "info",
  PROPOSAL_ACCEPTED: "success",
  PROPOSAL_REJECTED: "neutral",
  ESCALATED: "warning",
  CLOSED_AS_RESOLVED: "success",
  ASSIGNED: "neutral",
  RELEASED: "neutral",
  CLOSED_BY_AGENT: "success",
  REFERRED_TO_CLAIM: "warning",
  SELLER_OVERDUE: "danger",
};

/**
 * The discussion's history, oldest first: messages (with their attachments) and events described in words.
 * Parties see agents as "the platform". Every text is rendered as text: what people typed is never HTML.
 */
export function DiscussionTimeline({ entries, viewer, discussion, proposals }: Props) {
  const { t } = useTranslation();
  const proposalsById = new Map(proposals.map((p) => [p.id, p]));
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  const num = (value: unknown) => (typeof value === "number" ? value : null);

  const actor = (role: string, name: string | null, agentId?: string) => {
    if (viewer !== "AGENT" && role === viewer) return t("discussions.roles.you");
    switch (role) {
      case "BUYER":
        return t("discussions.roles.buyerNamed", { name: name ?? discussion.buyer.name });
      case "SELLER":
        return t("discussions.roles.sellerNamed", { name: name ?? discussion.seller.name });
      case "AGENT": {
        if (viewer !== "AGENT") return t("discussions.roles.platform");
        const agentName = name ?? (agentId && discussion.assignedAgent?.id === agentId ? discussion.assignedAgent.name : null);
        return agentName ? t("discussions.roles.agentNamed", { name: agentName }) : t("discussions.roles.agent");
      }
      default:
        return t("discussions.roles.system");
    }
  };

  const messageTitle = (entry: TimelineEntryView) => {
    const request = entry.type === "INFO_REQUEST";
    if (entry.visibility === "BUYER" || entry.visibility === "SELLER") {
      if (viewer !== "AGENT") return request ? t("discussions.timeline.askedYou") : t("discussions.timeline.wroteToYou");
      if (entry.visibility === "BUYER") return request ? t("discussions.timeline.askedBuyer") : t("discussions.timeline.wroteToBuyer");
      return request ? t("discussions.timeline.askedSeller") : t("discussions.timeline.wroteToSeller");
    }
    return request ? t("discussions.timeline.asksForInformation") : t("discussions.timeline.wrote");
  };

  const amountLine = (amount: number | null) =>
    amount !== null ? (
      <div>
        {t("discussions.detail.amount")}: <Money amount={amount} currency={discussion.currency} />
      </div>
    ) : null;

  // The opening comes first even when the first message was stored a moment before its event.
  const ordered = [...entries.filter((e) => e.kind === "event" && e.type === "OPENED"), ...entries.filter((e) => !(e.kind === "event" && e.type === "OPENED"))];
  const items: TimelineItem[] = ordered.map((entry) => {
    if (entry.kind === "message") {
      const tone: TimelineTone = entry.type === "INFO_REQUEST" || entry.actorRole === "AGENT" ? "warning" : entry.actorRole === "SELLER" ? "neutral" : "info";
      return {
        id: entry.id,
        at: entry.at,
        kind: "message",
        actor: actor(entry.actorRole, entry.actorName),
        title: messageTitle(entry),
        tone,
        body: (
          <>
            <span data-testid="message-body">{entry.body}</span>
            {entry.attachments?.length ? <AttachmentLinks attachments={entry.attachments} /> : null}
          </>
        ),
      };
    }
    const data = entry.data ?? {};
    let title: string;
    let body: React.ReactNode = undefined;
    switch (entry.type) {
      case "OPENED":
        title = t("discussions.timeline.events.OPENED", { reason: t(`discussions.reasons.${str(data.reason) ?? discussion.reason}`) });
        break;
      case "SOLUTION_PROPOSED": {
        const proposal = proposalsById.get(str(data.proposalId) ?? "");
        title = t("discussions.timeline.events.SOLUTION_PROPOSED", { kind: t(`discussions.outcomes.${str(data.kind) ?? proposal?.kind ?? ""}`) });
        const note = proposal?.note;
        body =
          num(data.amount) !== null || note ? (
            <>
              {amountLine(num(data.amount))}
              {note ? <div>{t("discussions.timeline.note", { note })}</div> : null}
            </>
          ) : undefined;
        break;
      }
      case "PROPOSAL_ACCEPTED":
        title = t("discussions.timeline.events.PROPOSAL_ACCEPTED", { kind: t(`discussions.outcomes.${str(data.outcome) ?? ""}`) });
        body = amountLine(num(data.amount)) ?? undefined;
        break;
      case "ASSIGNED":
        title = viewer === "AGENT" ? t("discussions.timeline.events.ASSIGNED") : t("discussions.timeline.events.ASSIGNED_PARTY");
        break;
      case "CLOSED_BY_AGENT":
        title = t("discussions.timeline.events.CLOSED_BY_AGENT", { outcome: t(`discussions.outcomes.${str(data.outcome) ?? ""}`) });
        body = (
          <>
            {amountLine(num(data.amount))}
            {discussion.closingNote ? <div>{t("discussions.timeline.note", { note: discussion.closingNote })}</div> : null}
          </>
        );
        break;
      case "REFERRED_TO_CLAIM":
        title = t("discussions.timeline.events.REFERRED_TO_CLAIM");
        body = discussion.closingNote ? t("discussions.timeline.note", { note: discussion.closingNote }) : undefined;
        break;
      case "PROPOSAL_REJECTED":
      case "ESCALATED":
      case "CLOSED_AS_RESOLVED":
      case "RELEASED":
      case "SELLER_OVERDUE":
        title = t(`discussions.timeline.events.${entry.type}`);
        break;
      default:
        title = t("discussions.timeline.events.other", { type: entry.type });
    }
    return {
      id: entry.id,
      at: entry.at,
      kind: "event",
      actor: actor(entry.actorRole, entry.actorName, str(data.agentId)),
      title,
      body,
      tone: EVENT_TONES[entry.type] ?? "neutral",
    };
  });
  return (
    <div data-testid="discussion-timeline">
      <Timeline items={items} />
    </div>
  );
}

function AttachmentLinks({ attachments }: { attachments: AttachmentView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="cluster cluster--tight" role="group" aria-label={t("discussions.timeline.attachments")} style={{ marginTop: "var(--space-2)", whiteSpace: "normal" }}>
      {attachments.map((file) => (
        <a key={file.id} href={`/attachments/${file.id}`} className="button button--secondary button--xs" data-testid="attachment-link">
          <Icon name="file" />
          <span className="truncate" style={{ maxWidth: "14rem" }}>
            {file.fileName}
          </span>
          <span className="subtle">{formatBytes(file.sizeBytes, i18n.language)}</span>
        </a>
      ))}
    </span>
  );
}
