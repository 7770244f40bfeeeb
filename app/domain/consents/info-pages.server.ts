import type { DomainContext } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, isPerson } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { sanitizeClauseContent } from "./sanitize.server";
import { z } from "zod";
import { parseInput, text } from "../shared/validation";

// The site's information pages (privacy policy, terms): public, and the targets of clauses' links.

export const INFO_PAGE_PATH = "/pages/";

export async function listInfoPages(ctx: Pick<DomainContext, "db">) {
  return ctx.db.infoPage.findMany({ select: { slug: true, title: true, updatedAt: true }, orderBy: { title: "asc" } });
}

export async function getInfoPage(ctx: Pick<DomainContext, "db">, slug: string) {
  const page = await ctx.db.infoPage.findUnique({ where: { slug } });
  if (!page) throw notFound("Page");
  return page;
}

const infoPageSchema = z.object({ title: text(200), content: z.string().trim().min(1, "Required").max(100_000) });

export async function updateInfoPage(ctx: DomainContext, slug: string, input: unknown) {
  authorize(ctx.actor, "manage", "infoPage");
  const data = parseInput(infoPageSchema, input);
  const { content, problems } = sanitizeClauseContent(data.content);
  if (problems.length) {
    throw new DomainError(ErrorCode.CLAUSE_CONTENT_UNSAFE, `Not allowed: ${problems.map((p) => p.name).join(", ")}`, {
      fieldErrors: { content: [`Not allowed: ${problems.map((p) => p.name).join(", ")}`] },
    });
  }
  return inTransaction(ctx, async (tx) => {
    const page = await tx.infoPage.update({
      where: { slug },
      data: { title: data.title, content, updatedAt: ctx.clock.now(), updatedById: isPerson(ctx.actor) ? ctx.actor.userId : null },
    }).catch(() => null);
    if (!page) throw notFound("Page");
    await audit(tx, ctx, { action: "infoPage.update", subjectType: "InfoPage", subjectId: slug });
    return page;
  });
}
