import type { Db, DomainContext, Tx } from "../context";
import { recordChange, recordChanges } from "../cases/recorder.server";
import { DAY } from "../shared/time";
import { ipItemEvents, rightsHolderEvents, sellerStandingEvents } from "./events";
import { monthsBefore, type RightsPolicy } from "./policy";
import { writeStatement, type StatementSubject } from "./statements.server";
import type { InfringementKind } from "./statement-of-reasons";

// Standing: a reporter's accuracy over a rolling window (trusted reporters go first; a high share of
// manifestly unfounded items warns, then suspends its notices), and a seller's strikes (a recorded
// warning, then a suspension; never a suspension without a prior warning).

export interface ReporterStanding {
  decided: number;
  upheld: number;
  unfounded: number;
  /** upheld ÷ decided (items reinstated on appeal count as wrong); null before anything is decided. */
  accuracy: number | null;
  unfoundedShare: number | null;
  trusted: boolean;
  warnedAt: Date | null;
  noticesSuspendedUntil: Date | null;
}

export async function reporterStanding(db: Db | Tx, rightsHolderId: string, now: Date, policy: RightsPolicy): Promise<ReporterStanding> {
  const since = monthsBefore(now, policy.reporters.windowMonths);
  const [counts] = await db.$queryRaw<{ decided: number; upheld: number; unfounded: number }[]>`
    SELECT count(*)::int AS decided,
           count(*) FILTER (WHERE status = 'TAKEN_DOWN')::int AS upheld,
           count(*) FILTER (WHERE "rejectionReason" = 'MANIFESTLY_UNFOUNDED')::int AS unfounded
    FROM "IpReportItem"
    WHERE "rightsHolderId" = ${rightsHolderId}::uuid AND "decidedAt" >= ${since} AND "decidedAt" <= ${now}
      AND status IN ('TAKEN_DOWN', 'REJECTED', 'REINSTATED')`;
  const holder = await db.rightsHolder.findUnique({ where: { id: rightsHolderId }, select: { warnedAt: true, noticesSuspendedUntil: true } });
  const accuracy = counts.decided ? counts.upheld / counts.decided : null;
  return {
    ...counts,
    accuracy,
    unfoundedShare: counts.decided ? counts.unfounded / counts.decided : null,
    trusted: accuracy !== null && counts.decided >= policy.reporters.trustedMinDecided && accuracy >= policy.reporters.trustedAccuracy,
    warnedAt: holder?.warnedAt ?? null,
    noticesSuspendedUntil: holder?.noticesSuspendedUntil ?? null,
  };
}

/**
 * After a rejection: a reporter over the unfounded threshold is warned; warned within the window and
 * still over it, its notices are suspended and its pending items leave the queue (kept, ON_HOLD).
 */
export async function reviewReporter(tx: Tx, ctx: DomainContext, rightsHolderId: string, policy: RightsPolicy) {
  const now = ctx.clock.now();
  await tx.$queryRaw`SELECT id FROM "RightsHolder" WHERE id = ${rightsHolderId}::uuid FOR UPDATE`;
  const standing = await reporterStanding(tx, rightsHolderId, now, policy);
  if (standing.decided < policy.reporters.unfoundedMinDecided || (standing.unfoundedShare ?? 0) < policy.reporters.unfoundedShare) return;
  if (standing.noticesSuspendedUntil && standing.noticesSuspendedUntil > now) return;
  const share = Math.round((standing.unfoundedShare ?? 0) * 1000) / 1000;
  const warnedRecently = standing.warnedAt && standing.warnedAt >= monthsBefore(now, policy.reporters.windowMonths);
  const owners = await tx.rightsHolderMember.findMany({ where: { rightsHolderId, userId: { not: null } }, select: { userId: true } });
  const tell = (kind: string, params: Record<string, string | number> = {}) => (eventId: bigint) =>
    owners.map(({ userId }) => ({ recipientId: userId!, kind, params, link: "/rights", idempotencyKey: `rightsHolder:${rightsHolderId}:event:${eventId}:${userId}` }));
  if (!warnedRecently) {
    await tx.rightsHolder.update({ where: { id: rightsHolderId }, data: { warnedAt: now } });
    await recordChange(tx, ctx, rightsHolderEvents, {
      caseId: rightsHolderId,
      type: "REPORTER_WARNED",
      actorRole: "SYSTEM",
      data: { unfoundedShare: share, decided: standing.decided },
      notify: tell("rights.reporterWarned", { percent: Math.round(share * 100) }),
    });
    return;
  }
  const until = new Date(now.getTime() + policy.reporters.noticeSuspensionDays * DAY);
  await tx.rightsHolder.update({ where: { id: rightsHolderId }, data: { noticesSuspendedUntil: until } });
  // Items waiting for an agent leave the queue; those waiting for the reporter's answer already did.
  const held = await tx.ipReportItem.updateManyAndReturn({
    where: { rightsHolderId, status: "PENDING" },
    data: { status: "ON_HOLD", pausedAt: now, version: { increment: 1 } },
    select: { id: true },
  });
  await recordChange(tx, ctx, rightsHolderEvents, {
    caseId: rightsHolderId,
    type: "NOTICES_SUSPENDED",
    actorRole: "SYSTEM",
    data: { unfoundedShare: share, decided: standing.decided, until: until.toISOString(), itemsOnHold: held.length },
    notify: tell("rights.noticesSuspended", { until: until.toISOString() }),
  });
  if (held.length) {
    await recordChanges(tx, { actor: ctx.actor, now, requestId: ctx.requestId }, ipItemEvents, held.map((item) => ({ caseId: item.id, type: "PUT_ON_HOLD", actorRole: "SYSTEM" })));
  }
}

