import { useTranslation } from "react-i18next";
import { StatTile, useFormatNumber } from "~/components/ui";

export interface ClaimHomeCounts {
  awaitingDecision: { count: number; atLeast: boolean };
  breached: { count: number; atLeast: boolean };
  awaitingSecondApproval: { count: number; atLeast: boolean };
  awaitingDocuments: { count: number; atLeast: boolean };
  canSecondApprove: boolean;
}

/** The agent's claim tiles on the home page: claims awaiting a decision, and how many are past their deadline. */
export function ClaimQueueTiles({ counts }: { counts: ClaimHomeCounts }) {
  const { t } = useTranslation();
  const number = useFormatNumber();
  return (
    <>
      <StatTile
        icon="shield"
        label={t("claims.home.awaitingDecision")}
        value={number(counts.awaitingDecision)}
        hint={t("claims.home.awaitingDecisionHint")}
        to="/queue/claims"
        tone="info"
        data-testid="home-claims-awaiting"
      />
      <StatTile
        icon="alert"
        label={t("claims.home.breached")}
        value={number(counts.breached)}
        hint={counts.breached.count > 0 ? t("claims.home.breachedHint") : t("claims.home.noneBreached")}
        to="/queue/claims?breached=1"
        tone={counts.breached.count > 0 ? "danger" : "success"}
        data-testid="home-claims-breached"
      />
    </>
  );
}

/** The senior agent's tile: payouts waiting for the second approval. */
export function SecondApprovalTile({ counts }: { counts: ClaimHomeCounts }) {
  const { t } = useTranslation();
  const number = useFormatNumber();
  return (
    <StatTile
      icon="shieldCheck"
      label={t("home.queues.approvals")}
      value={number(counts.awaitingSecondApproval)}
      hint={t("claims.home.approvalsHint")}
      to="/queue/claims?stage=SECOND_APPROVAL"
      tone={counts.awaitingSecondApproval.count > 0 ? "warning" : "success"}
      data-testid="home-claims-second-approval"
    />
  );
}
