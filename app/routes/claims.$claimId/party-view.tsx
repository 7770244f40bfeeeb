import { useTranslation } from "react-i18next";
import { Panel } from "~/components/ui";
import { ClaimTimeline } from "~/components/claims/claim-timeline";
import { DocumentList } from "~/components/claims/documents";
import { useClaimPage } from "./data";
import { StatusPanel } from "./status-panel";
import { UploadPanel } from "./upload-panel";
import { AmountsPanel } from "./amounts-panel";
import { RecoveryPanel } from "./recovery-panel";
import { DetailsPanel } from "./details-panel";

/** The claim as the buyer or the seller follows it. */
export function PartyView() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const { claim, role } = data;
  return (
    <div className="order-layout">
      <div>
        <StatusPanel />
        {role === "BUYER" && data.actions.includes("PROVIDE_DOCUMENTS") && claim.status === "AWAITING_DOCUMENTS" ? <UploadPanel /> : null}
        <Panel title={t("claims.detail.historyTitle")}>
          <ClaimTimeline events={data.events} viewer={role} currency={claim.currency} />
        </Panel>
        {role === "BUYER" && data.actions.includes("PROVIDE_DOCUMENTS") && claim.status !== "AWAITING_DOCUMENTS" ? <UploadPanel /> : null}
      </div>
      <div>
        <AmountsPanel claim={claim} />
        {role === "SELLER" ? <RecoveryPanel claim={claim} /> : null}
        <DetailsPanel claim={claim} />
        <Panel title={t("claims.documents.title")}>
          <DocumentList documents={claim.documents} />
        </Panel>
      </div>
    </div>
  );
}
