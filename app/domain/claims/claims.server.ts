import { createHash } from "node:crypto";
import { checkConsents, recordConsents } from "../consents/record.server";
import type { ConsentAnswers } from "../consents/schemas";
import type { Db, DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { recordChange, recordChanges } from "../cases/recorder.server";
import { runCaseCommand } from "../cases/command-runner.server";
import { caseNotifier } from "../cases/notify";
import { checkUploads, type CheckedFile, type UploadedFile } from "../cases/attachments.server";
import type { OutgoingNotification } from "../notifications/outbox.server";
import { authorize, can, isPerson, requirePerson, systemActor, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import type { Clock } from "../shared/time";
import { DAY } from "../shared/time";
import { orderCeiling, settledRefund, settledShare, type PaymentMethod } from "./compensation";
import { approvedForPerson, orderSettlements, precheck, precheckError } from "./precheck.server";
import { claimEvents } from "./events";
import { approveSchema, fileClaimSchema, noteSchema, precheckSchema, rejectSchema } from "./schemas";
import {
  decisionDeadline,
  transitionClaim,
  type ApprovalLimits,
  type ClaimCommand,
  type ClaimRole,
  type ClaimState,
  type ClaimTransition,
} from "./state-machine";
import { fourEyesThreshold } from "../program-terms/terms.server";

// Buyer-protection claims: one function per use case, called by the UI, the API and the payout worker.
// Money safety: every decision locks the order row first, then the claim; the amount is checked against
// the claim's maximum, the order's remaining ceiling and the person's cap inside that lock; a payout is
// one row per claim with a unique idempotency key, executed once.

// ─────────────── precheck and filing ───────────────

/** The buyer's precheck for the form: covered? maximum? breakdown. Advisory; never throws for ineligibility. */
export async function precheckForBuyer(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(precheckSchema, input);
  authorize(actor, "create", "claim", true);
  try {
    return await precheck(ctx.db, {
      orderId: data.orderId,
      buyerId: actor.userId,
      lines: data.lines,
      now: ctx.clock.now(),
      refundNotReceived: data.refundNotReceived,
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound("Order");
    throw error;
  }
}

export interface FileClaimInput {
  orderId: string;
  lines: { orderLineId: string; quantity: number }[];
  reason: string;
  description: string;
  policeReport?: boolean;
  /** The refund the discussion settled did not arrive: it is not deducted, and the agent checks it. */
  refundNotReceived?: boolean;
  documents?: UploadedFile[];
  /** The answers to the clauses of the FILE_CLAIM position. */
  consents?: ConsentAnswers;
}

export async function fileClaim(ctx: DomainContext, input: FileClaimInput) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(fileClaimSchema, input);
  const files = await checkUploads(input.documents ?? []);
  return inTransaction(ctx, async (tx) => {
    await lockOrder(tx, data.orderId);
    const order = await tx.order.findUnique({ where: { id: data.orderId }, select: { id: true, buyerId: true, sellerId: true } });
    if (!order || (order.buyerId !== actor.userId && order.sellerId !== actor.userId && !can(actor, "read", "order", false))) throw notFound("Order");
    authorize(actor, "create", "claim", order.buyerId === actor.userId);
    if (order.buyerId !== actor.userId) throw new DomainError(ErrorCode.NOT_THE_ORDERS_BUYER, "Only the order's buyer can file a claim");
    const now = ctx.clock.now();
    // Checked again under the order lock: two filings for the same lines cannot both pass.
    const result = await precheck(tx, { orderId: order.id, buyerId: actor.userId, lines: data.lines, now, refundNotReceived: data.refundNotReceived });
    const error = precheckError(result);
    if (error) throw error;
    const consents = await checkConsents(tx, "FILE_CLAIM", input.consents);
    const claim = await tx.claim.create({
      data: {
        orderId: order.id,
        buyerId: actor.userId,
        sellerId: order.sellerId,
        discussionId: result.qualifyingDiscussionId,
        termsId: result.terms.id,
        reason: data.reason,
        description: data.description,
        policeReport: data.policeReport,
        filedAt: now,
        smartAtFiling: result.smart,
        decisionDueAt: decisionDeadline(now, result.smart, result.terms),
        itemsAmount: result.compensation.itemsAmount,
        shippingAmount: result.compensation.shippingAmount,
        maxAmount: result.compensation.maxAmount,
        capApplied: result.compensation.claimCapApplied || result.compensation.personCapApplied,
        settledAmount: result.compensation.settledDeducted,
        refundNotReceived: result.refundNotReceived,
        lastActivityAt: now,
        lines: {
          create: result.lines
            .filter((l) => l.requested > 0)
            .map((l) => ({ orderLineId: l.orderLineId, quantity: l.requested, amount: l.unitAmount * l.requested })),
        },
      },
    });
    await storeClaimDocuments(tx, claim.id, actor.userId, now, files);
    await recordConsents(tx, ctx, consents, { claimId: claim.id });
    await recordChange(tx, ctx, claimEvents, {
      caseId: claim.id,
      type: "FILED",
      actorRole: "BUYER",
      data: {
        maxAmount: claim.maxAmount,
        termsVersion: result.terms.version,
        smart: result.smart,
        documents: files.length,
        settledDeducted: claim.settledAmount,
        refundNotReceived: claim.refundNotReceived,
      },
      auditMetadata: { orderId: order.id, maxAmount: claim.maxAmount, termsVersion: result.terms.version },
      notify: (eventId) => claimNotifications("FILED", claim, eventId),
    });
    return claim;
  });
}

async function storeClaimDocuments(tx: Tx, claimId: string, uploadedById: string, at: Date, files: CheckedFile[]) {
  if (!files.length) return;
  await tx.attachment.createMany({
    data: files.map((file) => ({
      claimId,
      uploadedById,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.data.byteLength,
      sha256: file.sha256,
      content: Buffer.from(file.data),
      createdAt: at,
    })),
  });
}

// ─────────────── decisions ───────────────

async function lockOrder(tx: Tx, orderId: string) {
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`;
}

type ClaimRow = NonNullable<Awaited<ReturnType<typeof loadClaim>>>;
function loadClaim(tx: Tx, claimId: string) {
  return tx.claim.findUnique({ where: { id: claimId }, include: { order: true, terms: true } });
}

function stateOfClaim(row: ClaimRow): ClaimState {
  return {
    status: row.status,
    decisionDueAt: row.decisionDueAt,
    pausedAt: row.pausedAt,
    maxAmount: row.maxAmount,
    approvedAmount: row.approvedAmount,
    firstApproverId: row.firstApproverId,
    firstApprovedAt: row.firstApprovedAt,
    secondApproverId: row.secondApproverId,
    secondApprovedAt: row.secondApprovedAt,
    decidedAt: row.decidedAt,
    rejectionReason: row.rejectionReason,
    decisionNote: row.decisionNote,
  };
}

const SECOND_APPROVAL = new Set(["SECOND_APPROVE", "SECOND_DECLINE"]);

/** The actor's part in a claim for a command; outsiders get NOT_FOUND so claim ids cannot be probed. */
export function claimRoleFor(actor: Actor, claim: { buyerId: string; sellerId: string }, commandType: ClaimCommand["type"]): ClaimRole {
  if (actor.type === "system") return "SYSTEM";
  if (!isPerson(actor)) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  if (SECOND_APPROVAL.has(commandType)) {
    if (can(actor, "secondApprove", "claim")) return "SENIOR_AGENT";
    if (can(actor, "decide", "claim")) throw new DomainError(ErrorCode.FORBIDDEN, "The second approval needs a senior agent");
  } else {
    if (actor.userId === claim.buyerId && can(actor, "create", "claim", true)) return "BUYER";
    if (can(actor, "decide", "claim")) return can(actor, "secondApprove", "claim") ? "SENIOR_AGENT" : "AGENT";
  }
  if (can(actor, "read", "claim", actor.userId === claim.buyerId || actor.userId === claim.sellerId)) {
    throw new DomainError(ErrorCode.FORBIDDEN, "You may read this claim but not act on it");
  }
  throw notFound("Claim");
}

/** Limits for an approval of `claim`, computed inside the order lock. */
async function approvalLimits(tx: Tx, claim: ClaimRow, now: Date): Promise<ApprovalLimits> {
  const others = await tx.claim.aggregate({
    _sum: { approvedAmount: true },
    where: { orderId: claim.orderId, id: { not: claim.id }, status: { in: ["AWAITING_SECOND_APPROVAL", "APPROVED", "PAID"] } },
  });
  const ceiling = orderCeiling(
    {
      coveredPaymentMethods: claim.terms.coveredPaymentMethods as PaymentMethod[],
      shippingCoveredPaymentMethods: claim.terms.shippingCoveredPaymentMethods as PaymentMethod[],
      shippingCap: claim.terms.shippingCap,
      perClaimCap: claim.terms.perClaimCap,
      perPersonCap: claim.terms.perPersonCap,
    },
    claim.order,
  );
  let personRemaining: number | null = null;
  if (claim.terms.perPersonCap !== null && claim.terms.perPersonCapWindowDays !== null) {
    const since = new Date(now.getTime() - claim.terms.perPersonCapWindowDays * DAY);
    personRemaining = Math.max(0, claim.terms.perPersonCap - (await approvedForPerson(tx, claim.buyerId, since, claim.id)));
  }
  // What the order's discussions settled is re-read now: a refund decided after filing still counts.
  const settled = settledRefund(
    await orderSettlements(tx, { ...claim.order, buyerId: claim.buyerId }),
    claim.order.itemsAmount + claim.order.shippingAmount,
  );
  const claimedValue = claim.itemsAmount + (claim.shippingAmount > 0 ? claim.order.shippingAmount : 0);
  const termsMaximum = claim.maxAmount + claim.settledAmount;
  return {
    orderRemaining: Math.max(0, ceiling - (others._sum.approvedAmount ?? 0)),
    personRemaining,
    fourEyesThreshold: await fourEyesThreshold(tx),
    settledMaximum: Math.max(0, termsMaximum - settledShare(settled, claimedValue, claim.refundNotReceived)),
  };
}

interface ClaimCommandResult {
  claimId: string;
  transition: ClaimTransition;
}

/** Runs one command on one claim through the case kernel's pipeline; an approval pays at once after commit. */
async function runClaimCommand(
  ctx: DomainContext,
  claimId: string,
  build: (row: ClaimRow, limits: () => Promise<ApprovalLimits>) => Promise<ClaimCommand> | ClaimCommand,
  write?: (tx: Tx, row: ClaimRow) => Promise<void>,
): Promise<ClaimCommandResult> {
  const id = parseInput(uuid, claimId);
  const { transition } = await runCaseCommand(
    ctx,
    {
      catalogue: claimEvents,
      caseName: "Claim",
      lockAndLoad: async (tx, caseId) => {
        const peek = await tx.claim.findUnique({ where: { id: caseId }, select: { orderId: true } });
        if (!peek) return null;
        // Order first, then claim: every money decision on one order is serialised, in one lock order.
        await lockOrder(tx, peek.orderId);
        await tx.$queryRaw`SELECT id FROM "Claim" WHERE id = ${caseId}::uuid FOR UPDATE`;
        return loadClaim(tx, caseId);
      },
      command: (row, now, tx) => build(row, () => approvalLimits(tx, row, now)),
      roleOf: (actor, row, command) => claimRoleFor(actor, row, command.type),
      transition: (row, command, actor, now) => transitionClaim(stateOfClaim(row), command, actor, now),
      persist: async (tx, row, result, _actor, now) => {
        const next = result.next;
        await tx.claim.update({
          where: { id },
          data: {
            status: next.status,
            decisionDueAt: next.decisionDueAt,
            pausedAt: next.pausedAt,
            approvedAmount: next.approvedAmount,
            firstApproverId: next.firstApproverId,
            firstApprovedAt: next.firstApprovedAt,
            secondApproverId: next.secondApproverId,
            secondApprovedAt: next.secondApprovedAt,
            decidedAt: next.decidedAt,
            rejectionReason: next.rejectionReason,
            decisionNote: next.decisionNote,
            lastActivityAt: now,
          },
        });
        await write?.(tx, row);
        if (result.payoutDue) {
          await tx.payout.create({
            data: {
              claimId: id,
              orderId: row.orderId,
              buyerId: row.buyerId,
              amount: next.approvedAmount!,
              currency: row.currency,
              idempotencyKey: payoutKey(id),
              createdAt: now,
            },
          });
        }
      },
      auditMetadata: (result) => ({ status: result.next.status, amount: result.next.approvedAmount }),
      notify: (result, row, _role, eventId) => claimNotifications(result.event, row, eventId),
    },
    id,
  );
  // Pay at once when approved; the payout sweep retries anything this does not finish.
  if (transition.payoutDue) await executePayouts(ctx.db, ctx.clock, { claimId: id });
  return { claimId: id, transition };
}

export const payoutKey = (claimId: string) => `claim:${claimId}:payout`;

export async function approveClaim(ctx: DomainContext, claimId: string, input: { amount?: number; note?: string } = {}) {
  const data = parseInput(approveSchema, input);
  return runClaimCommand(ctx, claimId, async (row, limits) => ({
    type: "APPROVE",
    amount: data.amount ?? row.maxAmount,
    note: data.note || null,
    limits: await limits(),
  }));
}

export async function rejectClaim(ctx: DomainContext, claimId: string, input: { reason: string; note: string }) {
  const data = parseInput(rejectSchema, input);
  return runClaimCommand(ctx, claimId, () => ({ type: "REJECT", reason: data.reason, note: data.note }));
}

export async function requestDocuments(ctx: DomainContext, claimId: string, input: { note: string }) {
  const data = parseInput(noteSchema, input);
  return runClaimCommand(ctx, claimId, () => ({ type: "REQUEST_DOCUMENTS", note: data.note }));
}

export async function provideDocuments(ctx: DomainContext, claimId: string, input: { documents: UploadedFile[] }) {
  const files = await checkUploads(input.documents);
  if (!files.length) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, "Attach at least one document", { fieldErrors: { documents: ["Attach at least one document"] } });
  }
  const uploader = requirePerson(ctx.actor).userId;
  return runClaimCommand(
    ctx,
    claimId,
    () => ({ type: "PROVIDE_DOCUMENTS" }),
    (tx, row) => storeClaimDocuments(tx, row.id, uploader, ctx.clock.now(), files),
  );
}

export async function secondApproveClaim(ctx: DomainContext, claimId: string) {
  return runClaimCommand(ctx, claimId, async (_row, limits) => ({ type: "SECOND_APPROVE", limits: await limits() }));
}

export async function declineSecondApproval(ctx: DomainContext, claimId: string, input: { note: string }) {
  const data = parseInput(noteSchema, input);
  return runClaimCommand(ctx, claimId, () => ({ type: "SECOND_DECLINE", note: data.note }));
}

// ─────────────── payouts ───────────────

export const PAYOUT_ACTOR = systemActor("payout-executor");

/**
 * Executes pending payouts exactly once: rows are taken with FOR UPDATE SKIP LOCKED and only while
 * PENDING; the transfer carries the payout's idempotency key (a payment provider dedupes a retried
 * transfer by it), so a crash between transfer and commit cannot pay twice. Each executed payout marks
 * its claim PAID and opens the seller recovery for the same amount, in the same transaction.
 */
export async function executePayouts(db: Db, clock: Clock, options: { claimId?: string; batchSize?: number } = {}): Promise<number> {
  const now = clock.now();
  const batch = options.batchSize ?? 200;
  return db.$transaction(
    async (tx) => {
      const due = options.claimId
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Payout" WHERE status = 'PENDING' AND "claimId" = ${options.claimId}::uuid FOR UPDATE SKIP LOCKED`
        : await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Payout" WHERE status = 'PENDING' ORDER BY "createdAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      if (!due.length) return 0;
      const payouts = await tx.payout.findMany({ where: { id: { in: due.map((d) => d.id) } }, include: { claim: { select: { sellerId: true, buyerId: true, number: true, status: true } } } });
      const executed = payouts.filter((p) => p.claim.status === "APPROVED");
      for (const payout of executed) {
        await tx.payout.update({
          where: { id: payout.id, status: "PENDING" },
          data: { status: "EXECUTED", executedAt: now, transferReference: transferReferenceFor(payout.idempotencyKey) },
        });
      }
      if (!executed.length) return 0;
      await tx.claim.updateMany({ where: { id: { in: executed.map((p) => p.claimId) }, status: "APPROVED" }, data: { status: "PAID", lastActivityAt: now } });
      await tx.sellerRecovery.createMany({
        data: executed.map((p) => ({ claimId: p.claimId, payoutId: p.id, sellerId: p.claim.sellerId, amount: p.amount, currency: p.currency, createdAt: now })),
      });
      await recordChanges(
        tx,
        { actor: PAYOUT_ACTOR, now },
        claimEvents,
        executed.map((p) => ({
          caseId: p.claimId,
          type: "PAID",
          actorRole: "SYSTEM",
          data: { amount: p.amount, transferReference: transferReferenceFor(p.idempotencyKey) },
          auditMetadata: { payoutId: p.id, amount: p.amount },
          notify: (eventId) => claimNotifications("PAID", { id: p.claimId, number: p.claim.number, buyerId: p.claim.buyerId, sellerId: p.claim.sellerId }, eventId),
        })),
      );
      return executed.length;
    },
    { timeout: 60_000 },
  );
}

/** The transfer reference a payment provider would return; derived from the idempotency key, so a retry gets the same one. */
export function transferReferenceFor(idempotencyKey: string): string {
  return `TRF-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 20).toUpperCase()}`;
}

// ─────────────── notifications ───────────────

export function claimNotifications(
  event: string,
  claim: { id: string; number: number; buyerId: string; sellerId: string },
  eventId: bigint,
): OutgoingNotification[] {
  const to = caseNotifier("claim", claim, eventId, `/claims/${claim.id}`);
  switch (event) {
    case "FILED":
      return [to(claim.buyerId, "filed"), to(claim.sellerId, "filedAgainstYou")];
    case "DOCUMENTS_REQUESTED":
      return [to(claim.buyerId, "documentsRequested")];
    case "APPROVED":
    case "APPROVED_PARTIALLY":
    case "SECOND_APPROVAL_GIVEN":
      return [to(claim.buyerId, "approved")];
    case "REJECTED":
      return [to(claim.buyerId, "rejected"), to(claim.sellerId, "rejected")];
    case "PAID":
      return [to(claim.buyerId, "paid"), to(claim.sellerId, "recovery")];
    default:
      return [];
  }
}
