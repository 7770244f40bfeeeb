import type { DomainContext, Tx } from "../context";
import { actorRef } from "../identity/actor";

export type CaseType = "DISCUSSION" | "CLAIM";
export type CaseRole = "BUYER" | "SELLER" | "AGENT" | "SENIOR_AGENT" | "SYSTEM";

/** Appends one event to a case's timeline, inside the transaction that made the change. Returns its id. */
export async function appendCaseEvent(
  tx: Tx,
  ctx: Pick<DomainContext, "actor" | "clock">,
  event: { caseType: CaseType; caseId: string; type: string; actorRole: CaseRole; data?: Record<string, unknown> },
): Promise<bigint> {
  const row = await tx.caseEvent.create({
    data: {
      caseType: event.caseType,
      caseId: event.caseId,
      type: event.type,
      ...actorRef(ctx.actor),
      actorRole: event.actorRole,
      at: ctx.clock.now(),
      data: (event.data ?? {}) as never,
    },
    select: { id: true },
  });
  return row.id;
}
