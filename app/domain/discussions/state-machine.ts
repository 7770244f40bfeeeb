import { DomainError, ErrorCode } from "../errors";
import { ESCALATION_AVAILABLE_AFTER } from "./policy";
import { mustHoldError, takeError } from "../cases/assignment";
import { applyTransitionTable, type MachineSpec } from "../cases/state-machine";

// The discussion state machine as a table: for each command, the statuses it may start from, the case
// roles that may issue it, a guard and the new state. `transition` is pure: (state, command, actor, now)
// → next state + the timeline event, or a DomainError. The service persists what it returns.

export type DiscussionStatus = "OPEN" | "ESCALATED" | "CLOSED";
export type DiscussionResolution = "BUYER_RESOLVED" | "AGREEMENT" | "AGENT_DECISION" | "REFERRED_TO_CLAIM";
export type DiscussionOutcome = "REFUND" | "PARTIAL_REFUND" | "REPLACEMENT" | "RETURN_AND_REFUND" | "NO_ACTION";
export type SolutionKind = Exclude<DiscussionOutcome, "NO_ACTION">;
export type MessageVisibility = "ALL" | "BUYER" | "SELLER";
export type DiscussionRole = "BUYER" | "SELLER" | "AGENT" | "SYSTEM";

export interface DiscussionState {
  status: DiscussionStatus;
  openedAt: Date;
  sellerResponseDueAt: Date;
  sellerRespondedAt: Date | null;
  sellerOverdueAt: Date | null;
  escalatedAt: Date | null;
  assignedAgentId: string | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  resolution: DiscussionResolution | null;
  outcome: DiscussionOutcome | null;
  outcomeAmount: number | null;
  closingNote: string | null;
  pendingProposal: { id: string; kind: SolutionKind; amount: number | null } | null;
  /** Items + shipping, in grosze: the ceiling of any refund the discussion can end with. */
  orderTotal: number;
}

export interface DiscussionActor {
  role: DiscussionRole;
  userId: string | null;
}

export type DiscussionCommand =
  | { type: "POST_MESSAGE"; visibility: MessageVisibility; informationRequest: boolean }
  | { type: "PROPOSE_SOLUTION"; kind: SolutionKind; amount: number | null; proposalId: string }
  | { type: "ACCEPT_PROPOSAL"; proposalId: string }
  | { type: "REJECT_PROPOSAL"; proposalId: string }
  | { type: "ESCALATE" }
  | { type: "CLOSE_AS_RESOLVED" }
  | { type: "ASSIGN" }
  | { type: "RELEASE" }
  | { type: "CLOSE_WITH_OUTCOME"; outcome: DiscussionOutcome; amount: number | null; note: string }
  | { type: "REFER_TO_CLAIM"; note: string }
  | { type: "MARK_OVERDUE" };

export type DiscussionCommandType = DiscussionCommand["type"];

export interface DiscussionTransition {
  next: DiscussionState;
  /** The timeline event type, e.g. ESCALATED. */
  event: string;
  data: Record<string, unknown>;
}

type CommandOf<T extends DiscussionCommandType> = Extract<DiscussionCommand, { type: T }>;

interface Rule<T extends DiscussionCommandType> {
  from: DiscussionStatus[];
  by: DiscussionRole[];
  /** Agents act only on discussions they have taken (an item is never worked by two agents at once). */
  agentMustBeAssigned?: boolean;
  guard?: (state: DiscussionState, command: CommandOf<T>, actor: DiscussionActor, now: Date) => DomainError | null;
  apply: (state: DiscussionState, command: CommandOf<T>, actor: DiscussionActor, now: Date) => Omit<DiscussionTransition, "next"> & { next: Partial<DiscussionState> };
}

type RuleTable = { [T in DiscussionCommandType]: Rule<T> };

const closed = (
  now: Date,
  resolution: DiscussionResolution,
  outcome: DiscussionOutcome | null,
  amount: number | null,
  note: string | null,
): Partial<DiscussionState> => ({
  status: "CLOSED",
  closedAt: now,
  resolution,
  outcome,
  outcomeAmount: amount,
  closingNote: note,
  pendingProposal: null,
});

/** Partial refunds carry an amount above zero and below the order total; other outcomes carry none. */
function amountError(kind: DiscussionOutcome, amount: number | null, orderTotal: number): DomainError | null {
  if (kind === "PARTIAL_REFUND") {
    if (amount === null || !Number.isInteger(amount) || amount <= 0 || amount >= orderTotal) {
      return new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, "A partial refund must be more than 0 and less than the order total", {
        fieldErrors: { amount: ["Must be more than 0 and less than the order total"] },
        params: { max: orderTotal },
      });
    }
    return null;
  }
  if (amount !== null) {
    return new DomainError(ErrorCode.VALIDATION_FAILED, "Only a partial refund has an amount", {
      fieldErrors: { amount: ["Only a partial refund has an amount"] },
    });
  }
  return null;
}

