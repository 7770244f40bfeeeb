import type { DomainModule } from "../catalogue/module";
import { rightsPermissions } from "./permissions";
import { endSellerSuspensions, notifyCounterfeitBuyers, resumeReporterNotices } from "./sweeps.server";
import { exportStatements, httpTransparencyTransport } from "./export.server";

// The export to the EU transparency database runs where it is configured (an API token is issued to
// the platform by the Commission); elsewhere statements wait, unexported, and nothing is lost.
const transparencyApi = () =>
  process.env.TRANSPARENCY_API_URL && process.env.TRANSPARENCY_API_TOKEN
    ? httpTransparencyTransport(process.env.TRANSPARENCY_API_URL, process.env.TRANSPARENCY_API_TOKEN)
    : null;

export const rightsModule: DomainModule = {
  name: "rights",
  permissions: rightsPermissions,
  sweeps: [
    { name: "rights-counterfeit-buyers", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => notifyCounterfeitBuyers(db, clock, batch) },
    { name: "rights-suspensions-ended", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => endSellerSuspensions(db, clock, batch) },
    { name: "rights-notices-resumed", intervalMs: 60_000, batchSize: 200, run: ({ db, clock }, batch) => resumeReporterNotices(db, clock, batch) },
    {
      name: "rights-transparency-export",
      intervalMs: 5 * 60_000,
      batchSize: 10,
      run: async ({ db, clock }, batches) => {
        const transport = transparencyApi();
        return transport ? (await exportStatements(db, clock, transport, { maxBatches: batches })).batches : 0;
      },
    },
  ],
  caseKinds: ["IP_ITEM", "RIGHTS_HOLDER", "SELLER_STANDING"],
};
