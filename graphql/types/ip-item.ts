import { builder } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { ErrorCodeEnum, mutationErrors } from "./errors";
import { uploadsOf } from "./scalars";
import { rawId } from "./admin";
import { safeWhere } from "./visibility";
import { UserNode } from "./user";
import { InfringementKindEnum, RightsDocumentRef, StrikeThresholds } from "./rights-holder";
import { audienceOf, batchLoader, idOf } from "./rights-access";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { canAny, isPerson } from "~/domain/identity/actor";
import type { ErrorCode } from "~/domain/errors";
import { appealTakedown, decideItem, decideItems, provideInformation, reviewAppeal } from "~/domain/rights/items.server";
import {
  APPEAL_QUEUE_ORDER,
  appealQueueWhere,
  ITEM_QUEUE_ORDER,
  itemDeadlineState,
  itemQueueWhere,
  itemTimeline,
  latestItemNotes,
  MY_REPORTED_OFFERS_ORDER,
  myReportedOffersWhere,
  mySellerStanding,
  type ItemQueueFilter,
} from "~/domain/rights/queries.server";
import { COUNTER_NOTICE_REASONS, REJECTION_REASONS } from "~/domain/rights/schemas";
import { appealView, itemView, visibleItemsWhere, type ItemAudience } from "~/domain/rights/views";

// Reported offers (items) through the API: the agents' queues, decisions, the reporter's answers, the
// seller's appeal and its review. Who reads what of an item is the domain's (views.ts): node(id:) and
// every list filter with visibleItemsWhere; the fields cut per itemAudience / itemView / appealView.

const ItemStatusEnum = builder.enumType("IpItemStatus", { values: ["PENDING", "INFORMATION_REQUESTED", "TAKEN_DOWN", "REJECTED", "REINSTATED", "ON_HOLD"] as const });
const RejectionEnum = builder.enumType("IpRejectionReason", { values: REJECTION_REASONS });
const CounterNoticeEnum = builder.enumType("CounterNoticeReason", { values: COUNTER_NOTICE_REASONS });
const AppealStatusEnum = builder.enumType("IpAppealStatus", { values: ["PENDING", "UPHELD", "REINSTATED"] as const });
const StatementDecisionEnum = builder.enumType("StatementDecisionType", { values: ["TAKE_DOWN", "REINSTATEMENT", "SUSPENSION"] as const });
const DeadlineEnum = builder.enumType("IpItemDeadlineState", { values: ["ok", "soon", "due", "paused", "done"] as const });
const AudienceEnum = builder.enumType("IpItemAudience", { values: ["REPORTER", "SELLER", "STAFF"] as const });
const DecisionEnum = builder.enumType("IpDecisionAction", { values: ["TAKE_DOWN", "REJECT", "REQUEST_INFORMATION"] as const });
const EnforcementEnum = builder.enumType("SellerEnforcementType", { values: ["WARNING", "SUSPENSION"] as const });

/** What decides the reader's audience of an item (selected with every field that depends on it). */
const AUDIENCE_SELECT = { rightsHolderId: true, sellerId: true, status: true } as const;

