import type { Db } from "../context";
import type { Clock } from "../shared/time";
import type { PermissionDefinition } from "../identity/permissions";

// What a context declares about itself, so one catalogue can assemble the product: the permissions it
// adds (written to the database by the start-up sync), the sweeps the worker runs, and the case kinds
// its timeline events are recorded under. Adding a context = one more module in catalogue/index.ts.

export interface SweepDefinition {
  name: string;
  intervalMs: number;
  /** Rows per run; the runner passes this same number in, so the registered size is the size that runs. */
  batchSize: number;
  /** Processes one batch of at most `batchSize` rows; returns how many it handled (full batch = run again). */
  run(deps: { db: Db; clock: Clock }, batchSize: number): Promise<number>;
}

export interface DomainModule {
  name: string;
  permissions: readonly PermissionDefinition[];
  sweeps: SweepDefinition[];
  /** `caseType` values of this context's case events (the timeline). */
  caseKinds: string[];
}
