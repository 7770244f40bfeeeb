import type { DomainModule } from "../catalogue/module";
import { discussionPermissions } from "./permissions";
import { markOverdueDiscussions } from "./overdue-sweep.server";

export const discussionsModule: DomainModule = {
  name: "discussions",
  permissions: discussionPermissions,
  sweeps: [
    // 5,000 per statement: the benchmark's best ratio to one bulk UPDATE (README, "sweep" table).
    { name: "discussion-overdue", intervalMs: 30_000, batchSize: 5000, run: ({ db, clock }, batch) => markOverdueDiscussions(db, clock, batch) },
  ],
  caseKinds: ["DISCUSSION"],
};
