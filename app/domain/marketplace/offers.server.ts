import type { DomainContext } from "../context";
import { cappedCount } from "../shared/capped-count";
import { authorize } from "../identity/actor";
import { parseInput } from "../shared/validation";
import { searchText } from "../shared/search-text";
import { z } from "zod";
import { isPerson, isStaff, type Actor } from "../identity/actor";

/**
 * Offers taken down (HIDDEN) or suspended are out of the marketplace's listings and search: only staff and
 * their own seller still see them.
 */
export function visibleOffersWhere(actor: Actor) {
  if (isStaff(actor) || actor.type === "system") return {};
  const mine = isPerson(actor) ? [{ sellerId: actor.userId }] : [];
  return { OR: [{ status: { in: ["ACTIVE" as const, "ENDED" as const] } }, ...mine] };
}

export const offerFilterSchema = z.object({
  search: searchText(100),
  brand: z.string().trim().max(100).optional(),
  sellerId: z.string().uuid().optional(),
  status: z.enum(["ACTIVE", "ENDED", "HIDDEN"]).optional(),
});

export function offerFilterWhere(actor: Actor, input: unknown) {
  authorize(actor, "read", "offer");
  const filter = parseInput(offerFilterSchema, input ?? {});
  return {
    ...visibleOffersWhere(actor),
    ...(filter.search ? { title: { contains: filter.search, mode: "insensitive" as const } } : {}),
    ...(filter.brand ? { brand: filter.brand } : {}),
    ...(filter.sellerId ? { sellerId: filter.sellerId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
}

export async function listOffers(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  const where = offerFilterWhere(ctx.actor, input);
  const [total, offers] = await Promise.all([
    cappedCount((take) => ctx.db.offer.count({ where, take, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }), { skip: page.skip, take: page.take ?? 25 }),
    ctx.db.offer.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 25, 100),
      include: { seller: { select: { id: true, name: true } } },
    }),
  ]);
  return { total, offers };
}
