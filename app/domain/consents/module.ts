import type { DomainModule } from "../catalogue/module";
import { consentPermissions } from "./permissions";
import { pruneFormRateLimits } from "../shared/rate-limit.server";

export const consentsModule: DomainModule = {
  name: "consents",
  permissions: consentPermissions,
  sweeps: [{ name: "form-rate-limit-prune", intervalMs: 10 * 60_000, batchSize: 5_000, run: ({ db, clock }, batch) => pruneFormRateLimits(db, clock, batch) }],
  caseKinds: [],
};
