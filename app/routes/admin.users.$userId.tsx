import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { ROLE_NAMES, STAFF_ROLES } from "~/domain/identity/permissions";
import { getUser, resetSecondFactor, setUserRoles, setUserStatus } from "~/domain/identity/users.server";
import { revokeApiToken } from "~/domain/identity/api-tokens.server";
import {
  Alert,
  Badge,
  CheckboxGroup,
  ConfirmButton,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  fieldErrors,
  FormError,
  PageHeader,
  Panel,
  StatusBadge,
  SubmitButton,
  type Column,
} from "~/components/ui";
import { readFormData } from "~/infra/form-data.server";
import { staffConsentPanel } from "~/components/consents/consent-records.server";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Trust & Safety` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor, user: me } = await requireUser(request, context);
  const user = await loadOr404(() => getUser(ctx, params.userId ?? ""));
  // Seed 002: the customer's registration clauses are kept on the customer ("Klienci").
  const consents = await staffConsentPanel(ctx, actor, "CUSTOMER", user.id);
  const now = ctx.clock.now();
  // Only what the screen shows: never the password hash or the TOTP secret.
  return json({
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      isCompany: user.isCompany,
      status: user.status,
      locale: user.locale,
      roles: user.roles.map((ur) => ur.role.name),
      twoFactorSince: user.totpEnabledAt?.toISOString() ?? null,
      sessions: user._count.sessions,
      lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      apiTokens: user.apiTokens.map((token) => ({
        id: token.id,
        name: token.name,
        prefix: token.prefix,
        permissions: token.permissions,
        createdAt: token.createdAt.toISOString(),
        lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
        expiresAt: token.expiresAt?.toISOString() ?? null,
        expired: token.expiresAt !== null && token.expiresAt <= now,
      })),
    },
    consents,
    isSelf: user.id === me.id,
    canManage: canAny(actor, "manage", "user"),
    canRevokeTokens: canAny(actor, "manage", "apiToken"),
  });
}

type Intent = "setRoles" | "deactivate" | "reactivate" | "resetSecondFactor" | "revokeToken";

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const userId = params.userId ?? "";
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const run = async (fn: () => Promise<unknown>) => {
    const result = await runAction(fn);
    return result.ok ? json({ ok: true as const, intent }) : failure(Object.assign(result, { intent }));
  };
  switch (intent) {
    case "setRoles":
      return run(() => setUserRoles(ctx, { userId, roles: form.getAll("roles").map(String) }));
    case "deactivate":
      return run(() => setUserStatus(ctx, userId, "DEACTIVATED"));
    case "reactivate":
      return run(() => setUserStatus(ctx, userId, "ACTIVE"));
    case "resetSecondFactor":
      return run(() => resetSecondFactor(ctx, userId));
    case "revokeToken":
      return run(() => revokeApiToken(ctx, String(form.get("tokenId") ?? "")));
    default:
      return failure(Object.assign({ ok: false as const, code: "VALIDATION_FAILED" as const, message: "Unknown action" }, { intent }));
  }
}

type ActionResult = { ok: true; intent: Intent } | (ActionFailure & { intent?: Intent });

function useResult(intent: Intent) {
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return data && data.intent === intent ? data : undefined;
}

export default function UserDetail() {
  const { t } = useTranslation();
  const { user, isSelf, canManage, canRevokeTokens, consents } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const deactivated = user.status === "DEACTIVATED";
  return (
    <div className="page">
      <PageHeader
        breadcrumbs={[{ to: "/admin/users", label: t("admin.usersTitle") }]}
        title={user.name}
        meta={
          <>
            <StatusBadge status={user.status} ns="admin" />
            <span>{user.email}</span>
            {user.isCompany ? <Badge>{t("admin.companyShort")}</Badge> : null}
            {isSelf ? <Badge tone="info">{t("admin.thisIsYou")}</Badge> : null}
          </>
        }
        actions={
          consents ? (
            <Link to={`/privacy/people/${user.id}/consents`} className="button button--secondary" data-testid="user-consents-link">
              {t("consentViews.panels.consentsLink")}
            </Link>
          ) : null
        }
      />
      {params.get("created") ? <Alert tone="success">{t("admin.created")}</Alert> : null}
      {user.lockedUntil ? (
        <Alert tone="warning">
          {t("admin.lockedUntil")} <DateTime value={user.lockedUntil} />
        </Alert>
      ) : null}
      <div className="order-layout">
        <div>
          <Panel title={t("admin.account")}>
            <DescriptionList
              variant="columns"
              items={[
                { term: t("common.created"), value: <DateTime value={user.createdAt} /> },
                { term: t("admin.lastSignIn"), value: user.lastLoginAt ? <DateTime value={user.lastLoginAt} /> : t("admin.never") },
                { term: t("admin.sessions"), value: String(user.sessions) },
                {
                  term: t("admin.secondFactor"),
                  value: user.twoFactorSince ? (
                    <span className="cell-stack">
                      <span className="status status--success">{t("admin.enabled")}</span>
                      <span className="subtle">
                        {t("admin.since")} <DateTime value={user.twoFactorSince} dateOnly />
                      </span>
                    </span>
                  ) : (
                    <span className="status status--neutral">{t("admin.notEnabled")}</span>
                  ),
                },
                { term: t("admin.accountType"), value: user.isCompany ? t("admin.companyShort") : t("admin.personShort") },
                { term: t("nav.language"), value: user.locale.toUpperCase() },
              ]}
            />
          </Panel>
          <RolesPanel roles={user.roles} canManage={canManage} />
          <TokensPanel tokens={user.apiTokens} canRevoke={canRevokeTokens} />
          {consents ? <ConsentRecordsPanel title={t("consentViews.panels.registration")} records={consents} data-testid="registration-consents" /> : null}
        </div>
        <div>{canManage ? <AccessPanel hasTwoFactor={!!user.twoFactorSince} isSelf={isSelf} deactivated={deactivated} /> : null}</div>
      </div>
    </div>
  );
}

function RolesPanel({ roles, canManage }: { roles: string[]; canManage: boolean }) {
  const { t } = useTranslation();
  const result = useResult("setRoles");
  if (!canManage) {
    return (
      <Panel title={t("admin.roles")}>
        <div className="cluster">
          {roles.map((role) => (
            <Badge key={role}>{t(`roles.${role}`)}</Badge>
          ))}
        </div>
      </Panel>
    );
  }
  return (
    <Panel title={t("admin.roles")} subtitle={t("admin.rolesChangeNote")}>
      <Form method="post" className="stack" key={roles.join(",")}>
        {result?.ok ? <Alert tone="success">{t("admin.rolesSaved")}</Alert> : null}
        {result && !result.ok ? <FormError failure={result} /> : null}
        <CheckboxGroup
          legend={t("admin.roles")}
          name="roles"
          layout="columns"
          hideLegend
          defaultValues={roles}
          errors={fieldErrors(result, "roles")}
          options={ROLE_NAMES.map((role) => ({
            value: role,
            label: (
              <>
                {t(`roles.${role}`)} {STAFF_ROLES.includes(role) ? <Badge tone="accent">{t("admin.staffBadge")}</Badge> : null}
              </>
            ),
          }))}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="setRoles" data-testid="save-roles">
            {t("admin.saveRoles")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

function AccessPanel({ hasTwoFactor, isSelf, deactivated }: { hasTwoFactor: boolean; isSelf: boolean; deactivated: boolean }) {
  const { t } = useTranslation();
  const deactivateResult = useResult("deactivate");
  const reactivateResult = useResult("reactivate");
  const statusResult = deactivateResult ?? reactivateResult;
  const resetResult = useResult("resetSecondFactor");
  return (
    <Panel title={t("admin.access")} tone="danger">
      <div className="stack">
        <div className="stack stack--sm">
          <h3 className="subsection-title">
            {deactivated ? t("admin.reactivate") : t("admin.deactivate")}
          </h3>
          <p className="subtle">{deactivated ? t("admin.reactivateHelp") : t("admin.deactivateHelp")}</p>
          {statusResult?.ok ? <Alert tone="success">{statusResult.intent === "deactivate" ? t("admin.deactivated") : t("admin.reactivated")}</Alert> : null}
          {statusResult && !statusResult.ok ? <FormError failure={statusResult} /> : null}
          <Form method="post">
            {deactivated ? (
              <SubmitButton variant="secondary" name="intent" value="reactivate" data-testid="reactivate">
                {t("admin.reactivate")}
              </SubmitButton>
            ) : (
              <ConfirmButton
                name="intent"
                value="deactivate"
                disabled={isSelf}
                message={t("admin.deactivateConfirm")}
                confirmLabel={t("admin.deactivateYes")}
                data-testid="deactivate"
              >
                {t("admin.deactivate")}
              </ConfirmButton>
            )}
          </Form>
          {isSelf && !deactivated ? <p className="subtle">{t("admin.cannotDeactivateSelf")}</p> : null}
        </div>
        <hr className="divider" />
        <div className="stack stack--sm">
          <h3 className="subsection-title">
            {t("admin.resetSecondFactor")}
          </h3>
          <p className="subtle">{t("admin.resetSecondFactorHelp")}</p>
          {resetResult?.ok ? <Alert tone="success">{t("admin.secondFactorReset")}</Alert> : null}
          {resetResult && !resetResult.ok ? <FormError failure={resetResult} /> : null}
          <Form method="post">
            <ConfirmButton
              name="intent"
              value="resetSecondFactor"
              disabled={!hasTwoFactor}
              message={t("admin.resetSecondFactorConfirm")}
              confirmLabel={t("admin.resetSecondFactorYes")}
              data-testid="reset-2fa"
            >
              {t("admin.resetSecondFactor")}
            </ConfirmButton>
          </Form>
        </div>
      </div>
    </Panel>
  );
}

type Token = ReturnType<typeof useLoaderData<typeof loader>>["user"]["apiTokens"][number];

function TokensPanel({ tokens, canRevoke }: { tokens: Token[]; canRevoke: boolean }) {
  const { t } = useTranslation();
  const result = useResult("revokeToken");
  const columns: Column<Token>[] = [
    {
      key: "name",
      header: t("tokens.name"),
      primary: true,
      cell: (token) => (
        <span className="cell-stack">
          <span className="cell-primary">{token.name}</span>
          <span className="subtle mono">{token.prefix}…</span>
        </span>
      ),
    },
    {
      key: "permissions",
      header: t("tokens.permissions"),
      cell: (token) => (
        <span className="permission-list">
          {token.permissions.map((p) => (
            <code key={p}>{p}</code>
          ))}
        </span>
      ),
    },
    { key: "lastUsed", header: t("tokens.lastUsed"), cell: (token) => (token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : t("tokens.never")) },
    {
      key: "expires",
      header: t("tokens.expires"),
      cell: (token) => (token.expired ? <StatusBadge status="EXPIRED" label={t("tokens.expired")} /> : <DateTime value={token.expiresAt} dateOnly />),
    },
    ...(canRevoke
      ? [
          {
            key: "actions",
            header: t("common.actions"),
            actions: true,
            cell: (token: Token) => (
              <Form method="post">
                <input type="hidden" name="tokenId" value={token.id} />
                <ConfirmButton name="intent" value="revokeToken" size="sm" message={t("tokens.revokeConfirm")} confirmLabel={t("tokens.revokeYes")}>
                  {t("tokens.revoke")}
                </ConfirmButton>
              </Form>
            ),
          },
        ]
      : []),
  ];
  return (
    <Panel title={t("admin.apiTokens")} flush>
      {result && !result.ok ? (
        <div className="panel__body">
          <FormError failure={result} />
        </div>
      ) : null}
      <DataTable
        caption={t("admin.apiTokens")}
        columns={columns}
        rows={tokens}
        rowKey={(token) => token.id}
        empty={<EmptyState compact icon="key" title={t("admin.noTokens")} />}
      />
    </Panel>
  );
}
