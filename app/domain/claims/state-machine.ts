import { DomainError, ErrorCode } from "../errors";
import { differentPersonError, needsSecondApproval } from "../cases/four-eyes";
import { applyTransitionTable, type MachineSpec } from "../cases/state-machine";

// The claim state machine as a table, like discussions: (state, command, actor, now) → next | DomainError.
// A person decides: the machine never approves or rejects; the precheck only advises (seed 004 §1.3).
// Money limits arrive in the state (`limits`), computed by the service under a lock on the order.

export type ClaimStatus = "SUBMITTED" | "AWAITING_DOCUMENTS" | "AWAITING_SECOND_APPROVAL" | "APPROVED" | "PAID" | "REJECTED";
export type ClaimRole = "BUYER" | "AGENT" | "SENIOR_AGENT" | "SYSTEM";
export type RejectionReason = "NOT_COVERED" | "INSUFFICIENT_EVIDENCE" | "ITEM_AS_DESCRIBED" | "RESOLVED_WITH_SELLER" | "DUPLICATE" | "SUSPECTED_ABUSE" | "OTHER";

export interface ClaimState {
  status: ClaimStatus;
  decisionDueAt: Date;
  pausedAt: Date | null;
  maxAmount: number;
  approvedAmount: number | null;
  firstApproverId: string | null;
  firstApprovedAt: Date | null;
  secondApproverId: string | null;
  secondApprovedAt: Date | null;
  decidedAt: Date | null;
  rejectionReason: RejectionReason | null;
  decisionNote: string | null;
}

/** Limits checked at the moment of approval (the service computes them under a lock on the order). */
export interface ApprovalLimits {
  /** What the order can still receive across all its claims. */
  orderRemaining: number;
  /** What the person can still receive under a per-person cap; null when the terms have none. */
  personRemaining: number | null;
  /** Approvals above this need a second, senior agent. */
  fourEyesThreshold: number;
  /**
   * The claim's maximum now that the refunds the order's discussions settled (possibly after filing) are
   * deducted; absent when not computed.
   */
  settledMaximum?: number;
}

export interface ClaimActor {
  role: ClaimRole;
  userId: string | null;
}

export type ClaimCommand =
  | { type: "REQUEST_DOCUMENTS"; note: string }
  | { type: "PROVIDE_DOCUMENTS" }
  | { type: "APPROVE"; amount: number; note: string | null; limits: ApprovalLimits }
  | { type: "REJECT"; reason: RejectionReason; note: string }
  | { type: "SECOND_APPROVE"; limits: ApprovalLimits }
  | { type: "SECOND_DECLINE"; note: string }
  | { type: "MARK_PAID" };

export type ClaimCommandType = ClaimCommand["type"];

export interface ClaimTransition {
  next: ClaimState;
  event: string;
  data: Record<string, unknown>;
  /** Free text the command carries, stored as case notes (never in the append-only timeline's data). */
  notes?: { audience: "STAFF" | "PARTIES"; body: string }[];
  /** True when the claim is now approved for payment (a payout must be created). */
  payoutDue: boolean;
}

type CommandOf<T extends ClaimCommandType> = Extract<ClaimCommand, { type: T }>;
interface Rule<T extends ClaimCommandType> {
  from: ClaimStatus[];
  by: ClaimRole[];
  guard?: (state: ClaimState, command: CommandOf<T>, actor: ClaimActor, now: Date) => DomainError | null;
  apply: (state: ClaimState, command: CommandOf<T>, actor: ClaimActor, now: Date) => Omit<ClaimTransition, "next" | "payoutDue"> & {
    next: Partial<ClaimState>;
    payoutDue?: boolean;
  };
}

const CLOSED: ClaimStatus[] = ["APPROVED", "PAID", "REJECTED"];

