import { z } from "zod";

// Typed case events. Each context declares its catalogue once — every event type with the schema of its
// data — and the recorder refuses an event that is not in it or whose data does not match. The timeline
// (CaseEvent) is append-only, so what goes in must be right the first time; free text never goes in
// (internal notes are rows of their own, see notes.server.ts, so redaction and retention can reach them).

export type CaseType = "DISCUSSION" | "CLAIM" | "IP_ITEM" | "RIGHTS_HOLDER" | "SELLER_STANDING";
export type CaseRole = "BUYER" | "SELLER" | "AGENT" | "SENIOR_AGENT" | "SYSTEM" | "REPORTER";

export type EventSchemas = Record<string, z.ZodType<Record<string, unknown>>>;

export interface EventCatalogue<S extends EventSchemas = EventSchemas> {
  caseType: CaseType;
  /** The audit subject for this case type (AuditLog.subjectType), e.g. "Discussion". */
  subjectType: string;
  /** Prefix of audit actions, e.g. "discussion" → "discussion.escalated". */
  auditPrefix: string;
  schemas: S;
}

export type EventTypeOf<C extends EventCatalogue> = keyof C["schemas"] & string;
export type EventDataOf<C extends EventCatalogue, T extends EventTypeOf<C>> = z.input<C["schemas"][T]>;

export function defineEventCatalogue<S extends EventSchemas>(catalogue: EventCatalogue<S>): EventCatalogue<S> {
  return catalogue;
}

/**
 * The event's data as the catalogue declares it. A mismatch is a programming error (the state machine
 * produced something its catalogue does not describe), not bad input: it throws, and the transaction
 * rolls back.
 */
export function checkedEventData(catalogue: EventCatalogue, type: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  const schema = catalogue.schemas[type];
  if (!schema) throw new Error(`${catalogue.caseType} has no event type ${type} in its catalogue`);
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`${catalogue.caseType} ${type} event data does not match its catalogue: ${result.error.message}`);
  return result.data;
}

/** `SELLER_OVERDUE` → `sellerOverdue`: the audit action's verb for an event type. */
export const auditVerb = (eventType: string) => eventType.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

// Building blocks for catalogues.
export const noData = z.object({}).strict();
export const id = z.string().uuid();
export const grosze = z.number().int();
