import type { DomainContext } from "../context";
import { notFound } from "../errors";
import { cappedCount } from "../shared/capped-count";
import { visibleOffersWhere } from "../marketplace/offers.server";

// The shop window: what anyone, signed in or not, may see of the marketplace's offers. Taken-down
// (HIDDEN) and suspended offers are not in the shop; only their seller and staff still reach them.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const offerFields = {
  id: true,
  title: true,
  brand: true,
  description: true,
  priceAmount: true,
  currency: true,
  status: true,
  sellerId: true,
  seller: { select: { name: true } },
} as const;

/** The shop's list: ACTIVE offers, newest first, with a capped count. */
export async function listShopOffers(ctx: DomainContext, page: { skip?: number; take?: number } = {}) {
  const where = { status: "ACTIVE" as const };
  const take = Math.min(page.take ?? 24, 100);
  const orderBy = [{ createdAt: "desc" as const }, { id: "asc" as const }];
  const [total, offers] = await Promise.all([
    cappedCount((limit) => ctx.db.offer.count({ where, take: limit, orderBy }), { skip: page.skip, take }),
    ctx.db.offer.findMany({ where, orderBy, skip: page.skip ?? 0, take, select: offerFields }),
  ]);
  return { total, offers };
}

/** One offer's product card; NOT_FOUND for an offer the visitor may not see (taken down, suspended). */
export async function getShopOffer(ctx: DomainContext, offerId: string) {
  if (!UUID.test(offerId)) throw notFound("Offer");
  const offer = await ctx.db.offer.findFirst({ where: { AND: [{ id: offerId }, visibleOffersWhere(ctx.actor)] }, select: offerFields });
  if (!offer) throw notFound("Offer");
  return { ...offer, orderable: offer.status === "ACTIVE" };
}
