import type { DomainContext } from "../context";
import { checkConsents, recordConsents } from "../consents/record.server";
import type { ConsentAnswers } from "../consents/schemas";
import { inTransaction } from "../context";
import { recordChanges } from "../cases/recorder.server";
import { checkUploads, storeFiles, type CheckedFile, type UploadedFile } from "../cases/attachments.server";
import { DomainError, ErrorCode, type ErrorDetail } from "../errors";
import { can, requirePerson } from "../identity/actor";
import { HOUR } from "../shared/time";
import { ipItemEvents } from "./events";
import { requireOrgAccess } from "./membership.server";
import { MAX_NOTICE_ITEMS, noticeItemSchema, noticeSchema } from "./schemas";
import { uuid } from "../shared/validation";
import { rightsPolicy } from "./settings.server";
import { reporterStanding } from "./standing.server";
import type { InfringementKind } from "./statement-of-reasons";

// Filing a notice: every problem is found before anything is written, each with its own code and the
// field it is about (items.<n>.<field>), so a person fixes them all at once and an integration can map
// them back to its rows. A complete notice is written in a constant number of statements whatever its
// size (up to 500 offers) and answered with its receipt.

export interface FileNoticeInput {
  rightsHolderId: string;
  accuracyStatement: boolean;
  clientReference?: string;
  items: unknown[];
  /** Evidence files per item index (the UI's handful of offers). */
  files?: Record<number, UploadedFile[]>;
  /** The answers to the clauses of the FILE_IP_REPORT position. */
  consents?: ConsentAnswers;
}

export interface NoticeReceipt {
  notice: { id: string; number: number; filedAt: Date; itemCount: number; trustedAtFiling: boolean };
  items: { id: string; number: number; offerId: string; rightId: string; decisionDueAt: Date }[];
  /** True when the same clientReference was filed before: this is that notice's receipt. */
  replayed: boolean;
}

const OPEN_STATUSES = ["PENDING", "INFORMATION_REQUESTED", "ON_HOLD"] as const;

function refuse(details: ErrorDetail[]): never {
  const fieldErrors: Record<string, string[]> = {};
  for (const detail of details) (fieldErrors[detail.field] ??= []).push(detail.message);
  throw new DomainError(ErrorCode.NOTICE_INVALID, `The notice has ${details.length} problem(s); nothing was filed`, { details, fieldErrors, params: { count: details.length } });
}

