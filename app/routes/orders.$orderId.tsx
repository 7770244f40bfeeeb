import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser } from "~/infra/remix.server";
import { getOrder, orderTotal } from "~/domain/marketplace/orders.server";
import { can } from "~/domain/identity/actor";
import { openDiscussionForOrder } from "~/domain/discussions/ui.queries.server";
import { OrderDiscussionAction } from "~/components/discussions/order-action";
import { staffConsentPanel } from "~/components/consents/consent-records.server";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";
import { Badge, DataTable, DateTime, DescriptionList, EmptyState, Icon, Money, PageHeader, Panel, StatusBadge, type Column } from "~/components/ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? "Order"} · Trust & Safety` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user, actor } = await requireUser(request, context);
  const order = await loadOr404(() => getOrder(ctx, params.orderId ?? ""));
  // Staff who read consents see the order's history of clauses (seed 002: "Zamówienia | Historia zamówienia").
  const [openDiscussion, consents] = await Promise.all([openDiscussionForOrder(ctx, order.id), staffConsentPanel(ctx, actor, "ORDER", order.id)]);
  const now = ctx.clock.now();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return json({
    consents,
    discussion: {
      open: openDiscussion ? { id: openDiscussion.id, number: openDiscussion.number, status: openDiscussion.status } : null,
      canOpen: order.buyerId === user.id && can(actor, "create", "discussion", true),
    },
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      paymentMethod: order.paymentMethod,
      currency: order.currency,
      itemsAmount: order.itemsAmount,
      shippingAmount: order.shippingAmount,
      total: orderTotal(order),
      placedAt: order.placedAt.toISOString(),
      paidAt: iso(order.paidAt),
      shippedAt: iso(order.shippedAt),
      deliveredAt: iso(order.deliveredAt),
      buyer: {
        name: order.buyerName,
        email: order.buyerEmail,
        phone: order.buyerPhone,
        guest: order.buyerId === null,
        smartUntil: order.buyer?.smartUntil && order.buyer.smartUntil > now ? order.buyer.smartUntil.toISOString() : null,
        isMe: order.buyerId === user.id,
      },
      seller: { name: order.seller.name, isCompany: order.seller.isCompany, isMe: order.seller.id === user.id },
      address: { street: order.shipStreet, postalCode: order.shipPostalCode, city: order.shipCity },
      lines: order.lines.map((line) => ({
        id: line.id,
        position: line.position,
        title: line.title,
        brand: line.offer.brand,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        lineAmount: line.unitAmount * line.quantity,
      })),
      shipments: order.shipments.map((s) => ({
        id: s.id,
        carrier: s.carrier,
        trackingNumber: s.trackingNumber,
        shippedAt: iso(s.shippedAt),
        deliveredAt: iso(s.deliveredAt),
      })),
      invoices: order.invoices.map((invoice) => ({
        id: invoice.id,
        number: invoice.number,
        issuedAt: invoice.issuedAt.toISOString(),
        totalAmount: invoice.totalAmount,
        currency: invoice.currency,
        billedTo: invoice.billedTo,
      })),
    },
  });
}

type Order = ReturnType<typeof useLoaderData<typeof loader>>["order"];

