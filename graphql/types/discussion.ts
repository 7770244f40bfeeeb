import { builder, type GraphQLContext } from "../builder";
import { countedConnection, totalFields } from "./totals";
import { mutationErrors } from "./errors";
import { Money, money, uploadsOf } from "./scalars";
import { rawId } from "./admin";
import { safeWhere } from "./visibility";
import { DISCUSSION_OUTCOMES, DISCUSSION_REASONS, SOLUTION_KINDS } from "~/domain/discussions/schemas";
import {
  answerProposal,
  closeAsResolved,
  closeWithOutcome,
  escalateDiscussion,
  openDiscussion,
  postMessage,
  proposeSolution,
  referToClaim,
  releaseDiscussion,
  takeDiscussion,
} from "~/domain/discussions/discussions.server";
import {
  agentQueueWhere,
  AGENT_QUEUE_ORDER,
  discussionTimeline,
  getDiscussion,
  myDiscussionsOrder,
  myDiscussionsWhere,
  sellerResponseRecord,
  type TimelineEntry as TimelineEntryData,
  visibleDiscussionsWhere,
  visibleMessagesForActorWhere,
} from "~/domain/discussions/queries.server";
import { discussionMetrics } from "~/domain/discussions/metrics.server";
import { actingUserId, canAny } from "~/domain/identity/actor";
import { maySeeStaffIdentities } from "~/domain/cases/staff-identity";
import { UserNode } from "./user";
import { consentAnswers, ConsentAnswersInput } from "./consent-answers";
import { isSellerOverdue } from "~/domain/discussions/views";

// Discussions through the API: the same domain functions as the UI, so the same rules and errors.

const ReasonEnum = builder.enumType("DiscussionReason", { values: DISCUSSION_REASONS });
const StatusEnum = builder.enumType("DiscussionStatus", { values: ["OPEN", "ESCALATED", "CLOSED"] as const });
const ResolutionEnum = builder.enumType("DiscussionResolution", {
  values: ["BUYER_RESOLVED", "AGREEMENT", "AGENT_DECISION", "REFERRED_TO_CLAIM"] as const,
});
const OutcomeEnum = builder.enumType("DiscussionOutcome", { values: DISCUSSION_OUTCOMES });
const SolutionEnum = builder.enumType("DiscussionSolution", { values: SOLUTION_KINDS });
const PartyEnum = builder.enumType("DiscussionParty", { values: ["BUYER", "SELLER", "AGENT"] as const });
const VisibilityEnum = builder.enumType("MessageVisibility", { values: ["ALL", "BUYER", "SELLER"] as const });
const ProposalStatusEnum = builder.enumType("ProposalStatus", { values: ["PENDING", "ACCEPTED", "REJECTED", "SUPERSEDED"] as const });
const AssignmentEnum = builder.enumType("QueueAssignment", { values: ["ANY", "MINE", "UNASSIGNED"] as const });
const MyRoleEnum = builder.enumType("MyDiscussionsRole", { values: ["BUYER", "SELLER"] as const });

builder.prismaObject("Attachment", {
  fields: (t) => ({
    id: t.exposeID("id"),
    fileName: t.exposeString("fileName"),
    contentType: t.exposeString("contentType"),
    sizeBytes: t.exposeInt("sizeBytes"),
    url: t.string({ description: "Download address (same session or token).", resolve: (a) => `/attachments/${a.id}` }),
  }),
});

builder.prismaNode("DiscussionMessage", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({
    id,
    AND: [safeWhere(() => visibleMessagesForActorWhere(ctx.actor)), { discussion: safeWhere(() => visibleDiscussionsWhere(ctx.actor)) }],
  }),
  fields: (t) => ({
    authorRole: t.expose("authorRole", { type: PartyEnum }),
    authorName: t.string({
      nullable: true,
      description: "Parties see agents as the platform (null); staff see the agent's name.",
      select: { authorRole: true, author: { select: { name: true } } },
      resolve: (m, _a, ctx) => (m.authorRole === "AGENT" && !canAny(ctx.actor, "read", "discussion") ? null : m.author.name),
    }),
    informationRequest: t.boolean({ select: { kind: true }, resolve: (m) => m.kind === "INFO_REQUEST" }),
    body: t.exposeString("body", { description: "Plain text; clients must render it as text, never as HTML." }),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    attachments: t.relation("attachments"),
  }),
});

