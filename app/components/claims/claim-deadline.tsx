import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration } from "~/lib/format";
import { Icon } from "~/components/ui";
import { deadlinePosition } from "~/domain/shared/deadlines";
import { CLAIM_DECISION_DEADLINE } from "~/domain/claims/policy";

// The decision deadline of a claim as a pill, with the claims rule for warnings: past the deadline
// "breached" (red), within two hours "soon" (amber) — the domain's one definition (shared/deadlines). The
// server renders with the domain clock; in the browser the pill keeps ticking from that clock's offset.

export type ClaimDeadlineState = "ok" | "soon" | "breached" | "paused" | "done";

export function claimDeadlineState(dueAt: string, nowMs: number, paused: boolean, done: boolean): ClaimDeadlineState {
  const { status } = deadlinePosition({ dueAt, paused, done }, nowMs, CLAIM_DECISION_DEADLINE);
  return status === "due" ? "breached" : status;
}

/** `now` is the server's (domain clock) time when the page was made. */
export function ClaimDeadline({
  dueAt,
  now,
  paused = false,
  done = false,
  "data-testid": testId,
}: {
  dueAt: string;
  now: string;
  paused?: boolean;
  done?: boolean;
  "data-testid"?: string;
}) {
  const { t, i18n } = useTranslation();
  const [nowMs, setNowMs] = useState(() => Date.parse(now));
  useEffect(() => {
    // Keep the server clock's offset (tests may run it ahead) and tick every minute.
    const offset = Date.parse(now) - Date.now();
    const tick = () => setNowMs(Date.now() + offset);
    const timer = setInterval(tick, 60_000);
    return () => clearInterval(timer);
  }, [now]);
  const state = claimDeadlineState(dueAt, nowMs, paused, done);
  const exact = formatDateTime(dueAt, i18n.language);
  if (state === "done") return null;
  if (state === "paused") {
    return (
      <span className="countdown countdown--paused" title={exact} data-state="paused" data-testid={testId}>
        <Icon name="clock" />
        <span>{t("claims.deadline.paused")}</span>
      </span>
    );
  }
  const remaining = Date.parse(dueAt) - nowMs;
  const duration = formatDuration(remaining);
  const text = state === "breached" ? t("claims.deadline.breachedBy", { duration }) : t("claims.deadline.dueIn", { duration });
  return (
    <time
      className={`countdown countdown--${state === "breached" ? "overdue" : state}`}
      dateTime={dueAt}
      title={exact}
      data-state={state}
      data-testid={testId}
      suppressHydrationWarning
    >
      <Icon name={state === "breached" ? "alert" : "clock"} />
      <span suppressHydrationWarning>{text}</span>
    </time>
  );
}
