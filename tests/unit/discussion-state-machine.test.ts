import { DomainError } from "~/domain/errors";
import { HOUR } from "~/infra/clock";
import {
  availableCommands,
  isDueForOverdue,
  transition,
  type DiscussionActor,
  type DiscussionCommand,
  type DiscussionState,
} from "~/domain/discussions/state-machine";

const openedAt = new Date("2026-11-02T10:00:00.000Z");
const at = (ms: number) => new Date(openedAt.getTime() + ms);
const SECOND = 1000;

const open = (overrides: Partial<DiscussionState> = {}): DiscussionState => ({
  status: "OPEN",
  openedAt,
  sellerResponseDueAt: at(24 * HOUR),
  sellerRespondedAt: null,
  sellerOverdueAt: null,
  escalatedAt: null,
  assignedAgentId: null,
  assignedAt: null,
  closedAt: null,
  resolution: null,
  outcome: null,
  outcomeAmount: null,
  closingNote: null,
  pendingProposal: null,
  orderTotal: 50_000,
  ...overrides,
});
const escalated = (overrides: Partial<DiscussionState> = {}) => open({ status: "ESCALATED", escalatedAt: at(25 * HOUR), ...overrides });

const buyer: DiscussionActor = { role: "BUYER", userId: "buyer" };
const seller: DiscussionActor = { role: "SELLER", userId: "seller" };
const agent: DiscussionActor = { role: "AGENT", userId: "agent-1" };
const otherAgent: DiscussionActor = { role: "AGENT", userId: "agent-2" };
const system: DiscussionActor = { role: "SYSTEM", userId: null };

function ok(state: DiscussionState, command: DiscussionCommand, actor: DiscussionActor, now: Date) {
  const result = transition(state, command, actor, now);
  if (result instanceof DomainError) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}
function code(state: DiscussionState, command: DiscussionCommand, actor: DiscussionActor, now: Date) {
  const result = transition(state, command, actor, now);
  return result instanceof DomainError ? result.code : "OK";
}

const message = (visibility: "ALL" | "BUYER" | "SELLER" = "ALL", informationRequest = false): DiscussionCommand => ({
  type: "POST_MESSAGE",
  visibility,
  informationRequest,
});

describe("escalation: the buyer may ask for help once 24 hours have passed", () => {
  test("at 23:59:59 it is too early", () => {
    expect(code(open(), { type: "ESCALATE" }, buyer, at(24 * HOUR - SECOND))).toBe("ESCALATION_TOO_EARLY");
  });
  test("at 24:00:00 it is allowed", () => {
    const result = ok(open(), { type: "ESCALATE" }, buyer, at(24 * HOUR));
    expect(result.next.status).toBe("ESCALATED");
    expect(result.next.escalatedAt).toEqual(at(24 * HOUR));
    expect(result.event).toBe("ESCALATED");
  });
  test("whether or not the seller answered", () => {
    expect(ok(open({ sellerRespondedAt: at(HOUR) }), { type: "ESCALATE" }, buyer, at(30 * HOUR)).data).toEqual({ sellerAnswered: true });
  });
  test("only the buyer escalates, and only an open discussion", () => {
    expect(code(open(), { type: "ESCALATE" }, seller, at(30 * HOUR))).toBe("FORBIDDEN");
    expect(code(escalated(), { type: "ESCALATE" }, buyer, at(30 * HOUR))).toBe("INVALID_TRANSITION");
    expect(code(open({ status: "CLOSED" }), { type: "ESCALATE" }, buyer, at(30 * HOUR))).toBe("CASE_CLOSED");
  });
});

describe("overdue: the seller must answer within 24 hours", () => {
  test("due at exactly 24:00:00, not at 23:59:59", () => {
    expect(isDueForOverdue(open(), at(24 * HOUR - SECOND))).toBe(false);
    expect(isDueForOverdue(open(), at(24 * HOUR))).toBe(true);
    expect(code(open(), { type: "MARK_OVERDUE" }, system, at(24 * HOUR - SECOND))).toBe("INVALID_TRANSITION");
    expect(ok(open(), { type: "MARK_OVERDUE" }, system, at(24 * HOUR)).next.sellerOverdueAt).toEqual(at(24 * HOUR));
  });
  test("never when the seller answered, never twice, never once closed", () => {
    expect(isDueForOverdue(open({ sellerRespondedAt: at(2 * HOUR) }), at(48 * HOUR))).toBe(false);
    expect(isDueForOverdue(open({ sellerOverdueAt: at(24 * HOUR) }), at(48 * HOUR))).toBe(false);
    expect(isDueForOverdue(open({ status: "CLOSED" }), at(48 * HOUR))).toBe(false);
    expect(isDueForOverdue(escalated(), at(48 * HOUR))).toBe(true);
  });
  test("only the system marks overdue", () => {
    expect(code(open(), { type: "MARK_OVERDUE" }, buyer, at(48 * HOUR))).toBe("FORBIDDEN");
  });
});