builder.prismaNode("DiscussionProposal", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ discussion: safeWhere(() => visibleDiscussionsWhere(ctx.actor)) }] }),
  fields: (t) => ({
    kind: t.expose("kind", { type: OutcomeEnum }),
    amount: t.field({ type: Money, nullable: true, select: { amount: true }, resolve: (p) => (p.amount === null ? null : money(p.amount)) }),
    note: t.exposeString("note", { nullable: true }),
    proposedByRole: t.expose("proposedByRole", { type: PartyEnum }),
    status: t.expose("status", { type: ProposalStatusEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
  }),
});

const TimelineEntry = builder
  .objectRef<TimelineEntryData>("DiscussionTimelineEntry")
  .implement({
    description: "A message or an event of the case, as the viewer may see it.",
    fields: (t) => ({
      id: t.exposeString("id"),
      at: t.expose("at", { type: "DateTime" }),
      kind: t.exposeString("kind", { description: "message | event" }),
      type: t.exposeString("type", { description: "MESSAGE, INFO_REQUEST or an event type such as ESCALATED" }),
      actorRole: t.exposeString("actorRole"),
      actorName: t.exposeString("actorName", { nullable: true }),
      body: t.exposeString("body", { nullable: true }),
      data: t.string({ nullable: true, resolve: (e) => (e.data ? JSON.stringify(e.data) : null) }),
    }),
  });

export const DiscussionNode = builder.prismaNode("Discussion", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleDiscussionsWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeInt("number"),
    reference: t.string({ select: { number: true }, resolve: (d) => `D-${d.number}` }),
    reason: t.expose("reason", { type: ReasonEnum }),
    description: t.exposeString("description"),
    status: t.expose("status", { type: StatusEnum }),
    openedAt: t.expose("openedAt", { type: "DateTime" }),
    sellerResponseDueAt: t.expose("sellerResponseDueAt", { type: "DateTime" }),
    sellerRespondedAt: t.expose("sellerRespondedAt", { type: "DateTime", nullable: true }),
    sellerOverdue: t.boolean({
      description: "Marked late by the sweep, or past the 24 hours and about to be (the same answer as the pages).",
      select: { status: true, sellerRespondedAt: true, sellerOverdueAt: true, sellerResponseDueAt: true },
      resolve: (d, _a, ctx) => isSellerOverdue(d, ctx.clock.now()),
    }),
    escalatedAt: t.expose("escalatedAt", { type: "DateTime", nullable: true }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    resolution: t.expose("resolution", { type: ResolutionEnum, nullable: true }),
    outcome: t.expose("outcome", { type: OutcomeEnum, nullable: true }),
    outcomeAmount: t.field({
      type: Money,
      nullable: true,
      select: { outcomeAmount: true },
      resolve: (d) => (d.outcomeAmount === null ? null : money(d.outcomeAmount)),
    }),
    closingNote: t.exposeString("closingNote", { nullable: true }),
    lastActivityAt: t.expose("lastActivityAt", { type: "DateTime" }),
    order: t.relation("order"),
    buyer: t.relation("buyer"),
    seller: t.relation("seller"),
    assignedAgent: t.field({
      type: UserNode,
      nullable: true,
      description: "The agent working the discussion: staff only; the parties see the platform (null).",
      select: (_args, _ctx, nestedSelection) => ({ buyerId: true, sellerId: true, assignedAgent: nestedSelection(true) }),
      resolve: (d, _a, ctx) => (maySeeStaffIdentities(ctx.actor, d, "discussion") ? d.assignedAgent : null),
    }),
    viewerRole: t.field({
      type: PartyEnum,
      nullable: true,
      select: { buyerId: true, sellerId: true },
      resolve: (d, _a, ctx) => {
        const me = actingUserId(ctx.actor);
        return me === d.buyerId ? "BUYER" : me === d.sellerId ? "SELLER" : canAny(ctx.actor, "read", "discussion") ? "AGENT" : null;
      },
    }),
    viewerActions: t.stringList({
      description: "Commands the viewer can issue now (ESCALATE, POST_MESSAGE, …).",
      select: { id: true },
      resolve: async (d, _a, ctx) => (await getDiscussion(ctx, d.id)).actions,
    }),
    proposals: t.relation("proposals", { query: { orderBy: { createdAt: "desc" } } }),
    messages: t.relatedConnection("messages", {
      cursor: "id",
      query: (_args, ctx) => ({ where: visibleMessagesForActorWhere(ctx.actor), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    }),
    timeline: t.field({
      type: [TimelineEntry],
      description: "Messages and events, oldest first (for one discussion at a time).",
      select: { id: true, buyerId: true, sellerId: true },
      resolve: (d, _a, ctx) => discussionTimeline(ctx, d),
    }),
  }),
});