const proposalMatches = (state: DiscussionState, proposalId: string) =>
  state.pendingProposal?.id === proposalId
    ? null
    : new DomainError(ErrorCode.PROPOSAL_NOT_PENDING, "This proposal is no longer open");

export const DISCUSSION_RULES: RuleTable = {
  POST_MESSAGE: {
    from: ["OPEN", "ESCALATED"],
    by: ["BUYER", "SELLER", "AGENT"],
    agentMustBeAssigned: true,
    guard: (_s, command, actor) =>
      actor.role !== "AGENT" && (command.visibility !== "ALL" || command.informationRequest)
        ? new DomainError(ErrorCode.FORBIDDEN, "Only an agent can address one party or request information")
        : null,
    apply: (state, command, actor, now) => ({
      next: actor.role === "SELLER" && !state.sellerRespondedAt ? { sellerRespondedAt: now } : {},
      event: command.informationRequest ? "INFORMATION_REQUESTED" : "MESSAGE_POSTED",
      data: { visibility: command.visibility, firstSellerAnswer: actor.role === "SELLER" && !state.sellerRespondedAt },
    }),
  },
  PROPOSE_SOLUTION: {
    from: ["OPEN", "ESCALATED"],
    by: ["SELLER", "AGENT"],
    agentMustBeAssigned: true,
    guard: (state, command) => amountError(command.kind, command.amount, state.orderTotal),
    apply: (state, command, actor, now) => ({
      next: {
        pendingProposal: { id: command.proposalId, kind: command.kind, amount: command.amount },
        ...(actor.role === "SELLER" && !state.sellerRespondedAt ? { sellerRespondedAt: now } : {}),
      },
      event: "SOLUTION_PROPOSED",
      data: {
        proposalId: command.proposalId,
        kind: command.kind,
        amount: command.amount,
        supersedes: state.pendingProposal?.id ?? null,
      },
    }),
  },
  ACCEPT_PROPOSAL: {
    from: ["OPEN", "ESCALATED"],
    by: ["BUYER"],
    guard: (state, command) => proposalMatches(state, command.proposalId),
    apply: (state, command, _actor, now) => ({
      next: closed(now, "AGREEMENT", state.pendingProposal!.kind, state.pendingProposal!.amount, null),
      event: "PROPOSAL_ACCEPTED",
      data: { proposalId: command.proposalId, outcome: state.pendingProposal!.kind, amount: state.pendingProposal!.amount },
    }),
  },
  REJECT_PROPOSAL: {
    from: ["OPEN", "ESCALATED"],
    by: ["BUYER"],
    guard: (state, command) => proposalMatches(state, command.proposalId),
    apply: (_state, command) => ({ next: { pendingProposal: null }, event: "PROPOSAL_REJECTED", data: { proposalId: command.proposalId } }),
  },
  ESCALATE: {
    from: ["OPEN"],
    by: ["BUYER"],
    guard: (state, _command, _actor, now) => {
      const availableAt = new Date(state.openedAt.getTime() + ESCALATION_AVAILABLE_AFTER);
      return now < availableAt
        ? new DomainError(ErrorCode.ESCALATION_TOO_EARLY, "Help can be asked 24 hours after the discussion was opened", {
            params: { availableAt: availableAt.toISOString() },
          })
        : null;
    },
    apply: (state, _command, _actor, now) => ({
      next: { status: "ESCALATED", escalatedAt: now },
      event: "ESCALATED",
      data: { sellerAnswered: state.sellerRespondedAt !== null },
    }),
  },
  CLOSE_AS_RESOLVED: {
    from: ["OPEN", "ESCALATED"],
    by: ["BUYER"],
    apply: (_state, _command, _actor, now) => ({
      next: closed(now, "BUYER_RESOLVED", null, null, null),
      event: "CLOSED_AS_RESOLVED",
      data: {},
    }),
  },
  ASSIGN: {
    from: ["ESCALATED"],
    by: ["AGENT"],
    guard: (state, _command, actor) => takeError(state.assignedAgentId, actor.userId, "discussion"),
    apply: (state, _command, actor, now) => ({
      next: { assignedAgentId: actor.userId, assignedAt: state.assignedAgentId === actor.userId ? state.assignedAt : now },
      event: "ASSIGNED",
      data: { agentId: actor.userId },
    }),
  },
  RELEASE: {
    from: ["ESCALATED"],
    by: ["AGENT"],
    agentMustBeAssigned: true,
    apply: () => ({ next: { assignedAgentId: null, assignedAt: null }, event: "RELEASED", data: {} }),
  },
  CLOSE_WITH_OUTCOME: {
    from: ["ESCALATED"],
    by: ["AGENT"],
    agentMustBeAssigned: true,
    guard: (state, command) => amountError(command.outcome, command.amount, state.orderTotal),
    apply: (_state, command, _actor, now) => ({
      next: closed(now, "AGENT_DECISION", command.outcome, command.amount, command.note),
      event: "CLOSED_BY_AGENT",
      data: { outcome: command.outcome, amount: command.amount },
    }),
  },
  REFER_TO_CLAIM: {
    from: ["ESCALATED"],
    by: ["AGENT"],
    agentMustBeAssigned: true,
    apply: (_state, command, _actor, now) => ({
      next: closed(now, "REFERRED_TO_CLAIM", null, null, command.note),
      event: "REFERRED_TO_CLAIM",
      data: {},
    }),
  },
  MARK_OVERDUE: {
    from: ["OPEN", "ESCALATED"],
    by: ["SYSTEM"],
    guard: (state, _command, _actor, now) => (isDueForOverdue(state, now) ? null : new DomainError(ErrorCode.INVALID_TRANSITION, "Not overdue")),
    apply: (_state, _command, _actor, now) => ({ next: { sellerOverdueAt: now }, event: "SELLER_OVERDUE", data: {} }),
  },
};

