import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useId } from "react";
import { requireUser } from "~/infra/remix.server";
import { canAny, canAtAll } from "~/domain/identity/actor";
import type { RoleName } from "~/domain/identity/permissions";
import { listOrders } from "~/domain/marketplace/orders.server";
import { listUsers } from "~/domain/identity/users.server";
import { countUnread } from "~/domain/notifications/inbox.server";
import { countAuditEntriesSince } from "~/domain/audit/audit.queries.server";
import { claimHomeCounts } from "~/domain/claims/ui.queries.server";
import { listAppealQueue, listItemQueue } from "~/domain/rights/queries.server";
import { ClaimQueueTiles, SecondApprovalTile } from "~/components/claims/home-tiles";
import { discussionHomeSummary } from "~/domain/discussions/ui.queries.server";
import { AgentDiscussionTiles, PartyDiscussionTiles } from "~/components/discussions/home-tiles";
import { startOfDayInZone } from "~/components/helpers";
import { formatDate } from "~/lib/format";
import { DataTable, DateTime, EmptyState, Icon, Money, PageHeader, Panel, StatTile, StatusBadge, useFormatNumber, type Column, type IconName } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Trust & Safety" }];

type OrderSummary = { id: string; number: string; placedAt: string; total: number; currency: string; counterparty: string; status: string; firstItem: string; more: number };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, user, actor } = await requireUser(request, context);
  const roles = user.roles;
  const now = ctx.clock.now();
  const summarise = (orders: Awaited<ReturnType<typeof listOrders>>["orders"], as: "buyer" | "seller"): OrderSummary[] =>
    orders.map((o) => ({
      id: o.id,
      number: o.number,
      placedAt: o.placedAt.toISOString(),
      total: o.itemsAmount + o.shippingAmount,
      currency: o.currency,
      counterparty: as === "buyer" ? o.seller.name : o.buyerName,
      status: o.status,
      firstItem: o.lines[0]?.title ?? "",
      more: Math.max(o.lines.length - 1, 0),
    }));
  const mayReadOrders = canAtAll(actor, "read", "order");
  const [purchases, sales, allOrders, accounts, activeAccounts, auditToday, unread] = await Promise.all([
    roles.includes("BUYER") && mayReadOrders ? listOrders(ctx, { role: "buyer" }, { take: 5 }) : null,
    roles.includes("SELLER") && mayReadOrders ? listOrders(ctx, { role: "seller" }, { take: 5 }) : null,
    canAny(actor, "read", "order") && roles.some((r) => r === "AGENT" || r === "SENIOR_AGENT") ? listOrders(ctx, {}, { take: 1 }) : null,
    roles.includes("ADMIN") && canAny(actor, "read", "user") ? listUsers(ctx, {}, { take: 1 }) : null,
    roles.includes("ADMIN") && canAny(actor, "read", "user") ? listUsers(ctx, { status: "ACTIVE" }, { take: 1 }) : null,
    roles.includes("ADMIN") && canAny(actor, "read", "audit") ? countAuditEntriesSince(ctx, startOfDayInZone(now)) : null,
    countUnread(ctx),
  ]);
  const claims = roles.some((r) => r === "AGENT" || r === "SENIOR_AGENT") ? await claimHomeCounts(ctx) : null;
  const discussions = await discussionHomeSummary(ctx);
  // Rights protection: the items and appeals waiting, capped like the queues count them.
  const [rightsItems, rightsAppeals] = await Promise.all([
    canAny(actor, "decide", "ipNotice") ? listItemQueue(ctx, {}, { take: 1 }) : null,
    canAny(actor, "review", "ipAppeal") ? listAppealQueue(ctx, { take: 1 }) : null,
  ]);
  return json({
    user: { name: user.name, isCompany: user.isCompany, roles },
    today: now.toISOString(),
    unread,
    discussions,
    buyer: purchases ? { total: purchases.total, orders: summarise(purchases.orders, "buyer") } : null,
    seller: sales ? { total: sales.total, orders: summarise(sales.orders, "seller") } : null,
    agent: { orders: allOrders?.total ?? null, claims, rightsItems: rightsItems?.total ?? null, rightsAppeals: rightsAppeals?.total ?? null },
    admin: {
      accounts: accounts?.total ?? null,
      activeAccounts: activeAccounts?.total.count ?? null,
      auditToday,
      canManageUsers: canAny(actor, "manage", "user"),
      canManageRoles: canAny(actor, "manage", "role"),
      canUseTokens: canAtAll(actor, "manage", "apiToken"),
    },
  });
}

