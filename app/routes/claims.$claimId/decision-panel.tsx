import { useTranslation } from "react-i18next";
import { Alert, Money, Panel } from "~/components/ui";
import { useMoneyText } from "~/components/claims/claim-status";
import { RefundWarning } from "~/components/claims/precheck-panel";
import { useClaimPage } from "./data";
import { SecondApprovalPanel } from "./second-approval-panel";
import { ApproveFullForm } from "./approve-full-form";
import { PartialForm } from "./partial-form";
import { RejectForm } from "./reject-form";
import { RequestDocumentsForm } from "./request-documents-form";

/** The agent's decision: the forms the agent may use now, or who decided and how it ended. */
export function DecisionPanel() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const { claim, actions } = data;
  const agent = data.agent!;
  const moneyText = useMoneyText();
  if (claim.status === "AWAITING_SECOND_APPROVAL") return <SecondApprovalPanel />;
  const decides = actions.some((a) => a === "APPROVE" || a === "REJECT" || a === "REQUEST_DOCUMENTS");
  if (!decides) {
    return (
      <Panel title={t("claims.agent.decisionTitle")} data-testid="decision-panel">
        <p className="subtle">{t(`claims.agent.closed.${claim.status}`, { defaultValue: t("claims.agent.noActions") })}</p>
        {claim.firstApprover ? (
          <p className="subtle">
            {t("claims.agent.approvedBy", { name: claim.firstApprover.name })}
            {claim.secondApprover ? ` · ${t("claims.agent.secondBy", { name: claim.secondApprover.name })}` : ""}
          </p>
        ) : null}
      </Panel>
    );
  }
  const aboveFourEyes = claim.maxAmount > agent.fourEyesThreshold;
  const settlements = agent.precheck.settlements;
  return (
    <Panel title={t("claims.agent.decisionTitle")} subtitle={t("claims.agent.decisionIntro")} data-testid="decision-panel">
      {claim.refundNotReceived && settlements.length ? <RefundWarning settlement={settlements[settlements.length - 1]} /> : null}
      {actions.includes("APPROVE") ? (
        <section className="decision-section">
          <h3>{t("claims.agent.approveFullTitle")}</h3>
          <p>
            {t("claims.agent.approveFullBody")}{" "}
            <strong>
              <Money amount={claim.maxAmount} currency={claim.currency} />
            </strong>
          </p>
          {aboveFourEyes ? (
            <Alert tone="info">{t("claims.agent.fourEyesNote", { threshold: moneyText(agent.fourEyesThreshold, claim.currency) })}</Alert>
          ) : null}
          <ApproveFullForm />
        </section>
      ) : null}
      {actions.includes("APPROVE") ? <PartialForm /> : null}
      {actions.includes("REJECT") ? <RejectForm /> : null}
      {actions.includes("REQUEST_DOCUMENTS") ? <RequestDocumentsForm /> : null}
    </Panel>
  );
}
