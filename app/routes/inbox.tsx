import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, requireUser, runAction } from "~/infra/remix.server";
import { countUnread, markRead } from "~/domain/notifications/inbox.server";
import { listInboxPage } from "~/domain/notifications/inbox.queries.server";
import { countOf, notificationParams, readPage, safeLink, lastPageUrl } from "~/components/helpers";
import { Alert, DateTime, EmptyState, FormError, Icon, PageHeader, Pagination, Panel, SubmitButton } from "~/components/ui";
import { readFormData } from "~/infra/form-data.server";

export const meta: MetaFunction = () => [{ title: "Inbox · Trust & Safety" }];

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const unreadOnly = params.get("show") === "unread";
  const { page, skip, take } = readPage(params, PAGE_SIZE);
  const [{ total, notifications }, unread] = await Promise.all([listInboxPage(ctx, { unreadOnly, skip, take }), countUnread(ctx)]);
  const last = lastPageUrl(new URL(request.url), total, page, PAGE_SIZE);
  if (last) throw redirect(last);
  return json({
    unreadOnly,
    unread,
    total,
    page,
    pageSize: PAGE_SIZE,
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      params: notificationParams(n.payload),
      link: safeLink(n.link),
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "markAll") {
    const result = await runAction(() => markRead(ctx));
    return result.ok ? json({ ok: true as const, intent: "markAll" as const, marked: result.result }) : failure(result);
  }
  const id = String(form.get("id") ?? "");
  // A malformed id cannot name one of the person's notifications: answer as the domain does for a foreign one.
  if (!UUID.test(id)) return failure({ ok: false, code: "NOT_FOUND", message: "Notification not found" });
  const result = await runAction(() => markRead(ctx, id));
  return result.ok ? json({ ok: true as const, intent: "markOne" as const, marked: result.result }) : failure(result);
}

type Notification = ReturnType<typeof useLoaderData<typeof loader>>["notifications"][number];

/** The notification's text in the reader's language; an unknown kind gets a generic line rather than a raw key. */
function useNotificationText() {
  const { t, i18n } = useTranslation();
  return (n: Notification) => {
    const key = `notifications.${n.kind}`;
    const resource = i18n.getResource(i18n.language, "translation", key) ?? i18n.getResource("en", "translation", key);
    if (typeof resource === "string") return t(key, n.params);
    return typeof n.params.number === "string" ? t("inbox.genericAbout", { number: n.params.number }) : t("inbox.generic");
  };
}

export default function Inbox() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const text = useNotificationText();
  return (
    <div className="page page--narrow">
      <PageHeader
        title={t("inbox.title")}
        subtitle={data.unread > 0 ? t("inbox.unreadSummary", { count: data.unread }) : t("inbox.allRead")}
        actions={
          data.unread > 0 ? (
            <Form method="post">
              <SubmitButton variant="secondary" size="sm" name="intent" value="markAll" data-testid="mark-all-read">
                <Icon name="check" />
                {t("inbox.markAllRead")}
              </SubmitButton>
            </Form>
          ) : null
        }
      />
      {actionData && !actionData.ok ? <FormError failure={actionData} /> : null}
      {actionData?.ok && actionData.intent === "markAll" && actionData.marked > 0 ? <Alert tone="success">{t("inbox.markedAll", { count: actionData.marked })}</Alert> : null}
      <nav className="cluster" aria-label={t("inbox.filterLabel")}>
        <Link to="/inbox" className={`button button--sm ${data.unreadOnly ? "button--ghost" : "button--secondary"}`} aria-current={!data.unreadOnly ? "page" : undefined}>
          {t("inbox.showAll")}
        </Link>
        <Link
          to="/inbox?show=unread"
          className={`button button--sm ${data.unreadOnly ? "button--secondary" : "button--ghost"}`}
          aria-current={data.unreadOnly ? "page" : undefined}
        >
          {t("inbox.showUnread")} {data.unread > 0 ? <span className="badge badge--count">{data.unread}</span> : null}
        </Link>
      </nav>
      <Panel flush footer={countOf(data.total) > data.pageSize || data.page > 1 ? <Pagination total={data.total} page={data.page} pageSize={data.pageSize} /> : undefined}>
        {data.notifications.length === 0 ? (
          <EmptyState icon="bell" title={data.unreadOnly ? t("inbox.noUnread") : t("inbox.empty")} body={t("inbox.emptyBody")} />
        ) : (
          <ul className="inbox-list" data-testid="inbox-list">
            {data.notifications.map((n) => (
              <li key={n.id} className={`inbox-item${n.read ? "" : " inbox-item--unread"}`} data-unread={n.read ? undefined : ""}>
                <span className="inbox-item__dot" aria-hidden="true" />
                <div>
                  <p className="inbox-item__text">
                    {n.read ? null : <span className="visually-hidden">{t("inbox.unread")}: </span>}
                    {text(n)}
                  </p>
                  <div className="inbox-item__meta">
                    <DateTime value={n.createdAt} />
                    {n.link ? (
                      <Link to={n.link}>
                        {t("inbox.open")} <Icon name="chevronRight" />
                      </Link>
                    ) : null}
                  </div>
                </div>
                <div className="inbox-item__actions">
                  {n.read ? null : (
                    <Form method="post">
                      <SubmitButton variant="ghost" size="sm" name="id" value={n.id}>
                        {t("inbox.markRead")}
                      </SubmitButton>
                    </Form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
