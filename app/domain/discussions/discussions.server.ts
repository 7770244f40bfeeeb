import type { DomainContext, Tx } from "../context";
import { checkConsents, recordConsents } from "../consents/record.server";
import type { ConsentAnswers } from "../consents/schemas";
import { inTransaction } from "../context";
import { recordChange } from "../cases/recorder.server";
import { runCaseCommand } from "../cases/command-runner.server";
import { checkUploads, storeAttachments, type UploadedFile } from "../cases/attachments.server";
import { authorize, can, isPerson, requirePerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { discussionNotifications } from "./notifications";
import { discussionEvents } from "./events";
import { SELLER_RESPONSE_TIME } from "./policy";
import { termsInForceAt } from "../program-terms/terms.server";
import { DAY } from "../shared/time";
import {
  closeWithOutcomeSchema,
  openDiscussionSchema,
  postMessageSchema,
  proposeSolutionSchema,
  referToClaimSchema,
} from "./schemas";
import {
  transition,
  type DiscussionActor,
  type DiscussionCommand,
  type DiscussionRole,
  type DiscussionState,
  type DiscussionTransition,
} from "./state-machine";
import { randomUUID } from "node:crypto";

// One function per use case; Remix actions, GraphQL mutations and the worker call these. Each command:
// authorize → validate → lock the discussion row → pure transition → write state, timeline event,
// audit record and notifications in the same transaction.

type DiscussionRow = NonNullable<Awaited<ReturnType<typeof loadForUpdate>>>;

/** The actor's part in this discussion; NOT_FOUND for outsiders, so discussion ids cannot be probed. */
export function roleIn(actor: Actor, discussion: { buyerId: string; sellerId: string }, intent: "read" | "act"): DiscussionRole {
  if (actor.type === "system") return "SYSTEM";
  if (actor.type === "anonymous") throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first");
  if (isPerson(actor)) {
    if (actor.userId === discussion.buyerId && can(actor, intent === "read" ? "read" : "participate", "discussion", true)) return "BUYER";
    if (actor.userId === discussion.sellerId && can(actor, intent === "read" ? "read" : "participate", "discussion", true)) return "SELLER";
    if (can(actor, intent === "read" ? "read" : "moderate", "discussion", false)) return "AGENT";
    if (intent === "act" && can(actor, "read", "discussion", actor.userId === discussion.buyerId || actor.userId === discussion.sellerId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, "You may read this discussion but not act on it");
    }
  }
  throw notFound("Discussion");
}

async function loadForUpdate(tx: Tx, discussionId: string) {
  // The row lock serialises every command on one discussion: concurrent escalate/close cannot both win.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Discussion" WHERE id = ${discussionId}::uuid FOR UPDATE`;
  if (!locked.length) return null;
  return tx.discussion.findUnique({
    where: { id: discussionId },
    include: {
      order: { select: { itemsAmount: true, shippingAmount: true, number: true } },
      proposals: { where: { status: "PENDING" }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
}

export function stateOf(row: {
  status: DiscussionState["status"];
  openedAt: Date;
  sellerResponseDueAt: Date;
  sellerRespondedAt: Date | null;
  sellerOverdueAt: Date | null;
  escalatedAt: Date | null;
  assignedAgentId: string | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  resolution: DiscussionState["resolution"];
  outcome: DiscussionState["outcome"];
  outcomeAmount: number | null;
  closingNote: string | null;
  order: { itemsAmount: number; shippingAmount: number };
  proposals: { id: string; kind: string; amount: number | null }[];
}): DiscussionState {
  const pending = row.proposals[0];
  return {
    status: row.status,
    openedAt: row.openedAt,
    sellerResponseDueAt: row.sellerResponseDueAt,
    sellerRespondedAt: row.sellerRespondedAt,
    sellerOverdueAt: row.sellerOverdueAt,
    escalatedAt: row.escalatedAt,
    assignedAgentId: row.assignedAgentId,
    assignedAt: row.assignedAt,
    closedAt: row.closedAt,
    resolution: row.resolution,
    outcome: row.outcome,
    outcomeAmount: row.outcomeAmount,
    closingNote: row.closingNote,
    pendingProposal: pending ? { id: pending.id, kind: pending.kind as never, amount: pending.amount } : null,
    orderTotal: row.order.itemsAmount + row.order.shippingAmount,
  };
}

interface CommandResult {
  discussionId: string;
  transition: DiscussionTransition;
  eventId: bigint;
}

/**
 * Runs one command on one discussion through the case kernel's pipeline. `write` adds the command's own
 * rows (message, proposal) inside the same transaction, after the transition was accepted and the
 * previous proposal settled, before the event is recorded.
 */
async function runCommand(
  ctx: DomainContext,
  discussionId: string,
  command: DiscussionCommand,
  write?: (tx: Tx, row: DiscussionRow, actor: DiscussionActor) => Promise<Record<string, unknown> | void>,
): Promise<CommandResult> {
  const id = parseInput(uuid, discussionId);
  const result = await runCaseCommand(
    ctx,
    {
      catalogue: discussionEvents,
      caseName: "Discussion",
      lockAndLoad: loadForUpdate,
      command: () => command,
      roleOf: (actor, row) => roleIn(actor, row, "act"),
      transition: (row, cmd, actor, now) => transition(stateOf(row), cmd, actor, now),
      persist: async (tx, row, result, actor, now) => {
        const next = result.next;
        await tx.discussion.update({
          where: { id },
          data: {
            status: next.status,
            openOrderId: next.status === "CLOSED" ? null : row.orderId,
            sellerRespondedAt: next.sellerRespondedAt,
            sellerOverdueAt: next.sellerOverdueAt,
            escalatedAt: next.escalatedAt,
            assignedAgentId: next.assignedAgentId,
            assignedAt: next.assignedAt,
            closedAt: next.closedAt,
            resolution: next.resolution,
            outcome: next.outcome,
            outcomeAmount: next.outcomeAmount,
            closingNote: next.closingNote,
            lastActivityAt: now,
          },
        });
        await settleProposals(tx, row, command, now);
        return write?.(tx, row, actor);
      },
      auditMetadata: (result) => ({ status: result.next.status, ...pickAuditData(result.data) }),
      notify: (result, row, role, eventId) => discussionNotifications(result.event, result.data, row, role, eventId),
    },
    id,
  );
  return { discussionId: id, transition: result.transition, eventId: result.eventId };
}

/** Keeps proposal rows in step with the state machine's single pending proposal. */
async function settleProposals(tx: Tx, row: DiscussionRow, command: DiscussionCommand, now: Date) {
  const pending = row.proposals[0];
  if (!pending) return;
  if (command.type === "ACCEPT_PROPOSAL") {
    await tx.discussionProposal.update({ where: { id: pending.id }, data: { status: "ACCEPTED", decidedAt: now } });
  } else if (command.type === "REJECT_PROPOSAL") {
    await tx.discussionProposal.update({ where: { id: pending.id }, data: { status: "REJECTED", decidedAt: now } });
  } else if (command.type === "PROPOSE_SOLUTION" || command.type === "CLOSE_WITH_OUTCOME" || command.type === "REFER_TO_CLAIM" || command.type === "CLOSE_AS_RESOLVED") {
    await tx.discussionProposal.update({ where: { id: pending.id }, data: { status: "SUPERSEDED", decidedAt: now } });
  }
}

const pickAuditData = (data: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(data).filter(([key]) => ["outcome", "amount", "kind", "visibility", "proposalId"].includes(key)));

// ─────────────── use cases ───────────────

export interface OpenDiscussionInput {
  orderId: string;
  reason: string;
  description: string;
  attachments?: UploadedFile[];
  /** The answers to the clauses of the OPEN_DISCUSSION position (the registry's form component posts them). */
  consents?: ConsentAnswers;
}

export async function openDiscussion(ctx: DomainContext, input: OpenDiscussionInput) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(openDiscussionSchema, input);
  const files = await checkUploads(input.attachments ?? []);
  return inTransaction(ctx, async (tx) => {
    const order = await tx.order.findUnique({ where: { id: data.orderId }, select: { id: true, buyerId: true, sellerId: true, placedAt: true, number: true } });
    // Someone else's order looks like no order at all.
    if (!order || (order.buyerId !== actor.userId && order.sellerId !== actor.userId && !can(actor, "read", "order", false))) {
      throw notFound("Order");
    }
    authorize(actor, "create", "discussion", order.buyerId === actor.userId);
    if (order.buyerId !== actor.userId) {
      throw new DomainError(ErrorCode.NOT_THE_ORDERS_BUYER, "Only the order's buyer can open a discussion about it");
    }
    const now = ctx.clock.now();
    // The window comes from the program terms in force at the purchase (six months in the seed's version).
    const terms = await termsInForceAt(tx, order.placedAt);
    const windowEnd = new Date(order.placedAt.getTime() + terms.discussionWindowDays * DAY);
    if (now > windowEnd) {
      throw new DomainError(ErrorCode.DISCUSSION_WINDOW_CLOSED, "The time to open a discussion about this order has passed", {
        params: { until: windowEnd.toISOString() },
      });
    }
    await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${order.id}::uuid FOR UPDATE`;
    const existing = await tx.discussion.findUnique({ where: { openOrderId: order.id }, select: { id: true, number: true } });
    if (existing) {
      throw new DomainError(ErrorCode.DISCUSSION_ALREADY_OPEN, "A discussion about this order is already open", {
        params: { number: existing.number, discussionId: existing.id },
      });
    }
    const consents = await checkConsents(tx, "OPEN_DISCUSSION", input.consents);
    const discussion = await tx.discussion.create({
      data: {
        orderId: order.id,
        openOrderId: order.id,
        buyerId: actor.userId,
        sellerId: order.sellerId,
        reason: data.reason,
        description: data.description,
        openedAt: now,
        sellerResponseDueAt: new Date(now.getTime() + SELLER_RESPONSE_TIME),
        lastActivityAt: now,
      },
    });
    // The buyer's description opens the thread, with the attachments.
    const message = await tx.discussionMessage.create({
      data: { discussionId: discussion.id, authorId: actor.userId, authorRole: "BUYER", body: data.description, createdAt: now },
    });
    await storeAttachments(tx, { discussionId: discussion.id, messageId: message.id, uploadedById: actor.userId, at: now }, files);
    await recordConsents(tx, ctx, consents, { discussionId: discussion.id });
    await recordChange(tx, ctx, discussionEvents, {
      caseId: discussion.id,
      type: "OPENED",
      actorRole: "BUYER",
      data: { reason: data.reason, messageId: message.id, attachments: files.length },
      auditMetadata: { orderId: order.id, reason: data.reason },
      notify: (eventId) => discussionNotifications("OPENED", {}, discussion, "BUYER", eventId),
    });
    return discussion;
  });
}

export interface PostMessageInput {
  body: string;
  visibility?: "ALL" | "BUYER" | "SELLER";
  informationRequest?: boolean;
  attachments?: UploadedFile[];
}

export async function postMessage(ctx: DomainContext, discussionId: string, input: PostMessageInput) {
  const data = parseInput(postMessageSchema, input);
  const files = await checkUploads(input.attachments ?? []);
  const author = requirePerson(ctx.actor);
  let messageId = "";
  const result = await runCommand(
    ctx,
    discussionId,
    { type: "POST_MESSAGE", visibility: data.visibility, informationRequest: data.informationRequest },
    async (tx, row, actor) => {
      const message = await tx.discussionMessage.create({
        data: {
          discussionId: row.id,
          authorId: author.userId,
          authorRole: actor.role as "BUYER" | "SELLER" | "AGENT",
          kind: data.informationRequest ? "INFO_REQUEST" : "MESSAGE",
          body: data.body,
          visibility: data.visibility,
          createdAt: ctx.clock.now(),
        },
      });
      messageId = message.id;
      await storeAttachments(tx, { discussionId: row.id, messageId: message.id, uploadedById: author.userId, at: ctx.clock.now() }, files);
      return { messageId: message.id, attachments: files.length };
    },
  );
  return { ...result, messageId };
}

export async function proposeSolution(ctx: DomainContext, discussionId: string, input: { kind: string; amount?: number | null; note?: string }) {
  const data = parseInput(proposeSolutionSchema, input);
  const author = requirePerson(ctx.actor);
  const proposalId = randomUUID();
  return runCommand(ctx, discussionId, { type: "PROPOSE_SOLUTION", kind: data.kind, amount: data.amount, proposalId }, async (tx, row, actor) => {
    // settleProposals has already marked the previous pending proposal superseded.
    await tx.discussionProposal.create({
      data: {
        id: proposalId,
        discussionId: row.id,
        proposedById: author.userId,
        proposedByRole: actor.role as "SELLER" | "AGENT",
        kind: data.kind,
        amount: data.amount,
        note: data.note || null,
        createdAt: ctx.clock.now(),
      },
    });
  });
}

export const answerProposal = (ctx: DomainContext, discussionId: string, proposalId: string, accept: boolean) =>
  runCommand(ctx, discussionId, { type: accept ? "ACCEPT_PROPOSAL" : "REJECT_PROPOSAL", proposalId: parseInput(uuid, proposalId) });

export const escalateDiscussion = (ctx: DomainContext, discussionId: string) => runCommand(ctx, discussionId, { type: "ESCALATE" });

export const closeAsResolved = (ctx: DomainContext, discussionId: string) => runCommand(ctx, discussionId, { type: "CLOSE_AS_RESOLVED" });

export const takeDiscussion = (ctx: DomainContext, discussionId: string) => runCommand(ctx, discussionId, { type: "ASSIGN" });

export const releaseDiscussion = (ctx: DomainContext, discussionId: string) => runCommand(ctx, discussionId, { type: "RELEASE" });

export async function closeWithOutcome(ctx: DomainContext, discussionId: string, input: { outcome: string; amount?: number | null; note: string }) {
  const data = parseInput(closeWithOutcomeSchema, input);
  return runCommand(ctx, discussionId, { type: "CLOSE_WITH_OUTCOME", outcome: data.outcome, amount: data.amount, note: data.note });
}

/**
 * Sends the buyer on to a buyer-protection claim: the discussion closes as REFERRED_TO_CLAIM, which
 * (like an unresolved escalation) qualifies the order for a claim in the claims module.
 */
export async function referToClaim(ctx: DomainContext, discussionId: string, input: { note: string }) {
  const data = parseInput(referToClaimSchema, input);
  return runCommand(ctx, discussionId, { type: "REFER_TO_CLAIM", note: data.note });
}
