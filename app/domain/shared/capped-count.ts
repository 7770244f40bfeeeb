// Counts whose cost does not grow with the data. A list page shows "how many" next to its rows; counting
// a whole queue or a whole table on every page view makes the page slower as the backlog grows. Instead
// every list counts at most `cap + 1` rows (`SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)`), so the
// answer is exact up to the cap and "at least cap" ("1,000+") beyond it, for the price of reading one
// more row than it shows.

/** The number a list shows: exact when `atLeast` is false, a lower bound ("1,000+") when true. */
export interface CappedCount {
  count: number;
  /** True when the list holds more than `count` rows: the true number is at least `count`. */
  atLeast: boolean;
}

/** Lists count exactly up to this many rows. */
export const COUNT_CAP = 1_000;

/**
 * Counts with a limit: `count(take)` must count at most `take` rows of the list (Prisma's
 * `count({ where, take })` does, as `SELECT count(*) FROM (SELECT … LIMIT take)`).
 *
 * A numbered page further than the cap (`skip`, `take` of the page being shown) raises the limit to just
 * past that page, so the page still knows whether there is a next one: the count then reads as many rows as
 * the OFFSET of the page itself already does.
 */
export async function cappedCount(count: (take: number) => Promise<number>, options: { cap?: number; skip?: number; take?: number } = {}): Promise<CappedCount> {
  const limit = countLimit(options);
  const counted = await count(limit + 1);
  return counted > limit ? { count: limit, atLeast: true } : { count: counted, atLeast: false };
}

/** The most rows a count reports exactly for a page (see cappedCount). */
export function countLimit({ cap = COUNT_CAP, skip = 0, take = 0 }: { cap?: number; skip?: number; take?: number } = {}): number {
  return Math.max(cap, skip + take);
}

/** A capped count from a number already known to be exact (e.g. a maintained counter). */
export const exactCount = (count: number): CappedCount => ({ count, atLeast: false });
