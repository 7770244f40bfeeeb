import { DAY, HOUR } from "~/infra/clock";

// The numbers of the discussion rules (seed 000, "Dyskusje"): the seller must answer within 24 hours
// of the opening; after 24 hours of the discussion the buyer may ask the platform for help.
export const SELLER_RESPONSE_TIME = 24 * HOUR;
export const ESCALATION_AVAILABLE_AFTER = 24 * HOUR;

/**
 * How long after the purchase a discussion can be opened. Six months in the seed era; configurable
 * with DISCUSSION_OPEN_WINDOW_DAYS until the claims release moves it into the versioned program terms.
 */
export function openWindow(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.DISCUSSION_OPEN_WINDOW_DAYS);
  return Number.isFinite(days) && days > 0 ? days * DAY : 183 * DAY;
}

export const MESSAGE_MAX_LENGTH = 5000;
export const DESCRIPTION_MAX_LENGTH = 5000;
export const CLOSING_NOTE_MAX_LENGTH = 2000;
