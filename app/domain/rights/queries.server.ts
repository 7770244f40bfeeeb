import type { Db, DomainContext } from "../context";
import { audiencesFor } from "../cases/notes.server";
import { caseTimeline } from "../cases/timeline.server";
import { DomainError, ErrorCode, notFound } from "../errors";
import { authorize, can, canAny, isPerson, requirePerson } from "../identity/actor";
import { cappedCount } from "../shared/capped-count";
import { deadlinePosition } from "../shared/deadlines";
import { HOUR } from "../shared/time";
import { parseInput, uuid } from "../shared/validation";
import { membershipsOf } from "./membership.server";
import { itemQueueFilterSchema } from "./schemas";
import { rightsPolicy } from "./settings.server";
import { reporterStanding, sellerPoints } from "./standing.server";
import { appealView, itemAudience, sellerItemsWhere, type ItemAudience } from "./views";
import type { z } from "zod";

// Reading rights protection: the agents' queues, a rights holder's own view (members, rights, notices,
// standing), a notice with its items' outcomes, one item as its reader may see it.

export type ItemQueueFilter = z.input<typeof itemQueueFilterSchema>;

/** The item queue's order: trusted reporters first, then by deadline, then age. */
export const ITEM_QUEUE_ORDER = [{ priority: "desc" as const }, { decisionDueAt: "asc" as const }, { filedAt: "asc" as const }, { id: "asc" as const }];

/** Items waiting for a decision (those on hold and those waiting for the reporter are out of the queue). */
export function itemQueueWhere(ctx: Pick<DomainContext, "actor">, input: ItemQueueFilter = {}) {
  authorize(ctx.actor, "decide", "ipNotice");
  const filter = parseInput(itemQueueFilterSchema, input);
  return {
    status: "PENDING" as const,
    ...(filter.rightsHolderId ? { rightsHolderId: filter.rightsHolderId } : {}),
    ...(filter.brand ? { brand: filter.brand } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.sellerId ? { sellerId: filter.sellerId } : {}),
    ...(filter.seniorOnly !== undefined ? { needsSenior: filter.seniorOnly } : {}),
  };
}

/** Queue deadlines: "soon" within 6 hours. */
export const ITEM_DEADLINE = { soonWithinMs: 6 * HOUR };

export type ItemDeadlineState = "ok" | "soon" | "due" | "paused" | "done";

/** Where an item stands against its deadline: paused while information is requested or on hold, done once decided. */
export function itemDeadlineState(item: { status: string; decisionDueAt: Date }, now: Date): ItemDeadlineState {
  const done = !["PENDING", "INFORMATION_REQUESTED", "ON_HOLD"].includes(item.status);
  const paused = item.status === "INFORMATION_REQUESTED" || item.status === "ON_HOLD";
  return deadlinePosition({ dueAt: item.decisionDueAt, paused, done }, now, ITEM_DEADLINE).status;
}

export async function listItemQueue(ctx: DomainContext, filter: ItemQueueFilter = {}, page: { skip?: number; take?: number } = {}) {
  const where = itemQueueWhere(ctx, filter);
  const now = ctx.clock.now();
  const [total, items] = await Promise.all([
    cappedCount((take) => ctx.db.ipReportItem.count({ where, take, orderBy: ITEM_QUEUE_ORDER }), { skip: page.skip, take: page.take ?? 50 }),
    ctx.db.ipReportItem.findMany({
      where,
      orderBy: ITEM_QUEUE_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 50, 100),
      include: {
        offer: { select: { title: true, status: true } },
        right: { select: { name: true, type: true, contested: true, unexamined: true } },
        notice: { select: { number: true, rightsHolder: { select: { name: true } } } },
      },
    }),
  ]);
  return { total, items: items.map((item) => ({ ...item, deadline: itemDeadlineState(item, now) })) };
}

/** Appeals waiting for review, oldest first; each says whether the reader decided the item (then someone else must review). */
/** The appeal queue's order: oldest first. */
export const APPEAL_QUEUE_ORDER = [{ filedAt: "asc" as const }, { id: "asc" as const }];

/** Appeals waiting for review (agents who review appeals). */
export function appealQueueWhere(ctx: Pick<DomainContext, "actor">) {
  authorize(ctx.actor, "review", "ipAppeal");
  return { status: "PENDING" as const };
}

