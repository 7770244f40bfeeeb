import type { DomainModule } from "../catalogue/module";
import { deliverOutbox } from "./outbox.server";

export const notificationsModule: DomainModule = {
  name: "notifications",
  permissions: [],
  sweeps: [{ name: "outbox-delivery", intervalMs: 2_000, batchSize: 500, run: ({ db, clock }, batch) => deliverOutbox(db, clock, batch) }],
  caseKinds: [],
};
