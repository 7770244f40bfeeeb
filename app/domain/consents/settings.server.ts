import { z } from "zod";
import type { Db, DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, isPerson } from "../identity/actor";
import { parseInput } from "../shared/validation";
import { REVIEW_INTEGRATIONS_SETTING } from "./form-clauses.server";

// The review services (Opineo, Ceneo) whose clauses the order form shows: an administrator switches them
// on and off; while one is off, its position's clauses stay out of the order form (clausesForForm).

export const reviewIntegrationsSchema = z.object({ opineo: z.boolean(), ceneo: z.boolean() });
export type ReviewIntegrations = z.output<typeof reviewIntegrationsSchema>;

const OFF: ReviewIntegrations = { opineo: false, ceneo: false };

/** The switches as they stand, with who changed them last and when (null when never set). */
export async function reviewIntegrations(db: Db | Tx): Promise<ReviewIntegrations & { updatedAt: Date | null; updatedById: string | null; updatedByName: string | null }> {
  const row = await db.setting.findUnique({ where: { key: REVIEW_INTEGRATIONS_SETTING } });
  if (!row) return { ...OFF, updatedAt: null, updatedById: null, updatedByName: null };
  const parsed = reviewIntegrationsSchema.safeParse(row.value);
  const value = parsed.success ? parsed.data : OFF;
  const by = row.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true } }) : null;
  return { ...value, updatedAt: row.updatedAt, updatedById: row.updatedById, updatedByName: by?.name ?? null };
}

/** An administrator switches the review integrations; audited with the old and new values. */
export async function setReviewIntegrations(ctx: DomainContext, input: unknown): Promise<ReviewIntegrations> {
  authorize(ctx.actor, "manage", "reviewIntegration");
  const value = parseInput(reviewIntegrationsSchema, input);
  const updatedById = isPerson(ctx.actor) ? ctx.actor.userId : null;
  return inTransaction(ctx, async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: REVIEW_INTEGRATIONS_SETTING } });
    const now = ctx.clock.now();
    await tx.setting.upsert({
      where: { key: REVIEW_INTEGRATIONS_SETTING },
      update: { value, updatedAt: now, updatedById },
      create: { key: REVIEW_INTEGRATIONS_SETTING, value, updatedAt: now, updatedById },
    });
    await audit(tx, ctx, {
      action: "reviewIntegrations.update",
      subjectType: "Setting",
      subjectId: REVIEW_INTEGRATIONS_SETTING,
      metadata: { before: (before?.value as ReviewIntegrations | undefined) ?? OFF, after: value },
    });
    return value;
  });
}
