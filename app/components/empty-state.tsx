import { Icon, type IconName } from "./icon";

interface EmptyStateProps {
  title: React.ReactNode;
  body?: React.ReactNode;
  icon?: IconName;
  /** A button or link that gets the person going (e.g. "Clear filters"). */
  action?: React.ReactNode;
  compact?: boolean;
}

/** What a list shows when it has nothing: say why, and what to do next. */
export function EmptyState({ title, body, icon = "inbox", action, compact }: EmptyStateProps) {
  return (
    <div className={`empty-state ${compact ? "empty-state--compact" : ""}`} role="status">
      <span className="empty-state__icon" aria-hidden="true">
        <Icon name={icon} className="icon icon--lg" />
      </span>
      <p className="empty-state__title">{title}</p>
      {body ? <p className="empty-state__body">{body}</p> : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}
