import { useId } from "react";

interface PanelProps {
  title?: React.ReactNode;
  subtitle?: React.ReactNode;
  /** Buttons or links in the panel's header. */
  actions?: React.ReactNode;
  footer?: React.ReactNode;
  /** No padding around the body: for tables and lists that run edge to edge. */
  flush?: boolean;
  tone?: "danger";
  /** Heading level of the title (2 by default). */
  level?: 2 | 3;
  className?: string;
  id?: string;
  children?: React.ReactNode;
  "data-testid"?: string;
}

/** A white card with an optional header (title + actions) and footer; a titled panel is a labelled region. */
export function Panel({ title, subtitle, actions, footer, flush, tone, level = 2, className, id, children, ...rest }: PanelProps) {
  const headingId = useId();
  const Heading = level === 3 ? "h3" : "h2";
  return (
    <section
      className={["panel", tone ? `panel--${tone}` : "", className ?? ""].filter(Boolean).join(" ")}
      aria-labelledby={title ? headingId : undefined}
      id={id}
      data-testid={rest["data-testid"]}
    >
      {title || actions ? (
        <div className="panel__header">
          {title ? (
            <Heading className="panel__title" id={headingId}>
              {title}
            </Heading>
          ) : (
            <span />
          )}
          {actions ? <div className="panel__actions">{actions}</div> : null}
          {subtitle ? <p className="panel__subtitle">{subtitle}</p> : null}
        </div>
      ) : null}
      {flush ? children : <div className="panel__body">{children}</div>}
      {footer ? <div className="panel__footer">{footer}</div> : null}
    </section>
  );
}
