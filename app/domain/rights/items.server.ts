import type { DomainContext, Tx } from "../context";
import { runCaseCommand } from "../cases/command-runner.server";
import { checkUploads, storeFiles, type UploadedFile } from "../cases/attachments.server";
import type { NewNote } from "../cases/notes.server";
import type { OutgoingNotification } from "../notifications/outbox.server";
import { DomainError, ErrorCode, isDomainError, notFound } from "../errors";
import { authorize, can, isPerson, requirePerson, type Actor } from "../identity/actor";
import { parseInput } from "../shared/validation";
import { ipItemEvents } from "./events";
import { addCalendarMonths, startOfNextWarsawDay } from "./policy";
import { appealDecisionSchema, appealSchema, decisionSchema, provideInformationSchema, type RejectionReason } from "./schemas";
import { rightsPolicy } from "./settings.server";
import { lockSeller, recordStrike, removeStrike, reviewReporter } from "./standing.server";
import { warsawDate, type InfringementKind, type RightType } from "./statement-of-reasons";
import { writeStatement, type StatementSubject } from "./statements.server";
import { transitionItem, type ItemCommand, type ItemRole, type ItemState, type ItemStatus } from "./state-machine";
import type { CheckedFile } from "../cases/attachments.server";
import { itemAudience } from "./views";

// The item's use cases — decide, answer a request, appeal, review — on the kernel's command runner: lock,
// the pure transition, persist, and the timeline event + audit + notifications in one transaction. A
// takedown hides the offer, freezes the evidence, writes the statement of reasons and the seller's
// strike in that same transaction; a reinstatement undoes each of them.

interface ItemRow {
  id: string;
  number: number;
  noticeId: string;
  rightsHolderId: string;
  offerId: string;
  sellerId: string;
  kind: InfringementKind;
  status: ItemStatus;
  version: number;
  priority: boolean;
  needsSenior: boolean;
  filedAt: Date;
  decisionDueAt: Date;
  pausedAt: Date | null;
  appealDueAt: Date | null;
  filedById: string;
  appeal: { status: "PENDING" | "UPHELD" | "REINSTATED" } | null;
  deciders: string[];
  right: { type: RightType; registrationNumber: string | null; territory: string };
  offer: { title: string; description: string; photoRefs: string[]; priceAmount: number; currency: string; status: string; createdAt: Date };
  sellerIsBusiness: boolean;
}

