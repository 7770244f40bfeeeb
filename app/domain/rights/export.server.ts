import type { Db } from "../context";
import { MINUTE, type Clock } from "../shared/time";
import { TRANSPARENCY_BATCH_LIMIT, type StatementOfReasons } from "./transparency-schema";

// The export of statements of reasons to the EU DSA Transparency Database, in batches of at most 100.
// Each statement belongs to exactly one batch, assigned in a transaction before anything is sent (no
// gaps, no statement in two batches); a batch is marked complete only after the database accepted it.
// A crash between the two leaves the batch open: after its lease it is sent again, whole, with the same
// puids — the database recognises a puid it already holds, so a resend adds nothing (no duplicates).

export interface TransparencyTransport {
  /** Sends one batch; throws when it was not accepted. A puid the database already holds counts as accepted. */
  submit(statements: StatementOfReasons[]): Promise<void>;
}

/** How long a batch being sent is left alone before another run may resend it. */
export const EXPORT_LEASE_MS = 5 * MINUTE;

export interface ExportResult {
  batches: number;
  statements: number;
  resent: number;
}

export async function exportStatements(
  db: Db,
  clock: Clock,
  transport: TransparencyTransport,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<ExportResult> {
  const size = Math.min(options.batchSize ?? TRANSPARENCY_BATCH_LIMIT, TRANSPARENCY_BATCH_LIMIT);
  const result: ExportResult = { batches: 0, statements: 0, resent: 0 };
  for (let n = 0; n < (options.maxBatches ?? 1000); n++) {
    const batch = await claimBatch(db, clock, size);
    if (!batch) break;
    const statements = await db.ipStatement.findMany({ where: { exportBatchId: batch.id }, orderBy: { sequence: "asc" }, select: { body: true } });
    await transport.submit(statements.map((s) => s.body as unknown as StatementOfReasons));
    await db.ipExportBatch.update({ where: { id: batch.id }, data: { completedAt: clock.now() } });
    result.batches++;
    result.statements += statements.length;
    if (batch.resent) result.resent++;
  }
  return result;
}

/** An open batch whose lease ran out (a crashed run's), else a new batch of the oldest unexported statements. */
async function claimBatch(db: Db, clock: Clock, size: number): Promise<{ id: string; resent: boolean } | null> {
  return db.$transaction(async (tx) => {
    const now = clock.now();
    const [stale] = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "IpExportBatch" SET attempts = attempts + 1, "startedAt" = ${now}
      WHERE id = (SELECT id FROM "IpExportBatch" WHERE "completedAt" IS NULL AND "startedAt" <= ${new Date(now.getTime() - EXPORT_LEASE_MS)}
                  ORDER BY "startedAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    if (stale) return { id: stale.id, resent: true };
    const [fresh] = await tx.$queryRaw<{ id: string; count: number }[]>`
      WITH next AS (
        SELECT id FROM "IpStatement" WHERE "exportBatchId" IS NULL ORDER BY sequence LIMIT ${size} FOR UPDATE SKIP LOCKED
      ), batch AS (
        INSERT INTO "IpExportBatch" (id, "startedAt", count) SELECT gen_random_uuid(), ${now}, count(*)::int FROM next HAVING count(*) > 0
        RETURNING id, count
      ), assigned AS (
        UPDATE "IpStatement" s SET "exportBatchId" = batch.id FROM batch, next WHERE s.id = next.id RETURNING s.id
      )
      -- "assigned" runs whether or not it is read (PostgreSQL runs every data-modifying WITH once).
      SELECT batch.id, batch.count FROM batch`;
    return fresh ? { id: fresh.id, resent: false } : null;
  });
}

/** The transport to the EU database, configured by TRANSPARENCY_API_URL and TRANSPARENCY_API_TOKEN. */
export function httpTransparencyTransport(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): TransparencyTransport {
  return {
    async submit(statements) {
      const response = await fetchImpl(new URL("/api/v1/statements", baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ statements }),
      });
      if (response.ok) return;
      // A resent batch: every refused statement is one the database already holds under its puid.
      const body = (await response.json().catch(() => null)) as { errors?: Record<string, string[]> } | null;
      const refused = Object.values(body?.errors ?? {}).flat();
      if (response.status === 422 && refused.length && refused.every((message) => /puid.*(taken|exists|already)/i.test(message))) return;
      throw new Error(`The transparency database refused the batch: HTTP ${response.status}`);
    },
  };
}
