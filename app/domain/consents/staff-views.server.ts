import { z } from "zod";
import type { DomainContext } from "../context";
import { authorize, requirePerson } from "../identity/actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { cappedCount, type CappedCount } from "../shared/capped-count";
import { cleanSearchText } from "../shared/search-text";
import { consentsForSubject } from "./queries.server";
import { escapeLike, NEWSLETTER_SEARCH_MAX, NEWSLETTER_SEARCH_MIN, type NewsletterFilter } from "./newsletter-filter";

// Views around consent records: whose history staff are reading, the newsletter's address list
// (seed 002: "Newsletter | Baza adresowa", where each address's newsletter clauses are kept), and the
// labels of a person's own orders on their privacy page.

const uuid = z.string().uuid();

/** The person whose consent history staff open: name and e-mail for the page's header. */
export async function consentPerson(ctx: DomainContext, userId: string) {
  authorize(ctx.actor, "read", "consent");
  if (!uuid.safeParse(userId).success) throw notFound("User");
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
  if (!user) throw notFound("User");
  return user;
}

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

/** The numbers of the person's own orders among `orderIds`: labels for the orders on their privacy page. */
export async function ownOrderNumbers(ctx: DomainContext, orderIds: readonly string[]): Promise<Record<string, string>> {
  const actor = requirePerson(ctx.actor);
  if (!orderIds.length) return {};
  const orders = await ctx.db.order.findMany({ where: { id: { in: [...orderIds] }, buyerId: actor.userId }, select: { id: true, number: true } });
  return Object.fromEntries(orders.map((order) => [order.id, order.number]));
}
