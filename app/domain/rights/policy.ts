import { z } from "zod";
import { INFRINGEMENT_KINDS, type InfringementKind } from "./statement-of-reasons";

// The numbers of rights protection, configurable by an administrator (Setting "rights.policy"); these
// are the defaults. Pure: the browser bundle shows them to reporters and sellers ("the thresholds that
// apply to you").

export const RIGHTS_POLICY_SETTING = "rights.policy";

export const rightsPolicySchema = z
  .object({
    /** Hours an agent has to decide an item; a trusted reporter's items are due sooner. */
    decisionHours: z.number().int().min(1).max(24 * 30),
    trustedDecisionHours: z.number().int().min(1).max(24 * 30),
    /** The seller may appeal until the end of the day this many months after the takedown. */
    appealMonths: z.number().int().min(1).max(24),
    strikes: z
      .object({
        weights: z.object(Object.fromEntries(INFRINGEMENT_KINDS.map((kind) => [kind, z.number().int().min(0).max(100)])) as Record<InfringementKind, z.ZodNumber>).strict(),
        /** A strike counts for this many months. */
        windowMonths: z.number().int().min(1).max(60),
        /** Points (sum of weights of unexpired strikes) for a recorded warning. */
        warnAtPoints: z.number().int().min(1),
        /** Points for a suspension, once warned. Never a suspension without a prior warning. */
        suspendAtPoints: z.number().int().min(1),
        suspensionDays: z.number().int().min(1).max(365),
      })
      .strict()
      .refine((s) => s.suspendAtPoints > s.warnAtPoints, { message: "The suspension threshold is above the warning threshold", path: ["suspendAtPoints"] }),
    reporters: z
      .object({
        /** Accuracy = upheld ÷ decided items over this many months (reinstated on appeal count as wrong). */
        windowMonths: z.number().int().min(1).max(24),
        trustedAccuracy: z.number().min(0.5).max(1),
        /** Decided items needed before accuracy can make a reporter trusted. */
        trustedMinDecided: z.number().int().min(1),
        /** Share of manifestly unfounded items that warns, then suspends. */
        unfoundedShare: z.number().min(0.01).max(1),
        unfoundedMinDecided: z.number().int().min(1),
        noticeSuspensionDays: z.number().int().min(1).max(365),
      })
      .strict(),
    /** Buyers of a removed counterfeit who bought in this many months before the takedown are told. */
    buyerLookbackMonths: z.number().int().min(1).max(24),
  })
  .strict();

export type RightsPolicy = z.infer<typeof rightsPolicySchema>;

export const DEFAULT_RIGHTS_POLICY: RightsPolicy = {
  decisionHours: 72,
  trustedDecisionHours: 24,
  appealMonths: 6,
  strikes: {
    // A counterfeit harms buyers and the brand; a borrowed photo is a lesser wrong.
    weights: { COUNTERFEIT: 3, TRADEMARK_MISUSE: 2, DESIGN: 2, PATENT: 2, COPYRIGHT_DESCRIPTION: 1, COPYRIGHT_PHOTOS: 1, OTHER: 1 },
    windowMonths: 12,
    warnAtPoints: 3,
    suspendAtPoints: 6,
    suspensionDays: 30,
  },
  reporters: {
    windowMonths: 6,
    trustedAccuracy: 0.9,
    trustedMinDecided: 20,
    unfoundedShare: 0.3,
    unfoundedMinDecided: 10,
    noticeSuspensionDays: 30,
  },
  buyerLookbackMonths: 6,
};

/** The last day of an appeal (inclusive), as a Warsaw calendar date: the takedown's date plus `months`, clamped to the month's end. */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first instant of the Warsaw calendar day after `date` (YYYY-MM-DD): when a window that ends on `date` closes. */
export function startOfNextWarsawDay(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  // Warsaw is UTC+1 or UTC+2: find the offset at that midnight.
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(next.getTime() - offsetHours * 3_600_000);
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", hour: "2-digit", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(candidate);
    const get = (type: string) => local.find((part) => part.type === type)?.value;
    if (get("hour") === "00" && `${get("year")}-${get("month")}-${get("day")}` === next.toISOString().slice(0, 10)) return candidate;
  }
  throw new Error(`No Warsaw midnight after ${date}`);
}

/** Months before `at`, by calendar (for rolling windows). */
export function monthsBefore(at: Date, months: number): Date {
  const result = new Date(at);
  result.setUTCMonth(result.getUTCMonth() - months);
  return result;
}
