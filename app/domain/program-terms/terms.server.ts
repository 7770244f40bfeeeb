import type { Db, DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, can } from "../identity/actor";
import { DomainError, ErrorCode } from "../errors";
import { parseInput } from "../shared/validation";
import { fourEyesThresholdSchema, termsVersionSchema } from "./schemas";

// Program terms are versioned, effective-dated data. A purchase is judged under the version in force
// when it was made, so a new version never changes the rules for earlier purchases. Discussions (their
// opening window) and claims (coverage, caps, decision times, the four-eyes threshold) both read them.

export type ProgramTermsRow = Awaited<ReturnType<Db["programTerms"]["findFirstOrThrow"]>>;

export async function termsInForceAt(db: Db | Tx, at: Date): Promise<ProgramTermsRow> {
  const terms =
    (await db.programTerms.findFirst({ where: { effectiveFrom: { lte: at } }, orderBy: { effectiveFrom: "desc" } })) ??
    // Purchases older than the first recorded version are judged under the earliest one.
    (await db.programTerms.findFirst({ orderBy: { effectiveFrom: "asc" } }));
  if (!terms) throw new Error("No program terms are defined (the buyer-protection migration inserts the default version)");
  return terms;
}

export async function listTermsVersions(ctx: DomainContext) {
  return ctx.db.programTerms.findMany({ orderBy: { effectiveFrom: "desc" } });
}

/** Admins add a later version; it must start in the future and after every existing version. */
export async function createTermsVersion(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "programTerms");
  const data = parseInput(termsVersionSchema, input);
  return inTransaction(ctx, async (tx) => {
    await tx.$executeRaw`LOCK TABLE "ProgramTerms" IN SHARE ROW EXCLUSIVE MODE`;
    const latest = await tx.programTerms.findFirst({ orderBy: { effectiveFrom: "desc" } });
    if (data.effectiveFrom <= ctx.clock.now()) {
      throw new DomainError(ErrorCode.TERMS_VERSION_CONFLICT, "A new version must take effect in the future", {
        fieldErrors: { effectiveFrom: ["Must be in the future: purchases already made keep their terms"] },
      });
    }
    if (latest && data.effectiveFrom <= latest.effectiveFrom) {
      throw new DomainError(ErrorCode.TERMS_VERSION_CONFLICT, `Must take effect after version ${latest.version}`, {
        fieldErrors: { effectiveFrom: [`Must be after ${latest.effectiveFrom.toISOString().slice(0, 10)}`] },
      });
    }
    if (await tx.programTerms.findUnique({ where: { version: data.version } })) {
      throw new DomainError(ErrorCode.TERMS_VERSION_CONFLICT, "This version name exists", { fieldErrors: { version: ["This version name exists"] } });
    }
    const created = await tx.programTerms.create({
      data: { ...data, createdAt: ctx.clock.now(), createdById: "userId" in ctx.actor ? ctx.actor.userId : null },
    });
    await audit(tx, ctx, { action: "programTerms.create", subjectType: "ProgramTerms", subjectId: created.id, metadata: { version: data.version } });
    return created;
  });
}

export const FOUR_EYES_SETTING = "claims.fourEyesThreshold";
export const DEFAULT_FOUR_EYES_THRESHOLD = 500_000;

export async function fourEyesThreshold(db: Db | Tx): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: FOUR_EYES_SETTING } });
  return typeof row?.value === "number" ? row.value : DEFAULT_FOUR_EYES_THRESHOLD;
}

/**
 * The threshold as people may read it: those who set it (program-terms managers) and agents, whose
 * approvals it governs (their claim page shows it). Everyone else: FORBIDDEN.
 */
export async function readFourEyesThreshold(ctx: DomainContext): Promise<number> {
  if (!can(ctx.actor, "manage", "programTerms") && !can(ctx.actor, "decide", "claim")) authorize(ctx.actor, "manage", "programTerms");
  return fourEyesThreshold(ctx.db);
}

export async function setFourEyesThreshold(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "programTerms");
  const { amount } = parseInput(fourEyesThresholdSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await fourEyesThreshold(tx);
    await tx.setting.upsert({
      where: { key: FOUR_EYES_SETTING },
      update: { value: amount, updatedAt: ctx.clock.now(), updatedById: "userId" in ctx.actor ? ctx.actor.userId : null },
      create: { key: FOUR_EYES_SETTING, value: amount, updatedAt: ctx.clock.now() },
    });
    await audit(tx, ctx, { action: "setting.fourEyesThreshold", subjectType: "Setting", subjectId: FOUR_EYES_SETTING, metadata: { from: before, to: amount } });
    return amount;
  });
}
