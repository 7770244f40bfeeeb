import type { DomainContext } from "~/domain/context";
import type { PersonActor } from "~/domain/identity/actor";
import { canAny } from "~/domain/identity/actor";
import type { ConsentSubject } from "~/domain/consents/positions";
import { consentsForSubject, type ConsentRecordView } from "~/domain/consents/queries.server";
import type { ConsentRecordRow } from "./consent-records";

// Loaders' side of the consent records component: what it shows, nothing more (no ids of versions,
// submissions or users leave the server).

export function consentRecordRows(records: readonly ConsentRecordView[]): ConsentRecordRow[] {
  return records.map((r) => ({
    id: r.id,
    form: r.form,
    position: r.position,
    clauseType: r.clauseType,
    choice: r.choice,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    email: r.email,
    at: r.at.toISOString(),
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    pageUrl: r.pageUrl,
    clauseVersion: { version: r.clauseVersion.version, content: r.clauseVersion.content, contentHash: r.clauseVersion.contentHash },
  }));
}

/**
 * The consents attached to an order, customer or case, for staff who may read anyone's consents; null for
 * everyone else (the page leaves the panel out). One query.
 */
export async function staffConsentPanel(ctx: DomainContext, actor: PersonActor, subjectType: ConsentSubject, subjectId: string): Promise<ConsentRecordRow[] | null> {
  if (!canAny(actor, "read", "consent")) return null;
  return consentRecordRows(await consentsForSubject(ctx, subjectType, subjectId));
}