const roleIcons: Record<RoleName, IconName> = {
  BUYER: "bag",
  SELLER: "tag",
  RIGHTS_HOLDER: "flag",
  AGENT: "shield",
  SENIOR_AGENT: "shieldCheck",
  PRIVACY_OFFICER: "eyeOff",
  ADMIN: "users",
};

export default function Home() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const greetedName = data.user.isCompany ? data.user.name : data.user.name.split(/\s+/)[0];
  return (
    <div className="page">
      <PageHeader
        title={t("home.greeting", { name: greetedName })}
        subtitle={t("home.today", { date: formatDate(data.today, i18n.language) })}
        actions={
          data.unread > 0 ? (
            <Link to="/inbox" className="button button--secondary">
              <Icon name="bell" />
              {t("home.unreadCount", { count: data.unread })}
            </Link>
          ) : null
        }
      />
      {(data.user.roles as RoleName[]).map((role) => (
        <RoleSection key={role} role={role}>
          <RoleContent role={role} />
        </RoleSection>
      ))}
    </div>
  );
}

function RoleSection({ role, children }: { role: RoleName; children: React.ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="role-section" data-testid={`home-${role}`} aria-labelledby={headingId}>
      <div className="role-section__head">
        <span className="role-section__icon" aria-hidden="true">
          <Icon name={roleIcons[role]} />
        </span>
        <div>
          <h2 id={headingId}>{t(`home.sections.${role}`)}</h2>
          <p className="role-section__intro">{t(`home.${role}`)}</p>
        </div>
      </div>
      {children}
    </section>
  );
}

function RoleContent({ role }: { role: RoleName }) {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const number = useFormatNumber();
  switch (role) {
    case "BUYER":
      return (
        <>
          <PartyDiscussionTiles summary={data.discussions} as="buyer" />
          {data.buyer ? <RecentOrders title={t("home.recentPurchases")} as="buyer" {...data.buyer} /> : null}
        </>
      );
    case "SELLER":
      return (
        <>
          <PartyDiscussionTiles summary={data.discussions} as="seller" />
          {data.seller ? <RecentOrders title={t("home.recentSales")} as="seller" {...data.seller} /> : null}
        </>
      );
    case "AGENT":
      return (
        <div className="grid grid--tiles">
          <AgentDiscussionTiles summary={data.discussions.agent} />
          {data.agent.claims ? <ClaimQueueTiles counts={data.agent.claims} /> : null}
          {data.agent.rightsItems !== null ? (
            <StatTile icon="flag" label={t("home.queues.rights")} value={number(data.agent.rightsItems)} hint={t("home.queues.rightsHint")} to="/queue/rights" tone="info" data-testid="home-rights-items" />
          ) : null}
          {data.agent.orders !== null ? (
            <StatTile icon="bag" label={t("home.queues.orders")} value={number(data.agent.orders)} hint={t("home.queues.ordersHint")} to="/orders" tone="info" />
          ) : null}
        </div>
      );
    case "SENIOR_AGENT":
      return (
        <div className="grid grid--tiles">
          {data.agent.claims?.canSecondApprove ? <SecondApprovalTile counts={data.agent.claims} /> : null}
          {data.agent.rightsAppeals !== null ? (
            <StatTile icon="flag" label={t("home.queues.appeals")} value={number(data.agent.rightsAppeals)} hint={t("home.queues.appealsHint")} to="/queue/rights/appeals" tone="info" data-testid="home-rights-appeals" />
          ) : null}
        </div>
      );
    case "RIGHTS_HOLDER":
      return (
        <Panel title={t("rights.home.title")} subtitle={t("rights.home.intro")} data-testid="home-rights">
          <div className="cluster">
            <Link to="/rights" className="button button--primary button--sm">
              {t("rights.home.open")}
            </Link>
            <Link to="/offers" className="button button--secondary button--sm">
              {t("home.browseOffers")}
            </Link>
          </div>
        </Panel>
      );
    case "PRIVACY_OFFICER":
      return (
        <Upcoming
          icon="lock"
          title={t("home.upcoming.privacyTitle")}
          body={t("home.upcoming.privacyBody")}
          points={[t("home.upcoming.privacy1"), t("home.upcoming.privacy2"), t("home.upcoming.privacy3"), t("home.upcoming.privacy4")]}
        />
      );
    case "ADMIN":
      return (
        <>
          <div className="grid grid--tiles">
            {data.admin.accounts !== null ? (
              <StatTile
                icon="users"
                label={t("home.accounts")}
                value={number(data.admin.accounts)}
                hint={data.admin.activeAccounts !== null ? t("home.activeAccounts", { count: data.admin.activeAccounts }) : undefined}
                to="/admin/users"
                tone="info"
                data-testid="home-accounts"
              />
            ) : null}
            {data.admin.auditToday !== null ? (
              <StatTile
                icon="activity"
                label={t("home.auditEntries")}
                value={number(data.admin.auditToday)}
                hint={t("home.auditHint")}
                to="/admin/audit"
                tone="success"
                data-testid="home-audit-today"
              />
            ) : null}
          </div>
          <nav className="cluster" aria-label={t("home.adminLinks")}>
            {data.admin.canManageUsers ? (
              <Link to="/admin/users/new" className="button button--secondary button--sm">
                <Icon name="plus" />
                {t("admin.newUser")}
              </Link>
            ) : null}
            {data.admin.canManageRoles ? (
              <Link to="/admin/roles" className="button button--ghost button--sm">
                <Icon name="grid" />
                {t("admin.rolesTitle")}
              </Link>
            ) : null}
            <Link to="/admin/audit" className="button button--ghost button--sm">
              <Icon name="activity" />
              {t("admin.auditTitle")}
            </Link>
            {data.admin.canUseTokens ? (
              <Link to="/settings/api-tokens" className="button button--ghost button--sm">
                <Icon name="key" />
                {t("tokens.title")}
              </Link>
            ) : null}
          </nav>
        </>
      );
    default:
      return null;
  }
}

