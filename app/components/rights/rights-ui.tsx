import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import { DateTime, DescriptionList, EmptyState, Icon, StatusBadge, type Tone } from "~/components/ui";
import type { ActionFailure } from "~/infra/remix.server";

// Rights protection's shared pieces: references, status pills, errors, documents and the statement of reasons.

export const itemRef = (number: number) => `IP-${number}`;
export const noticeRef = (number: number) => `N-${number}`;

const ITEM_TONES: Record<string, Tone> = {
  PENDING: "info",
  INFORMATION_REQUESTED: "warning",
  ON_HOLD: "warning",
  TAKEN_DOWN: "danger",
  REJECTED: "neutral",
  REINSTATED: "success",
};
const VERIFICATION_TONES: Record<string, Tone> = { PENDING: "warning", VERIFIED: "success", REJECTED: "danger" };
const APPEAL_TONES: Record<string, Tone> = { PENDING: "warning", UPHELD: "neutral", REINSTATED: "success" };

export function ItemStatusBadge({ status }: { status: string }) {
  return <StatusBadge status={status} ns="rights.itemStatus" tone={ITEM_TONES[status] ?? "neutral"} />;
}

/** A rights holder's or a right's verification: VERIFIED / PENDING / REJECTED. */
export function VerificationBadge({ status }: { status: string }) {
  return <StatusBadge status={status} ns="rights.verification" tone={VERIFICATION_TONES[status] ?? "neutral"} />;
}

export function AppealBadge({ status }: { status: string }) {
  return <StatusBadge status={`APPEAL_${status}`} label={useTranslation().t(`rights.appealStatus.${status}`)} tone={APPEAL_TONES[status] ?? "neutral"} />;
}

/** Contested / unexamined flags of a right (items citing it go to a senior agent). */
export function RightFlags({ contested, unexamined }: { contested: boolean; unexamined: boolean }) {
  const { t } = useTranslation();
  if (!contested && !unexamined) return null;
  return (
    <span className="cluster cluster--tight">
      {contested ? <StatusBadge status="CONTESTED" label={t("rights.flags.contested")} tone="warning" /> : null}
      {unexamined ? <StatusBadge status="UNEXAMINED" label={t("rights.flags.unexamined")} tone="warning" /> : null}
    </span>
  );
}

/** A failed rights action as one translated message (dates in the domain's parameters are formatted). */
export function RightsFormError({ failure, testId = "rights-error" }: { failure?: ActionFailure | { ok: true } | null; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!failure || failure.ok) return null;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(failure.params ?? {})) {
    params[key] = key === "until" && typeof value === "string" ? formatDate(value, i18n.language) : value;
  }
  const formErrors = failure.fieldErrors?._form;
  return (
    <div className="alert alert--error" role="alert" data-testid={testId} data-code={failure.code}>
      <Icon name="alert" />
      <div className="alert__body">
        {t(`errors.${failure.code}`, { ...params, defaultValue: failure.message })}
        {formErrors?.length ? <div>{formErrors.join(" ")}</div> : null}
      </div>
    </div>
  );
}

export interface RightsDocument {
  id: string;
  fileName: string;
  purpose: string | null;
  sizeBytes: number;
}

/** Documents of a right or an item, each a download link (served by /rights/documents/:id with safe headers). */
export function RightsDocuments({ documents, testId = "rights-documents" }: { documents: RightsDocument[]; testId?: string }) {
  const { t } = useTranslation();
  if (!documents.length) return <EmptyState compact icon="file" title={t("rights.documents.none")} />;
  return (
    <ul className="document-list" data-testid={testId}>
      {documents.map((doc) => (
        <li key={doc.id}>
          <Icon name="file" />
          <span className="cell-stack">
            <a href={`/rights/documents/${doc.id}`}>{doc.fileName}</a>
            <span className="subtle">{doc.purpose ? t(`rights.documents.purpose.${doc.purpose}`, { defaultValue: doc.purpose }) : null}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export const DOCUMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf";

type Statement = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : "");
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/**
 * A statement of reasons in words: what was decided and why, the ground, whether anything was automated,
 * where it applies, how to appeal. Built from the stored statement (the EU transparency database's fields).
 */
export function StatementOfReasons({ body, decision, createdAt, appealLastDay }: { body: Statement; decision: string; createdAt: string; appealLastDay?: string | null }) {
  const { t, i18n } = useTranslation();
  const illegal = body.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT";
  const visibility = list(body.decision_visibility);
  const items = [
    { term: t("rights.statement.decision"), value: t(`rights.statement.decisions.${decision}`, { defaultValue: decision }) },
    { term: t("rights.statement.date"), value: <DateTime value={createdAt} /> },
    { term: t("rights.statement.facts"), value: str(body.decision_facts) },
    {
      term: t("rights.statement.ground"),
      value: illegal ? t("rights.statement.groundIllegal") : t("rights.statement.groundTerms"),
    },
    ...(illegal
      ? [
          { term: t("rights.statement.legalGround"), value: str(body.illegal_content_legal_ground) },
          { term: t("rights.statement.explanation"), value: str(body.illegal_content_explanation) },
        ]
      : [
          { term: t("rights.statement.termsGround"), value: str(body.incompatible_content_ground) },
          { term: t("rights.statement.explanation"), value: str(body.incompatible_content_explanation) },
        ]),
    {
      term: t("rights.statement.restriction"),
      value: [
        ...visibility.map((v) => t(`rights.statement.visibility.${v}`, { defaultValue: v })),
        body.decision_provision ? t(`rights.statement.provision.${str(body.decision_provision)}`, { defaultValue: str(body.decision_provision) }) : null,
      ]
        .filter(Boolean)
        .join("; "),
    },
    ...(body.end_date_service_restriction ? [{ term: t("rights.statement.endsOn"), value: formatDate(str(body.end_date_service_restriction), i18n.language) }] : []),
    ...(body.end_date_visibility_restriction ? [{ term: t("rights.statement.liftedOn"), value: formatDate(str(body.end_date_visibility_restriction), i18n.language) }] : []),
    {
      term: t("rights.statement.automation"),
      value: [
        body.automated_detection === "Yes" ? t("rights.statement.detectedAutomatically") : t("rights.statement.detectedByPeople"),
        body.automated_decision === "AUTOMATED_DECISION_NOT_AUTOMATED" ? t("rights.statement.decidedByPeople") : t("rights.statement.decidedAutomatically"),
      ].join(" "),
    },
    { term: t("rights.statement.source"), value: t(`rights.statement.sources.${str(body.source_type)}`, { defaultValue: str(body.source_type) }) },
    { term: t("rights.statement.territory"), value: list(body.territorial_scope).join(", ") },
    ...(appealLastDay ? [{ term: t("rights.statement.howToAppeal"), value: t("rights.statement.appealUntil", { date: formatDate(appealLastDay, i18n.language) }) }] : []),
    { term: t("rights.statement.reference"), value: <span className="mono">{str(body.puid)}</span> },
  ];
  return (
    <div className="statement" data-testid="statement" data-decision={decision}>
      <DescriptionList items={items.map((item, i) => ({ ...item, id: String(i) }))} />
    </div>
  );
}
