import type { DomainContext } from "../context";
import { cappedCount } from "../shared/capped-count";
import { authorize, can, canAny, isPerson, requirePerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { z } from "zod";
import { deadlinePosition } from "../shared/deadlines";
import { CLAIM_DECISION_DEADLINE } from "./policy";
import { precheck } from "./precheck.server";
import { caseTimeline } from "../cases/timeline.server";
import { myClaimsWhere } from "./views";
import { availableClaimCommands, type ClaimRole, type ClaimState } from "./state-machine";
import { claimRoleFor } from "./claims.server";
import { sellerResponseRecord } from "../discussions/public";

// Reading claims: visibility, the agents' queue (by decision deadline), one claim with its precheck.

export function visibleClaimsWhere(actor: Actor) {
  if (canAny(actor, "read", "claim")) return {};
  authorize(actor, "read", "claim", true);
  const me = requirePerson(actor).userId;
  return { OR: [{ buyerId: me }, { sellerId: me }] };
}

export const claimQueueFilterSchema = z.object({
  /** OPEN: waiting for a decision; SECOND_APPROVAL: waiting for a senior; DOCUMENTS: paused for the buyer. */
  stage: z.enum(["OPEN", "SECOND_APPROVAL", "DOCUMENTS"]).default("OPEN"),
  smartOnly: z.boolean().optional(),
  /** Only claims past their deadline. */
  breachedOnly: z.boolean().optional(),
  reason: z.enum(["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED"]).optional(),
});
export type ClaimQueueFilter = z.input<typeof claimQueueFilterSchema>;

const STAGE_STATUS = { OPEN: "SUBMITTED", SECOND_APPROVAL: "AWAITING_SECOND_APPROVAL", DOCUMENTS: "AWAITING_DOCUMENTS" } as const;

/** The claims queue, soonest decision deadline first — SMART claims (12 h) rise to the top when due sooner. */
export function claimQueueWhere(ctx: Pick<DomainContext, "actor" | "clock">, input: ClaimQueueFilter = {}) {
  authorize(ctx.actor, "decide", "claim");
  const filter = parseInput(claimQueueFilterSchema, input);
  return {
    status: STAGE_STATUS[filter.stage],
    ...(filter.smartOnly ? { smartAtFiling: true } : {}),
    ...(filter.breachedOnly ? breachedWhere(ctx.clock.now()) : {}),
    ...(filter.reason ? { reason: filter.reason } : {}),
  };
}
export const CLAIM_QUEUE_ORDER = [{ decisionDueAt: "asc" as const }, { id: "asc" as const }];

export type DeadlineState = "ok" | "soon" | "breached" | "paused" | "done";
/** A claim is in breach from the moment its deadline arrives, unless paused for documents (as deadlineState). */
export const breachedWhere = (now: Date) => ({ decisionDueAt: { lte: now }, pausedAt: null });
/** Breach warnings for the queue: past the deadline, or within two hours of it (shared/deadlines). */
export function deadlineState(claim: { status: string; decisionDueAt: Date; pausedAt: Date | null }, now: Date): DeadlineState {
  const done = ["APPROVED", "PAID", "REJECTED"].includes(claim.status);
  const { status } = deadlinePosition({ dueAt: claim.decisionDueAt, paused: !!claim.pausedAt, done }, now, CLAIM_DECISION_DEADLINE);
  return status === "due" ? "breached" : status;
}

export async function listClaimQueue(ctx: DomainContext, filter: ClaimQueueFilter = {}, page: { skip?: number; take?: number } = {}) {
  const where = claimQueueWhere(ctx, filter);
  const now = ctx.clock.now();
  const [total, breached, items] = await Promise.all([
    cappedCount((take) => ctx.db.claim.count({ where, take, orderBy: CLAIM_QUEUE_ORDER }), { skip: page.skip, take: page.take ?? 50 }),
    cappedCount((take) => ctx.db.claim.count({ where: { ...where, ...breachedWhere(now) }, take, orderBy: CLAIM_QUEUE_ORDER })),
    ctx.db.claim.findMany({
      where,
      orderBy: CLAIM_QUEUE_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 50, 100),
      include: { order: { select: { number: true, paymentMethod: true } }, buyer: { select: { name: true } }, seller: { select: { name: true } } },
    }),
  ]);
  return { total, breached, items: items.map((c) => ({ ...c, deadline: deadlineState(c, now) })) };
}