/**
 * The overdue rule: no seller message, not yet marked, not closed, and the 24 hours are over
 * (at exactly 24:00:00 the seller is late). The sweep's SQL (overdue-sweep.server.ts) selects the same rows;
 * tests/unit/discussion-state-machine.test.ts and tests/db/discussion-sweep.test.ts hold the two together.
 */
export function isDueForOverdue(state: Pick<DiscussionState, "status" | "sellerRespondedAt" | "sellerOverdueAt" | "sellerResponseDueAt">, now: Date): boolean {
  return state.status !== "CLOSED" && !state.sellerRespondedAt && !state.sellerOverdueAt && now >= state.sellerResponseDueAt;
}

const DISCUSSION_MACHINE: MachineSpec<DiscussionState, DiscussionActor, Rule<DiscussionCommandType>> = {
  caseName: "discussion",
  closed: ["CLOSED"],
  closedMessage: "This discussion is closed",
  shared: (state, rule, actor) => {
    if (actor.role !== "AGENT") return null;
    // Agents join a discussion only once the buyer has asked the platform for help, and act only on
    // discussions they have taken.
    if (state.status !== "ESCALATED") return new DomainError(ErrorCode.INVALID_TRANSITION, "Agents act on escalated discussions only");
    return rule.agentMustBeAssigned ? mustHoldError(state.assignedAgentId, actor.userId, "discussion") : null;
  },
};

export function transition(
  state: DiscussionState,
  command: DiscussionCommand,
  actor: DiscussionActor,
  now: Date,
): DiscussionTransition | DomainError {
  const result = applyTransitionTable<DiscussionState, DiscussionCommand, DiscussionActor, Rule<DiscussionCommandType>>(
    DISCUSSION_RULES as never,
    DISCUSSION_MACHINE,
    state,
    command,
    actor,
    now,
  );
  return result instanceof DomainError ? result : { next: result.next, event: result.event, data: result.data };
}

/** Which commands a role could issue now (for showing the right buttons; the service re-checks). */
export function availableCommands(state: DiscussionState, actor: DiscussionActor, now: Date): DiscussionCommandType[] {
  const probe: { [T in DiscussionCommandType]: CommandOf<T> } = {
    POST_MESSAGE: { type: "POST_MESSAGE", visibility: "ALL", informationRequest: false },
    PROPOSE_SOLUTION: { type: "PROPOSE_SOLUTION", kind: "REPLACEMENT", amount: null, proposalId: "probe" },
    ACCEPT_PROPOSAL: { type: "ACCEPT_PROPOSAL", proposalId: state.pendingProposal?.id ?? "none" },
    REJECT_PROPOSAL: { type: "REJECT_PROPOSAL", proposalId: state.pendingProposal?.id ?? "none" },
    ESCALATE: { type: "ESCALATE" },
    CLOSE_AS_RESOLVED: { type: "CLOSE_AS_RESOLVED" },
    ASSIGN: { type: "ASSIGN" },
    RELEASE: { type: "RELEASE" },
    CLOSE_WITH_OUTCOME: { type: "CLOSE_WITH_OUTCOME", outcome: "NO_ACTION", amount: null, note: "probe" },
    REFER_TO_CLAIM: { type: "REFER_TO_CLAIM", note: "probe" },
    MARK_OVERDUE: { type: "MARK_OVERDUE" },
  };
  return (Object.keys(probe) as DiscussionCommandType[]).filter(
    (type) => type !== "MARK_OVERDUE" && !(transition(state, probe[type], actor, now) instanceof DomainError),
  );
}