async function lockAndLoadItem(tx: Tx, itemId: string): Promise<ItemRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "IpReportItem" WHERE id = ${itemId}::uuid FOR UPDATE`;
  if (!locked.length) return null;
  const item = await tx.ipReportItem.findUniqueOrThrow({
    where: { id: itemId },
    include: {
      appeal: { select: { status: true } },
      decisions: { select: { agentId: true, action: true } },
      right: { select: { type: true, registrationNumber: true, territory: true } },
      offer: { select: { title: true, description: true, photoRefs: true, priceAmount: true, currency: true, status: true, createdAt: true, seller: { select: { isCompany: true } } } },
      notice: { select: { filedById: true } },
    },
  });
  return {
    ...item,
    kind: item.kind as InfringementKind,
    status: item.status as ItemStatus,
    filedById: item.notice.filedById,
    deciders: item.decisions.filter((d) => ["TAKE_DOWN", "REJECT", "REQUEST_INFORMATION"].includes(d.action)).map((d) => d.agentId),
    right: { ...item.right, type: item.right.type as RightType },
    offer: item.offer,
    sellerIsBusiness: item.offer.seller.isCompany,
  };
}

const stateOf = (row: ItemRow): ItemState => ({
  status: row.status,
  version: row.version,
  needsSenior: row.needsSenior,
  filedAt: row.filedAt,
  decisionDueAt: row.decisionDueAt,
  pausedAt: row.pausedAt,
  appealDueAt: row.appealDueAt,
  appealStatus: row.appeal?.status ?? null,
  deciders: row.deciders,
});

type AnyCommand = ItemCommand & { note?: string; files?: CheckedFile[]; bulk?: boolean; appealReason?: string; appealExplanation?: string };

function roleFor(actor: Actor, row: ItemRow, command: AnyCommand, memberOf: ReadonlySet<string>): ItemRole {
  const person = requirePerson(actor);
  switch (command.type) {
    case "TAKE_DOWN":
    case "REJECT":
    case "REQUEST_INFORMATION":
      if (!can(actor, "decide", "ipNotice")) break;
      return person.roles.includes("SENIOR_AGENT") && can(actor, "decideContested", "ipNotice") ? "SENIOR_AGENT" : "AGENT";
    case "UPHOLD":
    case "REINSTATE":
      if (!can(actor, "review", "ipAppeal")) break;
      return person.roles.includes("SENIOR_AGENT") ? "SENIOR_AGENT" : "AGENT";
    case "PROVIDE_INFORMATION":
      if (memberOf.has(row.rightsHolderId) && can(actor, "create", "ipNotice", false, true)) return "REPORTER";
      break;
    case "APPEAL":
      if (row.sellerId === person.userId && can(actor, "appeal", "ipNotice", true)) return "SELLER";
      break;
  }
  // Those who may not see the item learn nothing of it; those who may, learn why they cannot act.
  if (!itemAudience(actor, row, memberOf)) throw notFound("Item");
  if (command.type === "APPEAL" && row.sellerId !== person.userId) throw new DomainError(ErrorCode.NOT_THE_OFFERS_SELLER, "Only the offer's seller can appeal");
  throw new DomainError(ErrorCode.FORBIDDEN, "You may not do this with this item");
}

const EVENT_OF: Record<ItemCommand["type"], keyof typeof ipItemEvents.schemas> = {
  TAKE_DOWN: "TAKEN_DOWN",
  REJECT: "REJECTED",
  REQUEST_INFORMATION: "INFORMATION_REQUESTED",
  PROVIDE_INFORMATION: "INFORMATION_PROVIDED",
  APPEAL: "APPEALED",
  UPHOLD: "APPEAL_UPHELD",
  REINSTATE: "REINSTATED",
};

interface Transition {
  event: string;
  data: Record<string, unknown>;
  notes?: NewNote[];
  next: ItemState;
  command: AnyCommand;
}

function eventData(row: ItemRow, command: AnyCommand, now: Date, pausedMs: number | undefined): Record<string, unknown> {
  const decided = { kind: row.kind, priority: row.priority, msSinceFiled: Math.max(0, now.getTime() - row.filedAt.getTime()), bulk: command.bulk ?? false };
  switch (command.type) {
    case "TAKE_DOWN":
      return decided; // + statementId from persist
    case "REJECT":
      return { ...decided, reason: command.reason };
    case "REQUEST_INFORMATION":
      return { kind: row.kind };
    case "PROVIDE_INFORMATION":
      return { pausedMs: pausedMs ?? 0, documents: command.files?.length ?? 0 };
    case "APPEAL":
      return { kind: row.kind, reason: command.appealReason, documents: command.files?.length ?? 0 };
    case "UPHOLD":
      return { kind: row.kind };
    case "REINSTATE":
      return { kind: row.kind }; // + statementId from persist
  }
}

function notesOf(command: AnyCommand): NewNote[] {
  if (!command.note) return [];
  // Agents' reasons and requests, the reporter's answers: the parties read them. A review's note is between staff.
  const audience = command.type === "UPHOLD" || command.type === "REINSTATE" ? "STAFF" : "PARTIES";
  return [{ audience, body: command.note }];
}

async function runItemCommand(ctx: DomainContext, itemId: string, build: (row: ItemRow) => AnyCommand) {
  const policy = await rightsPolicy(ctx.db);
  // The rights holders the actor belongs to (a reporter answers requests on its own holder's items).
  const memberOf = new Set(
    isPerson(ctx.actor)
      ? (await ctx.db.rightsHolderMember.findMany({ where: { userId: ctx.actor.userId, acceptedAt: { not: null } }, select: { rightsHolderId: true } })).map((m) => m.rightsHolderId)
      : [],
  );
  return runCaseCommand<ItemRow, AnyCommand, ItemRole, Transition>(
    ctx,
    {
      catalogue: ipItemEvents,
      caseName: "Item",
      lockAndLoad: lockAndLoadItem,
      command: (row) => build(row),
      roleOf: (actor, row, command) => roleFor(actor, row, command, memberOf),
      transition: (row, command, actor, now) => {
        const result = transitionItem(stateOf(row), command, actor, now);
        if (result instanceof DomainError) return result;
        return { event: EVENT_OF[command.type], data: eventData(row, command, now, result.pausedMs), notes: notesOf(command), next: result.next, command };
      },
      persist: (tx, row, transition, actor, now) => persistItem(tx, ctx, policy, row, transition, actor.userId, now),
      auditMetadata: (t) => ({ itemId, version: t.next.version, ...("reason" in t.data ? { reason: t.data.reason as string } : {}) }),
      notify: (t, row, _role, eventId) => itemNotifications(t, row, eventId),
    },
    itemId,
  );
}

const subjectOf = (row: ItemRow): StatementSubject => ({
  itemId: row.id,
  sellerId: row.sellerId,
  sellerIsBusiness: row.sellerIsBusiness,
  offerId: row.offerId,
  offerPublishedAt: row.offer.createdAt,
  kind: row.kind,
  right: row.right,
});

/** The offer as judged: what an appeal shows beside the offer as it is now. */
function frozenEvidence(row: ItemRow, now: Date) {
  const { title, description, photoRefs, priceAmount, currency, status } = row.offer;
  return { title, description, photoRefs, price: { amount: priceAmount, currency }, status, capturedAt: now.toISOString() };
}

async function persistItem(tx: Tx, ctx: DomainContext, policy: Awaited<ReturnType<typeof rightsPolicy>>, row: ItemRow, t: Transition, actorId: string | null, now: Date) {
  const { next, command } = t;
  const decision = command.type === "TAKE_DOWN" || command.type === "REJECT" || command.type === "REQUEST_INFORMATION";
  const data: Record<string, unknown> = { status: next.status, version: next.version, pausedAt: next.pausedAt, decisionDueAt: next.decisionDueAt };
  if (command.type === "TAKE_DOWN" || command.type === "REJECT") {
    Object.assign(data, { decidedAt: now, decidedById: actorId, evidence: frozenEvidence(row, now), outcomeNotifiedAt: now });
    if (command.type === "REJECT") data.rejectionReason = command.reason;
    if (command.type === "TAKE_DOWN") data.appealDueAt = startOfNextWarsawDay(addCalendarMonths(warsawDate(now), policy.appealMonths));
  }
  await tx.ipReportItem.update({ where: { id: row.id }, data });
  if ((decision || command.type === "UPHOLD" || command.type === "REINSTATE") && actorId) {
    await tx.ipItemDecision.create({ data: { itemId: row.id, agentId: actorId, action: command.type, at: now } });
  }
  // Lock order: the item, then its seller, then offers. A takedown may suspend the seller, which updates
  // all the seller's offers; taking the seller first means two takedowns of one seller's offers queue
  // behind each other instead of each holding an offer the other's suspension needs (a deadlock).
  if (command.type === "TAKE_DOWN" || command.type === "REINSTATE") await lockSeller(tx, row.sellerId);
  switch (command.type) {
    case "TAKE_DOWN": {
      // The offer leaves the listings and search at once.
      await tx.offer.updateMany({ where: { id: row.offerId, status: { in: ["ACTIVE", "SUSPENDED"] } }, data: { status: "HIDDEN", updatedAt: now } });
      const statement = await writeStatement(tx, subjectOf(row), { type: "TAKE_DOWN" }, now);
      await recordStrike(tx, ctx, policy, { sellerId: row.sellerId, itemId: row.id, kind: row.kind, subject: subjectOf(row) });
      return { statementId: statement.id };
    }
    case "REJECT":
      if (command.reason === "MANIFESTLY_UNFOUNDED") await reviewReporter(tx, ctx, row.rightsHolderId, policy);
      return;
    case "PROVIDE_INFORMATION":
      await storeFiles(tx, { links: { reportItemId: row.id }, purpose: "INFORMATION", uploadedById: actorId!, at: now }, command.files ?? []);
      return;
    case "APPEAL": {
      const appeal = await tx.ipAppeal.create({
        data: { itemId: row.id, sellerId: row.sellerId, reason: command.appealReason as never, explanation: command.appealExplanation!, filedAt: now },
      });
      await storeFiles(tx, { links: { appealId: appeal.id }, purpose: "EVIDENCE", uploadedById: actorId!, at: now }, command.files ?? []);
      return;
    }
    case "UPHOLD":
      await tx.ipAppeal.update({ where: { itemId: row.id }, data: { status: "UPHELD", decidedAt: now, decidedById: actorId } });
      return;
    case "REINSTATE": {
      await tx.ipAppeal.update({ where: { itemId: row.id }, data: { status: "REINSTATED", decidedAt: now, decidedById: actorId } });
      // Back at once — into the seller's suspension if one is running.
      const suspended = await tx.sellerEnforcement.findFirst({ where: { sellerId: row.sellerId, type: "SUSPENSION", endedAt: null }, select: { id: true } });
      await tx.offer.updateMany({ where: { id: row.offerId, status: "HIDDEN" }, data: { status: suspended ? "SUSPENDED" : "ACTIVE", updatedAt: now } });
      await removeStrike(tx, ctx, row.sellerId, row.id);
      const original = await tx.ipStatement.findFirst({ where: { itemId: row.id, decision: "TAKE_DOWN" }, select: { puid: true } });
      const statement = await writeStatement(tx, subjectOf(row), { type: "REINSTATEMENT", originalStatementPuid: original?.puid ?? "unknown" }, now);
      return { statementId: statement.id };
    }
  }
}

function itemNotifications(t: Transition, row: ItemRow, eventId: bigint): OutgoingNotification[] {
  const message = (recipientId: string, kind: string, link: string, params: Record<string, string | number> = {}): OutgoingNotification => ({
    recipientId,
    kind: `rights.${kind}`,
    params: { number: row.number, ...params },
    link,
    idempotencyKey: `ipItem:${row.id}:event:${eventId}:${recipientId}`,
  });
  const reporterLink = `/rights/notices/${row.noticeId}#item-${row.number}`;
  const sellerLink = `/rights/items/${row.id}`;
  switch (t.command.type) {
    case "TAKE_DOWN":
      return [message(row.sellerId, "offerTakenDown", sellerLink), message(row.filedById, "itemTakenDown", reporterLink)];
    case "REJECT":
      return [message(row.filedById, "itemRejected", reporterLink, { reason: t.command.reason })];
    case "REQUEST_INFORMATION":
      return [message(row.filedById, "informationRequested", reporterLink)];
    case "APPEAL":
      return [message(row.filedById, "itemAppealed", reporterLink)];
    case "UPHOLD":
      return [message(row.sellerId, "appealUpheld", sellerLink), message(row.filedById, "appealUpheldForReporter", reporterLink)];
    case "REINSTATE":
      return [message(row.sellerId, "offerReinstated", sellerLink), message(row.filedById, "itemReinstated", reporterLink)];
    default:
      return [];
  }
}

