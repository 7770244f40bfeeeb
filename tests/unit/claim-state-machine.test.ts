import { DomainError } from "~/domain/errors";
import { HOUR } from "~/infra/clock";
import { availableClaimCommands, decisionDeadline, transitionClaim, type ApprovalLimits, type ClaimActor, type ClaimCommand, type ClaimState } from "~/domain/claims/state-machine";

const filedAt = new Date("2026-11-02T10:00:00Z");
const at = (h: number) => new Date(filedAt.getTime() + h * HOUR);
const submitted = (o: Partial<ClaimState> = {}): ClaimState => ({
  status: "SUBMITTED",
  decisionDueAt: at(120),
  pausedAt: null,
  maxAmount: 800_000,
  approvedAmount: null,
  firstApproverId: null,
  firstApprovedAt: null,
  secondApproverId: null,
  secondApprovedAt: null,
  decidedAt: null,
  rejectionReason: null,
  decisionNote: null,
  ...o,
});
const limits = (o: Partial<ApprovalLimits> = {}): ApprovalLimits => ({ orderRemaining: 10_000_000, personRemaining: null, fourEyesThreshold: 500_000, ...o });
const agent: ClaimActor = { role: "AGENT", userId: "agent-1" };
const senior: ClaimActor = { role: "SENIOR_AGENT", userId: "senior-1" };
const seniorWhoApproved: ClaimActor = { role: "SENIOR_AGENT", userId: "agent-1" };
const buyer: ClaimActor = { role: "BUYER", userId: "buyer" };
const approve = (amount: number, note: string | null = null, l = limits()): ClaimCommand => ({ type: "APPROVE", amount, note, limits: l });

function run(state: ClaimState, command: ClaimCommand, actor: ClaimActor, now = at(1)) {
  const result = transitionClaim(state, command, actor, now);
  return result instanceof DomainError ? result.code : result;
}

describe("four eyes above the threshold (default 5,000 PLN)", () => {
  test("exactly 5,000.00 PLN is approved by one agent and due for payout", () => {
    const result = run(submitted({ maxAmount: 500_000 }), approve(500_000), agent);
    expect(result).toMatchObject({ next: { status: "APPROVED", approvedAmount: 500_000 }, payoutDue: true });
  });
  test("5,000.01 PLN waits for a second, senior agent; no payout yet", () => {
    const result = run(submitted(), approve(500_001, "częściowo"), agent);
    expect(result).toMatchObject({ next: { status: "AWAITING_SECOND_APPROVAL", firstApproverId: "agent-1" }, payoutDue: false });
  });
  test("the second approval must be a different person with the senior role", () => {
    const pending = submitted({ status: "AWAITING_SECOND_APPROVAL", approvedAmount: 800_000, firstApproverId: "agent-1" });
    expect(run(pending, { type: "SECOND_APPROVE", limits: limits() }, seniorWhoApproved)).toBe("FOUR_EYES_SAME_AGENT");
    expect(run(pending, { type: "SECOND_APPROVE", limits: limits() }, agent)).toBe("FORBIDDEN");
    expect(run(pending, { type: "SECOND_APPROVE", limits: limits() }, senior)).toMatchObject({ next: { status: "APPROVED", secondApproverId: "senior-1" }, payoutDue: true });
    expect(run(pending, { type: "SECOND_DECLINE", note: "za dużo" }, senior)).toMatchObject({ next: { status: "SUBMITTED", approvedAmount: null, firstApproverId: null } });
  });
  test("the second approval re-checks the order's remaining amount", () => {
    const pending = submitted({ status: "AWAITING_SECOND_APPROVAL", approvedAmount: 800_000, firstApproverId: "agent-1" });
    expect(run(pending, { type: "SECOND_APPROVE", limits: limits({ orderRemaining: 799_999 }) }, senior)).toBe("CLAIM_ORDER_LIMIT_REACHED");
  });
});

