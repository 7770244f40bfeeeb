import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime, DescriptionList, Money, Panel } from "~/components/ui";
import { useClaimPage, type Claim } from "./data";

/** What was claimed and why: the items, the reason, the terms and the buyer's description. */
export function DetailsPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const { role } = useClaimPage();
  return (
    <Panel title={t("claims.detail.detailsTitle")}>
      <div className="stack">
        <DescriptionList
          items={[
            // Agents see the order and the parties in their own panel.
            ...(role === "AGENT"
              ? []
              : [
                  {
                    term: t("orders.orderNumber"),
                    value: (
                      <Link to={`/orders/${claim.order.id}`} className="mono">
                        {claim.order.number}
                      </Link>
                    ),
                  },
                  { term: role === "SELLER" ? t("orders.buyer") : t("orders.seller"), value: role === "SELLER" ? claim.buyer.name : claim.seller.name },
                ]),
            { term: t("claims.detail.filedAt"), value: <DateTime value={claim.filedAt} /> },
            { term: t("claims.detail.reason"), value: t(`claims.reasons.${claim.reason}`) },
            {
              term: t("claims.detail.items"),
              value: (
                <ul className="record-list">
                  {claim.lines.map((line) => (
                    <li key={line.id}>
                      <span>
                        {line.title} × {line.quantity}
                      </span>
                      <Money amount={line.amount} currency={claim.currency} />
                    </li>
                  ))}
                </ul>
              ),
            },
            { term: t("claims.detail.policeReport"), value: claim.policeReport ? t("common.yes") : t("common.no") },
            { term: t("claims.detail.terms"), value: `${claim.terms.name} · ${claim.terms.version}` },
            ...(claim.discussion && role !== "AGENT"
              ? [
                  {
                    term: t("claims.detail.discussion"),
                    value: <Link to={`/discussions/${claim.discussion.id}`}>D-{claim.discussion.number}</Link>,
                  },
                ]
              : []),
          ]}
        />
        <div className="stack stack--sm">
          <h3 className="subsection-title">{t("claims.detail.description")}</h3>
          <p className="quote">{claim.description}</p>
        </div>
      </div>
    </Panel>
  );
}
