import { useTranslation } from "react-i18next";
import { DateTime, DescriptionList, Money, Panel } from "~/components/ui";
import { useClaimPage, type Claim } from "./data";

/** What the platform recovers from the seller after paying the claim (the seller and staff only). */
export function RecoveryPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const { role } = useClaimPage();
  return (
    <Panel title={role === "AGENT" ? t("claims.recovery.titleStaff") : t("claims.recovery.title")} data-testid="claim-recovery">
      {claim.recovery ? (
        <DescriptionList
          items={[
            { term: t("claims.recovery.amount"), value: <Money amount={claim.recovery.amount} currency={claim.currency} /> },
            { term: t("claims.recovery.status"), value: t(`claims.recovery.${claim.recovery.status}`) },
            { term: t("claims.recovery.since"), value: <DateTime value={claim.recovery.createdAt} /> },
          ]}
        />
      ) : (
        <p className="subtle">{t("claims.recovery.none")}</p>
      )}
    </Panel>
  );
}
