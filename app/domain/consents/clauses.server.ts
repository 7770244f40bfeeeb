import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, isPerson } from "../identity/actor";
import { DomainError, ErrorCode, notFound, type ErrorDetail } from "../errors";
import { parseInput } from "../shared/validation";
import { clauseFilterSchema, clauseInputSchema, clauseUpdateSchema } from "./schemas";
import { contentHash, sanitizeClauseContent } from "./sanitize.server";
import { SINGLE_CLAUSE_POSITIONS, type ClausePosition } from "./positions";
import { INFO_PAGE_PATH } from "./info-pages.server";

// The registry of clauses (the privacy officer's "Rejestr zgód"). Every change of wording or type keeps
// the previous version with its hash, so the exact words a person accepted are always known.

const actorId = (ctx: DomainContext) => (isPerson(ctx.actor) ? ctx.actor.userId : null);

/** The registry's list shows at most this many clauses. */
export const CLAUSE_LIST_LIMIT = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id that is not a uuid names no clause (and must not reach a ::uuid cast). */
const clauseId = (id: string) => {
  if (typeof id !== "string" || !UUID.test(id)) throw notFound("Clause");
  return id;
};

export async function listClauses(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "clause");
  const filter = parseInput(clauseFilterSchema, input ?? {});
  const clauses = await ctx.db.clause.findMany({
    where: { position: filter.position, type: filter.type, active: filter.active },
    orderBy: [{ position: "asc" }, { priority: "desc" }, { createdAt: "asc" }],
    take: CLAUSE_LIST_LIMIT,
  });
  // Delete is offered only for clauses nobody has met on a form: one grouped count for the page.
  const used = await ctx.db.consentRecord.groupBy({ by: ["clauseId"], where: { clauseId: { in: clauses.map((c) => c.id) } }, _count: true });
  const usedIds = new Set(used.map((row) => row.clauseId));
  return clauses.map((clause) => ({ ...clause, inUse: usedIds.has(clause.id) }));
}

export async function getClause(ctx: DomainContext, id: string) {
  authorize(ctx.actor, "manage", "clause");
  clauseId(id);
  const clause = await ctx.db.clause.findUnique({ where: { id }, include: { versions: { orderBy: { version: "desc" } } } }).catch(() => null);
  if (!clause) throw notFound("Clause");
  const authorIds = [...new Set(clause.versions.map((v) => v.createdById).filter((v): v is string => !!v))];
  const authors = await ctx.db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } });
  const byId = new Map(authors.map((a) => [a.id, a.name]));
  const inUse = (await ctx.db.consentRecord.findFirst({ where: { clauseId: id }, select: { id: true } })) !== null;
  return {
    ...clause,
    inUse,
    versions: clause.versions.map((v) => ({ ...v, createdByName: v.createdById ? (byId.get(v.createdById) ?? null) : null })),
  };
}

