import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../format";
import { EmptyState } from "../empty-state";
import type { Tone } from "../status-badge";

// Consent records as evidence: when, on which form, at which position, the clause's type at that moment,
// the person's choice and the exact wording they saw (its version and SHA-256). Staff also see the
// address and browser the record came from (`showEvidence`). The same component serves the person's
// privacy page, a person's history, and the consents panels on orders, customers, the newsletter list,
// questions, alerts and cases.

/** A consent record as a loader sends it (consentHistory / consentsForSubject / myConsents, serialized). */
export interface ConsentRecordRow {
  id: string;
  form: string;
  position: string;
  clauseType: string;
  choice: string;
  subjectType: string;
  subjectId: string;
  email?: string | null;
  at: string;
  ipAddress: string;
  userAgent: string;
  pageUrl?: string | null;
  clauseVersion: { version: number; content: string; contentHash: string };
}

export const CHOICE_TONES: Record<string, Tone> = { ACCEPTED: "success", WITHDRAWN: "neutral", DECLINED: "neutral", DISPLAYED: "info" };

/** A choice as a status pill: accepted green, withdrawn grey, not given muted, shown neutral-blue. */
export function ConsentChoiceBadge({ choice }: { choice: string }) {
  const { t } = useTranslation();
  const tone = CHOICE_TONES[choice] ?? "neutral";
  return (
    <span className={`status status--${tone} consent-choice consent-choice--${choice.toLowerCase()}`} data-choice={choice}>
      {t(`privacy.choices.${choice}`, { defaultValue: choice })}
    </span>
  );
}

/** Clause texts longer than this start folded (a <details> the reader opens). */
const LONG_TEXT = 280;

const textLength = (html: string) => html.replace(/<[^>]*>/g, "").length;

/** The wording as it was: sanitized HTML stored with the version, folded when long. */
export function ClauseWording({ content, id }: { content: string; id?: string }) {
  const { t } = useTranslation();
  const body = <div className="consent-record__text" id={id} dangerouslySetInnerHTML={{ __html: content }} />;
  if (textLength(content) <= LONG_TEXT) return body;
  const preview = content.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 160);
  return (
    <details className="consent-record__fold">
      <summary>
        <span className="consent-record__preview">{preview}…</span> <span className="consent-record__more">{t("consentViews.records.showAll")}</span>
      </summary>
      {body}
    </details>
  );
}

