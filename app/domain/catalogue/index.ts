import type { DomainModule, SweepDefinition } from "./module";
import type { PermissionDefinition } from "../identity/permissions";
import { identityModule } from "../identity/module";
import { notificationsModule } from "../notifications/module";
import { discussionsModule } from "../discussions/module";
import { claimsModule } from "../claims/module";
import { rightsModule } from "../rights/module";
import { consentsModule } from "../consents/module";
import type { foundationPermissions } from "../identity/permission-catalogue";
import type { discussionPermissions } from "../discussions/permissions";
import type { claimPermissions } from "../claims/permissions";
import type { rightsPermissions } from "../rights/permissions";
import type { consentPermissions } from "../consents/permissions";

// The one place that knows every context. Identity, the worker and the role editor ask this catalogue
// instead of importing the contexts themselves.

export const DOMAIN_MODULES: readonly DomainModule[] = [identityModule, notificationsModule, discussionsModule, claimsModule, rightsModule, consentsModule];

/** Every permission of every context. */
export function permissionCatalogue(): readonly PermissionDefinition[] {
  return DOMAIN_MODULES.flatMap((module) => module.permissions);
}

/** Every sweep the worker runs. */
export function domainSweeps(): SweepDefinition[] {
  return DOMAIN_MODULES.flatMap((module) => module.sweeps);
}

export type { DomainModule, SweepDefinition } from "./module";

/** Every permission key the contexts declare (literal types: typos in `can(…)` or a GraphQL scope do not compile). */
export type KnownPermissionKey =
  | (typeof foundationPermissions)[number]["key"]
  | (typeof discussionPermissions)[number]["key"]
  | (typeof claimPermissions)[number]["key"]
  | (typeof rightsPermissions)[number]["key"]
  | (typeof consentPermissions)[number]["key"];
