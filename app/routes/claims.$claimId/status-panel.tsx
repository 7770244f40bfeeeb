import { useTranslation } from "react-i18next";
import { Alert, DateTime, Money } from "~/components/ui";
import { useMoneyText } from "~/components/claims/claim-status";
import { useClaimPage } from "./data";
import { DecisionReasons } from "./decision-reasons";

/** What is happening now, in the party's words. */
export function StatusPanel() {
  const { t } = useTranslation();
  const { claim, role, events } = useClaimPage();
  const moneyText = useMoneyText();
  // What the platform asked for: the note of the latest request for documents.
  const requested = [...events].reverse().find((e) => e.type === "DOCUMENTS_REQUESTED");
  const requestNote = requested && typeof requested.data.note === "string" ? requested.data.note : null;
  const money = (amount: number | null) => <Money amount={amount} currency={claim.currency} />;
  const seller = role === "SELLER";
  switch (claim.status) {
    case "SUBMITTED":
      return (
        <Alert tone="info" title={t("claims.party.submittedTitle")} data-testid="claim-state">
          {seller ? t("claims.party.submittedSeller") : t("claims.party.submittedBuyer")}
        </Alert>
      );
    case "AWAITING_DOCUMENTS":
      return (
        <Alert tone="warning" title={seller ? t("claims.party.documentsTitleSeller") : t("claims.party.documentsTitle")} data-testid="claim-state">
          <div className="stack stack--sm">
            {!seller && requestNote ? (
              <p className="quote" data-testid="documents-request">
                {requestNote}
              </p>
            ) : null}
            <p>{t("claims.party.paused")}</p>
          </div>
        </Alert>
      );
    case "AWAITING_SECOND_APPROVAL":
      return (
        <Alert tone="info" title={t("claims.party.secondTitle")} data-testid="claim-state">
          {t("claims.party.secondBody", { amount: moneyText(claim.approvedAmount, claim.currency) })}
        </Alert>
      );
    case "APPROVED":
      return (
        <Alert tone="success" title={t("claims.party.approvedTitle")} data-testid="claim-state">
          {seller ? t("claims.party.approvedSeller") : t("claims.party.approvedBuyer")} {money(claim.approvedAmount)}
          <DecisionReasons claim={claim} />
        </Alert>
      );
    case "PAID":
      return (
        <Alert tone="success" title={seller ? t("claims.party.paidTitleSeller") : t("claims.party.paidTitle")} data-testid="claim-state">
          <div className="stack stack--sm">
            <div data-testid="claim-paid">
              {seller ? t("claims.party.paidSeller") : t("claims.party.paidBuyer")} <strong>{money(claim.payout?.amount ?? claim.approvedAmount)}</strong>
              {claim.payout?.executedAt ? (
                <>
                  {" · "}
                  <DateTime value={claim.payout.executedAt} />
                </>
              ) : null}
            </div>
            {claim.payout?.transferReference && !seller ? (
              <div>
                {t("claims.payout.reference")}: <span className="mono nowrap">{claim.payout.transferReference}</span>
              </div>
            ) : null}
            <DecisionReasons claim={claim} />
          </div>
        </Alert>
      );
    case "REJECTED":
      return (
        <Alert tone="danger" title={t("claims.party.rejectedTitle")} data-testid="claim-state">
          <DecisionReasons claim={claim} />
        </Alert>
      );
    default:
      return null;
  }
}
