import type { DomainModule } from "../catalogue/module";
import { foundationPermissions } from "./permission-catalogue";
import { deleteExpiredSessions } from "./sessions.server";

export const identityModule: DomainModule = {
  name: "identity",
  permissions: foundationPermissions,
  sweeps: [
    { name: "expired-sessions", intervalMs: 60_000, batchSize: 1000, run: ({ db, clock }, batch) => deleteExpiredSessions(db, clock, batch) },
  ],
  caseKinds: [],
};