export const IpStatementRef = builder.prismaObject("IpStatement", {
  description: "A statement of reasons (DSA Art. 17), in the EU Transparency Database's shape; body holds no personal data.",
  fields: (t) => ({
    id: t.exposeID("id"),
    puid: t.exposeString("puid"),
    decision: t.expose("decision", { type: StatementDecisionEnum }),
    body: t.expose("body", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const ItemEvent = builder
  .objectRef<{ id: string; at: Date; type: string; actorRole: string; actorId: string | null; data: Record<string, unknown>; note: string | null }>("IpItemEvent")
  .implement({
    fields: (t) => ({
      id: t.exposeString("id"),
      at: t.expose("at", { type: "DateTime" }),
      type: t.exposeString("type"),
      actorRole: t.exposeString("actorRole"),
      actorId: t.exposeString("actorId", { nullable: true, description: "Staff only" }),
      data: t.expose("data", { type: "JSON" }),
      note: t.exposeString("note", { nullable: true, description: "The note explaining this event, when the reader may read it" }),
    }),
  });

export const IpAppealRef = builder.prismaObject("IpAppeal", {
  description: "A seller's appeal (counter-notice) against a takedown, reviewed by an agent who did not decide the item.",
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.expose("status", { type: AppealStatusEnum }),
    reason: t.expose("reason", { type: CounterNoticeEnum }),
    explanation: t.string({
      nullable: true,
      description: "The seller's explanation: the seller and staff (the reporter learns that it was filed and how it ended).",
      select: { explanation: true, decidedById: true, item: { select: AUDIENCE_SELECT } },
      resolve: async (a, _args, ctx) => {
        const audience = await audienceOf(ctx, a.item);
        return audience ? appealView(a, audience).explanation : null;
      },
    }),
    filedAt: t.expose("filedAt", { type: "DateTime" }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    item: t.relation("item"),
    decidedByMe: t.boolean({
      nullable: true,
      description: "Staff: the reader decided the item, so someone else reviews this appeal.",
      select: (_args, ctx) => ({ item: { select: { decisions: { where: { agentId: isPerson(ctx.actor) ? ctx.actor.userId : "00000000-0000-0000-0000-000000000000" }, select: { id: true }, take: 1 } } } }),
      resolve: (a, _args, ctx) => (canAny(ctx.actor, "review", "ipAppeal") ? a.item.decisions.length > 0 : null),
    }),
  }),
});

const latestNote = (ctx: Parameters<typeof batchLoader>[0], audience: ItemAudience) =>
  batchLoader<string, string>(ctx, `ipItem.latestNote.${audience}`, (ids) => latestItemNotes(ctx.db, ids, audience));

export const IpReportItemNode = builder.prismaNode("IpReportItem", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleItemsWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeInt("number"),
    reference: t.string({ select: { number: true }, resolve: (i) => `IP-${i.number}` }),
    status: t.expose("status", { type: ItemStatusEnum }),
    kind: t.expose("kind", { type: InfringementKindEnum }),
    priority: t.exposeBoolean("priority", { description: "Filed by a trusted reporter: first in the queue" }),
    needsSenior: t.exposeBoolean("needsSenior", { description: "Cites a contested or unexamined right: a senior agent decides it" }),
    version: t.exposeInt("version", { description: "Pass as expectedVersion when deciding: a decision on a changed item is refused (CONFLICT)" }),
    brand: t.exposeString("brand", { nullable: true }),
    explanation: t.exposeString("explanation"),
    evidenceUrls: t.exposeStringList("evidenceUrls"),
    filedAt: t.expose("filedAt", { type: "DateTime" }),
    decisionDueAt: t.expose("decisionDueAt", { type: "DateTime" }),
    deadlineState: t.field({
      type: DeadlineEnum,
      select: { status: true, decisionDueAt: true },
      resolve: (i, _a, ctx) => itemDeadlineState(i, ctx.clock.now()),
    }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    rejectionReason: t.expose("rejectionReason", { type: RejectionEnum, nullable: true }),
    appealDueAt: t.expose("appealDueAt", { type: "DateTime", nullable: true, description: "The first instant the seller may no longer appeal" }),
    evidence: t.expose("evidence", { type: "JSON", nullable: true, description: "The offer as judged (title, description, photo references, price), frozen at the decision" }),
    viewerAudience: t.field({
      type: AudienceEnum,
      nullable: true,
      select: AUDIENCE_SELECT,
      resolve: (i, _a, ctx) => audienceOf(ctx, i),
    }),
    decidedBy: t.field({
      type: UserNode,
      nullable: true,
      description: "The agent who decided: staff only (reporters and sellers never learn it).",
      select: { ...AUDIENCE_SELECT, decidedById: true, evidence: true, explanation: true, evidenceUrls: true },
      resolve: async (i, _a, ctx) => {
        const audience = await audienceOf(ctx, i);
        const decidedById = audience ? itemView(i, audience).decidedById : null;
        return decidedById ? ({ id: decidedById } as never) : null;
      },
    }),
    latestNote: t.string({
      nullable: true,
      description: "The latest note the reader may read (the reason the agent gave the parties; staff also read notes between agents).",
      select: { id: true, ...AUDIENCE_SELECT },
      resolve: async (i, _a, ctx) => {
        const audience = await audienceOf(ctx, i);
        return audience ? ((await latestNote(ctx, audience)(i.id)) ?? null) : null;
      },
    }),
    offer: t.relation("offer"),
    right: t.relation("right"),
    notice: t.relation("notice"),
    appeal: t.relation("appeal", { nullable: true }),
    statements: t.relation("statements", { query: { orderBy: { sequence: "asc" } } }),
    documents: t.field({
      type: [RightsDocumentRef],
      select: (_args, _ctx, nested) => ({ documents: nested({ orderBy: { createdAt: "asc" } }) }),
      resolve: (i) => i.documents,
    }),
    timeline: t.field({
      type: [ItemEvent],
      select: { id: true, ...AUDIENCE_SELECT },
      resolve: async (i, _a, ctx) => {
        const audience = await audienceOf(ctx, i);
        return audience ? itemTimeline(ctx.db, i.id, audience) : [];
      },
    }),
  }),
});

const SellerEnforcementRef = builder.prismaObject("SellerEnforcement", {
  fields: (t) => ({
    id: t.exposeID("id"),
    type: t.expose("type", { type: EnforcementEnum }),
    points: t.exposeInt("points"),
    at: t.expose("at", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime", nullable: true }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
  }),
});

const SellerStanding = builder.objectRef<Awaited<ReturnType<typeof mySellerStanding>>>("SellerStanding").implement({
  description: "The seller's unexpired strike points, latest warnings and suspensions, and the thresholds that apply.",
  fields: (t) => ({
    points: t.exposeInt("points"),
    enforcement: t.field({ type: [SellerEnforcementRef], resolve: (s) => s.enforcement }),
    thresholds: t.field({ type: StrikeThresholds, resolve: (s) => s.thresholds }),
  }),
});

const QueueFilter = builder.inputType("IpItemQueueFilter", {
  fields: (t) => ({
    rightsHolderId: t.id(),
    brand: t.string(),
    kind: t.field({ type: InfringementKindEnum }),
    sellerId: t.id({ description: "The seller's User id" }),
    seniorOnly: t.boolean({ description: "true: only items for a senior agent; false: only the others" }),
  }),
});

type QueueFilterArg = { rightsHolderId?: string | number | null; brand?: string | null; kind?: string | null; sellerId?: string | number | null; seniorOnly?: boolean | null } | null | undefined;
const queueFilter = (f: QueueFilterArg): ItemQueueFilter => ({
  rightsHolderId: idOf(f?.rightsHolderId, "RightsHolder"),
  brand: f?.brand ?? undefined,
  kind: (f?.kind ?? undefined) as never,
  sellerId: idOf(f?.sellerId, "User"),
  seniorOnly: f?.seniorOnly ?? undefined,
});

const itemQueueCounts = countedConnection((args: { filter?: QueueFilterArg }, ctx) => (take) =>
  ctx.db.ipReportItem.count({ where: itemQueueWhere(ctx, queueFilter(args.filter)), ...(take ? { take, orderBy: ITEM_QUEUE_ORDER } : {}) }),
);
const appealQueueCounts = countedConnection((_args: object, ctx) => (take) =>
  ctx.db.ipAppeal.count({ where: appealQueueWhere(ctx), ...(take ? { take, orderBy: APPEAL_QUEUE_ORDER } : {}) }),
);
const reportedCounts = countedConnection((_args: object, ctx) => (take) =>
  ctx.db.ipReportItem.count({ where: myReportedOffersWhere(ctx), ...(take ? { take, orderBy: MY_REPORTED_OFFERS_ORDER } : {}) }),
);

builder.queryFields((t) => ({
  ipItemQueue: t.prismaConnection(
    {
      type: "IpReportItem",
      cursor: "id",
      authScopes: { permission: "decide:ipNotice" },
      args: { filter: t.arg({ type: QueueFilter }) },
      description: "Reported offers waiting for a decision: trusted reporters first, then by deadline, then age.",
      totalCount: itemQueueCounts.totalCount,
      resolve: (query, _p, args, ctx, info) => {
        itemQueueCounts.alongside(args, ctx, info);
        return ctx.db.ipReportItem.findMany({ ...query, where: itemQueueWhere(ctx, queueFilter(args.filter)), orderBy: ITEM_QUEUE_ORDER });
      },
    },
    { fields: totalFields },
  ),
  ipAppealQueue: t.prismaConnection(
    {
      type: "IpAppeal",
      cursor: "id",
      authScopes: { permission: "review:ipAppeal" },
      description: "Appeals waiting for review, oldest first (decidedByMe: someone else must review it).",
      totalCount: appealQueueCounts.totalCount,
      resolve: (query, _p, args, ctx, info) => {
        appealQueueCounts.alongside(args, ctx, info);
        return ctx.db.ipAppeal.findMany({ ...query, where: appealQueueWhere(ctx), orderBy: APPEAL_QUEUE_ORDER });
      },
    },
    { fields: totalFields },
  ),
  myReportedOffers: t.prismaConnection(
    {
      type: "IpReportItem",
      cursor: "id",
      authScopes: { permission: "read:ipNotice" },
      description: "The seller's offers reported and acted on (taken down or reinstated), latest decision first, with the seller's standing.",
      totalCount: reportedCounts.totalCount,
      resolve: (query, _p, args, ctx, info) => {
        reportedCounts.alongside(args, ctx, info);
        return ctx.db.ipReportItem.findMany({ ...query, where: myReportedOffersWhere(ctx), orderBy: MY_REPORTED_OFFERS_ORDER });
      },
    },
    {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      fields: (t: any) => ({
        ...totalFields(t),
        standing: t.field({ type: SellerStanding, resolve: (_c: unknown, _a: unknown, ctx: Parameters<typeof mySellerStanding>[0]) => mySellerStanding(ctx) }),
      }),
    },
  ),
}));

const BulkResult = builder.objectRef<{ itemId: string; ok: boolean; error?: { code: string; message: string } }>("IpBulkDecisionResult").implement({
  fields: (t) => ({
    itemId: t.id({ resolve: (r) => encodeGlobalID("IpReportItem", r.itemId) }),
    ok: t.exposeBoolean("ok"),
    code: t.field({ type: ErrorCodeEnum, nullable: true, resolve: (r) => (r.error?.code as ErrorCode | undefined) ?? null }),
    message: t.string({ nullable: true, resolve: (r) => r.error?.message ?? null }),
  }),
});

function reloadItem<Q extends { select?: object; include?: object }>(ctx: Parameters<typeof mySellerStanding>[0], query: Q, id: string) {
  const selection = query.select && Object.keys(query.select).length === 0 ? { select: { id: true } } : query;
  return ctx.db.ipReportItem.findUniqueOrThrow({ ...selection, where: { id } });
}

builder.mutationFields((t) => ({
  decideIpItem: t.prismaField({
    type: "IpReportItem",
    errors: mutationErrors,
    description: "TAKE_DOWN, REJECT (reason + note the reporter reads) or REQUEST_INFORMATION (note; pauses the clock). Pass the version you saw as expectedVersion.",
    args: {
      itemId: t.arg.id({ required: true }),
      action: t.arg({ type: DecisionEnum, required: true }),
      expectedVersion: t.arg.int(),
      reason: t.arg({ type: RejectionEnum }),
      note: t.arg.string(),
    },
    resolve: async (query, _r, args, ctx) => {
      const itemId = rawId(args.itemId, "IpReportItem");
      await decideItem(ctx, { itemId, action: args.action, expectedVersion: args.expectedVersion ?? undefined, reason: args.reason ?? undefined, note: args.note ?? undefined });
      return reloadItem(ctx, query, itemId) as never;
    },
  }),
  decideIpItems: t.field({
    type: [BulkResult],
    errors: mutationErrors,
    description: "One decision across many items (up to 500, e.g. a notice's): each decided on its own, with its own result.",
    args: {
      itemIds: t.arg.idList({ required: true }),
      action: t.arg({ type: DecisionEnum, required: true }),
      reason: t.arg({ type: RejectionEnum }),
      note: t.arg.string(),
    },
    resolve: (_r, args, ctx) =>
      decideItems(ctx, { itemIds: args.itemIds.map((id) => rawId(id, "IpReportItem")), action: args.action, reason: args.reason ?? undefined, note: args.note ?? undefined }),
  }),
  provideIpInformation: t.prismaField({
    type: "IpReportItem",
    errors: mutationErrors,
    description: "The reporter answers an agent's request for information (the item's clock resumes).",
    args: { itemId: t.arg.id({ required: true }), note: t.arg.string({ required: true }), files: t.arg({ type: ["File"] }) },
    resolve: async (query, _r, args, ctx) => {
      const itemId = rawId(args.itemId, "IpReportItem");
      await provideInformation(ctx, { itemId, note: args.note, files: await uploadsOf(args.files) });
      return reloadItem(ctx, query, itemId) as never;
    },
  }),
  appealIpTakedown: t.prismaField({
    type: "IpReportItem",
    errors: mutationErrors,
    description: "The seller appeals a takedown (counter-notice) until the end of the appeal window's last day.",
    args: {
      itemId: t.arg.id({ required: true }),
      reason: t.arg({ type: CounterNoticeEnum, required: true }),
      explanation: t.arg.string({ required: true }),
      files: t.arg({ type: ["File"] }),
    },
    resolve: async (query, _r, args, ctx) => {
      const itemId = rawId(args.itemId, "IpReportItem");
      await appealTakedown(ctx, { itemId, reason: args.reason, explanation: args.explanation, files: await uploadsOf(args.files) });
      return reloadItem(ctx, query, itemId) as never;
    },
  }),
  reviewIpAppeal: t.prismaField({
    type: "IpReportItem",
    errors: mutationErrors,
    description: "An agent who did not decide the item upholds the takedown or reinstates the offer.",
    args: { itemId: t.arg.id({ required: true }), reinstate: t.arg.boolean({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const itemId = rawId(args.itemId, "IpReportItem");
      await reviewAppeal(ctx, { itemId, reinstate: args.reinstate, note: args.note });
      return reloadItem(ctx, query, itemId) as never;
    },
  }),
}));
