import { useTranslation } from "react-i18next";
import { Panel } from "~/components/ui";
import { ClaimTimeline } from "~/components/claims/claim-timeline";
import { DocumentList } from "~/components/claims/documents";
import { PrecheckPanel } from "~/components/claims/precheck-panel";
import { useClaimPage } from "./data";
import { AmountsPanel } from "./amounts-panel";
import { DetailsPanel } from "./details-panel";
import { DecisionPanel } from "./decision-panel";
import { OrderPanel } from "./order-panel";
import { BuyerHistory } from "./buyer-history";
import { SellerRecord } from "./seller-record";
import { RecoveryPanel } from "./recovery-panel";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";

/** The claim as an agent decides it: the facts on the left, the decision and the parties' records on the right. */
export function AgentView() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const agent = data.agent!;
  const { claim } = data;
  return (
    <div className="order-layout">
      <div>
        <AmountsPanel claim={claim} />
        <PrecheckPanel precheck={agent.precheck} audience="agent" />
        <DetailsPanel claim={claim} />
        <Panel title={t("claims.documents.title")}>
          <DocumentList documents={claim.documents} />
        </Panel>
        <Panel title={t("claims.detail.historyTitle")}>
          <ClaimTimeline events={data.events} viewer="AGENT" currency={claim.currency} />
        </Panel>
      </div>
      <div>
        <DecisionPanel />
        <OrderPanel claim={claim} />
        <BuyerHistory />
        <SellerRecord />
        {claim.recovery ? <RecoveryPanel claim={claim} /> : null}
        {agent.consents ? <ConsentRecordsPanel title={t("consentViews.panels.case")} records={agent.consents} collapsed data-testid="case-consents" /> : null}
      </div>
    </div>
  );
}
