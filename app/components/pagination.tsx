import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon } from "./icon";
import { pageCount, pageRange, pageWindow, withParams } from "./helpers";

/**
 * Numbered pages driven by the `page` search parameter; other parameters (filters) are kept.
 * Read the page on the server with `readPage(url.searchParams)` from ./helpers.
 */
export function Pagination({ total, page, pageSize, param = "page" }: { total: number; page: number; pageSize: number; param?: string }) {
  const { t, i18n } = useTranslation();
  const { pathname, search } = useLocation();
  const pages = pageCount(total, pageSize);
  const { from, to } = pageRange(total, page, pageSize);
  const number = (n: number) => n.toLocaleString(i18n.language === "en" ? "en-GB" : "pl-PL");
  const href = (p: number) => pathname + withParams(search, { [param]: p === 1 ? null : p });
  return (
    <nav className="pagination" aria-label={t("common.pagination")}>
      <p className="pagination__summary" aria-live="polite">
        {total === 0 ? t("common.noResults") : t("common.showing", { from: number(from), to: number(to), total: number(total) })}
      </p>
      {pages > 1 ? (
        <ul className="pagination__pages">
          <li>
            <PageLink to={href(page - 1)} disabled={page <= 1} label={t("common.previous")} rel="prev">
              <Icon name="chevronLeft" />
              <span className="visually-hidden">{t("common.previous")}</span>
            </PageLink>
          </li>
          {pageWindow(Math.min(page, pages), pages).map((entry, i) =>
            entry === "gap" ? (
              <li key={`gap-${i}`} className="pagination__gap" aria-hidden="true">
                …
              </li>
            ) : (
              <li key={entry} className={`pagination__page${entry === page ? " is-current" : ""}`}>
                <Link
                  className="pagination__link"
                  to={href(entry)}
                  aria-current={entry === page ? "page" : undefined}
                  aria-label={t("common.pageN", { page: entry })}
                >
                  {entry}
                </Link>
              </li>
            ),
          )}
          <li>
            <PageLink to={href(page + 1)} disabled={page >= pages} label={t("common.next")} rel="next">
              <span className="visually-hidden">{t("common.next")}</span>
              <Icon name="chevronRight" />
            </PageLink>
          </li>
        </ul>
      ) : null}
    </nav>
  );
}

function PageLink({ to, disabled, label, rel, children }: { to: string; disabled: boolean; label: string; rel: string; children: React.ReactNode }) {
  if (disabled) {
    return (
      <span className="pagination__link" aria-disabled="true" title={label}>
        {children}
      </span>
    );
  }
  return (
    <Link className="pagination__link" to={to} title={label} rel={rel}>
      {children}
    </Link>
  );
}
