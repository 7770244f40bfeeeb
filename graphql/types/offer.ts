import { builder } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { Money, money } from "./scalars";
import { offerFilterWhere, visibleOffersWhere } from "~/domain/marketplace/offers.server";
import { canAtAll } from "~/domain/identity/actor";

const OfferStatusEnum = builder.enumType("OfferStatus", { values: ["ACTIVE", "ENDED", "HIDDEN", "SUSPENDED"] as const });

builder.prismaNode("Offer", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => (canAtAll(ctx.actor, "read", "offer") ? { id, AND: [visibleOffersWhere(ctx.actor)] } : { id, AND: [{ id: { in: [] } }] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    brand: t.exposeString("brand", { nullable: true }),
    price: t.field({ type: Money, select: { priceAmount: true, currency: true }, resolve: (o) => money(o.priceAmount, o.currency) }),
    status: t.expose("status", { type: OfferStatusEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    seller: t.relation("seller"),
  }),
});

const OfferFilter = builder.inputType("OfferFilter", {
  fields: (t) => ({
    search: t.string(),
    brand: t.string(),
    sellerId: t.string({ description: "Raw user id (uuid)" }),
    status: t.field({ type: OfferStatusEnum }),
  }),
});

const offerCounts = countedConnection((args: { filter?: object | null }, ctx) => (take) =>
  ctx.db.offer.count({ where: offerFilterWhere(ctx.actor, args.filter ?? {}), ...(take ? { take, orderBy: [{ createdAt: "desc" as const }, { id: "asc" as const }] } : {}) }),
);

builder.queryFields((t) => ({
  offers: t.prismaConnection({
    type: "Offer",
    cursor: "id",
    authScopes: { permission: "read:offer" },
    args: { filter: t.arg({ type: OfferFilter }) },
    totalCount: offerCounts.totalCount,
    resolve: (query, _parent, args, ctx, info) => {
      offerCounts.alongside(args, ctx, info);
      return ctx.db.offer.findMany({
        ...query,
        where: offerFilterWhere(ctx.actor, args.filter ?? {}),
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      });
    },
  }, { fields: totalFields }),
}));
