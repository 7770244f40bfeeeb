import { applyTransitionTable, type TransitionRule } from "../cases/state-machine";
import { differentPersonError } from "../cases/four-eyes";
import { DomainError, ErrorCode } from "../errors";
import type { RejectionReason } from "./schemas";

// The item's transition table: an agent decides (TAKE_DOWN, REJECT, REQUEST_INFORMATION), the reporter
// answers a request, the seller appeals a takedown, another agent reviews the appeal. Pure.

export type ItemStatus = "PENDING" | "INFORMATION_REQUESTED" | "TAKEN_DOWN" | "REJECTED" | "REINSTATED" | "ON_HOLD";
export type ItemRole = "AGENT" | "SENIOR_AGENT" | "REPORTER" | "SELLER" | "SYSTEM";

export interface ItemState {
  status: ItemStatus;
  version: number;
  needsSenior: boolean;
  filedAt: Date;
  decisionDueAt: Date;
  pausedAt: Date | null;
  /** End of the appeal window (exclusive): the first instant after its last day. */
  appealDueAt: Date | null;
  appealStatus: "PENDING" | "UPHELD" | "REINSTATED" | null;
  /** Every agent who took a decision on the item (TAKE_DOWN, REJECT, REQUEST_INFORMATION). */
  deciders: readonly string[];
}

export type ItemCommand =
  | { type: "TAKE_DOWN"; expectedVersion?: number }
  | { type: "REJECT"; expectedVersion?: number; reason: RejectionReason }
  | { type: "REQUEST_INFORMATION"; expectedVersion?: number }
  | { type: "PROVIDE_INFORMATION" }
  | { type: "APPEAL" }
  | { type: "UPHOLD" }
  | { type: "REINSTATE" };

export interface ItemActor {
  role: ItemRole;
  userId: string | null;
}

type Rule = TransitionRule<ItemState, ItemActor> & { decision?: boolean; review?: boolean };

const AGENTS = ["AGENT", "SENIOR_AGENT"] as const;
const OPEN: ItemStatus[] = ["PENDING", "INFORMATION_REQUESTED"];
const DECIDED: ItemStatus[] = ["TAKEN_DOWN", "REJECTED", "REINSTATED"];

const TABLE: Record<ItemCommand["type"], Rule> = {
  TAKE_DOWN: {
    from: OPEN,
    by: AGENTS,
    decision: true,
    apply: () => ({ next: { status: "TAKEN_DOWN", pausedAt: null } }),
  },
  REJECT: {
    from: OPEN,
    by: AGENTS,
    decision: true,
    apply: () => ({ next: { status: "REJECTED", pausedAt: null } }),
  },
  REQUEST_INFORMATION: {
    from: ["PENDING"],
    by: AGENTS,
    decision: true,
    apply: (_s, _c, _a, now: Date) => ({ next: { status: "INFORMATION_REQUESTED", pausedAt: now } }),
  },
  PROVIDE_INFORMATION: {
    from: ["INFORMATION_REQUESTED"],
    by: ["REPORTER"],
    apply: (state: ItemState, _c, _a, now: Date) => {
      const pausedMs = state.pausedAt ? Math.max(0, now.getTime() - state.pausedAt.getTime()) : 0;
      return { next: { status: "PENDING", pausedAt: null, decisionDueAt: new Date(state.decisionDueAt.getTime() + pausedMs) }, pausedMs };
    },
  },
  APPEAL: {
    from: ["TAKEN_DOWN"],
    by: ["SELLER"],
    guard: (state: ItemState, _c, _a, now: Date) => {
      if (state.appealStatus) return new DomainError(ErrorCode.APPEAL_ALREADY_FILED, "This takedown has already been appealed");
      if (!state.appealDueAt || now.getTime() >= state.appealDueAt.getTime()) {
        return new DomainError(ErrorCode.APPEAL_WINDOW_CLOSED, "The time to appeal this takedown has passed");
      }
      return null;
    },
    apply: () => ({ next: { appealStatus: "PENDING" } }),
  },
  UPHOLD: {
    from: ["TAKEN_DOWN"],
    by: AGENTS,
    review: true,
    apply: () => ({ next: { appealStatus: "UPHELD" } }),
  },
  REINSTATE: {
    from: ["TAKEN_DOWN"],
    by: AGENTS,
    review: true,
    apply: () => ({ next: { status: "REINSTATED", appealStatus: "REINSTATED" } }),
  },
};

export type ItemTransition = { next: ItemState; pausedMs?: number };

export function transitionItem(state: ItemState, command: ItemCommand, actor: ItemActor, now: Date): ItemTransition | DomainError {
  const rule = TABLE[command.type];
  if (rule.decision) {
    // Two agents looking at the same version: the first decision wins, the second learns it lost.
    const expected = (command as { expectedVersion?: number }).expectedVersion;
    if (expected !== undefined && expected !== state.version) {
      return new DomainError(ErrorCode.CONFLICT, "Someone changed this item after you opened it: reload to see the current decision");
    }
    if (DECIDED.includes(state.status)) return new DomainError(ErrorCode.ITEM_ALREADY_DECIDED, "This item has already been decided");
  }
  const result = applyTransitionTable(
    TABLE as Record<ItemCommand["type"], Rule>,
    {
      caseName: "item",
      closed: ["REJECTED", "REINSTATED"],
      closedMessage: "This item is closed",
      shared: (s: ItemState, r: Rule, a: ItemActor) => {
        if (r.decision && s.needsSenior && a.role !== "SENIOR_AGENT") {
          return new DomainError(ErrorCode.SENIOR_AGENT_REQUIRED, "This item cites a contested or unexamined right: a senior agent decides it");
        }
        if (r.review) {
          if (s.appealStatus !== "PENDING") return new DomainError(ErrorCode.INVALID_TRANSITION, "There is no pending appeal on this item");
          const same = differentPersonError(a.userId, s.deciders, "The appeal's review");
          if (same) return new DomainError(ErrorCode.REVIEWER_DECIDED_ITEM, "An appeal is reviewed by an agent who did not decide the item");
        }
        return null;
      },
    },
    state,
    command,
    actor,
    now,
  );
  if (result instanceof DomainError) return result;
  return { next: { ...result.next, version: state.version + 1 }, pausedMs: (result as { pausedMs?: number }).pausedMs };
}

export const isOpenItem = (status: ItemStatus) => OPEN.includes(status);
