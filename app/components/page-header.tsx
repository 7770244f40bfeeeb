import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface Crumb {
  to: string;
  label: string;
}

interface PageHeaderProps {
  title: React.ReactNode;
  subtitle?: React.ReactNode;
  /** Links above the title, outermost first; the current page is the title itself. */
  breadcrumbs?: Crumb[];
  /** Buttons and links on the right (wrap under the title on a phone). */
  actions?: React.ReactNode;
  /** Small facts under the title: a status pill, a deadline, a date. */
  meta?: React.ReactNode;
}

/** The top of every screen: breadcrumbs, one h1, an optional line of context and the page's actions. */
export function PageHeader({ title, subtitle, breadcrumbs, actions, meta }: PageHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="page-header">
      <div className="page-header__text">
        {breadcrumbs?.length ? (
          <nav aria-label={t("common.breadcrumbs")}>
            <ol className="breadcrumb">
              {breadcrumbs.map((crumb) => (
                <li key={crumb.to}>
                  <Link to={crumb.to}>{crumb.label}</Link>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <h1>{title}</h1>
        {subtitle ? <p className="page-header__subtitle">{subtitle}</p> : null}
        {meta ? <div className="page-header__meta">{meta}</div> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
