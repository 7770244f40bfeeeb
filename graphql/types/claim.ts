import { builder, type GraphQLContext } from "../builder";
import { consentAnswers, ConsentAnswersInput } from "./consent-answers";
import { countedConnection, totalFields } from "./totals";
import { mutationErrors } from "./errors";
import { Money, money, uploadsOf } from "./scalars";
import { rawId } from "./admin";
import { safeWhere } from "./visibility";
import { CLAIM_REASONS, PAYMENT_METHODS, REJECTION_REASONS } from "~/domain/claims/schemas";
import {
  approveClaim,
  declineSecondApproval,
  fileClaim,
  precheckForBuyer,
  provideDocuments,
  rejectClaim,
  requestDocuments,
  secondApproveClaim,
} from "~/domain/claims/claims.server";
import { agentClaimPrecheck, CLAIM_QUEUE_ORDER, claimQueueWhere, claimTimeline, deadlineState, getClaim, visibleClaimsWhere } from "~/domain/claims/queries.server";
import { claimMetrics, claimMetricsByYear } from "~/domain/claims/metrics.server";
import { maySeeRecovery, myClaimsWhere } from "~/domain/claims/views";
import { createTermsVersion, readFourEyesThreshold, setFourEyesThreshold } from "~/domain/program-terms/terms.server";
import type { Precheck } from "~/domain/claims/precheck.server";

// Buyer-protection claims through the API; every rule is in app/domain/claims.

const ReasonEnum = builder.enumType("ClaimReason", { values: CLAIM_REASONS });
const StatusEnum = builder.enumType("ClaimStatus", {
  values: ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL", "APPROVED", "PAID", "REJECTED"] as const,
});
const RejectionEnum = builder.enumType("ClaimRejectionReason", { values: REJECTION_REASONS });
const DeadlineEnum = builder.enumType("ClaimDeadlineState", { values: ["ok", "soon", "breached", "paused", "done"] as const });
const StageEnum = builder.enumType("ClaimQueueStage", { values: ["OPEN", "SECOND_APPROVAL", "DOCUMENTS"] as const });
const PaymentMethodRef = builder.enumType("CoveredPaymentMethod", { values: PAYMENT_METHODS });

builder.prismaObject("ProgramTerms", {
  fields: (t) => ({
    id: t.exposeID("id"),
    version: t.exposeString("version"),
    name: t.exposeString("name"),
    effectiveFrom: t.expose("effectiveFrom", { type: "DateTime" }),
    coveredPaymentMethods: t.field({ type: [PaymentMethodRef], resolve: (terms) => terms.coveredPaymentMethods }),
    shippingCoveredPaymentMethods: t.field({ type: [PaymentMethodRef], resolve: (terms) => terms.shippingCoveredPaymentMethods }),
    shippingCap: t.field({ type: Money, resolve: (terms) => money(terms.shippingCap) }),
    perClaimCap: t.field({ type: Money, resolve: (terms) => money(terms.perClaimCap) }),
    perPersonCap: t.field({ type: Money, nullable: true, resolve: (terms) => (terms.perPersonCap === null ? null : money(terms.perPersonCap)) }),
    perPersonCapWindowDays: t.exposeInt("perPersonCapWindowDays", { nullable: true }),
    discussionWindowDays: t.exposeInt("discussionWindowDays"),
    claimWindowDays: t.exposeInt("claimWindowDays"),
    standardDecisionHours: t.exposeInt("standardDecisionHours"),
    smartDecisionHours: t.exposeInt("smartDecisionHours"),
  }),
});

builder.prismaObject("ClaimLine", {
  fields: (t) => ({
    id: t.exposeID("id"),
    quantity: t.exposeInt("quantity"),
    amount: t.field({ type: Money, resolve: (l) => money(l.amount) }),
    orderLine: t.relation("orderLine"),
  }),
});

