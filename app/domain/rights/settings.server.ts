import type { Db, DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize } from "../identity/actor";
import { parseInput } from "../shared/validation";
import { DEFAULT_RIGHTS_POLICY, RIGHTS_POLICY_SETTING, rightsPolicySchema, type RightsPolicy } from "./policy";

/** The rights policy in force: the administrator's setting, or the defaults. */
export async function rightsPolicy(db: Db | Tx): Promise<RightsPolicy> {
  const row = await db.setting.findUnique({ where: { key: RIGHTS_POLICY_SETTING } });
  if (!row) return DEFAULT_RIGHTS_POLICY;
  const parsed = rightsPolicySchema.safeParse(row.value);
  return parsed.success ? parsed.data : DEFAULT_RIGHTS_POLICY;
}

/** An administrator changes strike weights, thresholds and windows; audited with the old and new values. */
export async function updateRightsPolicy(ctx: DomainContext, input: unknown): Promise<RightsPolicy> {
  authorize(ctx.actor, "manage", "rightsPolicy");
  const policy = parseInput(rightsPolicySchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await rightsPolicy(tx);
    await tx.setting.upsert({
      where: { key: RIGHTS_POLICY_SETTING },
      update: { value: policy, updatedAt: ctx.clock.now() },
      create: { key: RIGHTS_POLICY_SETTING, value: policy, updatedAt: ctx.clock.now() },
    });
    await audit(tx, ctx, { action: "rights.policyChanged", subjectType: "Setting", subjectId: RIGHTS_POLICY_SETTING, metadata: { before, after: policy } });
    return policy;
  });
}