export default function OrderDetail() {
  const { t } = useTranslation();
  const { order, discussion, consents } = useLoaderData<typeof loader>();
  return (
    <div className="page" data-testid="order-detail">
      <PageHeader
        breadcrumbs={[{ to: "/orders", label: t("orders.title") }]}
        title={
          <>
            {t("orders.orderNumber")} <span className="mono">{order.number}</span>
          </>
        }
        actions={<OrderDiscussionAction discussion={discussion.open} canOpen={discussion.canOpen} orderId={order.id} />}
        meta={
          <>
            <StatusBadge status={order.status} ns="orders" />
            <span>
              {t("orders.placedAt")}: <DateTime value={order.placedAt} />
            </span>
            <span>
              <Icon name="creditCard" /> {t(`orders.${order.paymentMethod}`)}
            </span>
          </>
        }
      />
      <Progress order={order} />
      <div className="order-layout">
        <div>
          <Lines order={order} />
          <Shipments order={order} />
          <Invoices order={order} />
          {consents ? <ConsentRecordsPanel title={t("consentViews.panels.order")} records={consents} data-testid="order-consents" /> : null}
        </div>
        <div>
          <Panel title={t("orders.parties")}>
            <DescriptionList
              items={[
                {
                  term: t("orders.buyer"),
                  value: (
                    <span className="cell-stack">
                      <span>
                        {order.buyer.name} {order.buyer.isMe ? <Badge tone="info">{t("orders.you")}</Badge> : null}
                        {order.buyer.guest ? <Badge>{t("orders.guest")}</Badge> : null}
                      </span>
                      <span className="subtle">{order.buyer.email}</span>
                      {order.buyer.phone ? <span className="subtle">{order.buyer.phone}</span> : null}
                      {order.buyer.smartUntil ? (
                        <span>
                          <Badge tone="accent">SMART</Badge>{" "}
                          <span className="subtle">
                            {t("orders.smartUntil")} <DateTime value={order.buyer.smartUntil} dateOnly />
                          </span>
                        </span>
                      ) : null}
                    </span>
                  ),
                },
                {
                  term: t("orders.seller"),
                  value: (
                    <span>
                      {order.seller.name} {order.seller.isMe ? <Badge tone="info">{t("orders.you")}</Badge> : null}{" "}
                      {order.seller.isCompany ? <Badge>{t("orders.company")}</Badge> : null}
                    </span>
                  ),
                },
              ]}
            />
          </Panel>
          <Panel title={t("orders.address")}>
            <address className="address">
              {order.buyer.name}
              <br />
              {order.address.street}
              <br />
              {order.address.postalCode} {order.address.city}
            </address>
          </Panel>
          <Panel title={t("orders.paymentTitle")}>
            <DescriptionList
              items={[
                { term: t("orders.payment"), value: t(`orders.${order.paymentMethod}`) },
                { term: t("orders.paidAt"), value: order.paidAt ? <DateTime value={order.paidAt} /> : t("orders.notYet") },
                { term: t("orders.total"), value: <Money amount={order.total} currency={order.currency} /> },
              ]}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}

function Progress({ order }: { order: Order }) {
  const { t } = useTranslation();
  if (order.status === "CANCELLED") {
    return (
      <div className="alert alert--danger" role="status">
        <Icon name="x" />
        <div className="alert__body">{t("orders.cancelledNote")}</div>
      </div>
    );
  }
  const steps = [
    { key: "placed", label: t("orders.PLACED"), at: order.placedAt },
    { key: "paid", label: t("orders.PAID"), at: order.paidAt },
    { key: "shipped", label: t("orders.SHIPPED"), at: order.shippedAt },
    { key: "delivered", label: t("orders.DELIVERED"), at: order.deliveredAt },
  ];
  return (
    <ol className="progress-steps" aria-label={t("orders.progress")}>
      {steps.map((step) => (
        <li key={step.key} className={step.at ? "is-done" : undefined}>
          <strong>
            {step.at ? <Icon name="check" /> : null} {step.label}
          </strong>
          <span>{step.at ? <DateTime value={step.at} /> : t("orders.notYet")}</span>
        </li>
      ))}
    </ol>
  );
}

function Lines({ order }: { order: Order }) {
  const { t } = useTranslation();
  type Line = Order["lines"][number];
  const columns: Column<Line>[] = [
    {
      key: "title",
      header: t("orders.item"),
      primary: true,
      cell: (line) => (
        <span className="cell-stack">
          <span>{line.title}</span>
          {line.brand ? <span className="subtle">{line.brand}</span> : null}
        </span>
      ),
    },
    { key: "qty", header: t("orders.quantity"), numeric: true, cell: (line) => `${line.quantity} ×` },
    { key: "unit", header: t("orders.unitPrice"), numeric: true, cell: (line) => <Money amount={line.unitAmount} currency={order.currency} /> },
    { key: "line", header: t("orders.lineTotal"), numeric: true, cell: (line) => <Money amount={line.lineAmount} currency={order.currency} /> },
  ];
  return (
    <Panel
      title={t("orders.lines")}
      flush
      footer={
        <dl className="totals" data-testid="order-totals">
          <div>
            <dt>{t("orders.itemsTotal")}</dt>
            <dd>
              <Money amount={order.itemsAmount} currency={order.currency} />
            </dd>
          </div>
          <div>
            <dt>{t("orders.shipping")}</dt>
            <dd>
              <Money amount={order.shippingAmount} currency={order.currency} />
            </dd>
          </div>
          <div className="totals__grand">
            <dt>{t("orders.total")}</dt>
            <dd>
              <Money amount={order.total} currency={order.currency} />
            </dd>
          </div>
        </dl>
      }
    >
      <DataTable caption={t("orders.lines")} columns={columns} rows={order.lines} rowKey={(line) => line.id} />
    </Panel>
  );
}

function Shipments({ order }: { order: Order }) {
  const { t } = useTranslation();
  type Shipment = Order["shipments"][number];
  const columns: Column<Shipment>[] = [
    { key: "carrier", header: t("orders.carrier"), primary: true, cell: (s) => s.carrier },
    { key: "tracking", header: t("orders.trackingNumber"), cell: (s) => <span className="mono">{s.trackingNumber}</span> },
    { key: "shipped", header: t("orders.shippedAt"), cell: (s) => <DateTime value={s.shippedAt} /> },
    { key: "delivered", header: t("orders.deliveredAt"), cell: (s) => <DateTime value={s.deliveredAt} /> },
  ];
  return (
    <Panel title={t("orders.shipments")} flush>
      <DataTable
        caption={t("orders.shipments")}
        columns={columns}
        rows={order.shipments}
        rowKey={(s) => s.id}
        empty={<EmptyState icon="truck" compact title={t("orders.noShipments")} />}
      />
    </Panel>
  );
}

function Invoices({ order }: { order: Order }) {
  const { t } = useTranslation();
  type Invoice = Order["invoices"][number];
  const columns: Column<Invoice>[] = [
    { key: "number", header: t("orders.invoiceNumber"), primary: true, cell: (i) => <span className="mono">{i.number}</span> },
    { key: "issued", header: t("orders.issuedAt"), cell: (i) => <DateTime value={i.issuedAt} /> },
    { key: "billedTo", header: t("orders.billedTo"), cell: (i) => i.billedTo },
    { key: "amount", header: t("orders.amount"), numeric: true, cell: (i) => <Money amount={i.totalAmount} currency={i.currency} /> },
  ];
  return (
    <Panel title={t("orders.invoices")} flush>
      <DataTable
        caption={t("orders.invoices")}
        columns={columns}
        rows={order.invoices}
        rowKey={(i) => i.id}
        empty={<EmptyState icon="file" compact title={t("orders.noInvoices")} />}
      />
    </Panel>
  );
}
