import type { Db, Tx } from "../context";
import type { CaseType } from "./events";
import { audiencesFor } from "./notes.server";

// A case's timeline as its reader may see it, in ONE statement: every event with the latest note that
// explains it. Parties see what happened and the notes addressed to them; staff also see which person
// acted (actorId) and the notes between staff.

export interface TimelineEvent {
  id: string;
  at: Date;
  type: string;
  actorRole: string;
  actorId: string | null;
  data: Record<string, unknown>;
  note: string | null;
}

export async function caseTimeline(db: Db | Tx, caseType: CaseType, caseId: string, reader: "STAFF" | "PARTY"): Promise<TimelineEvent[]> {
  const rows = await db.$queryRaw<{ id: bigint | string; at: Date; type: string; actor_role: string; actor_id: string | null; data: unknown; note: string | null }[]>`
    SELECT e.id, e.at, e.type, e."actorRole" AS actor_role, e."actorId" AS actor_id, e.data,
           (SELECT n.body FROM "CaseNote" AS n
             WHERE n."eventId" = e.id AND n."caseType" = ${caseType} AND n."caseId" = e."caseId" AND n.audience = ANY(${audiencesFor(reader)}::text[])
             ORDER BY n."createdAt" DESC LIMIT 1) AS note
      FROM "CaseEvent" AS e
     WHERE e."caseType" = ${caseType} AND e."caseId" = ${caseId}::uuid
     ORDER BY e.id`;
  const staff = reader === "STAFF";
  return rows.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    type: e.type,
    actorRole: e.actor_role,
    actorId: staff ? e.actor_id : null,
    data: (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
    note: e.note,
  }));
}