export async function listAppealQueue(ctx: DomainContext, page: { skip?: number; take?: number } = {}) {
  const where = appealQueueWhere(ctx);
  const me = requirePerson(ctx.actor).userId;
  const [total, appeals] = await Promise.all([
    cappedCount((take) => ctx.db.ipAppeal.count({ where, take, orderBy: APPEAL_QUEUE_ORDER }), { skip: page.skip, take: page.take ?? 50 }),
    ctx.db.ipAppeal.findMany({
      where,
      orderBy: APPEAL_QUEUE_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 50, 100),
      include: {
        item: {
          select: { id: true, number: true, kind: true, offer: { select: { title: true } }, decisions: { where: { agentId: me }, select: { id: true }, take: 1 } },
        },
      },
    }),
  ]);
  return { total, appeals: appeals.map(({ item, ...appeal }) => ({ ...appeal, item: { ...item, decisions: undefined }, decidedByMe: item.decisions.length > 0 })) };
}

/** Rights holders and rights waiting for an agent's verification, oldest first. */
export async function listVerificationQueue(ctx: DomainContext) {
  authorize(ctx.actor, "verify", "rightsHolder");
  const [holders, rights] = await Promise.all([
    ctx.db.rightsHolder.findMany({ where: { status: "PENDING" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 100 }),
    ctx.db.ipRight.findMany({
      where: { status: "PENDING" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 100,
      include: {
        rightsHolder: { select: { name: true, status: true, number: true } },
        documents: { select: { id: true, fileName: true, purpose: true, contentType: true, sizeBytes: true } },
      },
    }),
  ]);
  return { holders, rights };
}

/** Invitations addressed to the reader's e-mail address, not yet accepted. */
export async function pendingInvitationsWhere(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  const email = actor.profile?.email ?? (await ctx.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } })).email;
  return { email: email.toLowerCase(), acceptedAt: null };
}

/** The rights holders the reader belongs to, with members, rights, standing and the thresholds that apply to them; and invitations waiting for them. */
export async function myRightsHolders(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "rightsHolder", false, true);
  const memberships = await membershipsOf(ctx.db, actor);
  const invitationsWhere = await pendingInvitationsWhere(ctx);
  const now = ctx.clock.now();
  const policy = await rightsPolicy(ctx.db);
  const [holders, invitations] = await Promise.all([
    ctx.db.rightsHolder.findMany({
      where: { id: { in: memberships.map((m) => m.rightsHolderId) } },
      orderBy: { createdAt: "asc" },
      include: {
        members: { orderBy: { invitedAt: "asc" }, select: { id: true, email: true, role: true, acceptedAt: true, invitedAt: true } },
        rights: { orderBy: { createdAt: "asc" }, select: { id: true, type: true, name: true, registrationNumber: true, territory: true, ownerName: true, status: true, contested: true, unexamined: true, onBehalf: true } },
      },
    }),
    ctx.db.rightsHolderMember.findMany({ where: invitationsWhere, include: { rightsHolder: { select: { name: true } } } }),
  ]);
  const withStanding = await Promise.all(
    holders.map(async (holder) => ({
      ...holder,
      myRole: memberships.find((m) => m.rightsHolderId === holder.id)!.role,
      standing: await reporterStanding(ctx.db, holder.id, now, policy),
    })),
  );
  return { holders: withStanding, invitations, thresholds: policy.reporters };
}

async function memberSet(db: Db, actor: DomainContext["actor"]): Promise<Set<string>> {
  return new Set((await membershipsOf(db, actor)).map((m) => m.rightsHolderId));
}

