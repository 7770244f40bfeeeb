import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime, DescriptionList, Money, Panel } from "~/components/ui";
import type { Claim } from "./data";

/** The order behind the claim, its parties and its discussion, for the agent. */
export function OrderPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  return (
    <Panel title={t("claims.agent.orderTitle")}>
      <DescriptionList
        items={[
          {
            term: t("orders.orderNumber"),
            value: (
              <Link to={`/orders/${claim.order.id}`} className="mono">
                {claim.order.number}
              </Link>
            ),
          },
          { term: t("orders.placedAt"), value: <DateTime value={claim.order.placedAt} /> },
          { term: t("orders.payment"), value: t(`orders.${claim.order.paymentMethod}`) },
          { term: t("orders.total"), value: <Money amount={claim.order.total} currency={claim.currency} /> },
          { term: t("orders.buyer"), value: claim.buyer.name },
          { term: t("orders.seller"), value: claim.seller.name },
          {
            term: t("claims.detail.discussion"),
            value: claim.discussion ? <Link to={`/discussions/${claim.discussion.id}`}>D-{claim.discussion.number}</Link> : t("common.none"),
          },
        ]}
      />
    </Panel>
  );
}
