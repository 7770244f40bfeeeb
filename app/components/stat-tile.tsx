import { Link } from "@remix-run/react";
import { Icon, type IconName } from "./icon";

interface StatTileProps {
  label: React.ReactNode;
  value: React.ReactNode;
  hint?: React.ReactNode;
  icon?: IconName;
  /** Makes the whole tile a link to the list behind the number. */
  to?: string;
  tone?: "info" | "success" | "warning" | "danger";
  /** A queue that opens in a later release: muted, dashed, not a link. */
  pending?: boolean;
  "data-testid"?: string;
}

/** A number on a dashboard, with what it counts and (optionally) where to see the items. */
export function StatTile({ label, value, hint, icon, to, tone, pending, ...rest }: StatTileProps) {
  const className = ["stat-tile", tone ? `stat-tile--${tone}` : "", pending ? "stat-tile--pending" : ""].filter(Boolean).join(" ");
  const content = (
    <>
      <span className="stat-tile__label">
        {icon ? <Icon name={icon} /> : null}
        {label}
      </span>
      {/* A pending tile's value is a placeholder ("—"); its hint says when the number arrives. */}
      <span className="stat-tile__value" aria-hidden={pending ? true : undefined}>
        {value}
      </span>
      {hint ? <span className="stat-tile__hint">{hint}</span> : null}
    </>
  );
  return to && !pending ? (
    <Link to={to} className={className} data-testid={rest["data-testid"]}>
      {content}
    </Link>
  ) : (
    <div className={className} data-testid={rest["data-testid"]}>
      {content}
    </div>
  );
}