builder.prismaObject("Payout", {
  fields: (t) => ({
    id: t.exposeID("id"),
    amount: t.field({ type: Money, resolve: (p) => money(p.amount, p.currency) }),
    status: t.exposeString("status"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    executedAt: t.expose("executedAt", { type: "DateTime", nullable: true }),
    transferReference: t.exposeString("transferReference", { nullable: true }),
  }),
});

const SellerRecovery = builder.prismaObject("SellerRecovery", {
  fields: (t) => ({
    id: t.exposeID("id"),
    amount: t.field({ type: Money, resolve: (r) => money(r.amount, r.currency) }),
    status: t.exposeString("status"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const ClaimEvent = builder
  .objectRef<{ id: string; at: Date; type: string; actorRole: string; actorId: string | null; data: Record<string, unknown>; note: string | null }>("ClaimEvent")
  .implement({
    fields: (t) => ({
      id: t.exposeString("id"),
      at: t.expose("at", { type: "DateTime" }),
      type: t.exposeString("type"),
      actorRole: t.exposeString("actorRole"),
      actorId: t.exposeString("actorId", { nullable: true, description: "Staff only" }),
      data: t.string({ resolve: (e) => JSON.stringify(e.data ?? {}) }),
      note: t.exposeString("note", {
        nullable: true,
        description: "The note explaining this event, when you may read it (notes between agents are for staff only)",
      }),
    }),
  });

export const ClaimNode = builder.prismaNode("Claim", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleClaimsWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeInt("number"),
    reference: t.string({ select: { number: true }, resolve: (c) => `C-${c.number}` }),
    reason: t.expose("reason", { type: ReasonEnum }),
    description: t.exposeString("description"),
    policeReport: t.exposeBoolean("policeReport"),
    status: t.expose("status", { type: StatusEnum }),
    filedAt: t.expose("filedAt", { type: "DateTime" }),
    smartAtFiling: t.exposeBoolean("smartAtFiling"),
    decisionDueAt: t.expose("decisionDueAt", { type: "DateTime" }),
    deadlineState: t.field({
      type: DeadlineEnum,
      select: { status: true, decisionDueAt: true, pausedAt: true },
      resolve: (c, _a, ctx) => deadlineState(c, ctx.clock.now()),
    }),
    itemsAmount: t.field({ type: Money, select: { itemsAmount: true }, resolve: (c) => money(c.itemsAmount) }),
    shippingAmount: t.field({ type: Money, select: { shippingAmount: true }, resolve: (c) => money(c.shippingAmount) }),
    maxAmount: t.field({ type: Money, select: { maxAmount: true }, resolve: (c) => money(c.maxAmount) }),
    capApplied: t.exposeBoolean("capApplied"),
    settledAmount: t.field({
      type: Money,
      description: "The part of the refunds settled in the order's discussions deducted from the maximum at filing.",
      select: { settledAmount: true },
      resolve: (c) => money(c.settledAmount),
    }),
    refundNotReceived: t.exposeBoolean("refundNotReceived", {
      description: "The buyer says the refund settled in the discussion did not arrive: it was not deducted, and agents must check it before approving.",
    }),
    approvedAmount: t.field({ type: Money, nullable: true, select: { approvedAmount: true }, resolve: (c) => (c.approvedAmount === null ? null : money(c.approvedAmount)) }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    rejectionReason: t.expose("rejectionReason", { type: RejectionEnum, nullable: true }),
    decisionNote: t.exposeString("decisionNote", { nullable: true, description: "The reasons the buyer sees" }),
    order: t.relation("order"),
    buyer: t.relation("buyer"),
    seller: t.relation("seller"),
    discussion: t.relation("discussion", { nullable: true }),
    terms: t.relation("terms"),
    lines: t.relation("lines"),
    documents: t.relation("documents", { query: { orderBy: { createdAt: "asc" } } }),
    payout: t.relation("payout", { nullable: true }),
    recovery: t.field({
      type: SellerRecovery,
      nullable: true,
      description: "The seller and staff only (the domain's claim views)",
      select: (_args, _ctx, nestedSelection) => ({ buyerId: true, sellerId: true, recovery: nestedSelection(true) }),
      resolve: (c, _a, ctx) => (maySeeRecovery(ctx.actor, c) ? c.recovery : null),
    }),
    viewerActions: t.stringList({ select: { id: true }, resolve: async (c, _a, ctx) => (await getClaim(ctx, c.id)).actions }),
    timeline: t.field({ type: [ClaimEvent], select: { id: true, buyerId: true, sellerId: true }, resolve: (c, _a, ctx) => claimTimeline(ctx, c) }),
  }),
});

const PrecheckCheck = builder.objectRef<Precheck["checks"][number]>("ClaimPrecheckCheck").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    ok: t.exposeBoolean("ok"),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    params: t.string({ nullable: true, resolve: (c) => (c.params ? JSON.stringify(c.params) : null) }),
  }),
});

