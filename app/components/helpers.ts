import { safeRedirect } from "~/lib/safe-redirect";
import { cleanSearchText } from "~/domain/shared/search-text";

// Pure helpers behind the UI components: no React, no i18n, so they are unit-tested directly
// (tests/unit/ui-helpers.test.ts).
import { deadlinePosition } from "~/domain/shared/deadlines";
import { SELLER_RESPONSE_DEADLINE } from "~/domain/discussions/policy";

/** "Łucja Wiśniewska" → "ŁW"; "Elektro-Mix Sp. z o.o." → "ES". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word));
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}]+/u, "")][0] ?? "");
  return letters.join("").toLocaleUpperCase() || "?";
}

// ───────────────────────────── pagination ─────────────────────────────

export const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE = 10_000;

/** The page a list shows, from `?page=`: anything that is not a whole number from 1 up reads as page 1. */
export function readPage(params: URLSearchParams, pageSize = DEFAULT_PAGE_SIZE): { page: number; skip: number; take: number } {
  const raw = params.get("page");
  const parsed = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  const page = Math.min(Math.max(parsed, 1), MAX_PAGE);
  return { page, skip: (page - 1) * pageSize, take: pageSize };
}

/** A list's size as the loaders return it: a number, or a capped count (`atLeast`: the list holds more). */
export type ListTotal = number | { count: number; atLeast: boolean };
export const countOf = (total: ListTotal) => (typeof total === "number" ? total : total.count);
export const isOpenEnded = (total: ListTotal) => typeof total !== "number" && total.atLeast;

/** The pages a list has; for a capped count, the pages counted plus one (the list goes on past them). */
export function pageCount(total: ListTotal, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.max(countOf(total), 0) / pageSize) + (isOpenEnded(total) ? 1 : 0));
}

/** The rows a page shows, 1-based and inclusive (0–0 for an empty list). */
export function pageRange(list: ListTotal, page: number, pageSize: number): { from: number; to: number } {
  const total = isOpenEnded(list) ? Number.MAX_SAFE_INTEGER : countOf(list);
  if (total <= 0) return { from: 0, to: 0 };
  const from = Math.min((page - 1) * pageSize + 1, total);
  return { from, to: Math.min(page * pageSize, total) };
}

/** Page numbers to offer: first, last, and a window around the current one, with gaps: [1, "gap", 4, 5, 6, "gap", 20]. */
export function pageWindow(current: number, totalPages: number, radius = 1): (number | "gap")[] {
  const pages = new Set<number>([1, totalPages]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= totalPages) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const result: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0) {
      const gap = p - sorted[i - 1];
      if (gap === 2) result.push(p - 1);
      else if (gap > 2) result.push("gap");
    }
    result.push(p);
  });
  return result;
}

/** The current query string with some parameters changed (null removes one); returns "?…" or "". */
export function withParams(search: string, changes: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ───────────────────────────── filters from the URL ─────────────────────────────

/** A search parameter that must be one of the options the form offers; anything else is ignored. */
export function pickOption<T extends string>(value: string | null | undefined, options: readonly T[]): T | undefined {
  return value && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * Trimmed text from a search parameter, cut to `max` characters, without control characters (a NUL byte
 * would make PostgreSQL refuse the query); empty reads as absent. The domain's search schemas do the same.
 */
export function cleanText(value: string | null | undefined, max = 100): string | undefined {
  return cleanSearchText(value, max);
}

// ───────────────────────────── deadlines ─────────────────────────────

export type DeadlineState = "ok" | "soon" | "overdue";

/** A seller's answer deadline for the countdown: the domain's one definition (last four hours are "soon"). */
export function deadlineState(dueAt: string | Date, now: Date | number): { state: DeadlineState; remainingMs: number } {
  const { status, remainingMs } = deadlinePosition({ dueAt }, now, SELLER_RESPONSE_DEADLINE);
  return { state: status === "due" ? "overdue" : status === "soon" ? "soon" : "ok", remainingMs };
}

// ───────────────────────────── time zones ─────────────────────────────

/** How far the wall clock in `timeZone` is ahead of UTC at `at`, in milliseconds. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .filter((part) => part.type !== "literal")
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (at.getTime() - at.getMilliseconds());
}

/** Midnight of `now`'s calendar day as seen in `timeZone` (Europe/Warsaw by default), as a UTC instant. */
export function startOfDayInZone(now: Date, timeZone = "Europe/Warsaw"): Date {
  const offset = zoneOffsetMs(now, timeZone);
  const wall = new Date(now.getTime() + offset);
  const wallMidnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  // The offset at midnight may differ from now's (a DST change that night): correct once.
  const guess = new Date(wallMidnight - offset);
  return new Date(wallMidnight - zoneOffsetMs(guess, timeZone));
}

// ───────────────────────────── notifications ─────────────────────────────

/** Notification payloads hold ids and numbers; keep only the values i18next can interpolate. */
export function notificationParams(payload: unknown): Record<string, string | number> {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return {};
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === "string" || typeof value === "number") params[key] = value;
  }
  return params;
}

