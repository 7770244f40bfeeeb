import { zoneOffsetMs } from "~/components/helpers";
import { DISPLAY_TIME_ZONE } from "~/lib/format";

// The metrics page's date range: calendar days in Warsaw, both ends included ("from 2026-01-01 to
// 2026-03-31"), turned into the half-open instant range [from, to) the domain's metrics take.

const DAY_MS = 24 * 60 * 60 * 1000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" of an instant, as the calendar reads in Warsaw. */
export function warsawDay(at: Date): string {
  const wall = new Date(at.getTime() + zoneOffsetMs(at, DISPLAY_TIME_ZONE));
  return wall.toISOString().slice(0, 10);
}

/** Midnight at the start of a Warsaw calendar day, as a UTC instant; null for anything that is not a real date. */
export function startOfWarsawDay(ymd: string): Date | null {
  const match = YMD.exec(ymd);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wallMidnight = Date.UTC(y, m - 1, d);
  const check = new Date(wallMidnight);
  if (y < 2000 || y > 2100 || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  const guess = new Date(wallMidnight - zoneOffsetMs(new Date(wallMidnight), DISPLAY_TIME_ZONE));
  return new Date(wallMidnight - zoneOffsetMs(guess, DISPLAY_TIME_ZONE));
}

function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface MetricsRange {
  /** The days as typed (or the defaults), for the form. */
  fromDay: string;
  toDay: string;
  /** [from, to) instants for the queries. */
  from: Date;
  to: Date;
  /** The typed range could not be used; the default is shown instead. */
  invalid: boolean;
}

/** From `?from=&to=`; by default the last 12 months up to today. A range is at most ten years. */
export function readRange(params: URLSearchParams, now: Date): MetricsRange {
  const today = warsawDay(now);
  const defaultFrom = addDays(today, -365);
  const fromText = params.get("from")?.trim() || "";
  const toText = params.get("to")?.trim() || "";
  const fromDay = fromText || defaultFrom;
  const toDay = toText || today;
  const from = startOfWarsawDay(fromDay);
  const toStart = startOfWarsawDay(toDay);
  const valid = from !== null && toStart !== null && from <= toStart && toStart.getTime() - from.getTime() <= 3660 * DAY_MS;
  if (!valid) {
    return { fromDay: defaultFrom, toDay: today, from: startOfWarsawDay(defaultFrom)!, to: startOfWarsawDay(addDays(today, 1))!, invalid: true };
  }
  return { fromDay, toDay, from: from!, to: startOfWarsawDay(addDays(toDay, 1))!, invalid: false };
}