describe("messages", () => {
  test("the seller's first message records the answer time; later ones keep it", () => {
    const first = ok(open(), message(), seller, at(3 * HOUR));
    expect(first.next.sellerRespondedAt).toEqual(at(3 * HOUR));
    expect(first.data.firstSellerAnswer).toBe(true);
    const second = ok(first.next, message(), seller, at(5 * HOUR));
    expect(second.next.sellerRespondedAt).toEqual(at(3 * HOUR));
  });
  test("a buyer's message is not the seller's answer", () => {
    expect(ok(open(), message(), buyer, at(HOUR)).next.sellerRespondedAt).toBeNull();
  });
  test("nobody writes into a closed discussion", () => {
    for (const actor of [buyer, seller, agent]) {
      expect(code(open({ status: "CLOSED", assignedAgentId: "agent-1" }), message(), actor, at(HOUR))).toBe("CASE_CLOSED");
    }
  });
  test("parties cannot address one side only or request information", () => {
    expect(code(open(), message("SELLER"), buyer, at(HOUR))).toBe("FORBIDDEN");
    expect(code(open(), message("ALL", true), seller, at(HOUR))).toBe("FORBIDDEN");
  });
  test("agents write only after escalation and after taking the discussion", () => {
    expect(code(open({ assignedAgentId: "agent-1" }), message(), agent, at(HOUR))).toBe("INVALID_TRANSITION");
    expect(code(escalated(), message(), agent, at(30 * HOUR))).toBe("CASE_NOT_ASSIGNED_TO_YOU");
    expect(code(escalated({ assignedAgentId: "agent-2" }), message(), agent, at(30 * HOUR))).toBe("CASE_ASSIGNED_TO_ANOTHER_AGENT");
    const request = ok(escalated({ assignedAgentId: "agent-1" }), message("SELLER", true), agent, at(30 * HOUR));
    expect(request.event).toBe("INFORMATION_REQUESTED");
    expect(request.data.visibility).toBe("SELLER");
  });
});

describe("assignment: one agent at a time", () => {
  test("an agent takes an unassigned escalated discussion; another agent cannot", () => {
    const taken = ok(escalated(), { type: "ASSIGN" }, agent, at(30 * HOUR));
    expect(taken.next.assignedAgentId).toBe("agent-1");
    expect(code(taken.next, { type: "ASSIGN" }, otherAgent, at(31 * HOUR))).toBe("CASE_ASSIGNED_TO_ANOTHER_AGENT");
    expect(code(taken.next, { type: "RELEASE" }, otherAgent, at(31 * HOUR))).toBe("CASE_ASSIGNED_TO_ANOTHER_AGENT");
    const released = ok(taken.next, { type: "RELEASE" }, agent, at(31 * HOUR));
    expect(released.next.assignedAgentId).toBeNull();
    expect(ok(released.next, { type: "ASSIGN" }, otherAgent, at(32 * HOUR)).next.assignedAgentId).toBe("agent-2");
  });
  test("cannot take a discussion that is not escalated", () => {
    expect(code(open(), { type: "ASSIGN" }, agent, at(HOUR))).toBe("INVALID_TRANSITION");
  });
});