/** Sanitizes and checks content; refuses it when anything unsafe had to be removed or a page link is unknown. */
async function checkedContent(tx: Tx, raw: string): Promise<string> {
  const { content, problems } = sanitizeClauseContent(raw);
  if (problems.length) {
    const details: ErrorDetail[] = problems.map((p) => ({ field: "content", code: ErrorCode.CLAUSE_CONTENT_UNSAFE, message: `${p.kind}: ${p.name}` }));
    throw new DomainError(ErrorCode.CLAUSE_CONTENT_UNSAFE, `The content holds what a clause may not: ${problems.map((p) => p.name).join(", ")}`, {
      fieldErrors: { content: [`Not allowed: ${problems.map((p) => p.name).join(", ")}`] },
      details,
    });
  }
  if (!content) throw new DomainError(ErrorCode.VALIDATION_FAILED, "The content is empty", { fieldErrors: { content: ["Required"] } });
  const slugs = [...content.matchAll(/href="\/pages\/([^"?#]*)/g)].map((m) => decodeURIComponent(m[1]));
  if (slugs.length) {
    const found = new Set((await tx.infoPage.findMany({ where: { slug: { in: slugs } }, select: { slug: true } })).map((p) => p.slug));
    const missing = slugs.filter((slug) => !found.has(slug));
    if (missing.length) {
      throw new DomainError(ErrorCode.CLAUSE_LINK_UNKNOWN_PAGE, `No information page ${INFO_PAGE_PATH}${missing[0]}`, {
        fieldErrors: { content: [`No information page ${INFO_PAGE_PATH}${missing[0]}`] },
        params: { page: missing[0] },
      });
    }
  }
  return content;
}

async function ensurePositionHasRoom(tx: Tx, position: ClausePosition, exceptId?: string) {
  if (!SINGLE_CLAUSE_POSITIONS.includes(position)) return;
  const other = await tx.clause.findFirst({ where: { position, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (other) positionFull(position);
}

const positionFull = (position: string): never => {
  throw new DomainError(ErrorCode.CLAUSE_POSITION_FULL, "This position holds one clause only", {
    fieldErrors: { position: ["This position holds one clause only"] },
    params: { position },
  });
};

/**
 * The partial unique index stops a second newsletter-reveal clause that raced past the check. Prisma names
 * the index in its message on some engines and only the field elsewhere ("Unique constraint failed on the
 * fields: (`position`)"); the clause's only unique key on position is that index.
 */
export function isPositionIndexViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown } | null;
  const text = `${e?.message ?? ""} ${JSON.stringify(e?.meta ?? {})}`;
  return text.includes("Clause_one_newsletter_reveal") || (e?.code === "P2002" && text.includes("position"));
}

async function guardPosition<T>(position: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPositionIndexViolation(error)) positionFull(position);
    throw error;
  }
}

export async function createClause(ctx: DomainContext, input: unknown) {
  authorize(ctx.actor, "manage", "clause");
  const data = parseInput(clauseInputSchema, input);
  return guardPosition(data.position, () =>
    inTransaction(ctx, async (tx) => {
      const content = await checkedContent(tx, data.content);
      await ensurePositionHasRoom(tx, data.position);
      const now = ctx.clock.now();
      const clause = await tx.clause.create({
        data: {
          description: data.description,
          position: data.position,
          type: data.type,
          active: data.active,
          priority: data.priority,
          version: 1,
          createdAt: now,
          updatedAt: now,
          updatedById: actorId(ctx),
          versions: { create: { version: 1, type: data.type, content, contentHash: contentHash(content), createdAt: now, createdById: actorId(ctx) } },
        },
      });
      await audit(tx, ctx, { action: "clause.create", subjectType: "Clause", subjectId: clause.id, metadata: { position: data.position, type: data.type } });
      return clause;
    }),
  );
}

/**
 * Saves the clause. A new wording or type becomes a new version (the old one stays, with its hash);
 * position, priority, active and description change in place. An editor opened on an older version is
 * refused (CONFLICT) rather than overwriting a wording someone else saved meanwhile.
 */
export async function updateClause(ctx: DomainContext, id: string, input: unknown) {
  authorize(ctx.actor, "manage", "clause");
  clauseId(id);
  const data = parseInput(clauseUpdateSchema, input);
  return guardPosition(data.position, () =>
    inTransaction(ctx, async (tx) => {
      const [current] = await tx.$queryRaw<{ id: string; version: number }[]>`SELECT "id", "version" FROM "Clause" WHERE "id" = ${id}::uuid FOR UPDATE`;
      if (!current) throw notFound("Clause");
      if (current.version !== data.expectedVersion) {
        throw new DomainError(ErrorCode.CONFLICT, "Someone saved this clause meanwhile: reload it to see their version", {
          params: { version: current.version },
        });
      }
      const content = await checkedContent(tx, data.content);
      await ensurePositionHasRoom(tx, data.position, id);
      const latest = await tx.clauseVersion.findUniqueOrThrow({ where: { clauseId_version: { clauseId: id, version: current.version } } });
      const now = ctx.clock.now();
      const newVersion = latest.content !== content || latest.type !== data.type;
      const version = newVersion ? current.version + 1 : current.version;
      if (newVersion) {
        await tx.clauseVersion.create({
          data: { clauseId: id, version, type: data.type, content, contentHash: contentHash(content), createdAt: now, createdById: actorId(ctx) },
        });
      }
      const clause = await tx.clause.update({
        where: { id },
        data: {
          description: data.description,
          position: data.position,
          type: data.type,
          active: data.active,
          priority: data.priority,
          version,
          updatedAt: now,
          updatedById: actorId(ctx),
        },
      });
      await audit(tx, ctx, {
        action: "clause.update",
        subjectType: "Clause",
        subjectId: id,
        metadata: { version, newVersion, position: data.position, type: data.type, active: data.active, priority: data.priority },
      });
      return clause;
    }),
  );
}

/** Deletes a clause nobody has met on a form; one with records is evidence and is refused (CLAUSE_IN_USE). */
export async function deleteClause(ctx: DomainContext, id: string) {
  authorize(ctx.actor, "manage", "clause");
  clauseId(id);
  return inTransaction(ctx, async (tx) => {
    const [clause] = await tx.$queryRaw<{ id: string; position: string }[]>`SELECT "id", "position"::text FROM "Clause" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (!clause) throw notFound("Clause");
    if (await tx.consentRecord.findFirst({ where: { clauseId: id }, select: { id: true } })) {
      throw inUse();
    }
    // The audit record keeps the version ids: a form rendered with this clause and sent after the delete
    // is told its clauses changed (CONSENT_OUTDATED), not that it named a clause never offered.
    const versionIds = (await tx.clauseVersion.findMany({ where: { clauseId: id }, select: { id: true } })).map((v) => v.id);
    try {
      await tx.clause.delete({ where: { id } });
    } catch (error) {
      // A form recorded this clause between the check and the delete: its versions are now evidence.
      if (String((error as Error)?.message ?? "").includes("ConsentRecord_clauseVersionId_fkey")) throw inUse();
      throw error;
    }
    await audit(tx, ctx, { action: "clause.delete", subjectType: "Clause", subjectId: id, metadata: { position: clause.position, versionIds } });
    return { id };
  });
}

const inUse = () => new DomainError(ErrorCode.CLAUSE_IN_USE, "People have accepted this clause: it stays as evidence (make it inactive instead)");