const SettlementDecider = builder.enumType("SettlementDecidedBy", {
  values: { SELLER: { description: "The buyer accepted the seller's proposal" }, AGENT: { description: "The platform decided (or proposed)" } } as const,
});

const DiscussionSettlementRef = builder.objectRef<Precheck["settlements"][number]>("ClaimDiscussionSettlement").implement({
  description: "A refund a discussion about the order already settled; it counts against the claim's maximum.",
  fields: (t) => ({
    discussionReference: t.string({ resolve: (s) => `D-${s.number}` }),
    outcome: t.exposeString("outcome", { description: "REFUND, PARTIAL_REFUND or RETURN_AND_REFUND" }),
    amount: t.field({ type: Money, description: "Over the whole order: the order total for a full refund", resolve: (s) => money(s.amount) }),
    decidedBy: t.field({ type: SettlementDecider, resolve: (s) => s.decidedBy }),
    decidedAt: t.expose("decidedAt", { type: "DateTime" }),
  }),
});

const ClaimPrecheck = builder.objectRef<Precheck>("ClaimPrecheck").implement({
  description: "Advice, not a decision: is the purchase covered, and what is the most that can be paid.",
  fields: (t) => ({
    eligible: t.exposeBoolean("eligible"),
    checks: t.field({ type: [PrecheckCheck], resolve: (p) => p.checks }),
    termsVersion: t.string({ resolve: (p) => p.terms.version }),
    covered: t.boolean({ resolve: (p) => p.compensation.covered }),
    itemsAmount: t.field({ type: Money, resolve: (p) => money(p.compensation.itemsAmount) }),
    shippingAmount: t.field({ type: Money, resolve: (p) => money(p.compensation.shippingAmount) }),
    shippingCapApplied: t.boolean({ resolve: (p) => p.compensation.shippingCapApplied }),
    claimCapApplied: t.boolean({ resolve: (p) => p.compensation.claimCapApplied }),
    personCapApplied: t.boolean({ resolve: (p) => p.compensation.personCapApplied }),
    maxAmount: t.field({ type: Money, resolve: (p) => money(p.compensation.maxAmount) }),
    termsMaxAmount: t.field({ type: Money, description: "What the terms allow before the settled refunds", resolve: (p) => money(p.compensation.termsMaxAmount) }),
    settledAmount: t.field({ type: Money, description: "Refunds the order's discussions settled, in total", resolve: (p) => money(p.compensation.settledAmount) }),
    settledDeducted: t.field({ type: Money, description: "The part of them deducted from this claim", resolve: (p) => money(p.compensation.settledDeducted) }),
    settlements: t.field({ type: [DiscussionSettlementRef], resolve: (p) => p.settlements }),
    refundNotReceived: t.exposeBoolean("refundNotReceived", {
      description: "The buyer says the settled refund did not arrive: not deducted; check it before approving.",
    }),
    smart: t.exposeBoolean("smart"),
    decisionHours: t.exposeInt("decisionHours"),
  }),
});

const Hours = builder.objectRef<{ standard: number | null; smart: number | null }>("HoursByTier").implement({
  fields: (t) => ({ standard: t.exposeFloat("standard", { nullable: true }), smart: t.exposeFloat("smart", { nullable: true }) }),
});