describe("proposals and agreement", () => {
  const propose = (kind: "REFUND" | "PARTIAL_REFUND" | "REPLACEMENT" | "RETURN_AND_REFUND", amount: number | null, proposalId = "p1"): DiscussionCommand => ({
    type: "PROPOSE_SOLUTION",
    kind,
    amount,
    proposalId,
  });
  test("the seller proposes, the buyer accepts: closed by agreement with that outcome", () => {
    const proposed = ok(open(), propose("PARTIAL_REFUND", 12_000), seller, at(HOUR));
    expect(proposed.next.sellerRespondedAt).toEqual(at(HOUR));
    const accepted = ok(proposed.next, { type: "ACCEPT_PROPOSAL", proposalId: "p1" }, buyer, at(2 * HOUR));
    expect(accepted.next).toMatchObject({ status: "CLOSED", resolution: "AGREEMENT", outcome: "PARTIAL_REFUND", outcomeAmount: 12_000, pendingProposal: null });
  });
  test("partial refunds must be above zero and below the order total; other kinds carry no amount", () => {
    expect(code(open(), propose("PARTIAL_REFUND", 0), seller, at(HOUR))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(code(open(), propose("PARTIAL_REFUND", 50_000), seller, at(HOUR))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(code(open(), propose("PARTIAL_REFUND", 49_999), seller, at(HOUR))).toBe("OK");
    expect(code(open(), propose("PARTIAL_REFUND", null), seller, at(HOUR))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(code(open(), propose("REFUND", 100), seller, at(HOUR))).toBe("VALIDATION_FAILED");
  });
  test("a stale or superseded proposal cannot be accepted; only the buyer answers", () => {
    const first = ok(open(), propose("REPLACEMENT", null, "p1"), seller, at(HOUR));
    const second = ok(first.next, propose("REFUND", null, "p2"), seller, at(2 * HOUR));
    expect(second.data.supersedes).toBe("p1");
    expect(code(second.next, { type: "ACCEPT_PROPOSAL", proposalId: "p1" }, buyer, at(3 * HOUR))).toBe("PROPOSAL_NOT_PENDING");
    expect(code(second.next, { type: "ACCEPT_PROPOSAL", proposalId: "p2" }, seller, at(3 * HOUR))).toBe("FORBIDDEN");
    const rejected = ok(second.next, { type: "REJECT_PROPOSAL", proposalId: "p2" }, buyer, at(3 * HOUR));
    expect(rejected.next.pendingProposal).toBeNull();
    expect(rejected.next.status).toBe("OPEN");
  });
  test("buyers do not propose", () => {
    expect(code(open(), propose("REFUND", null), buyer, at(HOUR))).toBe("FORBIDDEN");
  });
});

describe("closing", () => {
  test("the buyer can close as resolved at any time before closing, escalated or not", () => {
    expect(ok(open(), { type: "CLOSE_AS_RESOLVED" }, buyer, at(HOUR)).next).toMatchObject({ status: "CLOSED", resolution: "BUYER_RESOLVED" });
    expect(ok(escalated(), { type: "CLOSE_AS_RESOLVED" }, buyer, at(30 * HOUR)).next.resolution).toBe("BUYER_RESOLVED");
    expect(code(open(), { type: "CLOSE_AS_RESOLVED" }, seller, at(HOUR))).toBe("FORBIDDEN");
    expect(code(open({ status: "CLOSED" }), { type: "CLOSE_AS_RESOLVED" }, buyer, at(HOUR))).toBe("CASE_CLOSED");
  });
  test("the assigned agent closes with an outcome and a note the parties see", () => {
    const state = escalated({ assignedAgentId: "agent-1" });
    const closed = ok(state, { type: "CLOSE_WITH_OUTCOME", outcome: "RETURN_AND_REFUND", amount: null, note: "Zwrot po odesłaniu" }, agent, at(30 * HOUR));
    expect(closed.next).toMatchObject({ status: "CLOSED", resolution: "AGENT_DECISION", outcome: "RETURN_AND_REFUND", closingNote: "Zwrot po odesłaniu" });
    expect(code(state, { type: "CLOSE_WITH_OUTCOME", outcome: "NO_ACTION", amount: null, note: "x" }, otherAgent, at(30 * HOUR))).toBe(
      "CASE_ASSIGNED_TO_ANOTHER_AGENT",
    );
    expect(code(state, { type: "CLOSE_WITH_OUTCOME", outcome: "PARTIAL_REFUND", amount: 60_000, note: "x" }, agent, at(30 * HOUR))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(code(open(), { type: "CLOSE_WITH_OUTCOME", outcome: "NO_ACTION", amount: null, note: "x" }, agent, at(HOUR))).toBe("INVALID_TRANSITION");
  });
  test("the agent can send the buyer on to a claim", () => {
    const referred = ok(escalated({ assignedAgentId: "agent-1" }), { type: "REFER_TO_CLAIM", note: "Proszę złożyć wniosek" }, agent, at(30 * HOUR));
    expect(referred.next).toMatchObject({ status: "CLOSED", resolution: "REFERRED_TO_CLAIM", outcome: null });
  });
});

test("availableCommands lists what each role can do now", () => {
  expect(availableCommands(open(), buyer, at(HOUR)).sort()).toEqual(["CLOSE_AS_RESOLVED", "POST_MESSAGE"]);
  expect(availableCommands(open(), buyer, at(24 * HOUR)).sort()).toEqual(["CLOSE_AS_RESOLVED", "ESCALATE", "POST_MESSAGE"]);
  expect(availableCommands(open(), seller, at(HOUR)).sort()).toEqual(["POST_MESSAGE", "PROPOSE_SOLUTION"]);
  expect(availableCommands(escalated(), agent, at(30 * HOUR))).toEqual(["ASSIGN"]);
  expect(availableCommands(escalated({ assignedAgentId: "agent-1" }), agent, at(30 * HOUR)).sort()).toEqual(
    ["ASSIGN", "CLOSE_WITH_OUTCOME", "POST_MESSAGE", "PROPOSE_SOLUTION", "REFER_TO_CLAIM", "RELEASE"].sort(),
  );
  expect(availableCommands(open({ status: "CLOSED" }), buyer, at(HOUR))).toEqual([]);
});