// ─────────────── the use cases ───────────────

/** An agent's decision on one item: TAKE_DOWN, REJECT (reason + text) or REQUEST_INFORMATION (text; pauses the clock). */
export async function decideItem(ctx: DomainContext, input: unknown, options: { bulk?: boolean } = {}) {
  const data = parseInput(decisionSchema, input);
  const command: AnyCommand =
    data.action === "REJECT"
      ? { type: "REJECT", expectedVersion: data.expectedVersion, reason: data.reason as RejectionReason, note: data.note, bulk: options.bulk }
      : data.action === "REQUEST_INFORMATION"
        ? { type: "REQUEST_INFORMATION", expectedVersion: data.expectedVersion, note: data.note, bulk: options.bulk }
        : { type: "TAKE_DOWN", expectedVersion: data.expectedVersion, bulk: options.bulk };
  return runItemCommand(ctx, data.itemId, () => command);
}

export interface BulkDecisionResult {
  itemId: string;
  ok: boolean;
  error?: { code: string; message: string };
}

/** One decision across many items (a report's): each item decided on its own; one refusal does not stop the others. */
export async function decideItems(ctx: DomainContext, input: { itemIds: string[]; action: string; reason?: string; note?: string }): Promise<BulkDecisionResult[]> {
  // Only those who decide items decide many at once (anyone else would learn, item by item, which exist).
  authorize(ctx.actor, "decide", "ipNotice");
  const ids = [...new Set(input.itemIds)];
  if (!ids.length || ids.length > 500) throw new DomainError(ErrorCode.VALIDATION_FAILED, "Choose between 1 and 500 items", { fieldErrors: { itemIds: ["Choose between 1 and 500 items"] } });
  // Refuse a malformed decision once, before touching any item.
  parseInput(decisionSchema, { ...input, itemId: ids[0] });
  const results: BulkDecisionResult[] = [];
  for (const itemId of ids) {
    try {
      await decideItem(ctx, { ...input, itemId }, { bulk: true });
      results.push({ itemId, ok: true });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      results.push({ itemId, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}

/** The reporter answers an agent's request for information; the item's clock resumes with the pause added. */
export async function provideInformation(ctx: DomainContext, input: { itemId: string; note: string; files?: UploadedFile[] }) {
  const data = parseInput(provideInformationSchema, input);
  const files = await checkUploads(input.files ?? []);
  return runItemCommand(ctx, data.itemId, () => ({ type: "PROVIDE_INFORMATION", note: data.note, files }));
}

/** The seller appeals a takedown (a counter-notice) until the end of the window's last day. */
export async function appealTakedown(ctx: DomainContext, input: { itemId: string; reason: string; explanation: string; files?: UploadedFile[] }) {
  const data = parseInput(appealSchema, input);
  const files = await checkUploads(input.files ?? []);
  return runItemCommand(ctx, data.itemId, () => ({ type: "APPEAL", appealReason: data.reason, appealExplanation: data.explanation, files }));
}

/** Another agent reviews the appeal: upholds the takedown or reinstates the offer. */
export async function reviewAppeal(ctx: DomainContext, input: unknown) {
  const data = parseInput(appealDecisionSchema, input);
  try {
    return await runItemCommand(ctx, data.itemId, () => ({ type: data.reinstate ? "REINSTATE" : "UPHOLD", note: data.note }));
  } catch (error) {
    // The database's own guard (a trigger) speaks in SQL; say it in the domain's words.
    if (error instanceof Error && /reviewed by an agent who did not decide/.test(error.message)) {
      throw new DomainError(ErrorCode.REVIEWER_DECIDED_ITEM, "An appeal is reviewed by an agent who did not decide the item");
    }
    throw error;
  }
}
