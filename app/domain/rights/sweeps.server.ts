import type { Db } from "../context";
import { recordChanges } from "../cases/recorder.server";
import { systemActor } from "../identity/actor";
import type { Clock } from "../shared/time";
import { ipItemEvents, rightsHolderEvents, sellerStandingEvents } from "./events";

import { rightsPolicy } from "./settings.server";

// The rights sweeps: set-based, idempotent, safe to run on many workers at once (FOR UPDATE SKIP LOCKED).

const actor = systemActor("rights-sweep");

/**
 * A counterfeit takedown stands once its appeal window has passed without an appeal, or its appeal was
 * upheld. Then the offer's buyers of the previous months are told what was removed and why, and offered
 * a discussion with the seller. Each item once (buyersNotifiedAt), each buyer once per item.
 */
export async function notifyCounterfeitBuyers(db: Db, clock: Clock, batchSize = 200): Promise<number> {
  const now = clock.now();
  const policy = await rightsPolicy(db);
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string; number: number; offerId: string; decidedAt: Date }[]>`
      SELECT i.id, i.number, i."offerId", i."decidedAt" FROM "IpReportItem" i
      LEFT JOIN "IpAppeal" a ON a."itemId" = i.id
      WHERE i.status = 'TAKEN_DOWN' AND i.kind = 'COUNTERFEIT' AND i."buyersNotifiedAt" IS NULL
        AND ((a.id IS NULL AND i."appealDueAt" <= ${now}) OR a.status = 'UPHELD')
      ORDER BY i."appealDueAt"
      LIMIT ${batchSize}
      FOR UPDATE OF i SKIP LOCKED`;
    if (!due.length) return 0;
    const buyers = await tx.$queryRaw<{ itemId: string; buyerId: string; orderId: string }[]>`
      SELECT DISTINCT ON (d.id, o."buyerId") d.id AS "itemId", o."buyerId", o.id AS "orderId"
      FROM unnest(${due.map((d) => d.id)}::uuid[], ${due.map((d) => d.offerId)}::uuid[], ${due.map((d) => d.decidedAt)}::timestamptz[]) AS d(id, "offerId", "decidedAt")
      JOIN "OrderLine" l ON l."offerId" = d."offerId"
      JOIN "Order" o ON o.id = l."orderId"
      WHERE o."buyerId" IS NOT NULL AND o."placedAt" <= d."decidedAt"
        AND o."placedAt" >= d."decidedAt" - make_interval(months => ${policy.buyerLookbackMonths}::int)
      ORDER BY d.id, o."buyerId", o."placedAt" DESC`;
    const byItem = new Map<string, { buyerId: string; orderId: string }[]>();
    for (const b of buyers) byItem.set(b.itemId, [...(byItem.get(b.itemId) ?? []), b]);
    await tx.ipReportItem.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: { buyersNotifiedAt: now } });
    await recordChanges(
      tx,
      { actor, now },
      ipItemEvents,
      due.map((item) => ({
        caseId: item.id,
        type: "BUYERS_NOTIFIED",
        actorRole: "SYSTEM",
        data: { buyers: byItem.get(item.id)?.length ?? 0 },
        notify: (eventId) =>
          (byItem.get(item.id) ?? []).map((b) => ({
            recipientId: b.buyerId,
            kind: "rights.counterfeitRemoved",
            params: { number: item.number },
            link: `/discussions/new?orderId=${b.orderId}`,
            idempotencyKey: `ipItem:${item.id}:event:${eventId}:${b.buyerId}`,
          })),
      })),
    );
    return due.length;
  });
}

/** Ended suspensions: the seller's suspended offers come back. */
export async function endSellerSuspensions(db: Db, clock: Clock, batchSize = 200): Promise<number> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string; sellerId: string }[]>`
      SELECT id, "sellerId" FROM "SellerEnforcement"
      WHERE type = 'SUSPENSION' AND "endedAt" IS NULL AND "endsAt" <= ${now}
      ORDER BY "endsAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
    if (!due.length) return 0;
    await tx.sellerEnforcement.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: { endedAt: now } });
    const restored = await tx.$queryRaw<{ sellerId: string; offers: number }[]>`
      WITH back AS (
        UPDATE "Offer" SET status = 'ACTIVE', "updatedAt" = ${now}
        WHERE "sellerId" = ANY(${due.map((d) => d.sellerId)}::uuid[]) AND status = 'SUSPENDED'
        RETURNING "sellerId"
      ) SELECT "sellerId", count(*)::int AS offers FROM back GROUP BY "sellerId"`;
    const count = new Map(restored.map((r) => [r.sellerId, r.offers]));
    await recordChanges(
      tx,
      { actor, now },
      sellerStandingEvents,
      due.map((d) => ({
        caseId: d.sellerId,
        type: "SUSPENSION_ENDED",
        actorRole: "SYSTEM",
        data: { offers: count.get(d.sellerId) ?? 0 },
        notify: (eventId) => [
          { recipientId: d.sellerId, kind: "rights.suspensionEnded", link: "/rights/my-offers", idempotencyKey: `sellerStanding:${d.sellerId}:event:${eventId}:${d.sellerId}` },
        ],
      })),
    );
    return due.length;
  });
}

/** A reporter's notice suspension has ended: its items on hold return to the queue. */
export async function resumeReporterNotices(db: Db, clock: Clock, batchSize = 200): Promise<number> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "RightsHolder" WHERE "noticesSuspendedUntil" <= ${now}
      ORDER BY "noticesSuspendedUntil" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
    if (!due.length) return 0;
    const ids = due.map((d) => d.id);
    await tx.rightsHolder.updateMany({ where: { id: { in: ids } }, data: { noticesSuspendedUntil: null } });
    // The time on hold does not count against the agents' deadline.
    const released = await tx.$queryRaw<{ id: string; rightsHolderId: string }[]>`
      UPDATE "IpReportItem" SET status = 'PENDING', version = version + 1,
             "decisionDueAt" = "decisionDueAt" + (${now}::timestamptz - coalesce("pausedAt", ${now}::timestamptz)), "pausedAt" = NULL
      WHERE "rightsHolderId" = ANY(${ids}::uuid[]) AND status = 'ON_HOLD'
      RETURNING id, "rightsHolderId"`;
    const perHolder = new Map<string, number>();
    for (const r of released) perHolder.set(r.rightsHolderId, (perHolder.get(r.rightsHolderId) ?? 0) + 1);
    await recordChanges(tx, { actor, now }, rightsHolderEvents, ids.map((id) => ({ caseId: id, type: "NOTICES_RESUMED", actorRole: "SYSTEM", data: { itemsReleased: perHolder.get(id) ?? 0 } })));
    if (released.length) await recordChanges(tx, { actor, now }, ipItemEvents, released.map((r) => ({ caseId: r.id, type: "RELEASED", actorRole: "SYSTEM" })));
    return due.length;
  });
}

