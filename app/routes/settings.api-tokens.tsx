import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { failure, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { permissionCatalogue } from "~/domain/catalogue";
import {
  Alert,
  CheckboxGroup,
  ConfirmButton,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  fieldErrors,
  FormError,
  Icon,
  PageHeader,
  Panel,
  StatusBadge,
  SubmitButton,
  type Column,
} from "~/components/ui";
import { readFormData } from "~/infra/form-data.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const tokens = await loadOr404(() => listApiTokens(ctx));
  const now = ctx.clock.now();
  const descriptions = new Map(permissionCatalogue().map((p) => [p.key as string, p.description]));
  // A token can carry only permissions its owner holds: offer exactly those.
  const held = [...actor.permissions].sort((a, b) => a.localeCompare(b));
  return json({
    held: held.map((key) => ({ key, description: descriptions.get(key) ?? "" })),
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      permissions: token.permissions,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      expiresAt: token.expiresAt?.toISOString() ?? null,
      state: token.revokedAt ? ("REVOKED" as const) : token.expiresAt && token.expiresAt <= now ? ("EXPIRED" as const) : ("ACTIVE" as const),
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "revoke") {
    const result = await runAction(() => revokeApiToken(ctx, String(form.get("tokenId") ?? "")));
    return result.ok ? json({ ok: true as const, intent: "revoke" as const }) : failure(Object.assign(result, { intent: "revoke" }));
  }
  const result = await runAction(() =>
    createApiToken(ctx, {
      name: form.get("name") ?? "",
      permissions: form.getAll("permissions").map(String),
      expiresInDays: form.get("expiresInDays") || undefined,
    }),
  );
  if (!result.ok) return failure(Object.assign(result, { intent: "create" }));
  // The plaintext token leaves the server exactly once, in this response.
  return json({ ok: true as const, intent: "create" as const, token: result.result.token, name: result.result.record.name });
}

type Token = ReturnType<typeof useLoaderData<typeof loader>>["tokens"][number];
type ActionResult =
  | { ok: true; intent: "create"; token: string; name: string }
  | { ok: true; intent: "revoke" }
  | (ActionFailure & { intent?: "create" | "revoke" });

export default function ApiTokens() {
  const { t } = useTranslation();
  const { held, tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const created = actionData?.ok && actionData.intent === "create" ? actionData : null;
  const createFailure = actionData && !actionData.ok && actionData.intent === "create" ? actionData : undefined;
  const revokeFailure = actionData && !actionData.ok && actionData.intent === "revoke" ? actionData : undefined;

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
    { key: "created", header: t("common.created"), cell: (token) => <DateTime value={token.createdAt} dateOnly /> },
    { key: "lastUsed", header: t("tokens.lastUsed"), cell: (token) => (token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : <span className="muted">{t("tokens.never")}</span>) },
    { key: "expires", header: t("tokens.expires"), cell: (token) => <DateTime value={token.expiresAt} dateOnly /> },
    {
      key: "state",
      header: t("common.status"),
      badge: true,
      cell: (token) => <StatusBadge status={token.state} label={t(`tokens.states.${token.state}`)} />,
    },
    {
      key: "actions",
      header: t("common.actions"),
      actions: true,
      cell: (token) =>
        token.state === "ACTIVE" ? (
          <Form method="post">
            <input type="hidden" name="tokenId" value={token.id} />
            <ConfirmButton name="intent" value="revoke" size="sm" message={t("tokens.revokeConfirm")} confirmLabel={t("tokens.revokeYes")}>
              {t("tokens.revoke")}
            </ConfirmButton>
          </Form>
        ) : null,
    },
  ];

  return (
    <div className="page">
      <PageHeader title={t("tokens.title")} subtitle={t("tokens.intro")} />
      {created ? <TokenReveal token={created.token} name={created.name} /> : null}
      {revokeFailure ? <FormError failure={revokeFailure} /> : null}
      <Panel title={t("tokens.yourTokens")} flush>
        <DataTable
          caption={t("tokens.yourTokens")}
          columns={columns}
          rows={tokens}
          rowKey={(token) => token.id}
          data-testid="tokens-table"
          rowClassName={(token) => (token.state === "ACTIVE" ? undefined : "muted")}
          empty={<EmptyState icon="key" title={t("tokens.none")} body={t("tokens.noneBody")} />}
        />
      </Panel>
      <Panel title={t("tokens.newToken")} subtitle={t("tokens.newTokenIntro")}>
        <Form method="post" className="stack" key={created?.token ?? "new"}>
          <input type="hidden" name="intent" value="create" />
          <FormError failure={createFailure} />
          <div className="form-grid">
            <Field label={t("tokens.name")} name="name" required maxLength={100} placeholder={t("tokens.namePlaceholder")} errors={fieldErrors(createFailure, "name")} autoComplete="off" />
            <Field
              label={t("tokens.expiresInDays")}
              name="expiresInDays"
              type="number"
              min={1}
              max={365}
              defaultValue={90}
              required
              hint={t("tokens.expiresHint")}
              errors={fieldErrors(createFailure, "expiresInDays")}
            />
          </div>
          {held.length > 0 ? (
            <CheckboxGroup
              legend={t("tokens.permissions")}
              name="permissions"
              layout="columns"
              hint={t("tokens.permissionsHint")}
              errors={fieldErrors(createFailure, "permissions")}
              idPrefix="token"
              options={held.map((p) => ({ value: p.key, label: <code>{p.key}</code>, hint: p.description || undefined }))}
            />
          ) : (
            <Alert tone="info">{t("tokens.noPermissions")}</Alert>
          )}
          <div className="form-actions">
            <SubmitButton data-testid="create-token">
              <Icon name="key" />
              {t("tokens.create")}
            </SubmitButton>
          </div>
        </Form>
      </Panel>
    </div>
  );
}

function TokenReveal({ token, name }: { token: string; name: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // The form is below the list: bring the one-time token into view (and to screen readers' attention).
  useEffect(() => {
    box.current?.scrollIntoView({ block: "start" });
    box.current?.focus({ preventScroll: true });
  }, [token]);
  return (
    <div className="alert alert--success token-reveal" role="status" data-testid="token-created" ref={box} tabIndex={-1}>
      <strong className="alert__title">{t("tokens.createdTitle", { name })}</strong>
      <p>{t("tokens.created")}</p>
      <div className="token-reveal__value">
        <code data-testid="token-value">{token}</code>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(token).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          <Icon name={copied ? "check" : "copy"} />
          {copied ? t("tokens.copied") : t("tokens.copy")}
        </button>
      </div>
      <p className="subtle">{t("tokens.usage")}</p>
    </div>
  );
}