export async function fileNotice(ctx: DomainContext, input: FileNoticeInput): Promise<NoticeReceipt> {
  const actor = requirePerson(ctx.actor);
  const items = Array.isArray(input?.items) ? input.items : [];
  if (items.length > MAX_NOTICE_ITEMS) {
    throw new DomainError(ErrorCode.TOO_MANY_OFFERS, `At most ${MAX_NOTICE_ITEMS} offers in one notice`, {
      params: { max: MAX_NOTICE_ITEMS },
      fieldErrors: { items: [`At most ${MAX_NOTICE_ITEMS} offers in one notice`] },
    });
  }
  const head = noticeSchema.safeParse(input);
  const details: ErrorDetail[] = [];
  if (!head.success) {
    for (const issue of head.error.issues) {
      const field = issue.path.join(".") || "_form";
      details.push({ field, code: field === "accuracyStatement" ? ErrorCode.ACCURACY_STATEMENT_MISSING : ErrorCode.VALIDATION_FAILED, message: issue.message });
    }
    if (details.some((d) => d.field === "rightsHolderId")) refuse(details);
  }
  const rightsHolderId = String((input as { rightsHolderId: string }).rightsHolderId);
  await requireOrgAccess(ctx.db, actor, rightsHolderId, (a, member) => member && can(a, "create", "ipNotice", false, true));
  const now = ctx.clock.now();
  const holder = await ctx.db.rightsHolder.findUniqueOrThrow({ where: { id: rightsHolderId }, select: { status: true, noticesSuspendedUntil: true } });
  if (holder.status !== "VERIFIED") throw new DomainError(ErrorCode.RIGHTS_HOLDER_NOT_VERIFIED, "An agent has not verified this rights holder yet");
  if (holder.noticesSuspendedUntil && holder.noticesSuspendedUntil > now) {
    throw new DomainError(ErrorCode.NOTICES_SUSPENDED, "This rights holder's notices are suspended", { params: { until: holder.noticesSuspendedUntil.toISOString() } });
  }
  if (input.clientReference) {
    const earlier = await ctx.db.ipNotice.findUnique({ where: { rightsHolderId_clientReference: { rightsHolderId, clientReference: input.clientReference } } });
    if (earlier) return receiptOf(ctx, earlier.id, true);
  }

  // Each item on its own; then what needs the database, for all items at once.
  const parsed = items.map((raw, index) => {
    const result = noticeItemSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) details.push({ field: `items.${index}.${issue.path.join(".")}`, code: ErrorCode.VALIDATION_FAILED, message: issue.message });
    }
    const links = (raw as { evidenceUrls?: unknown } | null)?.evidenceUrls;
    const files = input.files?.[index] ?? [];
    if (!(Array.isArray(links) && links.length) && !files.some((f) => f.data.byteLength > 0)) {
      details.push({ field: `items.${index}.evidence`, code: ErrorCode.EVIDENCE_MISSING, message: "Add a link to the evidence or attach a file" });
    }
    return result.success ? result.data : null;
  });
  const valid = parsed.flatMap((item, index) => (item ? [{ ...item, index }] : []));
  // The database's checks (the right, the offer, duplicates) run for every item whose ids are well formed,
  // also when another of its fields is wrong: every problem is reported at once.
  const checkable = items.map((raw, index) => {
    const item = parsed[index];
    if (item) return { index, offerId: item.offerId as string | undefined, rightId: item.rightId as string | undefined };
    const idOf = (field: "offerId" | "rightId") => {
      const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>)[field] : undefined;
      const result = uuid.safeParse(typeof value === "string" ? value.trim() : value);
      return result.success ? result.data : undefined;
    };
    return { index, offerId: idOf("offerId"), rightId: idOf("rightId") };
  });
  const ids = (field: "offerId" | "rightId") => [...new Set(checkable.flatMap((i) => (i[field] ? [i[field]] : [])))];
  const [rights, offers, pending] = await Promise.all([
    ctx.db.ipRight.findMany({ where: { id: { in: ids("rightId") } }, select: { id: true, rightsHolderId: true, status: true, type: true, contested: true, unexamined: true } }),
    ctx.db.offer.findMany({ where: { id: { in: ids("offerId") } }, select: { id: true, status: true, sellerId: true, brand: true } }),
    ctx.db.ipReportItem.findMany({
      where: { offerId: { in: ids("offerId") }, status: { in: [...OPEN_STATUSES] } },
      select: { offerId: true, rightId: true, number: true },
    }),
  ]);
  const rightById = new Map(rights.map((r) => [r.id, r]));
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const pendingPairs = new Map(pending.map((p) => [`${p.offerId}:${p.rightId}`, p.number]));
  const seen = new Set<string>();
  for (const item of checkable) {
    const at = (field: string) => `items.${item.index}.${field}`;
    if (item.rightId) {
      const right = rightById.get(item.rightId);
      if (!right || right.rightsHolderId !== rightsHolderId) {
        details.push({ field: at("rightId"), code: ErrorCode.RIGHT_OF_ANOTHER_HOLDER, message: "This right is not one of this rights holder's rights" });
      } else if (right.status !== "VERIFIED") {
        details.push({ field: at("rightId"), code: ErrorCode.RIGHT_NOT_VERIFIED, message: "An agent has not verified this right yet" });
      }
    }
    if (item.offerId) {
      const offer = offerById.get(item.offerId);
      if (!offer) details.push({ field: at("offerId"), code: ErrorCode.OFFER_NOT_FOUND, message: "There is no such offer" });
      else if (offer.status !== "ACTIVE") details.push({ field: at("offerId"), code: ErrorCode.OFFER_ALREADY_DOWN, message: "This offer is no longer on the marketplace" });
    }
    if (!item.offerId || !item.rightId) continue;
    const pair = `${item.offerId}:${item.rightId}`;
    if (pendingPairs.has(pair)) {
      details.push({ field: at("offerId"), code: ErrorCode.DUPLICATE_PENDING_ITEM, message: `This offer is already reported under this right (IP-${pendingPairs.get(pair)}), still pending` });
    } else if (parsed[item.index] && seen.has(pair)) {
      // Named twice in this notice: said of complete items only (an item with its own problems is fixed first).
      details.push({ field: at("offerId"), code: ErrorCode.DUPLICATE_PENDING_ITEM, message: "This offer is named twice under the same right in this notice" });
    }
    if (parsed[item.index]) seen.add(pair);
  }
  if (details.length) refuse(details);

  const files: CheckedFile[][] = [];
  for (const item of valid) files[item.index] = await checkUploads(input.files?.[item.index] ?? []);
  const policy = await rightsPolicy(ctx.db);
  const standing = await reporterStanding(ctx.db, rightsHolderId, now, policy);
  const dueAt = new Date(now.getTime() + (standing.trusted ? policy.trustedDecisionHours : policy.decisionHours) * HOUR);
  const consents = await checkConsents(ctx.db, "FILE_IP_REPORT", input.consents);
  try {
    const noticeId = await inTransaction(ctx, async (tx) => {
      const notice = await tx.ipNotice.create({
        data: {
          rightsHolderId,
          filedById: actor.userId,
          filedAt: now,
          accuracyStatementAt: now,
          trustedAtFiling: standing.trusted,
          itemCount: valid.length,
          clientReference: input.clientReference,
        },
      });
      // One INSERT … SELECT over the rows as a JSON document: Prisma's createManyAndReturn spent about a
      // second of client time on 500 rows (PostgreSQL itself about 50 ms), which the 2-second target cannot afford.
      const rows = valid.map((item, ord) => {
        const right = rightById.get(item.rightId)!;
        const offer = offerById.get(item.offerId)!;
        return {
          ord,
          offerId: item.offerId,
          rightId: item.rightId,
          sellerId: offer.sellerId,
          brand: offer.brand,
          kind: item.kind,
          explanation: item.explanation,
          evidenceUrls: item.evidenceUrls,
          needsSenior: right.contested || right.unexamined,
        };
      });
      const created = await tx.$queryRaw<{ id: string; offerId: string; rightId: string; kind: InfringementKind; needsSenior: boolean }[]>`
        INSERT INTO "IpReportItem" ("noticeId", "rightsHolderId", "offerId", "rightId", "sellerId", brand, kind, explanation, "evidenceUrls", priority, "needsSenior", "filedAt", "decisionDueAt")
        SELECT ${notice.id}::uuid, ${rightsHolderId}::uuid, r."offerId", r."rightId", r."sellerId", r.brand, r.kind::"InfringementKind", r.explanation,
               ARRAY(SELECT jsonb_array_elements_text(r."evidenceUrls")), ${standing.trusted}, r."needsSenior", ${now}::timestamptz, ${dueAt}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(ord int, "offerId" uuid, "rightId" uuid, "sellerId" uuid, brand text, kind text, explanation text, "evidenceUrls" jsonb, "needsSenior" boolean)
        ORDER BY r.ord
        RETURNING id, "offerId", "rightId", kind::text AS kind, "needsSenior"`;
      await recordConsents(tx, ctx, consents, { ipNoticeId: notice.id });
      const createdByPair = new Map(created.map((row) => [`${row.offerId}:${row.rightId}`, row.id]));
      for (const item of valid) {
        if (files[item.index]?.length) {
          await storeFiles(tx, { links: { reportItemId: createdByPair.get(`${item.offerId}:${item.rightId}`)! }, purpose: "EVIDENCE", uploadedById: actor.userId, at: now }, files[item.index]);
        }
      }
      await recordChanges(
        tx,
        { actor: ctx.actor, now, requestId: ctx.requestId },
        ipItemEvents,
        created.map((item) => ({
          caseId: item.id,
          type: "FILED",
          actorRole: "REPORTER",
          data: { noticeId: notice.id, kind: item.kind, rightType: rightById.get(item.rightId)!.type, priority: standing.trusted, needsSenior: item.needsSenior },
          auditMetadata: { noticeId: notice.id, offerId: item.offerId, rightId: item.rightId },
        })),
      );
      return notice.id;
    });
    return receiptOf(ctx, noticeId, false);
  } catch (error) {
    // Another notice naming the same offer under the same right committed first.
    if (error instanceof Error && /IpReportItem_one_pending_per_offer_right|Unique constraint/i.test(error.message)) {
      throw new DomainError(ErrorCode.DUPLICATE_PENDING_ITEM, "One of these offers was reported under the same right a moment ago; nothing was filed");
    }
    throw error;
  }
}

async function receiptOf(ctx: DomainContext, noticeId: string, replayed: boolean): Promise<NoticeReceipt> {
  const notice = await ctx.db.ipNotice.findUniqueOrThrow({
    where: { id: noticeId },
    select: {
      id: true,
      number: true,
      filedAt: true,
      itemCount: true,
      trustedAtFiling: true,
      items: { select: { id: true, number: true, offerId: true, rightId: true, decisionDueAt: true }, orderBy: { number: "asc" } },
    },
  });
  const { items, ...rest } = notice;
  return { notice: rest, items, replayed };
}
