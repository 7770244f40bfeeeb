import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert, ConfirmButton, DateTime, Icon, Panel, SubmitButton, TextAreaField, fieldErrors } from "~/components/ui";
import { useMoneyText } from "~/components/claims/claim-status";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DECISION_NOTE_MAX_LENGTH } from "~/domain/claims/schemas";
import { useClaimPage, useFailure } from "./data";

/** Four eyes: a second agent approves an amount above the threshold, or sends the claim back. */
export function SecondApprovalPanel() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const { claim, actions } = data;
  const agent = data.agent!;
  const moneyText = useMoneyText();
  const result = useFailure("secondApprove");
  const declineResult = useFailure("declineSecond");
  const canAct = actions.includes("SECOND_APPROVE");
  return (
    <Panel title={t("claims.agent.secondTitle")} data-testid="second-approval">
      <div className="stack">
        <p>
          {t("claims.agent.secondIntro", {
            name: claim.firstApprover?.name ?? "—",
            amount: moneyText(claim.approvedAmount, claim.currency),
            threshold: moneyText(agent.fourEyesThreshold, claim.currency),
          })}{" "}
          {claim.firstApprovedAt ? <DateTime value={claim.firstApprovedAt} /> : null}
        </p>
        <Alert tone="warning" data-testid="four-eyes-rule">
          {t("claims.agent.fourEyesRule")}
        </Alert>
        {agent.isFirstApprover ? (
          <Alert tone="info" data-testid="first-approver-note">
            {t("claims.agent.youApprovedFirst")}
          </Alert>
        ) : !agent.canSecondApprove ? (
          <p className="subtle">{t("claims.agent.needsSenior")}</p>
        ) : null}
        {canAct ? (
          <>
            <Form method="post" className="stack stack--sm">
              <ClaimFormError failure={result} />
              <div>
                <ConfirmButton
                  name="intent"
                  value="secondApprove"
                  variant="primary"
                  message={t("claims.agent.secondConfirm", { amount: moneyText(claim.approvedAmount, claim.currency) })}
                  confirmLabel={t("claims.agent.secondYes")}
                  data-testid="second-approve"
                >
                  <Icon name="shieldCheck" />
                  {t("claims.agent.secondApprove")}
                </ConfirmButton>
              </div>
            </Form>
            <section className="decision-section">
              <h3>{t("claims.agent.declineTitle")}</h3>
              <Form method="post" className="stack">
                <ClaimFormError failure={declineResult} />
                <TextAreaField
                  label={t("claims.agent.declineNote")}
                  name="note"
                  id="field-decline-note"
                  rows={3}
                  maxLength={DECISION_NOTE_MAX_LENGTH}
                  hint={t("claims.agent.declineHint")}
                  errors={fieldErrors(declineResult, "note")}
                />
                <div className="form-actions">
                  <SubmitButton name="intent" value="declineSecond" variant="danger">
                    {t("claims.agent.decline")}
                  </SubmitButton>
                </div>
              </Form>
            </section>
          </>
        ) : (
          <ClaimFormError failure={result ?? declineResult} />
        )}
      </div>
    </Panel>
  );
}
