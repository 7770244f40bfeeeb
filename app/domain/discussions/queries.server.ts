import type { DomainContext } from "../context";
import { cappedCount } from "../shared/capped-count";
import { authorize, canAny, canAtAll, isPerson, requirePerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { HOUR } from "../shared/time";
import { queueFilterSchema, type QueueFilter } from "./schemas";
import { availableCommands, type DiscussionRole } from "./state-machine";
import { roleIn, stateOf } from "./discussions.server";

// Reading discussions. Visibility rules live here and are used by the UI and the GraphQL API alike.

/** Buyers and sellers see the discussions they are a party to; agents see all. */
export function visibleDiscussionsWhere(actor: Actor) {
  if (canAny(actor, "read", "discussion")) return {};
  authorize(actor, "read", "discussion", true);
  const me = requirePerson(actor).userId;
  return { OR: [{ buyerId: me }, { sellerId: me }] };
}

/** The messages a party may read: agents' messages addressed to the other party only are hidden. */
export function visibleMessagesWhere(role: DiscussionRole) {
  if (role === "BUYER") return { visibility: { in: ["ALL", "BUYER"] as ("ALL" | "BUYER")[] } };
  if (role === "SELLER") return { visibility: { in: ["ALL", "SELLER"] as ("ALL" | "SELLER")[] } };
  return {};
}

export type MyDiscussionsAs = "buyer" | "seller";

export function myDiscussionsWhere(actor: Actor, as: MyDiscussionsAs, status?: "OPEN" | "ESCALATED" | "CLOSED") {
  const me = requirePerson(actor).userId;
  authorize(actor, "read", "discussion", true);
  return { ...(as === "buyer" ? { buyerId: me } : { sellerId: me }), ...(status ? { status } : {}) };
}

/**
 * Sellers see unanswered open discussions first, the most overdue at the top; buyers see the newest.
 * (Enum order OPEN < ESCALATED < CLOSED.)
 */
export function myDiscussionsOrder(as: MyDiscussionsAs) {
  return as === "seller"
    ? [
        { status: "asc" as const },
        { sellerRespondedAt: { sort: "asc" as const, nulls: "first" as const } },
        { sellerResponseDueAt: "asc" as const },
        { id: "asc" as const },
      ]
    : [{ status: "asc" as const }, { lastActivityAt: "desc" as const }, { id: "asc" as const }];
}

/** The agents' queue: escalated discussions, longest waiting first, with filters. */
export function agentQueueWhere(ctx: Pick<DomainContext, "actor" | "clock">, input: QueueFilter = {}) {
  authorize(ctx.actor, "moderate", "discussion");
  const filter = parseInput(queueFilterSchema, input);
  const me = requirePerson(ctx.actor).userId;
  return {
    status: "ESCALATED" as const,
    ...(filter.reason ? { reason: filter.reason } : {}),
    ...(filter.sellerId ? { sellerId: filter.sellerId } : {}),
    ...(filter.minWaitingHours ? { escalatedAt: { lte: new Date(ctx.clock.now().getTime() - filter.minWaitingHours * HOUR) } } : {}),
    ...(filter.assignment === "MINE" ? { assignedAgentId: me } : filter.assignment === "UNASSIGNED" ? { assignedAgentId: null } : {}),
  };
}

export const AGENT_QUEUE_ORDER = [{ escalatedAt: "asc" as const }, { id: "asc" as const }];

export async function listAgentQueue(ctx: DomainContext, filter: QueueFilter = {}, page: { skip?: number; take?: number } = {}) {
  const where = agentQueueWhere(ctx, filter);
  const [total, items] = await Promise.all([
    cappedCount((take) => ctx.db.discussion.count({ where, take, orderBy: AGENT_QUEUE_ORDER }), { skip: page.skip, take: page.take ?? 50 }),
    ctx.db.discussion.findMany({
      where,
      orderBy: AGENT_QUEUE_ORDER,
      skip: page.skip ?? 0,
      take: Math.min(page.take ?? 50, 100),
      include: {
        order: { select: { number: true, itemsAmount: true, shippingAmount: true } },
        buyer: { select: { id: true, name: true, smartUntil: true } },
        seller: { select: { id: true, name: true } },
        assignedAgent: { select: { id: true, name: true } },
      },
    }),
  ]);
  return { total, items };
}

export async function listMyDiscussions(
  ctx: DomainContext,
  as: MyDiscussionsAs,
  options: { status?: "OPEN" | "ESCALATED" | "CLOSED"; skip?: number; take?: number } = {},
) {
  const where = myDiscussionsWhere(ctx.actor, as, options.status);
  const [total, items] = await Promise.all([
    cappedCount((take) => ctx.db.discussion.count({ where, take, orderBy: myDiscussionsOrder(as) }), { skip: options.skip, take: options.take ?? 25 }),
    ctx.db.discussion.findMany({
      where,
      orderBy: myDiscussionsOrder(as),
      skip: options.skip ?? 0,
      take: Math.min(options.take ?? 25, 100),
      include: {
        order: { select: { number: true } },
        buyer: { select: { name: true } },
        seller: { select: { name: true } },
      },
    }),
  ]);
  return { total, items };
}

/** One discussion as the actor may see it: the role they have in it, and what they can do now. */
export async function getDiscussion(ctx: DomainContext, discussionId: string) {
  const id = parseInput(uuid, discussionId);
  const row = await ctx.db.discussion.findFirst({
    where: { AND: [{ id }, visibleDiscussionsWhere(ctx.actor)] },
    include: {
      order: { include: { lines: { orderBy: { position: "asc" } } } },
      buyer: { select: { id: true, name: true, smartUntil: true } },
      seller: { select: { id: true, name: true, isCompany: true } },
      assignedAgent: { select: { id: true, name: true } },
      proposals: { orderBy: { createdAt: "desc" } },
    },
  });
  if (!row) throw notFound("Discussion");
  const role = roleIn(ctx.actor, row, "read");
  const state = stateOf({ ...row, proposals: row.proposals.filter((p) => p.status === "PENDING") });
  const userId = isPerson(ctx.actor) ? ctx.actor.userId : null;
  // What the person could do; reading-only staff and parties without participate rights can do nothing.
  let actions: string[] = [];
  try {
    const actingRole = roleIn(ctx.actor, row, "act");
    actions = availableCommands(state, { role: actingRole, userId }, ctx.clock.now());
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  return { discussion: row, role, state, actions };
}

export interface TimelineEntry {
  id: string;
  at: Date;
  kind: "message" | "event";
  actorRole: string;
  actorName: string | null;
  type: string;
  body?: string;
  visibility?: string;
  attachments?: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
  data?: Record<string, unknown>;
}

/**
 * The timeline of one discussion as the actor may see it: every message (with its attachments) and every
 * event, oldest first, in ONE statement whatever its length. Callers that already hold the discussion's row
 * (the page, the GraphQL node) pass its parties; the actor's right to read it is decided here either way
 * (roleIn), and decides which messages and events the statement returns.
 */
export async function discussionTimeline(ctx: DomainContext, discussion: string | { id: string; buyerId: string; sellerId: string }): Promise<TimelineEntry[]> {
  const row =
    typeof discussion === "string"
      ? await ctx.db.discussion.findFirst({
          where: { AND: [{ id: parseInput(uuid, discussion) }, visibleDiscussionsWhere(ctx.actor)] },
          select: { id: true, buyerId: true, sellerId: true },
        })
      : discussion;
  if (!row) throw notFound("Discussion");
  const role = roleIn(ctx.actor, row, "read");
  // Messages addressed to the other party only are hidden, and so are the events that announce them.
  const hidden = role === "BUYER" ? ["SELLER"] : role === "SELLER" ? ["BUYER"] : [];
  const visible = ["ALL", "BUYER", "SELLER"].filter((v) => !hidden.includes(v));
  const rows = await ctx.db.$queryRaw<TimelineRow[]>`
    SELECT * FROM (
      SELECT 'message' AS kind, m.id::text AS id, m."createdAt" AS at, m."authorRole"::text AS actor_role, u.name AS author_name,
             m.kind AS type, m.body, m.visibility::text AS visibility,
             coalesce((SELECT json_agg(json_build_object('id', a.id, 'fileName', a."fileName", 'contentType', a."contentType", 'sizeBytes', a."sizeBytes")
                                ORDER BY a."createdAt", a.id)
                         FROM "Attachment" AS a WHERE a."messageId" = m.id), '[]'::json) AS attachments,
             NULL::jsonb AS data, 1 AS rank, NULL::bigint AS event_id
        FROM "DiscussionMessage" AS m JOIN "User" AS u ON u.id = m."authorId"
       WHERE m."discussionId" = ${row.id}::uuid AND m.visibility::text = ANY(${visible}::text[])
      UNION ALL
      -- Messages already appear as messages; information requests addressed to the other party stay hidden.
      SELECT 'event', e.id::text, e.at, e."actorRole", NULL, e.type, NULL, NULL, NULL, e.data, 0, e.id
        FROM "CaseEvent" AS e
       WHERE e."caseType" = 'DISCUSSION' AND e."caseId" = ${row.id}::uuid
         AND e.type NOT IN ('MESSAGE_POSTED', 'INFORMATION_REQUESTED')
         AND NOT (coalesce(e.data->>'visibility', '') = ANY(${hidden}::text[]))
    ) AS timeline
    ORDER BY at, rank, event_id, id`;
  return rows.map((r) =>
    r.kind === "message"
      ? {
          id: `message:${r.id}`,
          at: r.at,
          kind: "message" as const,
          actorRole: r.actor_role,
          // Parties see agents as "the platform"; staff see who wrote.
          actorName: r.actor_role === "AGENT" && role !== "AGENT" ? null : r.author_name,
          type: r.type,
          body: r.body ?? "",
          visibility: r.visibility ?? "ALL",
          attachments: typeof r.attachments === "string" ? JSON.parse(r.attachments) : (r.attachments ?? []),
        }
      : {
          id: `event:${r.id}`,
          at: r.at,
          kind: "event" as const,
          actorRole: r.actor_role,
          actorName: null,
          type: r.type,
          // Parties see agents as the platform: which agent acted stays with staff.
          data: role === "AGENT" ? dataOf(r.data) : withoutAgent(dataOf(r.data)),
        },
  );
}

interface TimelineRow {
  kind: "message" | "event";
  id: string;
  at: Date;
  actor_role: string;
  author_name: string | null;
  type: string;
  body: string | null;
  visibility: string | null;
  attachments: TimelineEntry["attachments"] | string | null;
  data: Record<string, unknown> | string | null;
}

const dataOf = (data: TimelineRow["data"]): Record<string, unknown> => (typeof data === "string" ? JSON.parse(data) : (data ?? {}));

function withoutAgent(data: Record<string, unknown>): Record<string, unknown> {
  const { agentId: _agentId, ...rest } = data ?? {};
  return rest;
}

/** An attachment for download: only for people who can read the message it belongs to. */
export async function attachmentForDownload(ctx: DomainContext, attachmentId: string) {
  const id = parseInput(uuid, attachmentId);
  const attachment = await ctx.db.attachment.findUnique({
    where: { id },
    include: { discussion: { select: { buyerId: true, sellerId: true } }, message: { select: { visibility: true } } },
  });
  if (!attachment?.discussion) throw notFound("Attachment");
  let role: DiscussionRole;
  try {
    role = roleIn(ctx.actor, attachment.discussion, "read");
  } catch {
    throw notFound("Attachment");
  }
  const visibility = attachment.message?.visibility ?? "ALL";
  if ((role === "BUYER" && visibility === "SELLER") || (role === "SELLER" && visibility === "BUYER")) throw notFound("Attachment");
  return attachment;
}

/** For agents: the parties' history — the buyer's earlier discussions and the seller's record. */
export async function partyHistory(ctx: DomainContext, discussionId: string) {
  authorize(ctx.actor, "read", "discussion");
  const id = parseInput(uuid, discussionId);
  const discussion = await ctx.db.discussion.findUnique({ where: { id }, select: { buyerId: true, sellerId: true } });
  if (!discussion) throw notFound("Discussion");
  const [buyerDiscussions, sellerRecord, buyerTotal] = await Promise.all([
    ctx.db.discussion.findMany({
      where: { buyerId: discussion.buyerId, id: { not: id } },
      orderBy: { openedAt: "desc" },
      take: 10,
      select: { id: true, number: true, reason: true, status: true, resolution: true, openedAt: true, seller: { select: { name: true } } },
    }),
    sellerResponseRecord(ctx, discussion.sellerId),
    cappedCount((take) => ctx.db.discussion.count({ where: { buyerId: discussion.buyerId }, take })),
  ]);
  return { buyerDiscussions, buyerTotal, seller: sellerRecord };
}

export interface SellerResponseRecord {
  discussions: number;
  /** Discussions whose 24 hours are over, or that the seller already answered. */
  due: number;
  answeredOnTime: number;
  overdue: number;
  onTimeRate: number | null;
  overdueRate: number | null;
}

/** How reliably a seller answers within 24 hours (counted from the data, not stored). */
export async function sellerResponseRecord(ctx: Pick<DomainContext, "db" | "clock" | "actor">, sellerId: string): Promise<SellerResponseRecord> {
  if (!canAtAll(ctx.actor, "read", "discussionMetrics") && !(isPerson(ctx.actor) && ctx.actor.userId === sellerId)) {
    throw new DomainError(ErrorCode.FORBIDDEN, "Missing permission read:discussionMetrics");
  }
  const now = ctx.clock.now();
  const [row] = await ctx.db.$queryRaw<{ discussions: bigint; due: bigint; on_time: bigint; overdue: bigint }[]>`
    SELECT count(*) AS discussions,
           count(*) FILTER (WHERE "sellerResponseDueAt" <= ${now} OR "sellerRespondedAt" IS NOT NULL) AS due,
           count(*) FILTER (WHERE "sellerRespondedAt" IS NOT NULL AND "sellerRespondedAt" <= "sellerResponseDueAt") AS on_time,
           count(*) FILTER (WHERE "sellerOverdueAt" IS NOT NULL) AS overdue
    FROM "Discussion" WHERE "sellerId" = ${sellerId}::uuid`;
  const due = Number(row.due);
  return {
    discussions: Number(row.discussions),
    due,
    answeredOnTime: Number(row.on_time),
    overdue: Number(row.overdue),
    onTimeRate: due ? Number(row.on_time) / due : null,
    overdueRate: due ? Number(row.overdue) / due : null,
  };
}

/**
 * The same message visibility as visibleMessagesWhere, expressed without knowing the discussion: a party
 * sees messages for everyone and those addressed to their side of the discussions they are in.
 */
export function visibleMessagesForActorWhere(actor: Actor) {
  if (canAny(actor, "read", "discussion")) return {};
  const me = requirePerson(actor).userId;
  return {
    OR: [
      { visibility: "ALL" as const },
      { visibility: "BUYER" as const, discussion: { buyerId: me } },
      { visibility: "SELLER" as const, discussion: { sellerId: me } },
    ],
  };
}
