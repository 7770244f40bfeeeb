import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const TABS = [
  { to: "/queue/rights", key: "items" },
  { to: "/queue/rights/verification", key: "verification" },
  { to: "/queue/rights/appeals", key: "appeals" },
] as const;

/** The three rights-protection queues: items, verification, appeals. */
export function RightsQueueTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <nav className="queue-tabs cluster" aria-label={t("rights.queue.tabs")}>
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          to={tab.to}
          className={`button button--sm ${pathname === tab.to ? "button--secondary" : "button--ghost"}`}
          aria-current={pathname === tab.to ? "page" : undefined}
          data-testid={`rights-tab-${tab.key}`}
        >
          {t(`rights.queue.tab.${tab.key}`)}
        </Link>
      ))}
    </nav>
  );
}
