import { useTranslation } from "react-i18next";
import { Badge, StatTile, useFormatNumber } from "~/components/ui";
import type { DiscussionHomeSummary } from "~/domain/discussions/ui.queries.server";

// The home page's discussion numbers (counted by discussionHomeSummary in ui.queries.server.ts).

/** Agents: escalated discussions nobody has taken, and the agent's own. Goes inside the tiles grid. */
export function AgentDiscussionTiles({ summary }: { summary: DiscussionHomeSummary["agent"] }) {
  const { t } = useTranslation();
  const number = useFormatNumber();
  if (!summary) return null;
  return (
    <>
      <StatTile
        icon="message"
        label={t("discussions.home.unassigned")}
        value={number(summary.unassigned)}
        hint={t("discussions.home.unassignedHint")}
        to="/queue/discussions?assignment=UNASSIGNED"
        tone={summary.unassigned.count > 0 ? "warning" : "success"}
        data-testid="home-discussions-unassigned"
      />
      <StatTile
        icon="user"
        label={t("discussions.home.mine")}
        value={number(summary.mine)}
        hint={t("discussions.home.mineHint")}
        to="/queue/discussions?assignment=MINE"
        tone="info"
        data-testid="home-discussions-mine"
      />
    </>
  );
}

/** Buyers and sellers: their open discussions, with what waits for the seller's answer. */
export function PartyDiscussionTiles({ summary, as }: { summary: DiscussionHomeSummary; as: "buyer" | "seller" }) {
  const { t } = useTranslation();
  const number = useFormatNumber();
  if (as === "buyer") {
    if (!summary.buyer) return null;
    return (
      <div className="grid grid--tiles">
        <StatTile
          icon="message"
          label={t("discussions.home.buyerOpen")}
          value={number(summary.buyer.open)}
          hint={t("discussions.home.buyerOpenHint")}
          to="/discussions?as=buyer"
          tone="info"
          data-testid="home-discussions-buyer"
        />
      </div>
    );
  }
  if (!summary.seller) return null;
  const { open, unanswered, overdue } = summary.seller;
  return (
    <div className="grid grid--tiles">
      <StatTile
        icon="message"
        label={t("discussions.home.sellerOpen")}
        value={number(open)}
        hint={
          <span className="cluster cluster--tight">
            <span>{unanswered.count > 0 ? t("discussions.home.sellerWaiting", { count: unanswered.count }) : t("discussions.home.sellerAllAnswered")}</span>
            {overdue.count > 0 ? <Badge tone="danger">{t("discussions.home.sellerOverdue", { count: overdue.count })}</Badge> : null}
          </span>
        }
        to="/discussions?as=seller"
        tone={overdue.count > 0 ? "danger" : unanswered.count > 0 ? "warning" : "info"}
        data-testid="home-discussions-seller"
      />
    </div>
  );
}
