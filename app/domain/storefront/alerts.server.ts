import { z } from "zod";
import type { DomainContext } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, canAny, isPerson, requirePerson } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput } from "../shared/validation";
import { cappedCount } from "../shared/capped-count";
import { clausesForForm } from "../consents/form-clauses.server";
import { recordConsents } from "../consents/record.server";
import { consentsForSubject } from "../consents/queries.server";
import { checkFieldsAndConsents, guardPublicForm, shopOffer, type PublicFormExtras } from "./questions.server";
import { ALERT_FORM, ALERT_KINDS, alertFilterSchema, alertInputSchema, type AlertKind } from "./questions-schemas";

// "Notify me" on an offer's card (the seed's "Klienci | Powiadom o produktach"): a price-change alert for
// an offer on sale, an availability alert for one that ended. One active alert per address, offer and
// kind; the consents of the alert's position are recorded on the alert. A repeated sign-up writes
// nothing and reads exactly like the first, so the form tells nobody whether an address signed up.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why this kind of alert does not fit the offer as it is now; null when it does. */
export function alertRefusal(kind: AlertKind, offerStatus: string) {
  if (kind === "PRICE_CHANGE" && offerStatus !== "ACTIVE") return ErrorCode.ALERT_PRICE_OFFER_NOT_ACTIVE;
  if (kind === "AVAILABILITY" && offerStatus !== "ENDED") return ErrorCode.ALERT_AVAILABILITY_OFFER_NOT_ENDED;
  return null;
}

const refusalError = (code: NonNullable<ReturnType<typeof alertRefusal>>) =>
  new DomainError(
    code,
    code === ErrorCode.ALERT_PRICE_OFFER_NOT_ACTIVE ? "Price alerts are for offers on sale" : "Availability alerts are for offers that ended",
  );

const kindSchema = z.object({ kind: z.enum(ALERT_KINDS, "Choose the kind of alert") });

/** The alert form: the offer, whether this kind fits it, and the clauses of the kind's position. */
export async function alertForm(ctx: DomainContext, offerId: string, kind: AlertKind) {
  const offer = await shopOffer(ctx, offerId);
  const clauses = await clausesForForm(ctx.db, ALERT_FORM[kind], { customerId: isPerson(ctx.actor) ? ctx.actor.userId : null });
  return { offer, kind, refusal: alertRefusal(kind, offer.status), clauses };
}

/**
 * Signs an address up for an alert. Refused for an offer the kind does not fit (specific errors); a second
 * sign-up for the same address, offer and kind while the first is active writes nothing (no alert, no
 * consent records bound to someone else's alert) and answers as the first did.
 */
export async function signUpForAlert(ctx: DomainContext, offerId: string, input: Record<string, unknown> & PublicFormExtras) {
  await guardPublicForm(ctx, "alert", input.trap);
  const { kind } = parseInput(kindSchema, input);
  const userId = isPerson(ctx.actor) ? ctx.actor.userId : null;
  return inTransaction(ctx, async (tx) => {
    const offer = await shopOffer(ctx, offerId, tx);
    const refusal = alertRefusal(kind, offer.status);
    if (refusal) throw refusalError(refusal);
    const { data, checked } = await checkFieldsAndConsents(tx, alertInputSchema, input, ALERT_FORM[kind], input.consents, userId);
    // Two sign-ups at once for one address wait for each other here: the second finds the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`alert:${offer.id}:${kind}:${data.email}`}))`;
    const existing = await tx.productAlert.findFirst({
      where: { offerId: offer.id, kind, email: data.email, cancelledAt: null, notifiedAt: null },
      select: { id: true },
    });
    if (existing) return { created: false as const, kind, offerId: offer.id };
    const alert = await tx.productAlert.create({
      data: { kind, offerId: offer.id, userId, email: data.email, priceAmount: offer.priceAmount, currency: offer.currency, createdAt: ctx.clock.now() },
      select: { id: true },
    });
    await recordConsents(tx, ctx, checked, { productAlertId: alert.id }, { userId, email: data.email });
    return { created: true as const, kind, offerId: offer.id };
  });
}

const ALERT_STATE_WHERE = {
  active: { cancelledAt: null, notifiedAt: null },
  notified: { notifiedAt: { not: null } },
  cancelled: { cancelledAt: { not: null } },
} as const;

async function offersById(ctx: DomainContext, ids: string[]) {
  const offers = await ctx.db.offer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, title: true, status: true } });
  return new Map(offers.map((offer) => [offer.id, offer]));
}

/** Customers' alerts for staff, newest first: one page and its capped count, then the page's offers. */
export async function listProductAlerts(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  authorize(ctx.actor, "read", "productAlert");
  const filter = parseInput(alertFilterSchema, input ?? {});
  const where = {
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.state ? ALERT_STATE_WHERE[filter.state] : {}),
    ...(filter.email ? { email: filter.email.toLowerCase() } : {}),
  };
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const take = Math.min(page.take ?? 25, 100);
  const [total, alerts] = await Promise.all([
    cappedCount((limit) => ctx.db.productAlert.count({ where, orderBy, take: limit }), { skip: page.skip, take }),
    ctx.db.productAlert.findMany({ where, orderBy, skip: page.skip ?? 0, take }),
  ]);
  const offers = await offersById(ctx, alerts.map((alert) => alert.offerId));
  return { total, alerts: alerts.map((alert) => ({ ...alert, offer: offers.get(alert.offerId) ?? null })) };
}

/** One alert for staff, with the consents given with it (for those who may read consents). */
export async function getProductAlert(ctx: DomainContext, id: string) {
  authorize(ctx.actor, "read", "productAlert");
  const alert = UUID.test(id) ? await ctx.db.productAlert.findUnique({ where: { id } }) : null;
  if (!alert) throw notFound("Product alert");
  const offer = (await offersById(ctx, [alert.offerId])).get(alert.offerId) ?? null;
  const consents = canAny(ctx.actor, "read", "consent") ? await consentsForSubject(ctx, "PRODUCT_ALERT", alert.id) : null;
  return { alert, offer, consents };
}

/** The signed-in person's own alerts (newest first), to cancel the ones they no longer want. */
export async function myProductAlerts(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  const alerts = await ctx.db.productAlert.findMany({ where: { userId: actor.userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100 });
  const offers = await offersById(ctx, alerts.map((alert) => alert.offerId));
  return alerts.map((alert) => ({ ...alert, offer: offers.get(alert.offerId) ?? null }));
}

/** Cancels one's own active alert; someone else's does not exist for them. */
export async function cancelProductAlert(ctx: DomainContext, id: string) {
  const actor = requirePerson(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const alert = UUID.test(id) ? await tx.productAlert.findFirst({ where: { id, userId: actor.userId }, select: { id: true } }) : null;
    if (!alert) throw notFound("Product alert");
    const now = ctx.clock.now();
    const { count } = await tx.productAlert.updateMany({ where: { id, cancelledAt: null, notifiedAt: null }, data: { cancelledAt: now } });
    if (!count) throw new DomainError(ErrorCode.ALERT_NOT_ACTIVE, "This alert was already cancelled or sent");
    await audit(tx, ctx, { action: "productAlert.cancel", subjectType: "ProductAlert", subjectId: id });
    return { id, cancelledAt: now };
  });
}