const ClaimMetrics = builder.objectRef<Awaited<ReturnType<typeof claimMetrics>>>("ClaimMetrics").implement({
  fields: (t) => ({
    from: t.expose("from", { type: "DateTime" }),
    to: t.expose("to", { type: "DateTime" }),
    transactions: t.exposeInt("transactions"),
    reimbursements: t.exposeInt("reimbursements"),
    transactionsPerReimbursement: t.exposeFloat("transactionsPerReimbursement", { nullable: true }),
    reimbursementShare: t.exposeFloat("reimbursementShare", { nullable: true, description: "Reimbursements / transactions (0–1)" }),
    amountPaid: t.field({ type: Money, resolve: (m) => money(m.amountPaid) }),
    averageHoursToRefund: t.field({ type: Hours, resolve: (m) => m.averageHoursToRefund }),
    p90HoursToRefund: t.field({ type: Hours, resolve: (m) => m.p90HoursToRefund }),
    decided: t.exposeInt("decided"),
    approved: t.exposeInt("approved"),
    approvalRate: t.exposeFloat("approvalRate", { nullable: true }),
    amountPaidByReason: t.field({
      type: [builder.objectRef<{ reason: string; amount: number; count: number }>("ClaimAmountByReason").implement({
        fields: (f) => ({ reason: f.exposeString("reason"), count: f.exposeInt("count"), amount: f.field({ type: Money, resolve: (r) => money(r.amount) }) }),
      })],
      resolve: (m) => m.amountPaidByReason,
    }),
  }),
});

const ClaimMetricsYear = builder.objectRef<Awaited<ReturnType<typeof claimMetricsByYear>>[number]>("ClaimMetricsYear").implement({
  fields: (t) => ({
    year: t.exposeInt("year"),
    transactions: t.exposeInt("transactions"),
    reimbursements: t.exposeInt("reimbursements"),
    transactionsPerReimbursement: t.exposeFloat("transactionsPerReimbursement", { nullable: true }),
    averageHoursToRefund: t.field({ type: Hours, resolve: (m) => m.averageHoursToRefund }),
  }),
});

const QueueFilter = builder.inputType("ClaimQueueFilter", {
  fields: (t) => ({
    stage: t.field({ type: StageEnum }),
    smartOnly: t.boolean(),
    breachedOnly: t.boolean(),
    reason: t.field({ type: ReasonEnum }),
  }),
});

const LineInput = builder.inputType("ClaimLineInput", {
  fields: (t) => ({ orderLineId: t.id({ required: true, description: "OrderLine id (raw uuid)" }), quantity: t.int({ required: true }) }),
});

const queueFilter = (f: { stage?: string | null; smartOnly?: boolean | null; breachedOnly?: boolean | null; reason?: string | null } | null | undefined) => ({
  stage: (f?.stage ?? undefined) as never,
  smartOnly: f?.smartOnly ?? undefined,
  breachedOnly: f?.breachedOnly ?? undefined,
  reason: (f?.reason ?? undefined) as never,
});

const claimQueueCounts = countedConnection((args: { filter?: Parameters<typeof queueFilter>[0] }, ctx) => (take) =>
  ctx.db.claim.count({ where: claimQueueWhere(ctx, queueFilter(args.filter)), ...(take ? { take, orderBy: CLAIM_QUEUE_ORDER } : {}) }),
);

