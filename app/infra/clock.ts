// Clock implementations: the system clock, a test clock tests move, and the adjustable clock of browser
// tests. The port itself (and the units) belong to the domain: app/domain/shared/time.ts.
import type { Clock } from "~/domain/shared/time";

export type { Clock } from "~/domain/shared/time";
export { SECOND, MINUTE, HOUR, DAY } from "~/domain/shared/time";

export const systemClock: Clock = { now: () => new Date() };

export interface TestClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | string = "2026-11-02T09:00:00.000Z"): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Real time plus an offset that can be moved forward: only for browser tests (TEST_CLOCK=adjustable). */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
  offset(): number;
}

export function createAdjustableClock(): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
    offset: () => offsetMs,
  };
}

export function isAdjustable(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advance === "function" && typeof (clock as Partial<AdjustableClock>).offset === "function";
}
