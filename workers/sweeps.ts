import type { Db } from "~/domain/context";
import type { Clock } from "~/domain/shared/time";
import { domainSweeps } from "~/domain/catalogue";

// The sweeps the worker schedules: each context declares its own (app/domain/<context>/module.ts); each
// is a domain function, set-based over due rows, batched, idempotent and safe to run from several worker
// processes at once (FOR UPDATE SKIP LOCKED). The worker only schedules.
export interface Sweep {
  name: string;
  intervalMs: number;
  /** Processes one batch; returns how many rows it handled (a full batch means "run again soon"). */
  run(deps: { db: Db; clock: Clock }): Promise<number>;
  batchSize: number;
}

export const sweeps: Sweep[] = domainSweeps().map((sweep) => ({
  name: sweep.name,
  intervalMs: sweep.intervalMs,
  batchSize: sweep.batchSize,
  run: (deps) => sweep.run(deps, sweep.batchSize),
}));