/** A rights holder's notices, newest first. */
export async function listNotices(ctx: DomainContext, rightsHolderId: string, page: { skip?: number; take?: number } = {}) {
  const id = parseInput(uuid, rightsHolderId);
  const members = await memberSet(ctx.db, ctx.actor);
  if (!canAny(ctx.actor, "read", "ipNotice") && !(members.has(id) && can(ctx.actor, "read", "ipNotice", false, true))) throw notFound("Rights holder");
  const where = { rightsHolderId: id };
  const [total, notices] = await Promise.all([
    cappedCount((take) => ctx.db.ipNotice.count({ where, take, orderBy: [{ filedAt: "desc" }, { id: "asc" }] }), { skip: page.skip, take: page.take ?? 25 }),
    ctx.db.ipNotice.findMany({ where, orderBy: [{ filedAt: "desc" }, { id: "asc" }], skip: page.skip ?? 0, take: Math.min(page.take ?? 25, 100) }),
  ]);
  const ids = notices.map((n) => n.id);
  const byStatus = ids.length
    ? await ctx.db.ipReportItem.groupBy({ by: ["noticeId", "status"], where: { noticeId: { in: ids } }, _count: { _all: true } })
    : [];
  return {
    total,
    notices: notices.map((n) => ({
      ...n,
      outcomes: Object.fromEntries(byStatus.filter((s) => s.noticeId === n.id).map((s) => [s.status, s._count._all])) as Record<string, number>,
    })),
  };
}

/** A notice with its items (up to 500) and each item's outcome, for its reporter or staff. */
export async function getNotice(ctx: DomainContext, noticeId: string, page: { skip?: number; take?: number } = {}) {
  const id = parseInput(uuid, noticeId);
  const notice = await ctx.db.ipNotice.findUnique({ where: { id }, include: { rightsHolder: { select: { id: true, name: true } } } });
  if (!notice) throw notFound("Notice");
  const members = await memberSet(ctx.db, ctx.actor);
  const audience: ItemAudience | null = canAny(ctx.actor, "read", "ipNotice")
    ? "STAFF"
    : members.has(notice.rightsHolderId) && can(ctx.actor, "read", "ipNotice", false, true)
      ? "REPORTER"
      : null;
  if (!audience) throw notFound("Notice");
  const items = await ctx.db.ipReportItem.findMany({
    where: { noticeId: id },
    orderBy: { number: "asc" },
    skip: page.skip ?? 0,
    take: Math.min(page.take ?? 500, 500),
    include: {
      offer: { select: { title: true, status: true } },
      right: { select: { name: true, type: true, registrationNumber: true } },
      appeal: { select: { status: true, reason: true, filedAt: true, decidedAt: true } },
    },
  });
  const lastNote = await latestItemNotes(ctx.db, items.map((i) => i.id), audience);
  return {
    notice,
    audience,
    items: items.map((item) => ({ ...item, decidedById: audience === "STAFF" ? item.decidedById : null, latestNote: lastNote.get(item.id) ?? null })),
  };
}

/**
 * The latest note on each item its reader may read (the reason text the agent wrote for the parties; staff
 * also read notes between agents): one statement for all items.
 */
export async function latestItemNotes(db: Db, itemIds: readonly string[], audience: ItemAudience): Promise<Map<string, string>> {
  if (!itemIds.length) return new Map();
  const notes = await db.caseNote.findMany({
    where: { caseType: "IP_ITEM", caseId: { in: [...itemIds] }, audience: { in: audiencesFor(audience === "STAFF" ? "STAFF" : "PARTY") } },
    orderBy: { createdAt: "asc" },
    select: { caseId: true, body: true },
  });
  return new Map(notes.map((n) => [n.caseId, n.body]));
}

/** A seller's standing: unexpired strike points, the latest warnings and suspensions, and the thresholds that apply. */
export async function mySellerStanding(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "ipNotice", true);
  const [policy, points, enforcement] = await Promise.all([
    rightsPolicy(ctx.db),
    sellerPoints(ctx.db, actor.userId, ctx.clock.now()),
    ctx.db.sellerEnforcement.findMany({ where: { sellerId: actor.userId }, orderBy: { at: "desc" }, take: 10 }),
  ]);
  return { points, enforcement, thresholds: policy.strikes };
}

/** An item's timeline as its audience reads it: staff see who acted and the notes between agents. */
export const itemTimeline = (db: Db, itemId: string, audience: ItemAudience) => caseTimeline(db, "IP_ITEM", itemId, audience === "STAFF" ? "STAFF" : "PARTY");

/** The items a seller follows: their own offers' items once acted on (sellers; staff see their own as sellers too). */
export function myReportedOffersWhere(ctx: Pick<DomainContext, "actor">) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "ipNotice", true);
  return sellerItemsWhere(actor.userId);
}