/** One seller's standing changes one decision at a time (taken before any of the seller's offers is updated). */
export async function lockSeller(tx: Tx, sellerId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${sellerId}::uuid FOR UPDATE`;
}

/** The seller's points: the weights of unexpired, unremoved strikes. */
export async function sellerPoints(db: Db | Tx, sellerId: string, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ points: number }[]>`
    SELECT coalesce(sum(weight), 0)::int AS points FROM "SellerStrike"
    WHERE "sellerId" = ${sellerId}::uuid AND "expiresAt" > ${now} AND "removedAt" IS NULL`;
  return row.points;
}

/**
 * Records the strike of an upheld takedown, then applies the thresholds: past the warning threshold a
 * recorded warning (once per window); past the suspension threshold, and only once warned, a suspension
 * of the seller's offers with its own statement of reasons.
 */
export async function recordStrike(
  tx: Tx,
  ctx: DomainContext,
  policy: RightsPolicy,
  strike: { sellerId: string; itemId: string; kind: InfringementKind; subject: StatementSubject },
) {
  const now = ctx.clock.now();
  await lockSeller(tx, strike.sellerId);
  const weight = policy.strikes.weights[strike.kind];
  const expiresAt = new Date(now);
  expiresAt.setUTCMonth(expiresAt.getUTCMonth() + policy.strikes.windowMonths);
  await tx.sellerStrike.create({ data: { sellerId: strike.sellerId, itemId: strike.itemId, kind: strike.kind, weight, at: now, expiresAt } });
  const points = await sellerPoints(tx, strike.sellerId, now);
  const standing = (type: keyof typeof sellerStandingEvents.schemas, data: Record<string, unknown>, kind?: string) =>
    recordChange(tx, ctx, sellerStandingEvents, {
      caseId: strike.sellerId,
      type,
      actorRole: "SYSTEM",
      data,
      auditMetadata: data,
      notify: kind ? (eventId) => [{ recipientId: strike.sellerId, kind, params: { points }, link: "/rights/my-offers", idempotencyKey: `sellerStanding:${strike.sellerId}:event:${eventId}:${strike.sellerId}` }] : undefined,
    });
  await standing("STRIKE_RECORDED", { itemId: strike.itemId, kind: strike.kind, weight, points });
  if (points < policy.strikes.warnAtPoints) return;
  const windowStart = monthsBefore(now, policy.strikes.windowMonths);
  const [warning, activeSuspension] = await Promise.all([
    tx.sellerEnforcement.findFirst({ where: { sellerId: strike.sellerId, type: "WARNING", at: { gte: windowStart } }, orderBy: { at: "desc" } }),
    tx.sellerEnforcement.findFirst({ where: { sellerId: strike.sellerId, type: "SUSPENSION", endedAt: null } }),
  ]);
  if (!warning) {
    await tx.sellerEnforcement.create({ data: { sellerId: strike.sellerId, type: "WARNING", points, at: now } });
    await standing("WARNED", { points }, "rights.sellerWarned");
    return;
  }
  if (points < policy.strikes.suspendAtPoints || activeSuspension) return;
  const endsAt = new Date(now.getTime() + policy.strikes.suspensionDays * DAY);
  const suspended = await tx.offer.updateManyAndReturn({
    where: { sellerId: strike.sellerId, status: "ACTIVE" },
    data: { status: "SUSPENDED", updatedAt: now },
    select: { id: true },
  });
  const statement = await writeStatement(
    tx,
    { ...strike.subject, itemId: null, offersAffected: suspended.length },
    { type: "SUSPENSION", endsAt },
    now,
  );
  await tx.sellerEnforcement.create({ data: { sellerId: strike.sellerId, type: "SUSPENSION", points, at: now, endsAt, statementId: statement.id } });
  await standing("SUSPENDED", { points, until: endsAt.toISOString(), offers: suspended.length, statementId: statement.id, cause: "REPEATED_INFRINGEMENT" }, "rights.sellerSuspended");
}

/** A takedown reversed on appeal no longer counts against the seller. */
export async function removeStrike(tx: Tx, ctx: DomainContext, sellerId: string, itemId: string) {
  const now = ctx.clock.now();
  const removed = await tx.sellerStrike.updateMany({ where: { itemId, removedAt: null }, data: { removedAt: now } });
  if (!removed.count) return;
  const points = await sellerPoints(tx, sellerId, now);
  await recordChange(tx, ctx, sellerStandingEvents, { caseId: sellerId, type: "STRIKE_REMOVED", actorRole: "SYSTEM", data: { itemId, points }, auditMetadata: { itemId, points } });
}
