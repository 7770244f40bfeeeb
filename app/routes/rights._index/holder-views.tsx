import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ActionFailure } from "~/infra/remix.server";
import { MEMBER_ROLES } from "~/domain/rights/schemas";
import { RIGHT_TYPES } from "~/domain/rights/statement-of-reasons";
import {
  Alert,
  Badge,
  Checkbox,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  Panel,
  SelectField,
  StatTile,
  SubmitButton,
  fieldErrors,
  type Column,
} from "~/components/ui";
import { DOCUMENT_ACCEPT, ItemStatusBadge, RightFlags, RightsFormError, VerificationBadge, noticeRef } from "~/components/rights/rights-ui";
import type { action, loader, Intent, Result } from "./route";

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Holder = NonNullable<Data["holder"]>;

function useFailure(intent: Intent): ActionFailure | undefined {
  const data = useActionData<typeof action>() as Result | undefined;
  return data && !data.ok && data.intent === intent ? data : undefined;
}

export function Invitations() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const failed = useFailure("accept");
  return (
    <Panel title={t("rights.invitations.title")} data-testid="invitations">
      <RightsFormError failure={failed} />
      <ul className="stack stack--sm">
        {data.invitations.map((invitation) => (
          <li key={invitation.id} className="cluster cluster--between">
            <span>
              {t("rights.invitations.line", { holder: invitation.holderName, role: t(`rights.memberRoles.${invitation.role}`) })}{" "}
              <span className="subtle">
                <DateTime value={invitation.invitedAt} />
              </span>
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="memberId" value={invitation.id} />
              <SubmitButton size="sm" name="intent" value="accept">
                {t("rights.invitations.accept")}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

export function RegisterHolder() {
  const { t } = useTranslation();
  const failed = useFailure("registerHolder");
  return (
    <Panel title={t("rights.register.title")} subtitle={t("rights.register.intro")} data-testid="register-holder">
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="registerHolder" />
        <RightsFormError failure={failed} />
        <div className="form-grid">
          <Field label={t("rights.register.name")} name="name" required autoComplete="organization" errors={fieldErrors(failed, "name")} />
          <Field
            label={t("rights.register.country")}
            name="countryCode"
            defaultValue="PL"
            maxLength={2}
            hint={t("rights.register.countryHint")}
            errors={fieldErrors(failed, "countryCode")}
          />
          <Field label={t("rights.register.companyNumber")} name="companyNumber" optional errors={fieldErrors(failed, "companyNumber")} />
        </div>
        <div className="form-actions">
          <SubmitButton data-testid="register-holder-submit">{t("rights.register.submit")}</SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

export function HolderView({ holder }: { holder: Holder }) {
  const { t } = useTranslation();
  const { now } = useLoaderData<typeof loader>();
  const owner = holder.myRole === "OWNER";
  return (
    <>
      <Panel title={holder.name} actions={<VerificationBadge status={holder.status} />} data-testid="holder">
        <DescriptionList
          variant="columns"
          items={[
            { term: t("rights.register.country"), value: holder.countryCode },
            { term: t("rights.register.companyNumber"), value: holder.companyNumber },
            { term: t("rights.home.myRole"), value: t(`rights.memberRoles.${holder.myRole}`) },
          ]}
        />
        {holder.status === "PENDING" ? <Alert tone="info">{t("rights.home.pendingVerification")}</Alert> : null}
        {holder.status === "REJECTED" ? <Alert tone="danger">{t("rights.home.refused")}</Alert> : null}
        {holder.noticesSuspendedUntil && holder.noticesSuspendedUntil > now ? (
          <Alert tone="danger" title={t("rights.home.suspendedTitle")}>
            {t("rights.home.suspendedBody")} <DateTime value={holder.noticesSuspendedUntil} />
          </Alert>
        ) : null}
      </Panel>
      <Standing holder={holder} />
      <Notices />
      <Rights holder={holder} owner={owner} />
      <Members holder={holder} owner={owner} />
    </>
  );
}

const percent = (value: number | null, locale: string) =>
  value === null ? "—" : value.toLocaleString(locale === "en" ? "en-GB" : "pl-PL", { style: "percent", maximumFractionDigits: 1 });

function Standing({ holder }: { holder: Holder }) {
  const { t, i18n } = useTranslation();
  const { thresholds } = useLoaderData<typeof loader>();
  const s = holder.standing;
  return (
    <Panel title={t("rights.standing.title")} subtitle={t("rights.standing.intro", { count: thresholds.windowMonths })} data-testid="standing">
      <div className="grid grid--tiles">
        <StatTile
          icon="activity"
          label={t("rights.standing.accuracy")}
          value={percent(s.accuracy, i18n.language)}
          hint={t("rights.standing.decided", { count: s.decided })}
          tone={s.trusted ? "success" : undefined}
        />
        <StatTile icon="check" label={t("rights.standing.upheld")} value={String(s.upheld)} />
        <StatTile
          icon="alert"
          label={t("rights.standing.unfounded")}
          value={percent(s.unfoundedShare, i18n.language)}
          hint={t("rights.standing.unfoundedCount", { count: s.unfounded })}
        />
        <StatTile
          icon="shieldCheck"
          label={t("rights.standing.status")}
          value={s.trusted ? t("rights.standing.trusted") : t("rights.standing.regular")}
          tone={s.trusted ? "success" : undefined}
        />
      </div>
      <h3 className="subsection-title">{t("rights.standing.thresholds")}</h3>
      <ul className="stack stack--sm" data-testid="thresholds">
        <li>{t("rights.standing.trustedRule", { accuracy: percent(thresholds.trustedAccuracy, i18n.language), count: thresholds.trustedMinDecided })}</li>
        <li>{t("rights.standing.unfoundedRule", { share: percent(thresholds.unfoundedShare, i18n.language), count: thresholds.unfoundedMinDecided })}</li>
        <li>{t("rights.standing.suspensionRule", { count: thresholds.noticeSuspensionDays })}</li>
      </ul>
      {s.warnedAt ? (
        <Alert tone="warning">
          {t("rights.standing.warnedAt")} <DateTime value={s.warnedAt} />
        </Alert>
      ) : null}
    </Panel>
  );
}

const OUTCOME_ORDER = ["PENDING", "INFORMATION_REQUESTED", "ON_HOLD", "TAKEN_DOWN", "REJECTED", "REINSTATED"];

function Notices() {
  const { t } = useTranslation();
  const { notices } = useLoaderData<typeof loader>();
  if (!notices) return null;
  type Row = (typeof notices.rows)[number];
  const columns: Column<Row>[] = [
    {
      key: "notice",
      header: t("rights.notices.notice"),
      primary: true,
      cell: (n) => (
        <Link to={`/rights/notices/${n.id}`} className="cell-primary">
          {noticeRef(n.number)}
        </Link>
      ),
    },
    { key: "filed", header: t("rights.notices.filedAt"), cell: (n) => <DateTime value={n.filedAt} /> },
    { key: "items", header: t("rights.notices.offers"), numeric: true, cell: (n) => n.itemCount },
    {
      key: "outcomes",
      header: t("rights.notices.outcomes"),
      cell: (n) => (
        <span className="outcome-counts" data-testid={`outcomes-${n.number}`}>
          {OUTCOME_ORDER.filter((s) => n.outcomes[s]).map((s) => (
            <span key={s} className="cluster cluster--tight" data-status={s} data-count={n.outcomes[s]}>
              <ItemStatusBadge status={s} /> <strong className="tabular">{n.outcomes[s]}</strong>
            </span>
          ))}
        </span>
      ),
    },
  ];
  return (
    <Panel title={t("rights.notices.title")} flush data-testid="notices">
      <DataTable
        caption={t("rights.notices.title")}
        columns={columns}
        rows={notices.rows}
        rowKey={(n) => n.id}
        empty={<EmptyState compact icon="flag" title={t("rights.notices.none")} />}
      />
    </Panel>
  );
}

function Rights({ holder, owner }: { holder: Holder; owner: boolean }) {
  const { t } = useTranslation();
  type Row = Holder["rights"][number];
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: t("rights.rights.name"),
      primary: true,
      cell: (r) => (
        <span className="cell-stack">
          <strong>{r.name}</strong>
          <span className="subtle">{t(`rights.rightTypes.${r.type}`)}</span>
        </span>
      ),
    },
    { key: "number", header: t("rights.rights.registrationNumber"), cell: (r) => <span className="mono">{r.registrationNumber ?? "—"}</span> },
    { key: "territory", header: t("rights.rights.territory"), cell: (r) => r.territory },
    {
      key: "owner",
      header: t("rights.rights.owner"),
      cell: (r) => (
        <span className="cell-stack">
          <span>{r.ownerName}</span>
          {r.onBehalf ? <span className="subtle">{t("rights.rights.onBehalf")}</span> : null}
        </span>
      ),
    },
    {
      key: "status",
      header: t("rights.rights.status"),
      badge: true,
      cell: (r) => (
        <span className="cluster cluster--tight" data-testid={`right-${r.name}`} data-status={r.status}>
          <VerificationBadge status={r.status} />
          <RightFlags contested={r.contested} unexamined={r.unexamined} />
        </span>
      ),
    },
  ];
  return (
    <Panel title={t("rights.rights.title")} flush data-testid="rights">
      <DataTable
        caption={t("rights.rights.title")}
        columns={columns}
        rows={holder.rights}
        rowKey={(r) => r.id}
        empty={<EmptyState compact icon="file" title={t("rights.rights.none")} />}
      />
      {owner ? <RegisterRight holder={holder} /> : null}
    </Panel>
  );
}

function RegisterRight({ holder }: { holder: Holder }) {
  const { t } = useTranslation();
  const failed = useFailure("registerRight");
  const uploadError = failed && ["ATTACHMENT_TOO_LARGE", "ATTACHMENT_TYPE_NOT_ALLOWED", "TOO_MANY_ATTACHMENTS"].includes(failed.code);
  return (
    <div className="panel__body">
      <h3 className="subsection-title">{t("rights.rights.register")}</h3>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate data-testid="register-right" key={`right-form-${holder.rights.length}`}>
        <input type="hidden" name="intent" value="registerRight" />
        <input type="hidden" name="rightsHolderId" value={holder.id} />
        {failed && (uploadError || !failed.fieldErrors) ? <RightsFormError failure={failed} /> : null}
        <div className="form-grid">
          <SelectField
            label={t("rights.rights.type")}
            name="type"
            defaultValue="TRADEMARK"
            options={RIGHT_TYPES.map((value) => ({ value, label: t(`rights.rightTypes.${value}`) }))}
            errors={fieldErrors(failed, "type")}
          />
          <Field label={t("rights.rights.name")} name="name" hint={t("rights.rights.nameHint")} errors={fieldErrors(failed, "name")} />
          <Field label={t("rights.rights.registrationNumber")} name="registrationNumber" optional errors={fieldErrors(failed, "registrationNumber")} />
          <Field
            label={t("rights.rights.territory")}
            name="territory"
            defaultValue="PL"
            hint={t("rights.rights.territoryHint")}
            errors={fieldErrors(failed, "territory")}
          />
          <Field label={t("rights.rights.owner")} name="ownerName" defaultValue={holder.name} errors={fieldErrors(failed, "ownerName")} />
        </div>
        <Checkbox name="unexamined" label={t("rights.rights.unexamined")} hint={t("rights.rights.unexaminedHint")} />
        <Checkbox name="onBehalf" label={t("rights.rights.onBehalfLabel")} hint={t("rights.rights.onBehalfHint")} />
        <Field
          type="file"
          multiple
          accept={DOCUMENT_ACCEPT}
          name="proof"
          label={t("rights.rights.proof")}
          hint={t("rights.rights.proofHint")}
          errors={fieldErrors(failed, "proof")}
        />
        <Field
          type="file"
          multiple
          accept={DOCUMENT_ACCEPT}
          name="powerOfAttorney"
          label={t("rights.rights.powerOfAttorney")}
          hint={t("rights.rights.powerOfAttorneyHint")}
          errors={fieldErrors(failed, "powerOfAttorney")}
        />
        <div className="form-actions">
          <SubmitButton data-testid="register-right-submit">{t("rights.rights.registerSubmit")}</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

function Members({ holder, owner }: { holder: Holder; owner: boolean }) {
  const { t } = useTranslation();
  const failed = useFailure("invite");
  type Row = Holder["members"][number];
  const columns: Column<Row>[] = [
    { key: "email", header: t("rights.members.email"), primary: true, cell: (m) => m.email },
    { key: "role", header: t("rights.members.role"), cell: (m) => <Badge>{t(`rights.memberRoles.${m.role}`)}</Badge> },
    {
      key: "status",
      header: t("rights.members.status"),
      cell: (m) =>
        m.acceptedAt ? (
          <span>
            {t("rights.members.joined")} <DateTime value={m.acceptedAt} dateOnly />
          </span>
        ) : (
          <span className="subtle">
            {t("rights.members.invited")} <DateTime value={m.invitedAt} dateOnly />
          </span>
        ),
    },
  ];
  return (
    <Panel title={t("rights.members.title")} flush data-testid="members">
      <DataTable caption={t("rights.members.title")} columns={columns} rows={holder.members} rowKey={(m) => m.id} />
      {owner ? (
        <div className="panel__body">
          <Form method="post" className="stack" noValidate data-testid="invite" key={`invite-${holder.members.length}`}>
            <input type="hidden" name="intent" value="invite" />
            <input type="hidden" name="rightsHolderId" value={holder.id} />
            {failed && !failed.fieldErrors ? <RightsFormError failure={failed} /> : null}
            <div className="form-grid">
              <Field label={t("rights.members.email")} name="email" type="email" autoComplete="off" errors={fieldErrors(failed, "email")} />
              <SelectField
                label={t("rights.members.role")}
                name="role"
                defaultValue="FILER"
                options={MEMBER_ROLES.map((value) => ({ value, label: t(`rights.memberRoles.${value}`) }))}
              />
            </div>
            <div className="form-actions">
              <SubmitButton variant="secondary">{t("rights.members.invite")}</SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}
    </Panel>
  );
}
