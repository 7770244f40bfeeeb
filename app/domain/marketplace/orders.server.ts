import type { DomainContext } from "../context";
import { authorize, canAny, isPerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
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
  search: z.string().trim().max(100).optional(),
  role: z.enum(["buyer", "seller"]).optional(),
  paymentMethod: z.enum(["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"]).optional(),
});

export function orderFilterWhere(actor: Actor, input: unknown) {
  const filter = parseInput(orderFilterSchema, input ?? {});
  const me = isPerson(actor) ? actor.userId : undefined;
  return {
    AND: [
      visibleOrdersWhere(actor),
      filter.search ? { number: filter.search } : {},
      filter.role === "buyer" ? { buyerId: me } : {},
      filter.role === "seller" ? { sellerId: me } : {},
      filter.paymentMethod ? { paymentMethod: filter.paymentMethod } : {},
    ],
  };
}

export async function listOrders(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  const where = orderFilterWhere(ctx.actor, input);
  const [total, orders] = await Promise.all([
    ctx.db.order.count({ where }),
    ctx.db.order.findMany({
      where,
      orderBy: [{ placedAt: "desc" }, { id: "asc" }],
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