describe("amounts", () => {
  test.each([
    [0, "AMOUNT_OUT_OF_RANGE"],
    [-100, "AMOUNT_OUT_OF_RANGE"],
    [800_001, "CLAIM_AMOUNT_ABOVE_MAXIMUM"],
  ] as const)("approving %i → %s", (amount, code) => {
    expect(run(submitted(), approve(amount, "x"), agent)).toBe(code);
  });
  test("a partial approval needs a reason; the full maximum does not", () => {
    expect(run(submitted({ maxAmount: 100_000 }), approve(99_999), agent)).toBe("VALIDATION_FAILED");
    expect(run(submitted({ maxAmount: 100_000 }), approve(99_999, "Zwrot za uszkodzony element"), agent)).toMatchObject({ event: "APPROVED_PARTIALLY" });
    expect(run(submitted({ maxAmount: 100_000 }), approve(100_000), agent)).toMatchObject({ event: "APPROVED" });
  });
  test("order and person limits hold under the claim's own maximum", () => {
    expect(run(submitted({ maxAmount: 100_000 }), approve(100_000, null, limits({ orderRemaining: 99_999 })), agent)).toBe("CLAIM_ORDER_LIMIT_REACHED");
    expect(run(submitted({ maxAmount: 100_000 }), approve(100_000, null, limits({ personRemaining: 50_000 })), agent)).toBe("CLAIM_PERSON_LIMIT_REACHED");
  });
});

describe("decisions are people's and happen once", () => {
  test("buyers cannot decide; agents cannot provide the buyer's documents", () => {
    expect(run(submitted(), approve(800_000), buyer)).toBe("FORBIDDEN");
    expect(run(submitted(), { type: "PROVIDE_DOCUMENTS" }, agent)).toBe("FORBIDDEN");
  });
  test.each(["APPROVED", "PAID", "REJECTED"] as const)("no decision after the claim is %s", (status) => {
    expect(run(submitted({ status }), approve(100), agent)).toBe("CASE_CLOSED");
    expect(run(submitted({ status }), { type: "REJECT", reason: "OTHER", note: "x" }, agent)).toBe("CASE_CLOSED");
  });
  test("only the system marks a claim paid, and only once approved", () => {
    expect(run(submitted({ status: "APPROVED" }), { type: "MARK_PAID" }, agent)).toBe("FORBIDDEN");
    expect(run(submitted({ status: "APPROVED" }), { type: "MARK_PAID" }, { role: "SYSTEM", userId: null })).toMatchObject({ next: { status: "PAID" } });
    expect(run(submitted(), { type: "MARK_PAID" }, { role: "SYSTEM", userId: null })).toBe("INVALID_TRANSITION");
  });
});

test("requesting documents pauses the deadline; providing them extends it by the pause", () => {
  const waiting = run(submitted(), { type: "REQUEST_DOCUMENTS", note: "Proszę o potwierdzenie z policji" }, agent, at(10));
  if (typeof waiting === "string") throw new Error(waiting);
  expect(waiting.next).toMatchObject({ status: "AWAITING_DOCUMENTS", pausedAt: at(10) });
  expect(run(waiting.next, approve(800_000, null), senior)).toBe("INVALID_TRANSITION");
  const resumed = run(waiting.next, { type: "PROVIDE_DOCUMENTS" }, buyer, at(40));
  if (typeof resumed === "string") throw new Error(resumed);
  expect(resumed.next).toMatchObject({ status: "SUBMITTED", pausedAt: null, decisionDueAt: at(150) });
});

test("deadlines: 5 days standard, 12 hours for SMART", () => {
  const terms = { standardDecisionHours: 120, smartDecisionHours: 12 };
  expect(decisionDeadline(filedAt, false, terms)).toEqual(at(120));
  expect(decisionDeadline(filedAt, true, terms)).toEqual(at(12));
});

test("available commands per role", () => {
  expect(availableClaimCommands(submitted(), agent, at(1)).sort()).toEqual(["APPROVE", "REJECT", "REQUEST_DOCUMENTS"]);
  expect(availableClaimCommands(submitted(), buyer, at(1))).toEqual(["PROVIDE_DOCUMENTS"]);
  expect(availableClaimCommands(submitted({ status: "AWAITING_SECOND_APPROVAL", firstApproverId: "agent-1", approvedAmount: 800_000 }), senior, at(1)).sort()).toEqual([
    "SECOND_APPROVE",
    "SECOND_DECLINE",
  ]);
});
