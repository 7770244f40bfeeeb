import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { DomainError, notFound } from "../errors";
import { isPerson, type Actor } from "../identity/actor";
import type { OutgoingNotification } from "../notifications/outbox.server";
import type { CaseRole, EventCatalogue } from "./events";
import { recordChange } from "./recorder.server";
import { writeNotes, type NewNote } from "./notes.server";

// The one command pipeline every case type runs: in one transaction, lock and load the case → the
// actor's part in it → the PURE transition (state, command, actor, now) → next | DomainError → persist
// the new state (and the command's own rows) → record the change (timeline event + audit + outbox).
// A context supplies the pieces; the order of the steps, and that they share one transaction, is here.

export interface CaseActor<Role extends string = CaseRole> {
  role: Role;
  userId: string | null;
}

export interface CaseTransition {
  /** The timeline event type (in the context's event catalogue). */
  event: string;
  data: Record<string, unknown>;
  /** Free text the command carries (never event data): stored as notes tied to the event. */
  notes?: NewNote[];
}

export interface CaseCommandSpec<Row, Command extends { type: string }, Role extends CaseRole, T extends CaseTransition> {
  catalogue: EventCatalogue;
  /** For NOT_FOUND: "Discussion", "Claim". */
  caseName: string;
  /** Locks the case's rows (in the context's lock order) and loads them; null when there is no such case. */
  lockAndLoad(tx: Tx, caseId: string): Promise<Row | null>;
  /** The command, built once the case is locked (it may read limits inside the lock). */
  command(row: Row, now: Date, tx: Tx): Command | Promise<Command>;
  /** The actor's part in this case; throws NOT_FOUND/FORBIDDEN for those who have none. */
  roleOf(actor: Actor, row: Row, command: Command): Role;
  transition(row: Row, command: Command, actor: CaseActor<Role>, now: Date): T | DomainError;
  /** Writes the new state and the command's own rows; may return extra data for the timeline event. */
  persist(tx: Tx, row: Row, transition: T, actor: CaseActor<Role>, now: Date): Promise<Record<string, unknown> | void>;
  auditMetadata?(transition: T): Record<string, unknown>;
  notify?(transition: T, row: Row, role: Role, eventId: bigint): OutgoingNotification[];
}

export interface CaseCommandResult<Row, T> {
  row: Row;
  transition: T;
  eventId: bigint;
}

export function runCaseCommand<Row, Command extends { type: string }, Role extends CaseRole, T extends CaseTransition>(
  ctx: DomainContext,
  spec: CaseCommandSpec<Row, Command, Role, T>,
  caseId: string,
): Promise<CaseCommandResult<Row, T>> {
  return inTransaction(ctx, async (tx) => {
    const row = await spec.lockAndLoad(tx, caseId);
    if (!row) throw notFound(spec.caseName);
    const now = ctx.clock.now();
    const command = await spec.command(row, now, tx);
    const role = spec.roleOf(ctx.actor, row, command);
    const actor: CaseActor<Role> = { role, userId: isPerson(ctx.actor) ? ctx.actor.userId : null };
    const transition = spec.transition(row, command, actor, now);
    if (transition instanceof DomainError) throw transition;
    const extra = (await spec.persist(tx, row, transition, actor, now)) ?? {};
    const eventId = await recordChange(tx, ctx, spec.catalogue, {
      caseId,
      type: transition.event,
      actorRole: role,
      data: { ...transition.data, ...extra },
      auditMetadata: spec.auditMetadata?.(transition),
      notify: spec.notify ? (id) => spec.notify!(transition, row, role, id) : undefined,
    });
    await writeNotes(tx, { caseType: spec.catalogue.caseType, caseId, eventId, authorId: actor.userId, now }, transition.notes ?? []);
    return { row, transition, eventId };
  });
}
