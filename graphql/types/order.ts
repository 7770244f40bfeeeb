import { builder } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { Money, money } from "./scalars";
import { ORDER_PAGE_ORDER, orderFilterWhere, orderPageWhere, visibleOrdersWhere } from "~/domain/marketplace/orders.server";
import { actingUserId } from "~/domain/identity/actor";
import { safeWhere } from "./visibility";

const PaymentMethodEnum = builder.enumType("PaymentMethod", {
  values: ["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"] as const,
});
const OrderStatusEnum = builder.enumType("OrderStatus", {
  values: ["PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"] as const,
});

export const OrderNode = builder.prismaNode("Order", {
  id: { field: "id" },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleOrdersWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeString("number"),
    status: t.expose("status", { type: OrderStatusEnum }),
    paymentMethod: t.expose("paymentMethod", { type: PaymentMethodEnum }),
    guest: t.boolean({ select: { buyerId: true }, resolve: (order) => order.buyerId === null }),
    itemsTotal: t.field({ type: Money, select: { itemsAmount: true, currency: true }, resolve: (o) => money(o.itemsAmount, o.currency) }),
    shippingCost: t.field({ type: Money, select: { shippingAmount: true, currency: true }, resolve: (o) => money(o.shippingAmount, o.currency) }),
    total: t.field({
      type: Money,
      select: { itemsAmount: true, shippingAmount: true, currency: true },
      resolve: (o) => money(o.itemsAmount + o.shippingAmount, o.currency),
    }),
    buyerName: t.exposeString("buyerName"),
    buyerEmail: t.exposeString("buyerEmail"),
    buyerPhone: t.exposeString("buyerPhone", { nullable: true }),
    shippingAddress: t.string({
      select: { shipStreet: true, shipPostalCode: true, shipCity: true },
      resolve: (o) => `${o.shipStreet}, ${o.shipPostalCode} ${o.shipCity}`,
    }),
    placedAt: t.expose("placedAt", { type: "DateTime" }),
    paidAt: t.expose("paidAt", { type: "DateTime", nullable: true }),
    shippedAt: t.expose("shippedAt", { type: "DateTime", nullable: true }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
    buyer: t.relation("buyer", { nullable: true }),
    seller: t.relation("seller"),
    viewerIsBuyer: t.boolean({ select: { buyerId: true }, resolve: (o, _a, ctx) => o.buyerId !== null && o.buyerId === actingUserId(ctx.actor) }),
    lines: t.relation("lines", { query: { orderBy: { position: "asc" } } }),
    shipments: t.relation("shipments", { query: { orderBy: { shippedAt: "asc" } } }),
    invoices: t.relation("invoices", { query: { orderBy: { issuedAt: "asc" } } }),
  }),
});

builder.prismaObject("OrderLine", {
  fields: (t) => ({
    id: t.exposeID("id"),
    position: t.exposeInt("position"),
    title: t.exposeString("title"),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: Money, select: { unitAmount: true }, resolve: (l) => money(l.unitAmount) }),
    lineTotal: t.field({ type: Money, select: { unitAmount: true, quantity: true }, resolve: (l) => money(l.unitAmount * l.quantity) }),
    offer: t.relation("offer"),
  }),
});

builder.prismaObject("Shipment", {
  fields: (t) => ({
    id: t.exposeID("id"),
    carrier: t.exposeString("carrier"),
    trackingNumber: t.exposeString("trackingNumber"),
    hasLabel: t.boolean({ select: { label: true }, resolve: (s) => !!s.label }),
    shippedAt: t.expose("shippedAt", { type: "DateTime", nullable: true }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObject("Invoice", {
  fields: (t) => ({
    id: t.exposeID("id"),
    number: t.exposeString("number"),
    issuedAt: t.expose("issuedAt", { type: "DateTime" }),
    total: t.field({ type: Money, select: { totalAmount: true, currency: true }, resolve: (i) => money(i.totalAmount, i.currency) }),
  }),
});

const OrderFilter = builder.inputType("OrderFilter", {
  fields: (t) => ({
    search: t.string({ description: "The full order number" }),
    role: t.string({ description: "buyer | seller: only orders where the viewer is that party" }),
    paymentMethod: t.field({ type: PaymentMethodEnum }),
  }),
});

// The capped count reads the page's own (narrowed) condition in the page's order, so the index that serves
// the page ends the count at the cap; the exact deprecated count keeps the plain filter.
const orderCounts = countedConnection((args: { filter?: object | null }, ctx) => async (take) =>
  take
    ? ctx.db.order.count({ where: await orderPageWhere(ctx, args.filter ?? {}), take, orderBy: ORDER_PAGE_ORDER })
    : ctx.db.order.count({ where: orderFilterWhere(ctx.actor, args.filter ?? {}) }),
);

builder.queryFields((t) => ({
  orders: t.prismaConnection({
    type: "Order",
    cursor: "id",
    authScopes: { permission: "read:order" },
    args: { filter: t.arg({ type: OrderFilter }) },
    description: "Orders the viewer may see: their own as buyer or seller; staff see all. Newest first.",
    totalCount: orderCounts.totalCount,
    resolve: async (query, _parent, args, ctx, info) => {
      orderCounts.alongside(args, ctx, info);
      return ctx.db.order.findMany({
        ...query,
        where: await orderPageWhere(ctx, args.filter ?? {}),
        orderBy: [{ placedAt: "desc" }, { id: "asc" }],
      });
    },
  }, { fields: totalFields }),
}));
