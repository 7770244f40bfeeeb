import type { Db, Tx } from "../context";
import type { CaseType } from "./events";

// Internal notes: free text staff write about a case, stored as their own rows (not in the append-only
// timeline) so that redaction and retention can reach them. Each note names its audience; reads cut by
// audience here, so no adapter can show a staff note to a party.

export type NoteAudience = "STAFF" | "PARTIES";

export interface NewNote {
  audience: NoteAudience;
  body: string;
}

export async function writeNotes(
  tx: Tx,
  at: { caseType: CaseType; caseId: string; eventId: bigint | null; authorId: string | null; now: Date },
  notes: NewNote[],
): Promise<void> {
  if (!notes.length) return;
  await tx.caseNote.createMany({
    data: notes.map((note) => ({
      caseType: at.caseType,
      caseId: at.caseId,
      eventId: at.eventId,
      authorId: at.authorId,
      audience: note.audience,
      body: note.body,
      createdAt: at.now,
    })),
  });
}

/** The audiences a reader belongs to: staff read every note, parties only those addressed to them. */
export const audiencesFor = (reader: "STAFF" | "PARTY"): NoteAudience[] => (reader === "STAFF" ? ["STAFF", "PARTIES"] : ["PARTIES"]);

/** The notes of a case the reader may see, keyed by the timeline event they explain. */
export async function notesByEvent(db: Db | Tx, caseType: CaseType, caseId: string, reader: "STAFF" | "PARTY"): Promise<Map<string, string>> {
  const notes = await db.caseNote.findMany({
    where: { caseType, caseId, audience: { in: audiencesFor(reader) }, eventId: { not: null } },
    select: { eventId: true, body: true },
    orderBy: { createdAt: "asc" },
  });
  return new Map(notes.map((note) => [note.eventId!.toString(), note.body]));
}
