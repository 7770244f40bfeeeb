import { HOUR } from "../shared/time";
import type { DeadlinePolicy } from "../shared/deadlines";

// The numbers of the claim rules that are not part of the versioned program terms (the decision times
// themselves — 5 days, 12 hours for SMART — are in ProgramTerms).

/** A claim's decision deadline shows as "soon" (a breach warning) in its last two hours. */
export const CLAIM_DECISION_DEADLINE: DeadlinePolicy = { soonWithinMs: 2 * HOUR };