/** The hash, shortened; the full value in its title, and a button that copies it. */
export function ContentHash({ hash }: { hash: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <span className="consent-record__hash">
      <abbr title={hash} className="mono" data-hash={hash} aria-label={`${t("consentViews.records.hash")} ${hash}`}>
        {`SHA-256 ${hash.slice(0, 10)}…`}
      </abbr>
      <button
        type="button"
        className="button button--ghost button--sm consent-record__copy"
        onClick={() => {
          void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        {copied ? t("consentViews.records.copied") : t("consentViews.records.copy")}
      </button>
    </span>
  );
}

/** A browser name from a user agent, for the eye; the full agent stays in the title. */
export function shortUserAgent(userAgent: string): string {
  if (!userAgent) return "—";
  const known: [RegExp, string][] = [
    [/Edg\/(\d+)/, "Edge"],
    [/OPR\/(\d+)/, "Opera"],
    [/Firefox\/(\d+)/, "Firefox"],
    [/Chrome\/(\d+)/, "Chrome"],
    [/Version\/(\d+)[^ ]* (Mobile\/\S+ )?Safari/, "Safari"],
  ];
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : null;
  for (const [pattern, name] of known) {
    const match = userAgent.match(pattern);
    if (match) return [`${name} ${match[1]}`, os].filter(Boolean).join(", ");
  }
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}

interface ConsentRecordsProps {
  records: readonly ConsentRecordRow[];
  /** Staff: the address and browser each record came from. */
  showEvidence: boolean;
  /** Shown when there are no records (a default text otherwise). */
  emptyTitle?: string;
  /** Names the list for screen readers. */
  label?: string;
  "data-testid"?: string;
}

/**
 * The records as a list of entries: on a desktop each entry is a row (facts on the left, the wording on
 * the right); on a phone the facts stack above the wording. One entry per record, newest first as given.
 */
export function ConsentRecords({ records, showEvidence, emptyTitle, label, ...rest }: ConsentRecordsProps) {
  const { t } = useTranslation();
  if (!records.length) {
    return <EmptyState compact icon="shieldCheck" title={emptyTitle ?? t("consentViews.records.empty")} />;
  }
  return (
    <ol className="consent-records" aria-label={label ?? t("consentViews.records.label")} data-testid={rest["data-testid"] ?? "consent-records"}>
      {records.map((record) => (
        <li key={record.id} className="consent-record" data-choice={record.choice} data-testid="consent-record">
          <div className="consent-record__facts">
            <div className="consent-record__head">
              <ConsentChoiceBadge choice={record.choice} />
              <DateTime value={record.at} className="consent-record__at" />
            </div>
            <dl className="consent-record__meta">
              <div>
                <dt>{t("consentViews.records.form")}</dt>
                <dd>{t(`privacy.forms.${record.form}`, { defaultValue: record.form })}</dd>
              </div>
              <div>
                <dt>{t("consentViews.records.position")}</dt>
                <dd>{t(`privacy.positions.${record.position}`, { defaultValue: record.position })}</dd>
              </div>
              <div>
                <dt>{t("consentViews.records.type")}</dt>
                <dd>{t(`privacy.types.${record.clauseType}`, { defaultValue: record.clauseType })}</dd>
              </div>
              {showEvidence ? (
                <>
                  <div>
                    <dt>{t("consentViews.records.ipAddress")}</dt>
                    <dd className="mono">{record.ipAddress}</dd>
                  </div>
                  <div>
                    <dt>{t("consentViews.records.browser")}</dt>
                    <dd title={record.userAgent || undefined}>{shortUserAgent(record.userAgent)}</dd>
                  </div>
                  {record.email ? (
                    <div>
                      <dt>{t("consentViews.records.email")}</dt>
                      <dd className="consent-record__email">{record.email}</dd>
                    </div>
                  ) : null}
                </>
              ) : null}
            </dl>
          </div>
          <div className="consent-record__wording">
            <p className="consent-record__version">
              {t("consentViews.records.version", { version: record.clauseVersion.version })} · <ContentHash hash={record.clauseVersion.contentHash} />
            </p>
            <ClauseWording content={record.clauseVersion.content} />
          </div>
        </li>
      ))}
    </ol>
  );
}

/**
 * A page's consents panel for staff: a titled panel with the records, or (`collapsed`) a closed
 * <details> section that stays out of the way on case pages until an agent opens it.
 */
export function ConsentRecordsPanel({
  title,
  records,
  collapsed,
  historyLink,
  "data-testid": testId,
}: {
  title: string;
  records: readonly ConsentRecordRow[];
  collapsed?: boolean;
  /** A link to the person's whole history (shown in the header). */
  historyLink?: React.ReactNode;
  "data-testid"?: string;
}) {
  const { t } = useTranslation();
  const list = <ConsentRecords records={records} showEvidence label={title} />;
  if (collapsed) {
    return (
      <details className="panel consent-panel consent-panel--collapsed" data-testid={testId}>
        <summary className="panel__header consent-panel__summary">
          <span className="panel__title">
            {title} <span className="badge">{records.length}</span>
          </span>
          <span className="subtle consent-panel__hint">{t("consentViews.panels.open")}</span>
        </summary>
        <div className="panel__body">
          {historyLink ? <p>{historyLink}</p> : null}
          {list}
        </div>
      </details>
    );
  }
  return (
    <section className="panel consent-panel" aria-label={title} data-testid={testId}>
      <div className="panel__header">
        <h2 className="panel__title">
          {title} <span className="badge">{records.length}</span>
        </h2>
        {historyLink ? <div className="panel__actions">{historyLink}</div> : null}
      </div>
      <div className="panel__body">{list}</div>
    </section>
  );
}
