import type { Db } from "~/domain/context";
import type { Clock } from "~/infra/clock";
import { sweeps as registeredSweeps, type Sweep } from "./sweeps";

export interface WorkerHandle {
  stop(): Promise<void>;
}

/**
 * Runs each sweep on its interval. A sweep that handled a full batch runs again right away, so a
 * backlog drains without waiting for the next tick. One sweep never overlaps itself in a process;
 * across processes, row locks keep them apart.
 */
export function startWorkers(
  deps: { db: Db; clock: Clock },
  options: { sweeps?: Sweep[]; log?: (line: string) => void } = {},
): WorkerHandle {
  const log = options.log ?? ((line) => console.log(line));
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  for (const sweep of options.sweeps ?? registeredSweeps) {
    const tick = async () => {
      if (stopped) return;
      try {
        let handled = 0;
        do {
          handled = await sweep.run(deps);
          if (handled > 0) log(`[worker] ${sweep.name}: ${handled}`);
        } while (!stopped && handled >= sweep.batchSize);
      } catch (error) {
        log(`[worker] ${sweep.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const schedule = () => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const run = tick().finally(() => {
          running.delete(run);
          schedule();
        });
        running.add(run);
      }, sweep.intervalMs);
      timers.add(timer);
    };
    schedule();
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
