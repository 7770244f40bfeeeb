import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { getNewsletterSubscriber } from "~/domain/consents/staff-views.server";
import { Alert, DateTime, DescriptionList, PageHeader, Panel } from "~/components/ui";
import { ConsentRecords } from "~/components/consents/consent-records";
import { consentRecordRows } from "~/components/consents/consent-records.server";
import { NewsletterStatus } from "~/components/consents/newsletter-status";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.subscriber.email ?? "Newsletter"} · Newsletter · Trust & Safety` }];

/** One address of the newsletter list with the newsletter clauses it accepted, the wording as it was. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const { subscriber, records } = await loadOr404(() => getNewsletterSubscriber(ctx, params.subscriberId ?? ""));
  return json({
    subscriber: {
      id: subscriber.id,
      email: subscriber.email,
      userId: subscriber.userId,
      locale: subscriber.locale,
      subscribedAt: subscriber.subscribedAt.toISOString(),
      unsubscribedAt: subscriber.unsubscribedAt?.toISOString() ?? null,
    },
    records: records ? consentRecordRows(records) : null,
    canOpenHistory: subscriber.userId !== null && canAny(actor, "read", "consent"),
  });
}

export default function NewsletterSubscriberPage() {
  const { t } = useTranslation();
  const { subscriber, records, canOpenHistory } = useLoaderData<typeof loader>();
  return (
    <div className="page" data-testid="newsletter-subscriber">
      <PageHeader
        breadcrumbs={[{ to: "/privacy/newsletter", label: t("consentViews.newsletter.title") }]}
        title={subscriber.email}
        meta={<NewsletterStatus unsubscribed={!!subscriber.unsubscribedAt} />}
        actions={
          canOpenHistory ? (
            <Link to={`/privacy/people/${subscriber.userId}/consents`} className="button button--secondary">
              {t("consentViews.panels.allConsents")}
            </Link>
          ) : null
        }
      />
      <div className="order-layout">
        <div>
          <Panel title={t("consentViews.newsletter.consents")} subtitle={t("consentViews.newsletter.consentsIntro")} data-testid="newsletter-consents-panel">
            {records ? <ConsentRecords records={records} showEvidence /> : <Alert tone="info">{t("consentViews.newsletter.consentsHidden")}</Alert>}
          </Panel>
        </div>
        <div>
          <Panel title={t("consentViews.newsletter.address")}>
            <DescriptionList
              items={[
                { term: t("consentViews.newsletter.subscribedAt"), value: <DateTime value={subscriber.subscribedAt} /> },
                {
                  term: t("consentViews.newsletter.unsubscribedAt"),
                  value: subscriber.unsubscribedAt ? <DateTime value={subscriber.unsubscribedAt} /> : "—",
                },
                { term: t("consentViews.newsletter.locale"), value: subscriber.locale.toUpperCase() },
                {
                  term: t("consentViews.newsletter.account"),
                  value: subscriber.userId ? t("consentViews.newsletter.hasAccount") : t("consentViews.newsletter.noAccount"),
                },
              ]}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}