builder.queryFields((t) => ({
  claimQueue: t.prismaConnection({
    type: "Claim",
    cursor: "id",
    authScopes: { permission: "decide:claim" },
    args: { filter: t.arg({ type: QueueFilter }) },
    description: "Claims waiting for a decision, soonest deadline first (SMART claims rise to the top when due sooner).",
    totalCount: claimQueueCounts.totalCount,
    resolve: (query, _p, args, ctx, info) => {
      claimQueueCounts.alongside(args, ctx, info);
      return ctx.db.claim.findMany({ ...query, where: claimQueueWhere(ctx, queueFilter(args.filter)), orderBy: CLAIM_QUEUE_ORDER });
    },
  }, { fields: totalFields }),
  myClaims: t.prismaConnection({
    type: "Claim",
    cursor: "id",
    authScopes: { permission: "read:claim" },
    description: "Claims about the viewer's purchases (as buyer) or sales (as seller), newest first.",
    resolve: (query, _p, _a, ctx) => ctx.db.claim.findMany({ ...query, where: myClaimsWhere(ctx.actor), orderBy: [{ filedAt: "desc" }, { id: "asc" }] }),
  }),
  claimPrecheck: t.field({
    type: ClaimPrecheck,
    args: {
      orderId: t.arg.id({ required: true }),
      lines: t.arg({ type: [LineInput], required: true }),
      refundNotReceived: t.arg.boolean({ description: "The refund settled in the discussion did not arrive" }),
    },
    description: "The buyer's precheck before filing (the same computation agents see).",
    resolve: (_r, args, ctx) =>
      precheckForBuyer(ctx, {
        orderId: rawId(args.orderId, "Order"),
        lines: args.lines.map((l) => ({ orderLineId: String(l.orderLineId), quantity: l.quantity })),
        refundNotReceived: args.refundNotReceived ?? false,
      }),
  }),
  agentClaimPrecheck: t.field({
    type: ClaimPrecheck,
    args: { claimId: t.arg.id({ required: true }) },
    authScopes: { permission: "decide:claim" },
    resolve: (_r, args, ctx) => agentClaimPrecheck(ctx, rawId(args.claimId, "Claim")),
  }),
  claimMetrics: t.field({
    type: ClaimMetrics,
    authScopes: { permission: "read:claimMetrics" },
    args: { from: t.arg({ type: "DateTime" }), to: t.arg({ type: "DateTime" }) },
    resolve: (_r, args, ctx) => claimMetrics(ctx, { from: args.from ?? undefined, to: args.to ?? undefined }),
  }),
  claimMetricsByYear: t.field({
    type: [ClaimMetricsYear],
    authScopes: { permission: "read:claimMetrics" },
    args: { years: t.arg.int({ defaultValue: 3 }) },
    resolve: (_r, args, ctx) => claimMetricsByYear(ctx, Math.min(Math.max(args.years ?? 3, 1), 10)),
  }),
  programTerms: t.prismaField({
    type: ["ProgramTerms"],
    authScopes: { signedIn: true },
    description: "All versions of the Buyer Protection Program terms, newest first.",
    resolve: (query, _r, _a, ctx) => ctx.db.programTerms.findMany({ ...query, orderBy: { effectiveFrom: "desc" } }),
  }),
  fourEyesThreshold: t.field({
    type: Money,
    description: "Approvals above this amount need a second, senior agent. Readable by those who set it and by agents.",
    authScopes: { signedIn: true },
    resolve: async (_r, _a, ctx) => money(await readFourEyesThreshold(ctx)),
  }),
}));

function reloadClaim<Q extends { select?: object; include?: object }>(ctx: GraphQLContext, query: Q, id: string) {
  const selection = query.select && Object.keys(query.select).length === 0 ? { select: { id: true } } : query;
  return ctx.db.claim.findUniqueOrThrow({ ...selection, where: { id } });
}

