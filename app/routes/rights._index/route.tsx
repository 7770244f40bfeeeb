import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, failure, loadOr404, requirePermission, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { acceptInvitation, inviteMember, registerRight, registerRightsHolder } from "~/domain/rights/holders.server";
import { listNotices, myRightsHolders } from "~/domain/rights/queries.server";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { Alert, EmptyState, Icon, PageHeader } from "~/components/ui";
import claimsStyles from "~/components/claims/claims.css";
import rightsStyles from "~/components/rights/rights.css";

import { Invitations, RegisterHolder, HolderView } from "./holder-views";
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
          members: holder.members.map((m) => ({
            id: m.id,
            email: m.email,
            role: m.role,
            acceptedAt: m.acceptedAt?.toISOString() ?? null,
            invitedAt: m.invitedAt.toISOString(),
          })),
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
export type Intent = (typeof INTENTS)[number];
export type Result = (ActionFailure & { intent?: Intent }) | { ok: true; intent: Intent };

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
        (holder) => back("registerHolder", (holder as { id: string }).id)
      );
    case "invite":
      return run(
        () => inviteMember(ctx, { rightsHolderId: holderId, email: text("email"), role: text("role") }),
        () => back("invite", holderId)
      );
    case "accept": {
      const memberId = text("memberId");
      if (!UUID.test(memberId)) return failure({ ok: false, code: "NOT_FOUND", message: "Invitation not found" });
      return run(
        () => acceptInvitation(ctx, memberId),
        (member) => back("accept", (member as { rightsHolderId: string }).rightsHolderId)
      );
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
        () => back("registerRight", holderId)
      );
    }
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
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
            <Link
              key={h.id}
              to={`/rights?holder=${h.id}`}
              className={`button button--sm ${holder?.id === h.id ? "button--secondary" : "button--ghost"}`}
              aria-current={holder?.id === h.id ? "page" : undefined}
            >
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