export async function listMyClaims(ctx: DomainContext, options: { skip?: number; take?: number } = {}) {
  const where = myClaimsWhere(ctx.actor);
  const [total, items] = await Promise.all([
    cappedCount((take) => ctx.db.claim.count({ where, take, orderBy: [{ filedAt: "desc" }, { id: "asc" }] }), { skip: options.skip, take: options.take ?? 25 }),
    ctx.db.claim.findMany({
      where,
      orderBy: [{ filedAt: "desc" }, { id: "asc" }],
      skip: options.skip ?? 0,
      take: Math.min(options.take ?? 25, 100),
      include: { order: { select: { number: true } }, payout: { select: { status: true, amount: true, executedAt: true } } },
    }),
  ]);
  return { total, items };
}

/** One claim as the actor may see it, with what they can do now; agents also get the precheck and the parties' record. */
export async function getClaim(ctx: DomainContext, claimId: string) {
  const id = parseInput(uuid, claimId);
  const claim = await ctx.db.claim.findFirst({
    where: { AND: [{ id }, visibleClaimsWhere(ctx.actor)] },
    include: {
      order: { include: { lines: { orderBy: { position: "asc" } } } },
      lines: { include: { orderLine: { select: { position: true, title: true, unitAmount: true } } } },
      buyer: { select: { id: true, name: true, smartUntil: true } },
      seller: { select: { id: true, name: true } },
      discussion: { select: { id: true, number: true, status: true, resolution: true, openedAt: true } },
      terms: true,
      documents: { select: { id: true, fileName: true, contentType: true, sizeBytes: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      payout: true,
      recovery: true,
      firstApprover: { select: { id: true, name: true } },
      secondApprover: { select: { id: true, name: true } },
    },
  });
  if (!claim) throw notFound("Claim");
  const now = ctx.clock.now();
  const staff = can(ctx.actor, "read", "claim", false);
  const userId = isPerson(ctx.actor) ? ctx.actor.userId : null;
  const state: ClaimState = {
    status: claim.status,
    decisionDueAt: claim.decisionDueAt,
    pausedAt: claim.pausedAt,
    maxAmount: claim.maxAmount,
    approvedAmount: claim.approvedAmount,
    firstApproverId: claim.firstApproverId,
    firstApprovedAt: claim.firstApprovedAt,
    secondApproverId: claim.secondApproverId,
    secondApprovedAt: claim.secondApprovedAt,
    decidedAt: claim.decidedAt,
    rejectionReason: claim.rejectionReason,
    decisionNote: claim.decisionNote,
  };
  const roles: ClaimRole[] = [];
  for (const probe of ["PROVIDE_DOCUMENTS", "APPROVE", "SECOND_APPROVE"] as const) {
    try {
      roles.push(claimRoleFor(ctx.actor, claim, probe));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  const actions = [...new Set(roles.flatMap((role) => availableClaimCommands(state, { role, userId }, now)))];
  // The agent's side panel: five independent reads, sent together rather than one after another.
  const agentView = staff
    ? await Promise.all([
        precheck(ctx.db, {
          orderId: claim.orderId,
          buyerId: claim.buyerId,
          lines: claim.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
          now: claim.filedAt,
          excludeClaimId: claim.id,
          refundNotReceived: claim.refundNotReceived,
        }),
        ctx.db.claim.findMany({
          where: { buyerId: claim.buyerId, id: { not: claim.id } },
          orderBy: { filedAt: "desc" },
          take: 10,
          select: { id: true, number: true, status: true, reason: true, filedAt: true, approvedAmount: true },
        }),
        cappedCount((take) => ctx.db.claim.count({ where: { buyerId: claim.buyerId }, take })),
        ctx.db.claim.groupBy({ by: ["status"], where: { sellerId: claim.sellerId }, _count: { _all: true }, _sum: { approvedAmount: true } }),
        sellerResponseRecord(ctx, claim.sellerId).catch(() => null),
      ]).then(([precheckResult, buyerClaims, buyerClaimCount, sellerClaims, sellerDiscussions]) => ({
        precheck: precheckResult,
        buyerClaims,
        buyerClaimCount,
        sellerClaims,
        sellerDiscussions,
      }))
    : null;
  return { claim, state, actions, deadline: deadlineState(claim, now), role: claim.buyerId === userId ? "BUYER" : claim.sellerId === userId ? "SELLER" : "AGENT", agentView };
}

/**
 * A claim's timeline as the actor may see it: every event with the note that explains it, in ONE statement.
 * Callers that already hold the claim's row (GraphQL's node) pass its parties; with an id the claim is looked
 * up first (visibility). Parties see what happened and the notes addressed to them; staff also see which
 * agent did it (actorId) and the notes between agents.
 */
export async function claimTimeline(ctx: DomainContext, claimRef: string | { id: string; buyerId: string; sellerId: string }) {
  const claim =
    typeof claimRef === "string"
      ? await ctx.db.claim.findFirst({ where: { AND: [{ id: parseInput(uuid, claimRef) }, visibleClaimsWhere(ctx.actor)] }, select: { id: true } })
      : maySeeClaim(ctx.actor, claimRef)
        ? claimRef
        : null;
  if (!claim) throw notFound("Claim");
  const staff = can(ctx.actor, "read", "claim", false);
  return caseTimeline(ctx.db, "CLAIM", claim.id, staff ? "STAFF" : "PARTY");
}

/** visibleClaimsWhere for a row already loaded. */
function maySeeClaim(actor: Actor, claim: { buyerId: string; sellerId: string }): boolean {
  if (canAny(actor, "read", "claim")) return true;
  if (!isPerson(actor) || !can(actor, "read", "claim", true)) return false;
  return claim.buyerId === actor.userId || claim.sellerId === actor.userId;
}

/**
 * The precheck an agent sees on a claim (judged at the filing time, the claim itself left out): the claim's
 * row and the precheck's own reads, without the rest of the claim page.
 */
export async function agentClaimPrecheck(ctx: DomainContext, claimId: string) {
  const id = parseInput(uuid, claimId);
  authorize(ctx.actor, "read", "claim");
  const claim = await ctx.db.claim.findFirst({
    where: { AND: [{ id }, visibleClaimsWhere(ctx.actor)] },
    select: { id: true, orderId: true, buyerId: true, filedAt: true, refundNotReceived: true, lines: { select: { orderLineId: true, quantity: true } } },
  });
  if (!claim) throw notFound("Claim");
  return precheck(ctx.db, {
    orderId: claim.orderId,
    buyerId: claim.buyerId,
    lines: claim.lines,
    now: claim.filedAt,
    excludeClaimId: claim.id,
    refundNotReceived: claim.refundNotReceived,
  });
}

/** A claim document for download: the claim's buyer and seller, and staff. */
export async function claimDocumentForDownload(ctx: DomainContext, attachmentId: string) {
  const id = parseInput(uuid, attachmentId);
  const attachment = await ctx.db.attachment.findFirst({ where: { id, claim: visibleClaimsWhere(ctx.actor) } });
  if (!attachment) throw new DomainError(ErrorCode.NOT_FOUND, "Attachment not found");
  return attachment;
}
