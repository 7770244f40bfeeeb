import type { DomainContext } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { isPerson } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { hashPassword } from "../identity/passwords.server";
import { openSession, SESSION_TTL } from "../identity/sessions.server";
import { clausesForForm } from "../consents/form-clauses.server";
import { checkConsents, recordConsents } from "../consents/record.server";
import { getShopOffer } from "./catalogue.server";
import { checkoutSchema, SHOP_SHIPPING_AMOUNT } from "./schemas";
import { admitSubmission, emailTaken, isEmailTakenRace, parseFields, upsertSubscriber } from "./submission.server";
import { createBuyerAccount } from "./registration.server";

// The shop's checkout: a guest or a signed-in customer orders one offer. One transaction checks the
// consents against the clauses the form shows now, creates the order (and, for a guest who asks, the
// account), signs the address up for the newsletter when the box was ticked, and records every clause
// shown where the seed says: order clauses on the order; registration/order clauses on the customer when
// there is an account, on the order for a guest; newsletter clauses on the address list.

const customerOf = (ctx: DomainContext) => (isPerson(ctx.actor) ? ctx.actor.userId : null);

/** What the checkout page shows: the offer, the clauses of the order form, the signed-in buyer's details. */
export async function checkoutForm(ctx: DomainContext, offerId: string) {
  const offer = await getShopOffer(ctx, offerId);
  const customerId = customerOf(ctx);
  const [clauses, buyer] = await Promise.all([
    clausesForForm(ctx.db, "ORDER", { customerId }),
    customerId
      ? ctx.db.user.findUnique({ where: { id: customerId }, select: { name: true, email: true, phone: true, street: true, postalCode: true, city: true } })
      : null,
  ]);
  return { offer, clauses, buyer, shippingAmount: SHOP_SHIPPING_AMOUNT };
}

/** A web order's number: W/<year>/<sequence, six digits>. */
export function webOrderNumber(sequence: bigint | number, at: Date): string {
  return `W/${at.getUTCFullYear()}/${String(sequence).padStart(6, "0")}`;
}

export interface PlaceOrderInput {
  offerId: unknown;
  quantity?: unknown;
  name?: unknown;
  email?: unknown;
  phone?: unknown;
  street?: unknown;
  postalCode?: unknown;
  city?: unknown;
  paymentMethod?: unknown;
  createAccount?: unknown;
  password?: unknown;
  locale?: unknown;
  /** The consent answers the form posted (readConsentAnswers). */
  consents?: unknown;
  /** The form's honeypot had a value. */
  trapped?: boolean;
}

export interface PlacedOrder {
  orderId: string;
  number: string;
  /** The account created with this order, and its new session (the guest is signed in). */
  account: { userId: string; sessionId: string; expiresAt: Date } | null;
}

export async function placeOrder(ctx: DomainContext, input: PlaceOrderInput): Promise<PlacedOrder> {
  const origin = await admitSubmission(ctx, "order", input.trapped);
  const customerId = customerOf(ctx);
  const { consents, trapped: _trapped, ...fields } = input;
  const data = await parseFields(ctx, checkoutSchema, fields, "ORDER", consents, { customerId });
  // A signed-in customer orders on their account; the account section is for guests only.
  const createAccount = !customerId && data.createAccount;
  const passwordHash = createAccount ? await hashPassword(data.password ?? "") : null;
  try {
    return await inTransaction(ctx, async (tx) => {
      const checked = await checkConsents(tx, "ORDER", consents, { customerId });
      const offer = await tx.offer.findUnique({ where: { id: data.offerId }, select: { id: true, title: true, priceAmount: true, currency: true, sellerId: true, status: true } });
      if (!offer || offer.status === "HIDDEN" || offer.status === "SUSPENDED") throw notFound("Offer");
      if (offer.status !== "ACTIVE") throw new DomainError(ErrorCode.CONFLICT, "This offer has ended and cannot be ordered", { params: { status: offer.status } });
      const now = ctx.clock.now();

      let accountId = customerId;
      if (createAccount && passwordHash) {
        accountId = await createBuyerAccount(tx, ctx, {
          email: data.email,
          name: data.name,
          isCompany: false,
          passwordHash,
          locale: data.locale,
          phone: data.phone || null,
          street: data.street,
          postalCode: data.postalCode,
          city: data.city,
          via: "order",
        });
      }

      const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('web_order_number_seq') AS n`;
      const order = await tx.order.create({
        data: {
          number: webOrderNumber(n, now),
          buyerId: accountId,
          sellerId: offer.sellerId,
          status: "PLACED",
          paymentMethod: data.paymentMethod,
          currency: offer.currency,
          itemsAmount: offer.priceAmount * data.quantity,
          shippingAmount: SHOP_SHIPPING_AMOUNT,
          buyerName: data.name,
          buyerEmail: data.email,
          buyerPhone: data.phone || null,
          shipStreet: data.street,
          shipPostalCode: data.postalCode,
          shipCity: data.city,
          placedAt: now,
          lines: { create: { offerId: offer.id, position: 1, title: offer.title, unitAmount: offer.priceAmount, quantity: data.quantity } },
        },
      });

      const newsletterSubscriberId = checked.wantsNewsletter
        ? await upsertSubscriber(tx, now, { email: data.email, userId: accountId, locale: data.locale })
        : undefined;
      await recordConsents(
        tx,
        { ...ctx, origin },
        checked,
        { orderId: order.id, customerId: accountId ?? undefined, newsletterSubscriberId },
        { userId: accountId, email: data.email },
      );
      await audit(tx, ctx, {
        action: "order.place",
        subjectType: "Order",
        subjectId: order.id,
        metadata: {
          offerId: offer.id,
          quantity: data.quantity,
          paymentMethod: data.paymentMethod,
          guest: !accountId,
          accountCreated: createAccount,
          newsletter: checked.wantsNewsletter,
        },
      });
      const account = createAccount && accountId ? { userId: accountId, ...(await openSession(tx, accountId, now, SESSION_TTL.customer, origin)) } : null;
      return { orderId: order.id, number: order.number, account };
    });
  } catch (error) {
    if (createAccount && isEmailTakenRace(error)) throw emailTaken();
    throw error;
  }
}

/** The confirmation after checkout: the order's number and what was ordered (nothing personal). */
export async function placedOrderSummary(ctx: DomainContext, orderId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) throw notFound("Order");
  const order = await ctx.db.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      number: true,
      buyerId: true,
      placedAt: true,
      paymentMethod: true,
      currency: true,
      itemsAmount: true,
      shippingAmount: true,
      lines: { select: { title: true, quantity: true, unitAmount: true, offerId: true }, orderBy: { position: "asc" } },
    },
  });
  if (!order || !order.number.startsWith("W/")) throw notFound("Order");
  return order;
}