builder.mutationFields((t) => ({
  fileClaim: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    args: {
      orderId: t.arg.id({ required: true }),
      lines: t.arg({ type: [LineInput], required: true }),
      reason: t.arg({ type: ReasonEnum, required: true }),
      description: t.arg.string({ required: true }),
      policeReport: t.arg.boolean({ description: "A confirmation that the police accepted a fraud report is attached" }),
      refundNotReceived: t.arg.boolean({ description: "The refund settled in the discussion did not arrive (it is then not deducted; an agent checks it)" }),
      documents: t.arg({ type: ["File"], description: "JPEG, PNG, WebP or PDF; at most 5 files of 10 MB" }),
      consents: t.arg({ type: ConsentAnswersInput, description: "Answers to the clauses of formClauses(form: FILE_CLAIM)." }),
    },
    resolve: async (query, _r, args, ctx) => {
      const claim = await fileClaim(ctx, {
        consents: consentAnswers(args.consents),
        orderId: rawId(args.orderId, "Order"),
        lines: args.lines.map((l) => ({ orderLineId: String(l.orderLineId), quantity: l.quantity })),
        reason: args.reason,
        description: args.description,
        policeReport: args.policeReport ?? false,
        refundNotReceived: args.refundNotReceived ?? false,
        documents: await uploadsOf(args.documents),
      });
      return reloadClaim(ctx, query, claim.id) as never;
    },
  }),
  approveClaim: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    description: "Approve in full (no amount) or partially (amount below the maximum, with a note the buyer sees).",
    args: { claimId: t.arg.id({ required: true }), amount: t.arg.int({ description: "Grosze" }), note: t.arg.string() },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await approveClaim(ctx, rawId(args.claimId, "Claim"), { amount: args.amount ?? undefined, note: args.note ?? undefined });
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  rejectClaim: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    args: { claimId: t.arg.id({ required: true }), reason: t.arg({ type: RejectionEnum, required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await rejectClaim(ctx, rawId(args.claimId, "Claim"), { reason: args.reason, note: args.note });
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  requestClaimDocuments: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    args: { claimId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await requestDocuments(ctx, rawId(args.claimId, "Claim"), { note: args.note });
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  provideClaimDocuments: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    args: { claimId: t.arg.id({ required: true }), documents: t.arg({ type: ["File"], required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await provideDocuments(ctx, rawId(args.claimId, "Claim"), { documents: await uploadsOf(args.documents) });
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  secondApproveClaim: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    description: "A senior agent, other than the first approver, confirms an approval above the four-eyes threshold.",
    args: { claimId: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await secondApproveClaim(ctx, rawId(args.claimId, "Claim"));
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  declineSecondApproval: t.prismaField({
    type: "Claim",
    errors: mutationErrors,
    args: { claimId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { claimId } = await declineSecondApproval(ctx, rawId(args.claimId, "Claim"), { note: args.note });
      return reloadClaim(ctx, query, claimId) as never;
    },
  }),
  createProgramTermsVersion: t.prismaField({
    type: "ProgramTerms",
    errors: mutationErrors,
    args: {
      version: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      effectiveFrom: t.arg({ type: "DateTime", required: true }),
      coveredPaymentMethods: t.arg({ type: [PaymentMethodRef], required: true }),
      shippingCoveredPaymentMethods: t.arg({ type: [PaymentMethodRef], required: true }),
      shippingCap: t.arg.int({ required: true }),
      perClaimCap: t.arg.int({ required: true }),
      perPersonCap: t.arg.int(),
      perPersonCapWindowDays: t.arg.int(),
      discussionWindowDays: t.arg.int({ required: true }),
      claimWindowDays: t.arg.int({ required: true }),
      standardDecisionHours: t.arg.int({ required: true }),
      smartDecisionHours: t.arg.int({ required: true }),
    },
    // The created row is the answer: ProgramTerms exposes no relations, so nothing needs reading after the
    // commit. (A re-read with the client's selection failed when the client asked for __typename only: an
    // empty Prisma select, answered INTERNAL although the version had been written.)
    resolve: async (_query, _r, args, ctx) =>
      createTermsVersion(ctx, { ...args, perPersonCap: args.perPersonCap ?? null, perPersonCapWindowDays: args.perPersonCapWindowDays ?? null }),
  }),
  setFourEyesThreshold: t.field({
    type: Money,
    errors: mutationErrors,
    args: { amount: t.arg.int({ required: true, description: "Grosze" }) },
    resolve: async (_r, args, ctx) => money(await setFourEyesThreshold(ctx, { amount: args.amount })),
  }),
}));
