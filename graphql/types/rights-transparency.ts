import { builder } from "../builder";
import { InfringementKindEnum } from "./rights-holder";
import { transparencyFigures, type TransparencyFigures } from "~/domain/rights/transparency.server";
import type { InfringementKind } from "~/domain/rights/statement-of-reasons";

// Rights protection's transparency figures for any period, computed by the domain from the event log alone.

const KindCount = builder.objectRef<{ kind: InfringementKind; count: number }>("RightsKindCount").implement({
  fields: (t) => ({ kind: t.field({ type: InfringementKindEnum, resolve: (k) => k.kind }), count: t.exposeInt("count") }),
});

const ActionCount = builder.objectRef<{ type: string; count: number }>("RightsActionCount").implement({
  fields: (t) => ({
    type: t.exposeString("type", { description: "TAKEN_DOWN, REJECTED, INFORMATION_REQUESTED, REINSTATED, APPEAL_UPHELD or SELLER_SUSPENDED" }),
    count: t.exposeInt("count"),
  }),
});

const Appeals = builder.objectRef<TransparencyFigures["appeals"]>("RightsAppealFigures").implement({
  fields: (t) => ({ filed: t.exposeInt("filed"), upheld: t.exposeInt("upheld"), reversed: t.exposeInt("reversed") }),
});

const Suspensions = builder.objectRef<TransparencyFigures["suspensionsByCause"]>("RightsSuspensionFigures").implement({
  fields: (t) => ({
    sellersRepeatedInfringement: t.exposeInt("sellersRepeatedInfringement"),
    reportersManifestlyUnfounded: t.exposeInt("reportersManifestlyUnfounded"),
  }),
});

const Warnings = builder.objectRef<TransparencyFigures["warnings"]>("RightsWarningFigures").implement({
  fields: (t) => ({ sellers: t.exposeInt("sellers"), reporters: t.exposeInt("reporters") }),
});

const ReporterGroup = builder.objectRef<TransparencyFigures["trusted"]>("RightsReporterGroupFigures").implement({
  fields: (t) => ({
    items: t.exposeInt("items"),
    actions: t.exposeInt("actions"),
    medianMsToAction: t.exposeFloat("medianMsToAction", { nullable: true }),
  }),
});

const Figures = builder.objectRef<TransparencyFigures>("RightsTransparencyFigures").implement({
  description: "Rights protection in a period [from, to), from the event log alone.",
  fields: (t) => ({
    from: t.expose("from", { type: "DateTime" }),
    to: t.expose("to", { type: "DateTime" }),
    notices: t.exposeInt("notices"),
    itemsByKind: t.field({
      type: [KindCount],
      resolve: (f) => Object.entries(f.itemsByKind).map(([kind, count]) => ({ kind: kind as InfringementKind, count })),
    }),
    actionsByType: t.field({ type: [ActionCount], resolve: (f) => Object.entries(f.actionsByType).map(([type, count]) => ({ type, count })) }),
    medianMsToAction: t.exposeFloat("medianMsToAction", { nullable: true, description: "Median time from filing to a takedown or rejection, in milliseconds" }),
    appeals: t.field({ type: Appeals, resolve: (f) => f.appeals }),
    suspensionsByCause: t.field({ type: Suspensions, resolve: (f) => f.suspensionsByCause }),
    warnings: t.field({ type: Warnings, resolve: (f) => f.warnings }),
    trusted: t.field({ type: ReporterGroup, description: "Items of trusted reporters", resolve: (f) => f.trusted }),
    others: t.field({ type: ReporterGroup, description: "Items of the other reporters", resolve: (f) => f.others }),
  }),
});

builder.queryFields((t) => ({
  rightsTransparencyFigures: t.field({
    type: Figures,
    authScopes: { permission: "read:transparency" },
    args: { from: t.arg({ type: "DateTime", required: true }), to: t.arg({ type: "DateTime", required: true }) },
    resolve: (_r, args, ctx) => transparencyFigures(ctx, { from: args.from, to: args.to }),
  }),
}));
