import { Icon, type IconName } from "./icon";

export type AlertTone = "info" | "success" | "warning" | "danger";

const icons: Record<AlertTone, IconName> = { info: "info", success: "checkCircle", warning: "alert", danger: "alert" };

/** A message box. Errors and warnings are announced (role="alert"); others are polite status messages. */
export function Alert({
  tone = "info",
  title,
  children,
  className,
  "data-testid": testId,
}: {
  tone?: AlertTone;
  title?: React.ReactNode;
  children?: React.ReactNode;
  className?: string;
  "data-testid"?: string;
}) {
  return (
    <div
      className={`alert alert--${tone} ${className ?? ""}`}
      role={tone === "danger" || tone === "warning" ? "alert" : "status"}
      data-testid={testId}
    >
      <Icon name={icons[tone]} />
      <div className="alert__body">
        {title ? <strong className="alert__title">{title}</strong> : null}
        {children}
      </div>
    </div>
  );
}
