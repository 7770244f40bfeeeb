import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requirePermission } from "~/infra/remix.server";
import { getProductAlert } from "~/domain/storefront/alerts.server";
import { DateTime, DescriptionList, Money, PageHeader, Panel, StatusBadge } from "~/components/ui";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";
import { consentRecordRows } from "~/components/consents/consent-records.server";

// One customer's product alert with the consents given with it (the wording as it was, the choice, when,
// from which address and browser).

export const meta: MetaFunction = () => [{ title: "Product alert · Trust & Safety" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "read", "productAlert");
  const { alert, offer, consents } = await loadOr404(() => getProductAlert(ctx, params.alertId ?? ""));
  return json({
    alert: {
      id: alert.id,
      kind: alert.kind,
      email: alert.email,
      guest: alert.userId === null,
      priceAmount: alert.priceAmount,
      currency: alert.currency,
      createdAt: alert.createdAt.toISOString(),
      notifiedAt: alert.notifiedAt?.toISOString() ?? null,
      cancelledAt: alert.cancelledAt?.toISOString() ?? null,
      state: alert.cancelledAt ? ("cancelled" as const) : alert.notifiedAt ? ("notified" as const) : ("active" as const),
    },
    offer: offer ? { id: offer.id, title: offer.title, status: offer.status } : null,
    consents: consents ? consentRecordRows(consents) : null,
  });
}

export default function ProductAlertPage() {
  const { t } = useTranslation();
  const { alert, offer, consents } = useLoaderData<typeof loader>();
  return (
    <div className="page" data-testid="product-alert-page">
      <PageHeader
        breadcrumbs={[{ to: "/product-alerts", label: t("questions.alerts.title") }]}
        title={t("questions.alerts.detailTitle")}
        subtitle={t(`questions.alerts.kinds.${alert.kind}`)}
        meta={<StatusBadge status={alert.state} label={t(`questions.alerts.states.${alert.state}`)} tone={alert.state === "active" ? "info" : "neutral"} />}
      />
      <Panel>
        <DescriptionList
          items={[
            { term: t("questions.alerts.offer"), value: offer ? <Link to={`/shop/offers/${offer.id}`}>{offer.title}</Link> : "—" },
            ...(offer ? [{ term: t("questions.detail.offerStatus"), value: <StatusBadge status={offer.status} ns="offers" /> }] : []),
            { term: t("questions.alerts.email"), value: alert.email },
            { term: t("questions.detail.askerAccount"), value: alert.guest ? t("questions.detail.guest") : t("questions.detail.registered") },
            { term: t("questions.alerts.priceAtSignUp"), value: <Money amount={alert.priceAmount} currency={alert.currency} /> },
            { term: t("questions.alerts.created"), value: <DateTime value={alert.createdAt} /> },
            ...(alert.notifiedAt ? [{ term: t("questions.alerts.states.notified"), value: <DateTime value={alert.notifiedAt} /> }] : []),
            ...(alert.cancelledAt ? [{ term: t("questions.alerts.states.cancelled"), value: <DateTime value={alert.cancelledAt} /> }] : []),
          ]}
        />
      </Panel>
      {consents ? (
        <ConsentRecordsPanel title={t("questions.alerts.consentsTitle")} records={consents} data-testid="consents-panel" />
      ) : (
        <p className="muted">{t("questions.alerts.noConsentAccess")}</p>
      )}
    </div>
  );
}
