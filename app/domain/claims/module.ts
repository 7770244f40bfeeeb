import type { DomainModule } from "../catalogue/module";
import { claimPermissions } from "./permissions";
import { executePayouts } from "./claims.server";

export const claimsModule: DomainModule = {
  name: "claims",
  permissions: claimPermissions,
  sweeps: [{ name: "claim-payouts", intervalMs: 5_000, batchSize: 200, run: ({ db, clock }, batch) => executePayouts(db, clock, { batchSize: batch }) }],
  caseKinds: ["CLAIM"],
};
