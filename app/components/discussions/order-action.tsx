import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon } from "~/components/ui";

/** On an order: the link to its open discussion, or (for its buyer) the way to open one. */
export function OrderDiscussionAction({ discussion, canOpen, orderId }: { discussion: { id: string; number: number; status: string } | null; canOpen: boolean; orderId: string }) {
  const { t } = useTranslation();
  if (discussion) {
    return (
      <Link to={`/discussions/${discussion.id}`} className="button button--secondary" data-testid="order-discussion-link">
        <Icon name="message" />
        {t("discussions.order.existing", { number: discussion.number })}
      </Link>
    );
  }
  if (!canOpen) return null;
  return (
    <Link to={`/discussions/new?orderId=${encodeURIComponent(orderId)}`} className="button button--primary" data-testid="open-discussion">
      <Icon name="message" />
      {t("discussions.order.open")}
    </Link>
  );
}
