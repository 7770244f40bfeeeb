import { z } from "zod";

// Text that reaches a query as a filter or search term (order numbers, names, audit codes). PostgreSQL
// refuses a NUL byte in text outright (22021), so a stray "%00" in a URL or a GraphQL argument would
// surface as a 500 / INTERNAL; other control characters never belong in a search either. They are
// removed here, in the domain, so the Remix loaders and GraphQL resolvers get the same treatment.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** The term without control characters (NUL included), trimmed; undefined when nothing is left. */
export function cleanSearchText(value: string | null | undefined, max?: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const cleaned = value.replace(CONTROL, "").trim();
  const cut = max === undefined ? cleaned : cleaned.slice(0, max);
  return cut ? cut : undefined;
}

/** A zod schema for an optional search term: control characters removed, trimmed, at most `max` characters. */
export const searchText = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(CONTROL, "").trim())
    .pipe(z.string().max(max, `At most ${max} characters`))
    .optional();
