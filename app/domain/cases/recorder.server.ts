import type { DomainContext, Tx } from "../context";
import { actorRef, type Actor } from "../identity/actor";
import { audit } from "../audit/audit.server";
import { enqueueNotification, enqueueNotifications, type OutgoingNotification } from "../notifications/outbox.server";
import { auditVerb, checkedEventData, type CaseRole, type EventCatalogue, type EventTypeOf } from "./events";

// The recorder of change: every change to a case writes, in the transaction that made it, one timeline
// event (CaseEvent, append-only), one audit record and the notifications it causes (outbox). Commands
// record one change; sweeps and the payout runner record many at once (recordChanges, or the SQL
// fragments of recordChangesSql for a sweep that is a single statement).

export interface CaseChange<C extends EventCatalogue> {
  caseId: string;
  type: EventTypeOf<C>;
  actorRole: CaseRole;
  data?: Record<string, unknown>;
  /** Ids, codes and amounts for the audit record (never personal data); the event id is added. */
  auditMetadata?: Record<string, unknown>;
  /** The messages this change sends, given the new event's id (their idempotency keys use it). */
  notify?: (eventId: bigint) => OutgoingNotification[];
}

/** Records one change inside `tx`. Returns the timeline event's id. */
export async function recordChange<C extends EventCatalogue>(
  tx: Tx,
  ctx: Pick<DomainContext, "actor" | "clock" | "requestId">,
  catalogue: C,
  change: CaseChange<C>,
): Promise<bigint> {
  const data = checkedEventData(catalogue, change.type, change.data);
  const event = await tx.caseEvent.create({
    data: {
      caseType: catalogue.caseType,
      caseId: change.caseId,
      type: change.type,
      ...actorRef(ctx.actor),
      actorRole: change.actorRole,
      at: ctx.clock.now(),
      data: data as never,
    },
    select: { id: true },
  });
  await audit(tx, ctx, {
    action: `${catalogue.auditPrefix}.${auditVerb(change.type)}`,
    subjectType: catalogue.subjectType,
    subjectId: change.caseId,
    metadata: { eventId: event.id.toString(), ...change.auditMetadata },
  });
  for (const message of change.notify?.(event.id) ?? []) await enqueueNotification(tx, ctx, message);
  return event.id;
}

/**
 * Records many changes of one actor at once (sweeps, the payout runner): three set-based inserts
 * whatever the number of changes. Returns each case's new event id. One change per case.
 */
export async function recordChanges<C extends EventCatalogue>(
  tx: Tx,
  context: { actor: Actor; now: Date; requestId?: string | null },
  catalogue: C,
  changes: CaseChange<C>[],
): Promise<Map<string, bigint>> {
  if (!changes.length) return new Map();
  const actor = actorRef(context.actor);
  const events = await tx.caseEvent.createManyAndReturn({
    data: changes.map((change) => ({
      caseType: catalogue.caseType,
      caseId: change.caseId,
      type: change.type,
      ...actor,
      actorRole: change.actorRole,
      at: context.now,
      data: checkedEventData(catalogue, change.type, change.data) as never,
    })),
    select: { id: true, caseId: true },
  });
  const eventIdOf = new Map(events.map((event) => [event.caseId, event.id]));
  await tx.auditLog.createMany({
    data: changes.map((change) => ({
      ...actor,
      at: context.now,
      action: `${catalogue.auditPrefix}.${auditVerb(change.type)}`,
      subjectType: catalogue.subjectType,
      subjectId: change.caseId,
      requestId: context.requestId ?? null,
      metadata: { eventId: eventIdOf.get(change.caseId)!.toString(), ...change.auditMetadata },
    })),
  });
  await enqueueNotifications(
    tx,
    changes.flatMap((change) => change.notify?.(eventIdOf.get(change.caseId)!) ?? []),
    context.now,
  );
  return eventIdOf;
}

/** Positional parameters for a statement written as text: `p(value)` binds a value and returns its `$n`. */
export interface SqlParams {
  (value: unknown): string;
  values: unknown[];
}

export function sqlParams(): SqlParams {
  const values: unknown[] = [];
  const p = ((value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  }) as SqlParams;
  p.values = values;
  return p;
}

/**
 * For a sweep that is ONE SQL statement: the CTEs that record a change for every row of `changed` (a CTE
 * the caller defines, with the case id as `id`): `events` (id, "caseId"), their audit records and, when
 * `notify` is given, one outbox message per row. Values are bound through `p`; the `notify` expressions
 * are SQL over the columns of `changed` (as m.<column>), written by the domain, never from input. The
 * event type must carry no data (rows never pass through Node, so nothing could check it).
 */
export function recordChangesSql<C extends EventCatalogue>(
  p: SqlParams,
  catalogue: C,
  options: {
    changed: string;
    type: EventTypeOf<C>;
    actor: Actor;
    actorRole: CaseRole;
    now: Date;
    notify?: { recipient: string; kind: string; params: string; link: string };
  },
): string {
  checkedEventData(catalogue, options.type, {});
  if (!/^\w+$/.test(options.changed)) throw new Error(`Not a CTE name: ${options.changed}`);
  const { actorType, actorId } = actorRef(options.actor);
  const [now, actor, actorIdParam] = [p(options.now), p(actorType), p(actorId)];
  const recorded = `
    events AS (
      INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at)
      SELECT ${p(catalogue.caseType)}::text, id, ${p(options.type)}::text, ${actor}::text, ${actorIdParam}::text, ${p(options.actorRole)}::text, ${now}::timestamptz
      FROM ${options.changed}
      RETURNING id, "caseId"
    ), audit AS (
      INSERT INTO "AuditLog" (at, "actorType", "actorId", action, "subjectType", "subjectId", "requestId", metadata)
      SELECT ${now}::timestamptz, ${actor}::text, ${actorIdParam}::text, ${p(`${catalogue.auditPrefix}.${auditVerb(options.type)}`)}::text,
             ${p(catalogue.subjectType)}::text, e."caseId"::text, NULL, jsonb_build_object('eventId', e.id::text)
      FROM events AS e
    )`;
  if (!options.notify) return recorded;
  const { recipient, kind, params, link } = options.notify;
  // The idempotency key has the shape every command's notifications use: <prefix>:<case>:event:<event>:<recipient>.
  return `${recorded}, outbox AS (
      INSERT INTO "OutboxMessage" (id, "idempotencyKey", "recipientId", kind, payload, "availableAt", "createdAt")
      SELECT gen_random_uuid(), ${p(catalogue.auditPrefix)}::text || ':' || m.id || ':event:' || e.id || ':' || ${recipient}, ${recipient},
             ${p(kind)}::text, jsonb_build_object('params', ${params}, 'link', ${link}), ${now}::timestamptz, ${now}::timestamptz
      FROM ${options.changed} AS m JOIN events AS e ON e."caseId" = m.id
      ON CONFLICT ("idempotencyKey") DO NOTHING
    )`;
}
