import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon } from "./icon";

/** The end of a filter form: the search button and, when something is filtered, a link that clears it. */
export function FilterActions({ label, clearTo, busy }: { label?: string; clearTo?: string | null; busy?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="filters__actions">
      <button type="submit" className="button button--primary button--sm" disabled={busy || undefined}>
        <Icon name="search" />
        {label ?? t("common.search")}
      </button>
      {clearTo ? (
        <Link to={clearTo} className="button button--ghost button--sm">
          {t("common.clear")}
        </Link>
      ) : null}
    </div>
  );
}
