import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration } from "~/lib/format";
import { deadlineState } from "./helpers";
import { Icon } from "./icon";

/**
 * A deadline as a pill: "due in 5 h 12 min" (green), under four hours amber, past it red "overdue by 2 h".
 * The exact time (Europe/Warsaw) is in the tooltip and the `dateTime` attribute. Re-renders every minute
 * in the browser; the server renders with `now` when given (the domain clock), else its own time.
 */
export function Countdown({ dueAt, now, "data-testid": testId }: { dueAt: string; now?: string; "data-testid"?: string }) {
  const { t, i18n } = useTranslation();
  const [nowMs, setNowMs] = useState(() => (now ? Date.parse(now) : Date.now()));
  useEffect(() => {
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const { state, remainingMs } = deadlineState(dueAt, nowMs);
  const duration = formatDuration(remainingMs);
  const text = state === "overdue" ? t("common.overdueBy", { duration }) : t("common.dueIn", { duration });
  return (
    <time
      className={`countdown countdown--${state}`}
      dateTime={dueAt}
      title={formatDateTime(dueAt, i18n.language)}
      data-state={state}
      data-testid={testId}
      suppressHydrationWarning
    >
      <Icon name={state === "overdue" ? "alert" : "clock"} />
      <span suppressHydrationWarning>{text}</span>
    </time>
  );
}