const QueueFilter = builder.inputType("DiscussionQueueFilter", {
  fields: (t) => ({
    reason: t.field({ type: ReasonEnum }),
    sellerId: t.id({ description: "A seller's User id" }),
    minWaitingHours: t.int({ description: "Escalated at least this many hours ago" }),
    assignment: t.field({ type: AssignmentEnum }),
  }),
});

const DiscussionMetrics = builder
  .objectRef<Awaited<ReturnType<typeof discussionMetrics>>>("DiscussionMetrics")
  .implement({
    fields: (t) => ({
      from: t.expose("from", { type: "DateTime" }),
      to: t.expose("to", { type: "DateTime" }),
      opened: t.exposeInt("opened"),
      open: t.exposeInt("open"),
      escalatedOpen: t.exposeInt("escalatedOpen"),
      closed: t.exposeInt("closed"),
      closedWithoutIntervention: t.exposeInt("closedWithoutIntervention"),
      withoutInterventionShare: t.exposeFloat("withoutInterventionShare", { nullable: true, description: "Share of closed discussions ended without platform intervention (0–1)." }),
      sellerDue: t.exposeInt("sellerDue"),
      sellerAnsweredOnTime: t.exposeInt("sellerAnsweredOnTime"),
      sellerOnTimeRate: t.exposeFloat("sellerOnTimeRate", { nullable: true, description: "Share of sellers' answers within 24 hours (0–1)." }),
      overdue: t.exposeInt("overdue"),
    }),
  });

const SellerRecord = builder.objectRef<Awaited<ReturnType<typeof sellerResponseRecord>>>("SellerResponseRecord").implement({
  fields: (t) => ({
    discussions: t.exposeInt("discussions"),
    due: t.exposeInt("due"),
    answeredOnTime: t.exposeInt("answeredOnTime"),
    overdue: t.exposeInt("overdue"),
    onTimeRate: t.exposeFloat("onTimeRate", { nullable: true }),
    overdueRate: t.exposeFloat("overdueRate", { nullable: true }),
  }),
});

const myDiscussionCounts = countedConnection(
  (args: { as: "BUYER" | "SELLER"; status?: "OPEN" | "ESCALATED" | "CLOSED" | null }, ctx) => (take) =>
    ctx.db.discussion.count({
      where: myDiscussionsWhere(ctx.actor, args.as === "BUYER" ? "buyer" : "seller", args.status ?? undefined),
      ...(take ? { take, orderBy: myDiscussionsOrder(args.as === "BUYER" ? "buyer" : "seller") } : {}),
    }),
);
const queueCounts = countedConnection((args: { filter?: Parameters<typeof queueFilterOf>[0] }, ctx) => (take) =>
  ctx.db.discussion.count({ where: agentQueueWhere(ctx, queueFilterOf(args.filter)), ...(take ? { take, orderBy: AGENT_QUEUE_ORDER } : {}) }),
);