/** The amount must be positive, within the claim's maximum, the order's remainder and the person's cap. */
function amountError(amount: number, state: ClaimState, limits: ApprovalLimits): DomainError | null {
  if (!Number.isInteger(amount) || amount <= 0) {
    return new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, "The amount must be more than 0", { fieldErrors: { amount: ["Must be more than 0"] } });
  }
  if (amount > state.maxAmount) {
    return new DomainError(ErrorCode.CLAIM_AMOUNT_ABOVE_MAXIMUM, "The amount is above the maximum compensation for this claim", {
      fieldErrors: { amount: ["Above the maximum compensation"] },
      params: { max: state.maxAmount },
    });
  }
  if (limits.settledMaximum !== undefined && amount > limits.settledMaximum) {
    return new DomainError(ErrorCode.CLAIM_SETTLED_IN_DISCUSSION, "The order's discussion already settled a refund for these items", {
      fieldErrors: { amount: ["Above what is left after the refund settled in the discussion"] },
      params: { max: limits.settledMaximum },
    });
  }
  if (amount > limits.orderRemaining) {
    return new DomainError(ErrorCode.CLAIM_ORDER_LIMIT_REACHED, "Together with other claims this would pay more than the order allows", {
      params: { remaining: limits.orderRemaining },
    });
  }
  if (limits.personRemaining !== null && amount > limits.personRemaining) {
    return new DomainError(ErrorCode.CLAIM_PERSON_LIMIT_REACHED, "This would exceed the buyer's compensation limit for the period", {
      params: { remaining: limits.personRemaining },
    });
  }
  return null;
}

export const CLAIM_RULES: { [T in ClaimCommandType]: Rule<T> } = {
  REQUEST_DOCUMENTS: {
    from: ["SUBMITTED"],
    by: ["AGENT", "SENIOR_AGENT"],
    // The deadline stops while the buyer gathers documents.
    apply: (_s, command, _a, now) => ({ next: { status: "AWAITING_DOCUMENTS", pausedAt: now }, event: "DOCUMENTS_REQUESTED", data: {}, notes: [{ audience: "PARTIES", body: command.note }] }),
  },
  PROVIDE_DOCUMENTS: {
    from: ["SUBMITTED", "AWAITING_DOCUMENTS"],
    by: ["BUYER"],
    apply: (state, _c, _a, now) =>
      state.status === "AWAITING_DOCUMENTS" && state.pausedAt
        ? {
            next: {
              status: "SUBMITTED",
              pausedAt: null,
              decisionDueAt: new Date(state.decisionDueAt.getTime() + (now.getTime() - state.pausedAt.getTime())),
            },
            event: "DOCUMENTS_PROVIDED",
            data: { pausedMs: now.getTime() - state.pausedAt.getTime() },
          }
        : { next: {}, event: "DOCUMENTS_PROVIDED", data: { pausedMs: 0 } },
  },
  APPROVE: {
    from: ["SUBMITTED"],
    by: ["AGENT", "SENIOR_AGENT"],
    guard: (state, command) => {
      const error = amountError(command.amount, state, command.limits);
      if (error) return error;
      return command.amount < state.maxAmount && !command.note
        ? new DomainError(ErrorCode.VALIDATION_FAILED, "A partial approval needs a reason the buyer sees", {
            fieldErrors: { note: ["Give the reason for the partial amount"] },
          })
        : null;
    },
    apply: (state, command, actor, now) => {
      const needsSecond = needsSecondApproval(command.amount, command.limits.fourEyesThreshold);
      return {
        next: {
          status: needsSecond ? "AWAITING_SECOND_APPROVAL" : "APPROVED",
          approvedAmount: command.amount,
          firstApproverId: actor.userId,
          firstApprovedAt: now,
          decisionNote: command.note,
          decidedAt: needsSecond ? null : now,
        },
        event: needsSecond ? "APPROVED_PENDING_SECOND" : command.amount < state.maxAmount ? "APPROVED_PARTIALLY" : "APPROVED",
        data: { amount: command.amount, maxAmount: state.maxAmount, fourEyes: needsSecond },
        payoutDue: !needsSecond,
      };
    },
  },
  REJECT: {
    from: ["SUBMITTED", "AWAITING_DOCUMENTS"],
    by: ["AGENT", "SENIOR_AGENT"],
    apply: (_s, command, _a, now) => ({
      next: { status: "REJECTED", rejectionReason: command.reason, decisionNote: command.note, decidedAt: now, pausedAt: null },
      event: "REJECTED",
      data: { reason: command.reason },
    }),
  },
  SECOND_APPROVE: {
    from: ["AWAITING_SECOND_APPROVAL"],
    by: ["SENIOR_AGENT"],
    guard: (state, command, actor) =>
      differentPersonError(actor.userId, [state.firstApproverId]) ?? amountError(state.approvedAmount ?? 0, state, command.limits),
    apply: (state, _c, actor, now) => ({
      next: { status: "APPROVED", secondApproverId: actor.userId, secondApprovedAt: now, decidedAt: now },
      event: "SECOND_APPROVAL_GIVEN",
      data: { amount: state.approvedAmount },
      payoutDue: true,
    }),
  },
  SECOND_DECLINE: {
    from: ["AWAITING_SECOND_APPROVAL"],
    by: ["SENIOR_AGENT"],
    guard: (state, _c, actor) => differentPersonError(actor.userId, [state.firstApproverId]),
    // Back to the queue for a new decision; the first approval is withdrawn.
    apply: (state, command) => ({
      next: { status: "SUBMITTED", approvedAmount: null, firstApproverId: null, firstApprovedAt: null, decisionNote: null },
      event: "SECOND_APPROVAL_DECLINED",
      data: { declinedAmount: state.approvedAmount },
      // Between agents: the parties only learn that the claim is being reviewed again.
      notes: [{ audience: "STAFF", body: command.note }],
    }),
  },
  MARK_PAID: {
    from: ["APPROVED"],
    by: ["SYSTEM"],
    apply: (state) => ({ next: { status: "PAID" }, event: "PAID", data: { amount: state.approvedAmount } }),
  },
};

