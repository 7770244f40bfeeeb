import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable, DateTime, EmptyState, Money, Panel, type Column } from "~/components/ui";
import { ClaimStatusBadge, claimRef } from "~/components/claims/claim-status";
import { useClaimPage } from "./data";

/** The buyer's earlier claims, for the agent weighing this one. */
export function BuyerHistory() {
  const { t } = useTranslation();
  const data = useClaimPage();
  const agent = data.agent!;
  type Row = (typeof agent.buyerClaims)[number];
  // The side column is narrow: the reason and the date go under the claim's reference.
  const columns: Column<Row>[] = [
    {
      key: "number",
      header: t("claims.list.claim"),
      primary: true,
      cell: (c) => (
        <span className="cell-stack">
          <Link to={`/claims/${c.id}`}>{claimRef(c.number)}</Link>
          <ClaimStatusBadge status={c.status} />
          <span className="subtle">
            {t(`claims.reasons.${c.reason}`)} · <DateTime value={c.filedAt} dateOnly />
          </span>
        </span>
      ),
    },
    {
      key: "approved",
      header: t("claims.detail.approvedAmount"),
      numeric: true,
      cell: (c) => <Money amount={c.approvedAmount} currency={data.claim.currency} />,
    },
  ];
  return (
    <Panel
      title={t("claims.agent.buyerHistory")}
      subtitle={t("claims.agent.buyerHistoryCount", { count: agent.buyerClaimCount })}
      flush
      data-testid="buyer-history"
    >
      <DataTable
        caption={t("claims.agent.buyerHistory")}
        columns={columns}
        rows={agent.buyerClaims}
        rowKey={(c) => c.id}
        dense
        empty={<EmptyState compact icon="shieldCheck" title={t("claims.agent.firstClaim")} />}
      />
    </Panel>
  );
}
