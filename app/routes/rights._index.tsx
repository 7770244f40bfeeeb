import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, failure, loadOr404, requirePermission, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { acceptInvitation, inviteMember, registerRight, registerRightsHolder } from "~/domain/rights/holders.server";
import { listNotices, myRightsHolders } from "~/domain/rights/queries.server";
import { MEMBER_ROLES } from "~/domain/rights/schemas";
import { RIGHT_TYPES } from "~/domain/rights/statement-of-reasons";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import {
  Alert,
  Badge,
  Checkbox,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  Icon,
  PageHeader,
  Panel,
  SelectField,
  StatTile,
  SubmitButton,
  fieldErrors,
  type Column,
} from "~/components/ui";
import { DOCUMENT_ACCEPT, ItemStatusBadge, RightFlags, RightsFormError, VerificationBadge, noticeRef } from "~/components/rights/rights-ui";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

export const links = () => [
  { rel: "stylesheet", href: claimsStyles },
  { rel: "stylesheet", href: rightsStyles },
];

export const meta: MetaFunction = () => [{ title: "Rights protection · Trust & Safety" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requirePermission(request, context, "read", "rightsHolder");
  const mine = await loadOr404(() => myRightsHolders(ctx));
  const wanted = new URL(request.url).searchParams.get("holder");
  const holder = mine.holders.find((h) => h.id === wanted) ?? mine.holders[0] ?? null;
  const notices = holder ? await loadOr404(() => listNotices(ctx, holder.id, { take: 25 })) : null;
  return json({
    now: ctx.clock.now().toISOString(),
    canRegister: can(actor, "create", "rightsHolder", true),
    holders: mine.holders.map((h) => ({ id: h.id, name: h.name })),
    invitations: mine.invitations.map((i) => ({ id: i.id, role: i.role, holderName: i.rightsHolder.name, invitedAt: i.invitedAt.toISOString() })),
    thresholds: mine.thresholds,
    holder: holder
      ? {
          id: holder.id,
          name: holder.name,
          countryCode: holder.countryCode,
          companyNumber: holder.companyNumber,
          status: holder.status,
          myRole: holder.myRole,
          noticesSuspendedUntil: holder.noticesSuspendedUntil?.toISOString() ?? null,
          members: holder.members.map((m) => ({ id: m.id, email: m.email, role: m.role, acceptedAt: m.acceptedAt?.toISOString() ?? null, invitedAt: m.invitedAt.toISOString() })),
          rights: holder.rights,
          standing: {
            ...holder.standing,
            warnedAt: holder.standing.warnedAt?.toISOString() ?? null,
            noticesSuspendedUntil: holder.standing.noticesSuspendedUntil?.toISOString() ?? null,
          },
        }
      : null,
    notices: notices
      ? {
          total: notices.total,
          rows: notices.notices.map((n) => ({ id: n.id, number: n.number, filedAt: n.filedAt.toISOString(), itemCount: n.itemCount, outcomes: n.outcomes })),
        }
      : null,
  });
}

const INTENTS = ["registerHolder", "invite", "accept", "registerRight"] as const;
type Intent = (typeof INTENTS)[number];
type Result = (ActionFailure & { intent?: Intent }) | { ok: true; intent: Intent };

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(Object.assign(parsed.failure, { intent: "registerRight" as Intent }));
  const form = parsed.form;
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent") as Intent;
  const holderId = text("rightsHolderId");
  const back = (done: string, holder?: string) => redirect(`/rights?${new URLSearchParams({ ...(holder ? { holder } : {}), done }).toString()}`);
  const run = async (fn: () => Promise<unknown>, done: (result: unknown) => Response) => {
    const result = await runAction(fn);
    return result.ok ? done(result.result) : failure(Object.assign(result, { intent }));
  };
  switch (intent) {
    case "registerHolder":
      return run(
        () => registerRightsHolder(ctx, { name: text("name"), countryCode: text("countryCode"), companyNumber: text("companyNumber") }),
        (holder) => back("registerHolder", (holder as { id: string }).id),
      );
    case "invite":
      return run(() => inviteMember(ctx, { rightsHolderId: holderId, email: text("email"), role: text("role") }), () => back("invite", holderId));
    case "accept": {
      const memberId = text("memberId");
      if (!UUID.test(memberId)) return failure({ ok: false, code: "NOT_FOUND", message: "Invitation not found" });
      return run(() => acceptInvitation(ctx, memberId), (member) => back("accept", (member as { rightsHolderId: string }).rightsHolderId));
    }
    case "registerRight": {
      const [proof, powerOfAttorney] = await Promise.all([documentsFrom(form, "proof"), documentsFrom(form, "powerOfAttorney")]);
      return run(
        () =>
          registerRight(ctx, {
            rightsHolderId: holderId,
            type: text("type"),
            name: text("name"),
            registrationNumber: text("registrationNumber"),
            territory: text("territory"),
            ownerName: text("ownerName"),
            onBehalf: form.get("onBehalf") === "on",
            unexamined: form.get("unexamined") === "on",
            proof,
            powerOfAttorney,
          }),
        () => back("registerRight", holderId),
      );
    }
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Holder = NonNullable<Data["holder"]>;

function useFailure(intent: Intent): ActionFailure | undefined {
  const data = useActionData<typeof action>() as Result | undefined;
  return data && !data.ok && data.intent === intent ? data : undefined;
}

export default function RightsHome() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const { holder } = data;
  return (
    <div className="page rights-page" data-testid="rights-home">
      <PageHeader
        title={t("rights.home.title")}
        subtitle={t("rights.home.intro")}
        actions={
          holder && holder.status === "VERIFIED" ? (
            <Link to={`/rights/notices/new?holder=${holder.id}`} className="button button--primary" data-testid="new-notice">
              <Icon name="flag" />
              {t("rights.home.newNotice")}
            </Link>
          ) : null
        }
      />
      {done ? <Alert tone="success">{t(`rights.home.done.${done}`, { defaultValue: t("rights.home.done.generic") })}</Alert> : null}
      {data.invitations.length ? <Invitations /> : null}
      {data.holders.length > 1 ? (
        <nav className="queue-tabs cluster" aria-label={t("rights.home.holders")}>
          {data.holders.map((h) => (
            <Link key={h.id} to={`/rights?holder=${h.id}`} className={`button button--sm ${holder?.id === h.id ? "button--secondary" : "button--ghost"}`} aria-current={holder?.id === h.id ? "page" : undefined}>
              {h.name}
            </Link>
          ))}
        </nav>
      ) : null}
      {holder ? <HolderView holder={holder} /> : null}
      {!holder && data.canRegister ? <RegisterHolder /> : null}
      {!holder && !data.canRegister && !data.invitations.length ? <EmptyState icon="shieldCheck" title={t("rights.home.noHolder")} /> : null}
    </div>
  );
}

function Invitations() {
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

function RegisterHolder() {
  const { t } = useTranslation();
  const failed = useFailure("registerHolder");
  return (
    <Panel title={t("rights.register.title")} subtitle={t("rights.register.intro")} data-testid="register-holder">
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="registerHolder" />
        <RightsFormError failure={failed} />
        <div className="form-grid">
          <Field label={t("rights.register.name")} name="name" required autoComplete="organization" errors={fieldErrors(failed, "name")} />
          <Field label={t("rights.register.country")} name="countryCode" defaultValue="PL" maxLength={2} hint={t("rights.register.countryHint")} errors={fieldErrors(failed, "countryCode")} />
          <Field label={t("rights.register.companyNumber")} name="companyNumber" optional errors={fieldErrors(failed, "companyNumber")} />
        </div>
        <div className="form-actions">
          <SubmitButton data-testid="register-holder-submit">{t("rights.register.submit")}</SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

function HolderView({ holder }: { holder: Holder }) {
  const { t } = useTranslation();
  const { now } = useLoaderData<typeof loader>();
  const owner = holder.myRole === "OWNER";
  return (
    <>
      <Panel
        title={holder.name}
        actions={<VerificationBadge status={holder.status} />}
        data-testid="holder"
      >
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
        <StatTile icon="activity" label={t("rights.standing.accuracy")} value={percent(s.accuracy, i18n.language)} hint={t("rights.standing.decided", { count: s.decided })} tone={s.trusted ? "success" : undefined} />
        <StatTile icon="check" label={t("rights.standing.upheld")} value={String(s.upheld)} />
        <StatTile icon="alert" label={t("rights.standing.unfounded")} value={percent(s.unfoundedShare, i18n.language)} hint={t("rights.standing.unfoundedCount", { count: s.unfounded })} />
        <StatTile icon="shieldCheck" label={t("rights.standing.status")} value={s.trusted ? t("rights.standing.trusted") : t("rights.standing.regular")} tone={s.trusted ? "success" : undefined} />
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
    { key: "owner", header: t("rights.rights.owner"), cell: (r) => (
      <span className="cell-stack">
        <span>{r.ownerName}</span>
        {r.onBehalf ? <span className="subtle">{t("rights.rights.onBehalf")}</span> : null}
      </span>
    ) },
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
      <DataTable caption={t("rights.rights.title")} columns={columns} rows={holder.rights} rowKey={(r) => r.id} empty={<EmptyState compact icon="file" title={t("rights.rights.none")} />} />
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
          <Field label={t("rights.rights.territory")} name="territory" defaultValue="PL" hint={t("rights.rights.territoryHint")} errors={fieldErrors(failed, "territory")} />
          <Field label={t("rights.rights.owner")} name="ownerName" defaultValue={holder.name} errors={fieldErrors(failed, "ownerName")} />
        </div>
        <Checkbox name="unexamined" label={t("rights.rights.unexamined")} hint={t("rights.rights.unexaminedHint")} />
        <Checkbox name="onBehalf" label={t("rights.rights.onBehalfLabel")} hint={t("rights.rights.onBehalfHint")} />
        <Field type="file" multiple accept={DOCUMENT_ACCEPT} name="proof" label={t("rights.rights.proof")} hint={t("rights.rights.proofHint")} errors={fieldErrors(failed, "proof")} />
        <Field type="file" multiple accept={DOCUMENT_ACCEPT} name="powerOfAttorney" label={t("rights.rights.powerOfAttorney")} hint={t("rights.rights.powerOfAttorneyHint")} errors={fieldErrors(failed, "powerOfAttorney")} />
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
              <SelectField label={t("rights.members.role")} name="role" defaultValue="FILER" options={MEMBER_ROLES.map((value) => ({ value, label: t(`rights.memberRoles.${value}`) }))} />
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
