import { z } from "zod";
import type { DomainContext } from "../context";
import { authorize } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { cappedCount, type CappedCount } from "../shared/capped-count";
import { cleanSearchText } from "../shared/search-text";
import { consentsForSubject } from "./queries.server";

// What staff look up around consents: whose history they are reading, and the newsletter's address list
// (seed 002: "Newsletter | Baza adresowa", where each address's accepted newsletter clauses are kept).

const uuid = z.string().uuid();

/** The person whose consent history staff open: name and e-mail for the page's header. */
export async function consentPerson(ctx: DomainContext, userId: string) {
  authorize(ctx.actor, "read", "consent");
  if (!uuid.safeParse(userId).success) throw notFound("User");
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
  if (!user) throw notFound("User");
  return user;
}

export const NEWSLETTER_STATUSES = ["SUBSCRIBED", "UNSUBSCRIBED"] as const;
export type NewsletterStatus = (typeof NEWSLETTER_STATUSES)[number];

/** A search shorter than this would list most of the address list; it is refused with a message. */
export const NEWSLETTER_SEARCH_MIN = 2;
export const NEWSLETTER_SEARCH_MAX = 200;

export interface NewsletterFilter {
  status?: NewsletterStatus;
  /** The start of the address, any case; `%` and `_` are plain characters. */
  search?: string;
}

/** LIKE's wildcards and its escape character, as plain characters. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The newsletter's address list, newest first. A search of one character is not run (it names most of
 * the list): the answer says so, and the list is shown unfiltered.
 */
export async function listNewsletterSubscribers(
  ctx: DomainContext,
  filter: NewsletterFilter,
  page: { skip?: number; take?: number } = {},
): Promise<{ total: CappedCount; subscribers: NewsletterRow[]; searchTooShort: boolean }> {
  authorize(ctx.actor, "read", "newsletter");
  const search = cleanSearchText(filter.search, NEWSLETTER_SEARCH_MAX);
  const searchTooShort = !!search && search.length < NEWSLETTER_SEARCH_MIN;
  const prefix = search && !searchTooShort ? `${escapeLike(search.toLowerCase())}%` : null;
  const take = Math.min(page.take ?? 50, 100);
  const skip = page.skip ?? 0;
  const status =
    filter.status === "SUBSCRIBED" ? `AND "unsubscribedAt" IS NULL` : filter.status === "UNSUBSCRIBED" ? `AND "unsubscribedAt" IS NOT NULL` : "";
  // LIKE with an explicit escape: Prisma's startsWith would leave `%` and `_` as wildcards on some paths.
  const where = `WHERE ($1::text IS NULL OR lower("email") LIKE $1::text ESCAPE '\\') ${status}`;
  const [total, subscribers] = await Promise.all([
    cappedCount(
      async (limit) => {
        const rows = await ctx.db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM "NewsletterSubscriber" ${where} LIMIT $2) counted`,
          prefix,
          limit,
        );
        return rows[0]?.n ?? 0;
      },
      { skip, take },
    ),
    ctx.db.$queryRawUnsafe<NewsletterRow[]>(
      `SELECT "id", "email", "userId", "locale", "subscribedAt", "unsubscribedAt" FROM "NewsletterSubscriber" ${where}
       ORDER BY "subscribedAt" DESC, "id" DESC LIMIT $2 OFFSET $3`,
      prefix,
      take,
      skip,
    ),
  ]);
  return { total, subscribers, searchTooShort };
}

export interface NewsletterRow {
  id: string;
  email: string;
  userId: string | null;
  locale: string;
  subscribedAt: Date;
  unsubscribedAt: Date | null;
}

/** One address of the list with the newsletter consents attached to it, the wording as it was. */
export async function getNewsletterSubscriber(ctx: DomainContext, id: string) {
  authorize(ctx.actor, "read", "newsletter");
  if (!uuid.safeParse(id).success) throw notFound("Subscriber");
  const subscriber = await ctx.db.newsletterSubscriber.findUnique({ where: { id } });
  if (!subscriber) throw notFound("Subscriber");
  // The records are consent evidence: staff who keep the list but may not read consents see none.
  const records = await consentsForSubject(ctx, "NEWSLETTER", id).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) return null;
    throw error;
  });
  return { subscriber, records };
}
