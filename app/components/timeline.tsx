import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import { Icon, type IconName } from "./icon";

export type TimelineTone = "neutral" | "info" | "success" | "warning" | "danger";

export interface TimelineItem {
  id: string;
  /** ISO instant; shown in Europe/Warsaw. */
  at: string;
  /** Who: a name, or a role such as "System". */
  actor: string;
  kind: "message" | "event";
  /** One line: "wrote", "escalated the discussion", "Deadline passed". */
  title: string;
  body?: React.ReactNode;
  tone?: TimelineTone;
}

const eventIcons: Record<TimelineTone, IconName> = {
  neutral: "activity",
  info: "info",
  success: "check",
  warning: "clock",
  danger: "alert",
};

/** A case's history, oldest first: messages as speech bubbles, events as quiet lines with a coloured marker. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  const { i18n } = useTranslation();
  return (
    <ol className="timeline">
      {items.map((item) => {
        const tone = item.tone ?? (item.kind === "message" ? "info" : "neutral");
        return (
          <li key={item.id} className={`timeline__item timeline__item--${item.kind} timeline__item--${tone}`} data-kind={item.kind}>
            <span className="timeline__marker" aria-hidden="true">
              <Icon name={item.kind === "message" ? "message" : eventIcons[tone]} />
            </span>
            <div className="timeline__head">
              <span className="timeline__actor">{item.actor}</span>
              <span className="timeline__title">{item.title}</span>
              <time className="timeline__time" dateTime={item.at}>
                {formatDateTime(item.at, i18n.language)}
              </time>
            </div>
            {item.body !== undefined && item.body !== null && item.body !== "" ? <div className="timeline__body">{item.body}</div> : null}
          </li>
        );
      })}
    </ol>
  );
}
