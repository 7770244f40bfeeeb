import type { DomainModule } from "../catalogue/module";
import { foundationPermissions } from "./permission-catalogue";
import { deleteExpiredSessions } from "./sessions.server";
import { deleteExpiredThrottles } from "./sign-in-throttle.server";

export const identityModule: DomainModule = {
  name: "identity",
  permissions: foundationPermissions,
  sweeps: [
    { name: "expired-sessions", intervalMs: 60_000, batchSize: 1000, run: ({ db, clock }, batch) => deleteExpiredSessions(db, clock, batch) },
    {
      name: "expired-sign-in-throttles",
      intervalMs: 60_000,
      batchSize: 1000,
      run: ({ db, clock }, batch) => deleteExpiredThrottles(db, clock, batch),
    },
  ],
  caseKinds: [],
};
