import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton, Icon, Money } from "~/components/ui";
import { useMoneyText } from "~/components/claims/claim-status";
import { ClaimFormError } from "~/components/claims/claim-error";
import { useClaimPage, useFailure } from "./data";

/** Approve the claim's full amount, after a confirmation naming it. */
export function ApproveFullForm() {
  const { t } = useTranslation();
  const { claim } = useClaimPage();
  const moneyText = useMoneyText();
  const result = useFailure("approveFull");
  return (
    <Form method="post" className="stack stack--sm">
      <ClaimFormError failure={result} />
      <div>
        <ConfirmButton
          name="intent"
          value="approveFull"
          variant="primary"
          message={t("claims.agent.approveFullConfirm", { amount: moneyText(claim.maxAmount, claim.currency) })}
          confirmLabel={
            <>
              {t("claims.agent.approveFullYes")} <Money amount={claim.maxAmount} currency={claim.currency} />
            </>
          }
          data-testid="approve-full"
        >
          <Icon name="check" />
          {t("claims.agent.approveFull")}
        </ConfirmButton>
      </div>
    </Form>
  );
}
