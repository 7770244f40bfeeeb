import type { DomainModule } from "../catalogue/module";
import { rightsPermissions } from "./permissions";
import { endSellerSuspensions, notifyCounterfeitBuyers, resumeReporterNotices } from "./sweeps.server";

export const rightsModule: DomainModule = {
  name: "rights",
  permissions: rightsPermissions,
  sweeps: [
    { name: "rights-counterfeit-buyers", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => notifyCounterfeitBuyers(db, clock, batch) },
    { name: "rights-suspensions-ended", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => endSellerSuspensions(db, clock, batch) },
    { name: "rights-notices-resumed", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => resumeReporterNotices(db, clock, batch) },
  ],
  caseKinds: ["IP_ITEM", "RIGHTS_HOLDER", "SELLER_STANDING"],
};
