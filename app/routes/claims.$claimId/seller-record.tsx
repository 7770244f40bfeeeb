import { useTranslation } from "react-i18next";
import { Money, Panel } from "~/components/ui";
import { ClaimStatusBadge } from "~/components/claims/claim-status";
import { useClaimPage } from "./data";

/** The seller's claims by status and how the seller answers discussions, for the agent. */
export function SellerRecord() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const agent = data.agent!;
  const record = agent.sellerDiscussions;
  const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
  return (
    <Panel title={t("claims.agent.sellerRecord", { name: data.claim.seller.name })} data-testid="seller-record">
      <div className="stack">
        <div className="stack stack--sm">
          <h3 className="subsection-title">{t("claims.agent.sellerClaims")}</h3>
          {agent.sellerClaims.length ? (
            <ul className="record-list">
              {agent.sellerClaims.map((g) => (
                <li key={g.status}>
                  <span>
                    <ClaimStatusBadge status={g.status} /> × {g.count}
                  </span>
                  {g.amount ? <Money amount={g.amount} currency={data.claim.currency} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="subtle">{t("claims.agent.noSellerClaims")}</p>
          )}
        </div>
        {record ? (
          <div className="stack stack--sm">
            <h3 className="subsection-title">{t("claims.agent.sellerDiscussions")}</h3>
            <ul className="record-list">
              <li>
                <span>{t("claims.agent.discussionsTotal")}</span>
                <strong>{record.discussions}</strong>
              </li>
              <li>
                <span>{t("claims.agent.onTime")}</span>
                <strong>{percent(record.onTimeRate)}</strong>
              </li>
              <li>
                <span>{t("claims.agent.overdue")}</span>
                <strong>{record.overdue}</strong>
              </li>
            </ul>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