const CLAIM_MACHINE: MachineSpec<ClaimState, ClaimActor, Rule<ClaimCommandType>> = {
  caseName: "claim",
  closed: CLOSED,
  closedMessage: "This claim has been decided",
};

export function transitionClaim(state: ClaimState, command: ClaimCommand, actor: ClaimActor, now: Date): ClaimTransition | DomainError {
  const result = applyTransitionTable<ClaimState, ClaimCommand, ClaimActor, Rule<ClaimCommandType>>(CLAIM_RULES as never, CLAIM_MACHINE, state, command, actor, now);
  if (result instanceof DomainError) return result;
  return { next: result.next, event: result.event, data: result.data, notes: result.notes, payoutDue: result.payoutDue ?? false };
}

/** Commands the role could issue now (for the buttons; the service re-checks with real limits). */
export function availableClaimCommands(state: ClaimState, actor: ClaimActor, now: Date): ClaimCommandType[] {
  const generous: ApprovalLimits = { orderRemaining: Number.MAX_SAFE_INTEGER, personRemaining: null, fourEyesThreshold: Number.MAX_SAFE_INTEGER };
  const probes: ClaimCommand[] = [
    { type: "REQUEST_DOCUMENTS", note: "probe" },
    { type: "PROVIDE_DOCUMENTS" },
    { type: "APPROVE", amount: Math.max(1, state.maxAmount), note: null, limits: generous },
    { type: "REJECT", reason: "OTHER", note: "probe" },
    { type: "SECOND_APPROVE", limits: generous },
    { type: "SECOND_DECLINE", note: "probe" },
  ];
  return probes.filter((command) => !(transitionClaim(state, command, actor, now) instanceof DomainError)).map((command) => command.type);
}

/** The decision deadline: 5 days standard, 12 hours for SMART members (hours from the terms). */
export function decisionDeadline(filedAt: Date, smart: boolean, terms: { standardDecisionHours: number; smartDecisionHours: number }): Date {
  return new Date(filedAt.getTime() + (smart ? terms.smartDecisionHours : terms.standardDecisionHours) * 3_600_000);
}
