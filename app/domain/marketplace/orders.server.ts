import type { DomainContext } from "../context";
import { cappedCount } from "../shared/capped-count";
import { authorize, canAny, isPerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { searchText } from "../shared/search-text";
import { z } from "zod";

// Who sees which order: staff with read:order:any see all; buyers and sellers see the orders they are
// a party to (read:order:own). One `where` builder serves the UI lists, GraphQL connections and lookups.
export function visibleOrdersWhere(actor: Actor) {
  if (canAny(actor, "read", "order")) return {};
  authorize(actor, "read", "order", true);
  if (!isPerson(actor)) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  return { OR: [{ buyerId: actor.userId }, { sellerId: actor.userId }] };
}

export const orderFilterSchema = z.object({
  /** The full order number (exact match, so the unique index answers it). */
  search: searchText(100),
  role: z.enum(["buyer", "seller"]).optional(),
  paymentMethod: z.enum(["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"]).optional(),
});

/** The filter as a `where`: for counts and lookups (see orderPageWhere for a sorted page). */
export function orderFilterWhere(actor: Actor, input: unknown, visible: object = visibleOrdersWhere(actor)) {
  const filter = parseInput(orderFilterSchema, input ?? {});
  const me = isPerson(actor) ? actor.userId : undefined;
  return {
    AND: [
      visible,
      filter.search ? { number: filter.search } : {},
      filter.role === "buyer" ? { buyerId: me } : {},
      filter.role === "seller" ? { sellerId: me } : {},
      filter.paymentMethod ? { paymentMethod: filter.paymentMethod } : {},
    ],
  };
}

/**
 * The same filter for a page sorted newest first. "Buyer OR seller" cannot use either party's index for
 * that sort, so PostgreSQL walks every order by date until it has a page: fast for a big seller, slow (96 ms at a million orders)
 * for a buyer with a handful of orders among them. Most people are on one side only; for
 * them the condition is narrowed to that side (the same rows), which the (buyerId, placedAt) or
 * (sellerId, placedAt) index answers directly. One indexed existence check decides.
 */
export async function orderPageWhere(ctx: DomainContext, input: unknown) {
  const actor = ctx.actor;
  const both = visibleOrdersWhere(actor); // authorizes, and is the answer for staff and two-sided people
  if (canAny(actor, "read", "order") || !isPerson(actor)) return orderFilterWhere(actor, input, both);
  const [sides] = await ctx.db.$queryRaw<{ bought: boolean; sold: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Order" WHERE "buyerId" = ${actor.userId}::uuid) AS bought,
           EXISTS (SELECT 1 FROM "Order" WHERE "sellerId" = ${actor.userId}::uuid) AS sold`;
  const visible = sides.bought && !sides.sold ? { buyerId: actor.userId } : sides.sold && !sides.bought ? { sellerId: actor.userId } : both;
  return orderFilterWhere(actor, input, visible);
}

/** Newest first: the order of every order list (an index serves it for staff and for each party's side). */
export const ORDER_PAGE_ORDER = [{ placedAt: "desc" as const }, { id: "asc" as const }];

export async function listOrders(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  const pageWhere = await orderPageWhere(ctx, input);
  const [total, orders] = await Promise.all([
    cappedCount((take) => ctx.db.order.count({ where: pageWhere, take, orderBy: ORDER_PAGE_ORDER }), { skip: page.skip, take: page.take ?? 25 }),
    ctx.db.order.findMany({
      where: pageWhere,
      orderBy: ORDER_PAGE_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 25, 100),
      include: { seller: { select: { id: true, name: true } }, lines: { orderBy: { position: "asc" } } },
    }),
  ]);
  return { total, orders };
}

export async function getOrder(ctx: DomainContext, orderId: string) {
  const id = parseInput(uuid, orderId);
  const order = await ctx.db.order.findFirst({
    where: { AND: [{ id }, visibleOrdersWhere(ctx.actor)] },
    include: {
      seller: { select: { id: true, name: true, isCompany: true } },
      buyer: { select: { id: true, name: true, smartUntil: true } },
      lines: { orderBy: { position: "asc" }, include: { offer: { select: { id: true, brand: true } } } },
      shipments: true,
      invoices: true,
    },
  });
  // Not visible and not existing look the same from outside: no probing for order ids.
  if (!order) throw notFound("Order");
  return order;
}

export function orderTotal(order: { itemsAmount: number; shippingAmount: number }): number {
  return order.itemsAmount + order.shippingAmount;
}
