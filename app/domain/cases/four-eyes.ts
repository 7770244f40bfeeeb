import { DomainError, ErrorCode } from "../errors";

// Four eyes: a decision above a threshold needs a second, different person; a review (an appeal) must be
// made by someone other than everyone who decided before. Pure guards the state machines call.

/** An amount above the threshold needs a second approval. */
export const needsSecondApproval = (amount: number, threshold: number): boolean => amount > threshold;

/** FOUR_EYES_SAME_AGENT when `actorId` is one of the people who already decided. */
export function differentPersonError(actorId: string | null, earlierDeciders: readonly (string | null)[], what = "The second approval"): DomainError | null {
  return actorId !== null && earlierDeciders.includes(actorId)
    ? new DomainError(ErrorCode.FOUR_EYES_SAME_AGENT, `${what} must come from a different agent`)
    : null;
}
