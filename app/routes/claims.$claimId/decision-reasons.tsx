import { useTranslation } from "react-i18next";
import type { Claim } from "./data";

/** The decision's reasons as the buyer sees them. */
export function DecisionReasons({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  if (!claim.rejectionReason && !claim.decisionNote) return null;
  return (
    <div className="stack stack--sm" data-testid="claim-decision">
      {claim.rejectionReason ? (
        <p>
          <strong>{t("claims.detail.rejectionReason")}:</strong> {t(`claims.rejectionReasons.${claim.rejectionReason}`)}
        </p>
      ) : null}
      {claim.decisionNote ? (
        <>
          <strong>{t("claims.detail.decisionNote")}:</strong>
          <p className="quote">{claim.decisionNote}</p>
        </>
      ) : null}
    </div>
  );
}