/** Only same-site links may be followed from a notification (the same check as every redirect). */
export function safeLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/")) return null;
  const safe = safeRedirect(link, "");
  return safe || null;
}

// ───────────────────────────── field errors ─────────────────────────────

/**
 * Domain field errors arrive as the zod schemas' English messages. The ones the forms meet are mapped to
 * translation keys (validation.*) with their numbers; anything else is shown as sent.
 */
export function fieldErrorKey(message: string): { key: string; params?: Record<string, string | number> } | null {
  const rules: [RegExp, string, (m: RegExpMatchArray) => Record<string, string | number> | undefined][] = [
    [/^Required$/i, "validation.required", () => undefined],
    [/^At least (\d+) characters?$/i, "validation.minLength", (m) => ({ count: Number(m[1]) })],
    [/^At most (\d+) characters?$/i, "validation.maxLength", (m) => ({ count: Number(m[1]) })],
    [/^Not a valid e-mail address$/i, "validation.email", () => undefined],
    [/^Not a valid id$/i, "validation.id", () => undefined],
    [/^Pick at least one role$/i, "validation.pickRole", () => undefined],
    [/^Pick at least one permission$/i, "validation.pickPermission", () => undefined],
    [/^An account with this e-mail exists$/i, "validation.emailTaken", () => undefined],
    [/^Enter the 6 digits/i, "validation.totp", () => undefined],
    [/^That code is not valid$/i, "validation.totpInvalid", () => undefined],
    [/^Not a date$/i, "validation.date", () => undefined],
    [/^Must be more than 0$/i, "validation.positive", () => undefined],
    [/^At least (-?\d+)$/i, "validation.min", (m) => ({ min: Number(m[1]) })],
    [/^You do not hold: (.+)$/i, "validation.notHeld", (m) => ({ list: m[1] })],
    [/^Unknown permissions: (.+)$/i, "validation.unknownPermissions", (m) => ({ list: m[1] })],
    // buyer-protection claims and program terms
    [/^Choose at least one item$/i, "claims.validation.chooseItems", () => undefined],
    [/^Each item once$/i, "claims.validation.eachItemOnce", () => undefined],
    [/^Whole pieces only$/i, "claims.validation.wholePieces", () => undefined],
    [/^Give the reason for the partial amount$/i, "claims.validation.partialReason", () => undefined],
    [/^Above the maximum compensation$/i, "claims.validation.aboveMaximum", () => undefined],
    [/^Attach at least one document$/i, "claims.validation.attachDocument", () => undefined],
    [/^Letters, digits, dots and dashes$/i, "claims.validation.versionFormat", () => undefined],
    [/^At least one payment method$/i, "claims.validation.onePaymentMethod", () => undefined],
    [/^Shipping can only be covered for covered payment methods$/i, "claims.validation.shippingMethods", () => undefined],
    [/^A per-person cap needs its window/i, "claims.validation.personCapWindow", () => undefined],
    [/^Must be in the future: purchases already made keep their terms$/i, "claims.validation.future", () => undefined],
    [/^Must be after (\d{4}-\d{2}-\d{2})$/i, "claims.validation.after", (m) => ({ date: m[1] })],
    [/^This version name exists$/i, "claims.validation.versionExists", () => undefined],
    [/expected number to be >=\s*(-?\d+)/i, "validation.min", (m) => ({ min: Number(m[1]) })],
    [/expected number to be <=\s*(-?\d+)/i, "validation.max", (m) => ({ max: Number(m[1]) })],
    [/expected int/i, "validation.integer", () => undefined],
    [/expected number, received NaN/i, "validation.number", () => undefined],
    // rights protection (app/domain/rights/schemas.ts, holders.server.ts, notices.server.ts)
    [/^Two letters \(ISO 3166\)$/i, "rights.fieldErrors.countryCode", () => undefined],
    [/^Not an e-mail address$/i, "validation.email", () => undefined],
    [/^A country code, EU or WO$/i, "rights.fieldErrors.territory", () => undefined],
    [/^Not a link$/i, "rights.fieldErrors.notLink", () => undefined],
    [/^Only http\(s\) links$/i, "rights.fieldErrors.httpOnly", () => undefined],
    [/^Choose the kind of infringement$/i, "rights.fieldErrors.chooseKind", () => undefined],
    [/^At least 20 characters: say what infringes and how$/i, "rights.fieldErrors.explanation", () => undefined],
    [/^Attach the registration certificate or other proof of the right$/i, "rights.fieldErrors.attachProof", () => undefined],
    [/^Attach the power of attorney from the right's owner$/i, "rights.fieldErrors.attachPowerOfAttorney", () => undefined],
    [/^Attach the (invalidation proceeding's )?document$/i, "rights.fieldErrors.attachDocument", () => undefined],
    [/^Add a link to the evidence or attach a file$/i, "rights.fieldErrors.evidence", () => undefined],
    [/^Confirm that the notice is accurate and made in good faith$/i, "rights.fieldErrors.accuracy", () => undefined],
    [/^Name at least one offer$/i, "rights.fieldErrors.oneOffer", () => undefined],
    [/^Already a member or invited$/i, "rights.fieldErrors.alreadyMember", () => undefined],
    [/^Choose a CSV file$/i, "rights.fieldErrors.csvMissing", () => undefined],
    [/^The file is larger than 1 MB$/i, "rights.fieldErrors.csvTooLarge", () => undefined],
    [/^The file has no offers$/i, "rights.fieldErrors.csvEmpty", () => undefined],
    [/^The file is not a valid CSV/i, "rights.fieldErrors.csvInvalid", () => undefined],
    [/^The first row must name the columns .*; missing: (.+)$/i, "rights.fieldErrors.csvColumns", (m) => ({ missing: m[1] })],
    // discussions (app/domain/discussions/schemas.ts, state-machine.ts; attachments in app/domain/cases)
    [/^Choose a reason$/i, "discussions.fieldErrors.chooseReason", () => undefined],
    [/^Choose a solution$/i, "discussions.fieldErrors.chooseSolution", () => undefined],
    [/^Choose an outcome$/i, "discussions.fieldErrors.chooseOutcome", () => undefined],
    [/^Enter an amount like 123,45$/i, "discussions.fieldErrors.amountFormat", () => undefined],
    [/^Must be more than 0 and less than the order total$/i, "discussions.fieldErrors.amountRange", () => undefined],
    [/^Only a partial refund has an amount$/i, "discussions.fieldErrors.amountOnlyPartial", () => undefined],
    [/^Not a valid order$/i, "discussions.fieldErrors.notValidOrder", () => undefined],
    [/^Contains control characters$/i, "discussions.fieldErrors.controlCharacters", () => undefined],
    [/^(.+) is larger than 10 MB$/, "discussions.fieldErrors.tooLarge", (m) => ({ file: m[1] })],
    [/^(.+) is not a JPEG, PNG, WebP or PDF file$/, "discussions.fieldErrors.typeNotAllowed", (m) => ({ file: m[1] })],
    [/^At most (\d+) files$/i, "discussions.fieldErrors.tooMany", (m) => ({ count: Number(m[1]) })],
  ];
  for (const [pattern, key, params] of rules) {
    const match = message.match(pattern);
    if (match) return { key, params: params(match) };
  }
  return null;
}

/**
 * When `?page=` points past the last page (a list shrank, or a hand-edited URL), the URL of the last page
 * to redirect to; null when the page exists.
 */
export function lastPageUrl(url: URL, total: ListTotal, page: number, pageSize: number, param = "page"): string | null {
  const last = pageCount(total, pageSize);
  if (page <= last) return null;
  return url.pathname + withParams(url.search, { [param]: last === 1 ? null : last });
}
