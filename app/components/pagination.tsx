import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon } from "./icon";
import { countOf, isOpenEnded, pageCount, pageRange, pageWindow, withParams, type ListTotal } from "./helpers";
import { useFormatNumber } from "./format";

/**
 * Numbered pages driven by the `page` search parameter; other parameters (filters) are kept.
 * Read the page on the server with `readPage(url.searchParams)` from ./helpers.
 */
export function Pagination({ total, page, pageSize, param = "page" }: { total: ListTotal; page: number; pageSize: number; param?: string }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const number = useFormatNumber();
  const pages = pageCount(total, pageSize);
  const openEnded = isOpenEnded(total);
  const { from, to } = pageRange(total, page, pageSize);
  // A capped count ("1,000+") does not know the last page: the window ends in a gap instead of its number.
  const window = pageWindow(Math.min(page, pages), pages);
  if (openEnded && window.at(-1) === pages && pages > page + 1) window.splice(-1, 1, ...(window.at(-2) === "gap" ? [] : (["gap"] as const)));
  const href = (p: number) => pathname + withParams(search, { [param]: p === 1 ? null : p });
  return (
    <nav className="pagination" aria-label={t("common.pagination")}>
      <p className="pagination__summary" aria-live="polite">
        {countOf(total) === 0 ? t("common.noResults") : t("common.showing", { from: number(from), to: number(to), total: number(total) })}
      </p>
      {pages > 1 ? (
        <ul className="pagination__pages">
          <li>
            <PageLink to={href(page - 1)} disabled={page <= 1} label={t("common.previous")} rel="prev">
              <Icon name="chevronLeft" />
              <span className="visually-hidden">{t("common.previous")}</span>
            </PageLink>
          </li>
          {window.map((entry, i) =>
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