/** The order of a seller's reported offers: the latest decision first. */
export const MY_REPORTED_OFFERS_ORDER = [{ decidedAt: "desc" as const }, { id: "asc" as const }];

/** The seller's reported offers once acted on: statements of reasons and appeal windows. */
export async function listMyReportedOffers(ctx: DomainContext, page: { skip?: number; take?: number } = {}) {
  const where = myReportedOffersWhere(ctx);
  const [total, items, standing] = await Promise.all([
    cappedCount((take) => ctx.db.ipReportItem.count({ where, take, orderBy: MY_REPORTED_OFFERS_ORDER }), { skip: page.skip, take: page.take ?? 25 }),
    ctx.db.ipReportItem.findMany({
      where,
      orderBy: MY_REPORTED_OFFERS_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 25, 100),
      include: { offer: { select: { title: true, status: true } }, appeal: { select: { status: true } }, notice: { select: { rightsHolder: { select: { name: true } } } } },
    }),
    mySellerStanding(ctx),
  ]);
  return { total, items, standing };
}

/** One item as its reader may see it: the row, the statements, the appeal, the documents and the timeline. */
export async function getItem(ctx: DomainContext, itemId: string) {
  const id = parseInput(uuid, itemId);
  const item = await ctx.db.ipReportItem.findUnique({
    where: { id },
    include: {
      offer: { select: { id: true, title: true, description: true, photoRefs: true, priceAmount: true, currency: true, status: true, sellerId: true, seller: { select: { name: true } } } },
      right: { select: { id: true, name: true, type: true, registrationNumber: true, territory: true, ownerName: true, contested: true, unexamined: true } },
      notice: { select: { id: true, number: true, filedAt: true, rightsHolder: { select: { id: true, name: true } } } },
      appeal: { select: { id: true, status: true, reason: true, explanation: true, filedAt: true, decidedAt: true, decidedById: true } },
      statements: { orderBy: { sequence: "asc" }, select: { id: true, puid: true, decision: true, body: true, createdAt: true } },
      documents: { select: { id: true, fileName: true, contentType: true, sizeBytes: true, purpose: true } },
    },
  });
  if (!item) throw notFound("Item");
  const audience = itemAudience(ctx.actor, item, await memberSet(ctx.db, ctx.actor));
  if (!audience) throw notFound("Item");
  const staff = audience === "STAFF";
  const timeline = await itemTimeline(ctx.db, item.id, audience);
  return {
    audience,
    item: {
      ...item,
      decidedById: staff ? item.decidedById : null,
      appeal: item.appeal ? appealView(item.appeal, audience) : null,
    },
    timeline,
    /** The reader decided this item: they may not review its appeal. */
    decidedByMe: isPerson(ctx.actor) && staff ? (await ctx.db.ipItemDecision.count({ where: { itemId: item.id, agentId: ctx.actor.userId } })) > 0 : false,
  };
}

/** A rights document (proof, power of attorney, contest, evidence) for download: its holder's members and staff; an item's evidence also its seller once acted on. */
export async function rightsDocumentForDownload(ctx: DomainContext, attachmentId: string) {
  const id = parseInput(uuid, attachmentId);
  const attachment = await ctx.db.attachment.findUnique({
    where: { id },
    include: {
      right: { select: { rightsHolderId: true } },
      reportItem: { select: { rightsHolderId: true, sellerId: true, status: true } },
      appeal: { select: { item: { select: { rightsHolderId: true, sellerId: true, status: true } } } },
    },
  });
  const item = attachment?.reportItem ?? attachment?.appeal?.item ?? null;
  if (!attachment || (!attachment.right && !item)) throw notFound("Attachment");
  if (canAny(ctx.actor, "read", "rightsHolder") || canAny(ctx.actor, "read", "ipNotice")) return attachment;
  const members = await memberSet(ctx.db, ctx.actor);
  if (attachment.right && members.has(attachment.right.rightsHolderId)) return attachment;
  if (item && itemAudience(ctx.actor, item, members)) return attachment;
  throw new DomainError(ErrorCode.NOT_FOUND, "Attachment not found");
}
