import { useTranslation } from "react-i18next";
import { TRAP_FIELD } from "~/components/consents/consent-form-data";
import { DataTable, DateTime, EmptyState, Money, Panel, StatusBadge, type Column } from "~/components/ui";
import type { ActionFailure } from "~/infra/remix.server";

// Pieces the shop's question and alert pages share: the honeypot, the offer summary, the form's error
// banner and the "consents given" panel staff see on a question or an alert.

/** The honeypot: off-screen and out of the tab order for people; form-filling scripts fill it in. */
export function TrapField() {
  const { t } = useTranslation();
  return (
    <div className="storefront-trap" aria-hidden="true">
      <label htmlFor="storefront-trap">{t("questions.common.trapLabel")}</label>
      <input id="storefront-trap" type="text" name={TRAP_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

export interface OfferSummaryData {
  id: string;
  title: string;
  status: string;
  priceAmount: number;
  currency: string;
  sellerName: string;
}

/** The offer a product question or alert is about. */
export function OfferSummary({ offer }: { offer: OfferSummaryData }) {
  const { t } = useTranslation();
  return (
    <div className="storefront-offer" data-testid="offer-summary">
      <div className="storefront-offer__title">
        <span className="subtle">{t("questions.common.offer")}</span>
        <strong>{offer.title}</strong>
      </div>
      <dl className="storefront-offer__facts">
        <div>
          <dt>{t("questions.common.price")}</dt>
          <dd>
            <Money amount={offer.priceAmount} currency={offer.currency} />
          </dd>
        </div>
        <div>
          <dt>{t("questions.common.seller")}</dt>
          <dd>{offer.sellerName}</dd>
        </div>
      </dl>
    </div>
  );
}

/** A refused submission: the domain's code in the reader's language (field errors show on their fields). */
export function FormFailure({ failure }: { failure: ActionFailure | undefined }) {
  const { t } = useTranslation();
  if (!failure || failure.ok) return null;
  const text =
    failure.code === "VALIDATION_FAILED"
      ? t("errors.VALIDATION_FAILED", { defaultValue: failure.message })
      : t(`errors.${failure.code}`, { seconds: failure.params?.retryAfterSeconds, ...(failure.params ?? {}), defaultValue: failure.message });
  return (
    <div className="alert alert--error" role="alert" data-testid="form-error" data-code={failure.code}>
      <div className="alert__body">{text}</div>
    </div>
  );
}

export interface ConsentRecordRow {
  id: string;
  clauseType: string;
  choice: string;
  at: string;
  ipAddress: string;
  userAgent: string;
  content: string;
  version: number;
  contentHash: string;
}

/** The consents recorded with a question or an alert: the wording as it was, the choice, when and from where. */
export function ConsentRecordsPanel({ title, records }: { title: string; records: ConsentRecordRow[] }) {
  const { t } = useTranslation();
  const columns: Column<ConsentRecordRow>[] = [
    {
      key: "clause",
      header: t("questions.consents.clause"),
      primary: true,
      cell: (r) => (
        <div className="storefront-clause">
          <div className="storefront-clause__text" dangerouslySetInnerHTML={{ __html: r.content }} />
          <span className="subtle storefront-clause__version" title={`${t("questions.consents.hash")}: ${r.contentHash}`}>
            {t("questions.consents.version", { version: r.version })} · <span className="mono">{r.contentHash.slice(0, 12)}…</span>
          </span>
        </div>
      ),
    },
    { key: "type", header: t("questions.consents.type"), cell: (r) => t(`privacy.types.${r.clauseType}`) },
    {
      key: "choice",
      header: t("questions.consents.choice"),
      badge: true,
      cell: (r) => <StatusBadge status={r.choice} label={t(`privacy.choices.${r.choice}`)} tone={r.choice === "ACCEPTED" ? "success" : r.choice === "DISPLAYED" ? "info" : "neutral"} />,
    },
    { key: "at", header: t("questions.consents.at"), cell: (r) => <DateTime value={r.at} className="nowrap" /> },
    { key: "ip", header: t("questions.consents.ip"), cell: (r) => <span className="mono">{r.ipAddress}</span> },
    { key: "browser", header: t("questions.consents.browser"), cell: (r) => <span className="storefront-ua">{r.userAgent}</span> },
  ];
  return (
    <Panel title={title} subtitle={t("questions.detail.consentsSubtitle")} flush data-testid="consents-panel">
      <DataTable
        caption={title}
        columns={columns}
        rows={records}
        rowKey={(r) => r.id}
        empty={<EmptyState compact icon="file" title={t("questions.consents.none")} />}
      />
    </Panel>
  );
}

/** The loader's wire shape of consent records (dates as strings, the version's wording inline). */
export function consentRows(
  records: { id: string; clauseType: string; choice: string; at: Date; ipAddress: string; userAgent: string; clauseVersion: { version: number; content: string; contentHash: string } }[],
): ConsentRecordRow[] {
  return records.map((r) => ({
    id: r.id,
    clauseType: r.clauseType,
    choice: r.choice,
    at: r.at.toISOString(),
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    content: r.clauseVersion.content,
    version: r.clauseVersion.version,
    contentHash: r.clauseVersion.contentHash,
  }));
}