function RecentOrders({ title, as, total, orders }: { title: string; as: "buyer" | "seller"; total: { count: number; atLeast: boolean }; orders: OrderSummary[] }) {
  const { t } = useTranslation();
  const columns: Column<OrderSummary>[] = [
    {
      key: "number",
      header: t("orders.number"),
      primary: true,
      cell: (o) => (
        <span className="cell-stack">
          <Link to={`/orders/${o.id}`}>{o.number}</Link>
          <span className="subtle">
            {o.firstItem}
            {o.more > 0 ? ` ${t("orders.moreItems", { count: o.more })}` : ""}
          </span>
        </span>
      ),
    },
    { key: "status", header: t("orders.status"), badge: true, cell: (o) => <StatusBadge status={o.status} ns="orders" /> },
    { key: "placed", header: t("orders.placedAt"), cell: (o) => <DateTime value={o.placedAt} /> },
    { key: "counterparty", header: as === "buyer" ? t("orders.seller") : t("orders.buyer"), cell: (o) => o.counterparty },
    { key: "total", header: t("orders.total"), numeric: true, cell: (o) => <Money amount={o.total} currency={o.currency} /> },
  ];
  return (
    <Panel
      title={title}
      flush
      actions={
        total.count > 0 ? (
          <Link to={as === "seller" ? "/orders?role=seller" : "/orders?role=buyer"} className="button button--ghost button--sm">
            {t("home.allOrders", { count: total.count })}
            <Icon name="chevronRight" />
          </Link>
        ) : null
      }
    >
      <DataTable
        caption={title}
        columns={columns}
        rows={orders}
        rowKey={(o) => o.id}
        empty={<EmptyState icon="bag" title={as === "buyer" ? t("home.noPurchases") : t("home.noSales")} compact />}
      />
    </Panel>
  );
}

function Upcoming({ icon, title, body, points, action }: { icon: IconName; title: string; body: string; points: string[]; action?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="upcoming">
      <span className="upcoming__icon" aria-hidden="true">
        <Icon name={icon} />
      </span>
      <div>
        <h3>
          {title} <span className="badge badge--accent">{t("home.laterRelease")}</span>
        </h3>
        <p>{body}</p>
        <ul>
          {points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        {action ? <div className="upcoming__action">{action}</div> : null}
      </div>
    </div>
  );
}