builder.queryFields((t) => ({
  myDiscussions: t.prismaConnection({
    type: "Discussion",
    cursor: "id",
    authScopes: { permission: "read:discussion" },
    args: { as: t.arg({ type: MyRoleEnum, required: true }), status: t.arg({ type: StatusEnum }) },
    description: "Discussions the viewer is a party to. As seller: unanswered first, most overdue at the top.",
    totalCount: myDiscussionCounts.totalCount,
    resolve: (query, _p, args, ctx, info) => {
      myDiscussionCounts.alongside(args, ctx, info);
      const as = args.as === "BUYER" ? "buyer" : "seller";
      return ctx.db.discussion.findMany({ ...query, where: myDiscussionsWhere(ctx.actor, as, args.status ?? undefined), orderBy: myDiscussionsOrder(as) });
    },
  }, { fields: totalFields }),
  discussionQueue: t.prismaConnection({
    type: "Discussion",
    cursor: "id",
    authScopes: { permissionAny: "moderate:discussion" },
    args: { filter: t.arg({ type: QueueFilter }) },
    description: "Escalated discussions for agents, longest waiting first.",
    totalCount: queueCounts.totalCount,
    resolve: (query, _p, args, ctx, info) => {
      queueCounts.alongside(args, ctx, info);
      return ctx.db.discussion.findMany({ ...query, where: agentQueueWhere(ctx, queueFilterOf(args.filter)), orderBy: AGENT_QUEUE_ORDER });
    },
  }, { fields: totalFields }),
  discussionMetrics: t.field({
    type: DiscussionMetrics,
    authScopes: { permission: "read:discussionMetrics" },
    args: { from: t.arg({ type: "DateTime" }), to: t.arg({ type: "DateTime" }) },
    description: "Share of discussions ended without intervention and sellers' on-time rate, over discussions opened in [from, to) (default: last 90 days).",
    resolve: (_r, args, ctx) => discussionMetrics(ctx, { from: args.from ?? undefined, to: args.to ?? undefined }),
  }),
  sellerResponseRecord: t.field({
    type: SellerRecord,
    args: { sellerId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => sellerResponseRecord(ctx, rawId(args.sellerId, "User")),
  }),
}));

function queueFilterOf(filter: { reason?: string | null; sellerId?: string | number | null; minWaitingHours?: number | null; assignment?: string | null } | null | undefined) {
  return {
    reason: (filter?.reason ?? undefined) as never,
    sellerId: filter?.sellerId ? rawId(filter.sellerId, "User") : undefined,
    minWaitingHours: filter?.minWaitingHours ?? undefined,
    assignment: (filter?.assignment ?? undefined) as never,
  };
}

/** Reloads the discussion with the selection the client asked for (an empty one when it asked for __typename only). */
function reload<Q extends { select?: object; include?: object }>(ctx: GraphQLContext, query: Q, id: string) {
  const selection = query.select && Object.keys(query.select).length === 0 ? { select: { id: true } } : query;
  return ctx.db.discussion.findUniqueOrThrow({ ...selection, where: { id } });
}

builder.mutationFields((t) => ({
  openDiscussion: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: {
      orderId: t.arg.id({ required: true }),
      reason: t.arg({ type: ReasonEnum, required: true }),
      description: t.arg.string({ required: true }),
      attachments: t.arg({ type: ["File"], description: "JPEG, PNG, WebP or PDF; at most 5 files of 10 MB" }),
      consents: t.arg({ type: ConsentAnswersInput, description: "Answers to the clauses of formClauses(form: OPEN_DISCUSSION)." }),
    },
    resolve: async (query, _r, args, ctx) => {
      const discussion = await openDiscussion(ctx, {
        orderId: rawId(args.orderId, "Order"),
        reason: args.reason,
        description: args.description,
        attachments: await uploadsOf(args.attachments),
        consents: consentAnswers(args.consents),
      });
      return reload(ctx, query, discussion.id) as never;
    },
  }),
  postDiscussionMessage: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: {
      discussionId: t.arg.id({ required: true }),
      body: t.arg.string({ required: true }),
      visibility: t.arg({ type: VisibilityEnum, description: "Agents only: address one party" }),
      informationRequest: t.arg.boolean({ description: "Agents only: mark as a request for information" }),
      attachments: t.arg({ type: ["File"] }),
    },
    resolve: async (query, _r, args, ctx) => {
      const { discussionId } = await postMessage(ctx, rawId(args.discussionId, "Discussion"), {
        body: args.body,
        visibility: args.visibility ?? undefined,
        informationRequest: args.informationRequest ?? undefined,
        attachments: await uploadsOf(args.attachments),
      });
      return reload(ctx, query, discussionId) as never;
    },
  }),
  proposeDiscussionSolution: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: {
      discussionId: t.arg.id({ required: true }),
      kind: t.arg({ type: SolutionEnum, required: true }),
      amount: t.arg.int({ description: "Grosze; only for PARTIAL_REFUND" }),
      note: t.arg.string(),
    },
    resolve: async (query, _r, args, ctx) => {
      const { discussionId } = await proposeSolution(ctx, rawId(args.discussionId, "Discussion"), {
        kind: args.kind,
        amount: args.amount ?? null,
        note: args.note ?? undefined,
      });
      return reload(ctx, query, discussionId) as never;
    },
  }),
  answerDiscussionProposal: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: { discussionId: t.arg.id({ required: true }), proposalId: t.arg.id({ required: true }), accept: t.arg.boolean({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { discussionId } = await answerProposal(ctx, rawId(args.discussionId, "Discussion"), rawId(args.proposalId, "DiscussionProposal"), args.accept);
      return reload(ctx, query, discussionId) as never;
    },
  }),
  closeDiscussionWithOutcome: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: {
      discussionId: t.arg.id({ required: true }),
      outcome: t.arg({ type: OutcomeEnum, required: true }),
      amount: t.arg.int({ description: "Grosze; only for PARTIAL_REFUND" }),
      note: t.arg.string({ required: true, description: "The reason the parties see" }),
    },
    resolve: async (query, _r, args, ctx) => {
      const { discussionId } = await closeWithOutcome(ctx, rawId(args.discussionId, "Discussion"), {
        outcome: args.outcome,
        amount: args.amount ?? null,
        note: args.note,
      });
      return reload(ctx, query, discussionId) as never;
    },
  }),
  referDiscussionToClaim: t.prismaField({
    type: "Discussion",
    errors: mutationErrors,
    args: { discussionId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { discussionId } = await referToClaim(ctx, rawId(args.discussionId, "Discussion"), { note: args.note });
      return reload(ctx, query, discussionId) as never;
    },
  }),
  ...Object.fromEntries(
    (
      [
        ["escalateDiscussion", escalateDiscussion, "Ask the platform for help (24 hours after opening)."],
        ["closeDiscussionAsResolved", closeAsResolved, "The buyer closes the discussion as resolved."],
        ["takeDiscussion", takeDiscussion, "An agent takes an escalated discussion (one agent at a time)."],
        ["releaseDiscussion", releaseDiscussion, "The agent gives the discussion back to the queue."],
      ] as const
    ).map(([name, command, description]) => [
      name,
      t.prismaField({
        type: "Discussion",
        description,
        errors: mutationErrors,
        args: { discussionId: t.arg.id({ required: true }) },
        resolve: async (query, _r, args, ctx) => {
          const { discussionId } = await command(ctx, rawId(args.discussionId, "Discussion"));
          return reload(ctx, query, discussionId) as never;
        },
      }),
    ]),
  ),
}));
