import { HOUR } from "../shared/time";
import type { DeadlinePolicy } from "../shared/deadlines";

// The numbers of the discussion rules (seed 000, "Dyskusje"): the seller must answer within 24 hours
// of the opening; after 24 hours of the discussion the buyer may ask the platform for help.
export const SELLER_RESPONSE_TIME = 24 * HOUR;
export const ESCALATION_AVAILABLE_AFTER = 24 * HOUR;
/** The seller's answer deadline shows as "soon" in its last four hours. */
export const SELLER_RESPONSE_DEADLINE: DeadlinePolicy = { soonWithinMs: 4 * HOUR };

// How long after the purchase a discussion can be opened is part of the versioned program terms
// (ProgramTerms.discussionWindowDays; six months in the seed's version).

export const MESSAGE_MAX_LENGTH = 5000;
export const DESCRIPTION_MAX_LENGTH = 5000;
export const CLOSING_NOTE_MAX_LENGTH = 2000;
