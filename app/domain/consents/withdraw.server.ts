import { randomUUID } from "node:crypto";
import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, requirePerson, type PersonActor } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput } from "../shared/validation";
import { withdrawalSchema } from "./schemas";
import type { ConsentSubject } from "./positions";

// Withdrawing an optional consent is as easy as giving it: one button on the person's privacy page. It
// is recorded like the consent (a WITHDRAWN record naming the version that was accepted), never by
// changing or deleting the earlier record.

/** True when the subject belongs to the person: their account, order, subscription, alert, question or case. */
async function ownsSubject(tx: Tx, actor: PersonActor, type: ConsentSubject, id: string): Promise<boolean> {
  const me = actor.userId;
  switch (type) {
    case "CUSTOMER":
      return id === me;
    case "ORDER":
      return (await tx.order.count({ where: { id, buyerId: me } })) > 0;
    case "NEWSLETTER": {
      const subscriber = await tx.newsletterSubscriber.findUnique({ where: { id }, select: { userId: true, email: true } });
      if (!subscriber) return false;
      if (subscriber.userId === me) return true;
      const user = await tx.user.findUnique({ where: { id: me }, select: { email: true } });
      return !!user && user.email.toLowerCase() === subscriber.email.toLowerCase();
    }
    case "PRODUCT_ALERT":
      return (await tx.productAlert.count({ where: { id, userId: me } })) > 0;
    case "QUESTION":
      return (await tx.customerQuestion.count({ where: { id, userId: me } })) > 0;
    case "DISCUSSION":
      return (await tx.discussion.count({ where: { id, buyerId: me } })) > 0;
    case "CLAIM":
      return (await tx.claim.count({ where: { id, buyerId: me } })) > 0;
    case "IP_NOTICE":
      return (await tx.consentRecord.count({ where: { subjectType: "IP_NOTICE", subjectId: id, userId: me } })) > 0;
  }
}

export async function withdrawConsent(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(withdrawalSchema, input);
  return inTransaction(ctx, async (tx) => {
    if (!(await ownsSubject(tx, actor, data.subjectType, data.subjectId))) {
      // Another person's consent is none of this person's business: it does not exist for them.
      authorize(actor, "withdraw", "consent", false);
    }
    authorize(actor, "withdraw", "consent", true);
    // Two clicks at once write one withdrawal: the second waits here and then finds it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`consent:${data.subjectId}:${data.clauseId}`}))`;
    const latest = await tx.consentRecord.findFirst({
      where: { subjectType: data.subjectType, subjectId: data.subjectId, clauseId: data.clauseId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
    });
    if (!latest) throw notFound("Consent");
    if (!isWithdrawable(latest)) {
      throw new DomainError(ErrorCode.CONSENT_NOT_WITHDRAWABLE, latest.choice === "WITHDRAWN" ? "Already withdrawn" : "Only a given optional consent can be withdrawn");
    }
    const now = ctx.clock.now();
    const withdrawal = await tx.consentRecord.create({
      data: {
        submissionId: randomUUID(),
        form: "PRIVACY_SETTINGS",
        clauseId: latest.clauseId,
        clauseVersionId: latest.clauseVersionId,
        position: latest.position,
        clauseType: latest.clauseType,
        choice: "WITHDRAWN",
        subjectType: latest.subjectType,
        subjectId: latest.subjectId,
        userId: actor.userId,
        email: latest.email,
        at: now,
        ipAddress: ctx.origin?.ipAddress ?? "unknown",
        userAgent: ctx.origin?.userAgent ?? "",
        pageUrl: ctx.origin?.pageUrl ?? null,
      },
    });
    if (data.subjectType === "NEWSLETTER") await unsubscribeWhenNoConsentLeft(tx, data.subjectId, now);
    // An alert exists only by its consent: withdrawing it cancels the alert.
    if (data.subjectType === "PRODUCT_ALERT" && latest.clauseType === "MANDATORY_CONSENT") {
      await tx.productAlert.updateMany({ where: { id: data.subjectId, cancelledAt: null }, data: { cancelledAt: now } });
    }
    await audit(tx, ctx, {
      action: "consent.withdraw",
      subjectType: "ConsentRecord",
      subjectId: String(withdrawal.id),
      metadata: { clauseId: latest.clauseId, version: latest.clauseVersionId, subjectType: latest.subjectType },
    });
    return { id: String(withdrawal.id), at: now };
  });
}

/**
 * What can be withdrawn: a given optional consent; and a mandatory one where the thing it was given for
 * simply ends with it (the newsletter subscription, a product alert) — consent to marketing is always
 * withdrawable. Accepting the terms of an account or an order is not a consent one withdraws.
 */
export function isWithdrawable(record: { choice: string; clauseType: string; subjectType: string }): boolean {
  if (record.choice !== "ACCEPTED") return false;
  if (record.clauseType === "OPTIONAL_CONSENT") return true;
  return record.clauseType === "MANDATORY_CONSENT" && ENDS_WITH_WITHDRAWAL.includes(record.subjectType);
}
const ENDS_WITH_WITHDRAWAL = ["NEWSLETTER", "PRODUCT_ALERT"];

/** A subscriber whose every newsletter consent is withdrawn gets no more newsletters. */
async function unsubscribeWhenNoConsentLeft(tx: Tx, subscriberId: string, now: Date) {
  const stillGiven = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT DISTINCT ON ("clauseId") "choice" FROM "ConsentRecord"
      WHERE "subjectType" = 'NEWSLETTER' AND "subjectId" = ${subscriberId}::uuid AND "clauseType" <> 'INFORMATION_CLAUSE'
      ORDER BY "clauseId", "at" DESC, "id" DESC) latest
    WHERE latest."choice" = 'ACCEPTED'`;
  if ((stillGiven[0]?.n ?? 0) === 0) {
    await tx.newsletterSubscriber.updateMany({ where: { id: subscriberId, unsubscribedAt: null }, data: { unsubscribedAt: now } });
  }
}
