import { DomainError, ErrorCode } from "../errors";

// Assignment: one agent works a case at a time. Taking a case someone else holds is refused; acting on
// a case one has not taken asks to take it first. Pure guards the state machines call.

/** Refuses taking a case another agent holds (taking one's own again is fine). */
export function takeError(assignedAgentId: string | null, actorId: string | null, caseName: string): DomainError | null {
  return assignedAgentId && assignedAgentId !== actorId
    ? new DomainError(ErrorCode.CASE_ASSIGNED_TO_ANOTHER_AGENT, `Another agent is working on this ${caseName}`)
    : null;
}

/** Refuses acting on a case the agent has not taken. */
export function mustHoldError(assignedAgentId: string | null, actorId: string | null, caseName: string): DomainError | null {
  if (assignedAgentId === actorId && actorId !== null) return null;
  return assignedAgentId
    ? new DomainError(ErrorCode.CASE_ASSIGNED_TO_ANOTHER_AGENT, `Another agent is working on this ${caseName}`)
    : new DomainError(ErrorCode.CASE_NOT_ASSIGNED_TO_YOU, `Take the ${caseName} before acting on it`);
}
