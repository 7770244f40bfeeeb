import { useTranslation } from "react-i18next";
import { StatusBadge } from "../status-badge";

/** An address on the newsletter list: subscribed (green) or unsubscribed (grey). */
export function NewsletterStatus({ unsubscribed }: { unsubscribed: boolean }) {
  const { t } = useTranslation();
  return unsubscribed ? (
    <StatusBadge status="UNSUBSCRIBED" tone="neutral" label={t("consentViews.newsletter.UNSUBSCRIBED")} />
  ) : (
    <StatusBadge status="SUBSCRIBED" tone="success" label={t("consentViews.newsletter.SUBSCRIBED")} />
  );
}
