// One definition of where a deadline stands, used by the domain (queues, GraphQL's deadlineState) and by
// the UI's countdowns (this module is pure, so the browser bundle imports it too). Each case type declares
// its policy — how close counts as "soon" — in its own policy module instead of writing a comparison.

export type DeadlineStatus = "ok" | "soon" | "due" | "paused" | "done";

export interface DeadlinePolicy {
  /** From this much time left (inclusive) the deadline shows as "soon". */
  soonWithinMs: number;
}

export interface DeadlineInput {
  dueAt: Date | string | number;
  /** Paused (e.g. waiting for documents): neither soon nor due while paused. */
  paused?: boolean;
  /** The case no longer waits for this deadline. */
  done?: boolean;
}

export interface DeadlinePosition {
  status: DeadlineStatus;
  /** Milliseconds left (negative once due). */
  remainingMs: number;
}

/** Where a deadline stands at `now`: due from the moment it arrives, "soon" within the policy's window. */
export function deadlinePosition(deadline: DeadlineInput, now: Date | number, policy: DeadlinePolicy): DeadlinePosition {
  const remainingMs = new Date(deadline.dueAt).getTime() - new Date(now).getTime();
  if (deadline.done) return { status: "done", remainingMs };
  if (deadline.paused) return { status: "paused", remainingMs };
  if (remainingMs <= 0) return { status: "due", remainingMs };
  return { status: remainingMs <= policy.soonWithinMs ? "soon" : "ok", remainingMs };
}
