import { describe, expect, test } from "vitest";
import { deadlinePosition } from "~/domain/shared/deadlines";
import { SELLER_RESPONSE_DEADLINE } from "~/domain/discussions/policy";
import { CLAIM_DECISION_DEADLINE } from "~/domain/claims/policy";
import { deadlineState as claimDeadline } from "~/domain/claims/queries.server";
import { claimDeadlineState } from "~/components/claims/claim-deadline";
import { deadlineState as countdownState } from "~/components/helpers";
import { HOUR } from "~/domain/shared/time";

// One definition of "soon" and "due" for every case type and for the UI's countdowns.

const now = new Date("2026-11-02T09:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("deadlinePosition", () => {
  test("due from the very millisecond the deadline arrives", () => {
    expect(deadlinePosition({ dueAt: at(1) }, now, CLAIM_DECISION_DEADLINE).status).toBe("soon");
    expect(deadlinePosition({ dueAt: at(0) }, now, CLAIM_DECISION_DEADLINE)).toEqual({ status: "due", remainingMs: 0 });
    expect(deadlinePosition({ dueAt: at(-1) }, now, CLAIM_DECISION_DEADLINE).status).toBe("due");
  });

  test("soon within the policy's window, inclusive at its edge", () => {
    expect(deadlinePosition({ dueAt: at(2 * HOUR) }, now, CLAIM_DECISION_DEADLINE).status).toBe("soon");
    expect(deadlinePosition({ dueAt: at(2 * HOUR + 1) }, now, CLAIM_DECISION_DEADLINE).status).toBe("ok");
    expect(deadlinePosition({ dueAt: at(4 * HOUR) }, now, SELLER_RESPONSE_DEADLINE).status).toBe("soon");
    expect(deadlinePosition({ dueAt: at(4 * HOUR + 1) }, now, SELLER_RESPONSE_DEADLINE).status).toBe("ok");
  });

  test("done and paused win over the clock", () => {
    expect(deadlinePosition({ dueAt: at(-HOUR), paused: true }, now, CLAIM_DECISION_DEADLINE).status).toBe("paused");
    expect(deadlinePosition({ dueAt: at(-HOUR), paused: true, done: true }, now, CLAIM_DECISION_DEADLINE).status).toBe("done");
  });

  test("the claims queue, the claim pill and the discussion countdown agree with it", () => {
    for (const offset of [-HOUR, 0, 1, 2 * HOUR, 2 * HOUR + 1, 4 * HOUR, 4 * HOUR + 1, 30 * HOUR]) {
      const claimStatus = deadlinePosition({ dueAt: at(offset) }, now, CLAIM_DECISION_DEADLINE).status;
      const expected = claimStatus === "due" ? "breached" : claimStatus;
      expect(claimDeadline({ status: "SUBMITTED", decisionDueAt: at(offset), pausedAt: null }, now)).toBe(expected);
      expect(claimDeadlineState(at(offset).toISOString(), now.getTime(), false, false)).toBe(expected);
      const sellerStatus = deadlinePosition({ dueAt: at(offset) }, now, SELLER_RESPONSE_DEADLINE).status;
      expect(countdownState(at(offset), now).state).toBe(sellerStatus === "due" ? "overdue" : sellerStatus);
    }
  });
});
