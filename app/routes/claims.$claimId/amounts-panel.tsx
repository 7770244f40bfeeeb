import { useTranslation } from "react-i18next";
import { Money, Panel } from "~/components/ui";
import type { Claim } from "./data";

/** The most the claim can pay, what was approved and what was paid out. */
export function AmountsPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const paid = claim.payout?.status === "EXECUTED";
  return (
    <Panel title={t("claims.detail.amounts")}>
      <dl className="claim-amounts" data-testid="claim-amounts">
        <div>
          <dt>{t("claims.detail.maxAmount")}</dt>
          <dd>
            <Money amount={claim.maxAmount} currency={claim.currency} />
          </dd>
        </div>
        <div className={claim.approvedAmount !== null && !paid ? "is-key" : undefined}>
          <dt>{t("claims.detail.approvedAmount")}</dt>
          <dd>
            <Money amount={claim.approvedAmount} currency={claim.currency} />
          </dd>
        </div>
        <div className={paid ? "is-key" : undefined}>
          <dt>{t("claims.detail.paidAmount")}</dt>
          <dd data-testid="claim-paid-amount">{paid ? <Money amount={claim.payout!.amount} currency={claim.currency} /> : "—"}</dd>
        </div>
      </dl>
    </Panel>
  );
}
