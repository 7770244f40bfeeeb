import type { Db } from "~/domain/context";
import type { Clock } from "~/infra/clock";
import { deliverOutbox } from "~/domain/notifications/outbox.server";
import { deleteExpiredSessions } from "~/domain/identity/sessions.server";
import { deleteExpiredThrottles } from "~/domain/identity/sign-in-throttle.server";
import { markOverdueDiscussions } from "~/domain/discussions/overdue-sweep.server";
import { executePayouts } from "~/domain/claims/claims.server";

// The registered sweeps. Each is a domain function: set-based over due rows, batched, idempotent and
// safe to run from several worker processes at once (FOR UPDATE SKIP LOCKED). The worker only schedules.
export interface Sweep {
  name: string;
  intervalMs: number;
  /** Processes one batch; returns how many rows it handled (a full batch means "run again soon"). */
  run(deps: { db: Db; clock: Clock }): Promise<number>;
  batchSize: number;
}

export const sweeps: Sweep[] = [
  {
    name: "outbox-delivery",
    intervalMs: 2_000,
    batchSize: 500,
    run: ({ db, clock }) => deliverOutbox(db, clock, 500),
  },
  {
    name: "discussion-overdue",
    intervalMs: 30_000,
    batchSize: 2000,
    run: ({ db, clock }) => markOverdueDiscussions(db, clock),
  },
  {
    name: "claim-payouts",
    intervalMs: 5_000,
    batchSize: 200,
    run: ({ db, clock }) => executePayouts(db, clock, { batchSize: 200 }),
  },
  {
    name: "expired-sessions",
    intervalMs: 60_000,
    batchSize: 1000,
    run: ({ db, clock }) => deleteExpiredSessions(db, clock, 1000),
  },
  {
    name: "expired-sign-in-throttles",
    intervalMs: 60_000,
    batchSize: 1000,
    run: ({ db, clock }) => deleteExpiredThrottles(db, clock, 1000),
  },
];
