import type { DomainContext } from "../context";
import { authorize, requirePerson } from "../identity/actor";
import { cappedCount } from "../shared/capped-count";
import type { ConsentForm, ConsentSubject } from "./positions";
import { isWithdrawable } from "./withdraw.server";

/** What staff narrow a person's history to; both stay in the WHERE of the (userId, at) index range. */
export interface ConsentHistoryFilter {
  form?: ConsentForm | "PRIVACY_SETTINGS";
  choice?: "ACCEPTED" | "DECLINED" | "DISPLAYED" | "WITHDRAWN";
}

// What people accepted, for staff (any person, with the wording as it was) and for the person themself.

const RECORD_SELECT = {
  id: true,
  submissionId: true,
  form: true,
  clauseId: true,
  position: true,
  clauseType: true,
  choice: true,
  subjectType: true,
  subjectId: true,
  userId: true,
  email: true,
  at: true,
  ipAddress: true,
  userAgent: true,
  pageUrl: true,
  clauseVersion: { select: { id: true, version: true, content: true, contentHash: true } },
} as const;

export type ConsentRecordView = Awaited<ReturnType<typeof consentHistory>>["records"][number];

/**
 * A person's consent history, newest first: every record they gave while signed in or with the account
 * this submission created. One index range per page (ConsentRecord_userId_at_idx).
 */
export async function consentHistory(
  ctx: DomainContext,
  userId: string,
  page: { skip?: number; take?: number } = {},
  filter: ConsentHistoryFilter = {},
) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "consent", actor.userId === userId);
  const take = Math.min(page.take ?? 50, 100);
  const orderBy = [{ at: "desc" as const }, { id: "desc" as const }];
  const where = { userId, form: filter.form, choice: filter.choice };
  const [total, records] = await Promise.all([
    cappedCount((limit) => ctx.db.consentRecord.count({ where, take: limit, orderBy }), { skip: page.skip, take }),
    ctx.db.consentRecord.findMany({ where, orderBy, skip: page.skip ?? 0, take, select: RECORD_SELECT }),
  ]);
  return { total, records: records.map(view) };
}

/** The records attached to one order, customer, subscriber, alert, question or case (staff). */
export async function consentsForSubject(ctx: DomainContext, subjectType: ConsentSubject, subjectId: string) {
  authorize(ctx.actor, "read", "consent");
  const records = await ctx.db.consentRecord.findMany({
    where: { subjectType, subjectId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 500,
    select: RECORD_SELECT,
  });
  return records.map(view);
}

/**
 * The person's consents as they stand: the latest record per clause and subject, with what can be
 * withdrawn (an optional consent whose latest record is an acceptance).
 */
export async function myConsents(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "read", "consent", true);
  const latestIds = await ctx.db.$queryRaw<{ id: bigint }[]>`
    SELECT DISTINCT ON ("subjectType", "subjectId", "clauseId") "id" FROM "ConsentRecord"
    WHERE "userId" = ${actor.userId}::uuid
    ORDER BY "subjectType", "subjectId", "clauseId", "at" DESC, "id" DESC`;
  const records = await ctx.db.consentRecord.findMany({
    where: { id: { in: latestIds.map((row) => row.id) } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: RECORD_SELECT,
  });
  return records.map((record) => ({ ...view(record), withdrawable: isWithdrawable(record) }));
}

function view<R extends { id: bigint }>(record: R) {
  return { ...record, id: String(record.id) };
}
