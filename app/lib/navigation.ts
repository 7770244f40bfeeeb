import type { Actor } from "~/domain/identity/actor";
import { canAny, canAtAll, hasRole } from "~/domain/identity/actor";

export interface NavItem {
  to: string;
  /** i18n key */
  label: string;
}

/** The navigation a person sees follows their permissions; later areas add their entries here. */
export function navigationFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "nav.home" }];
  if (canAtAll(actor, "read", "order")) items.push({ to: "/orders", label: "nav.orders" });
  if (canAny(actor, "read", "offer") && (hasRole(actor, "AGENT") || hasRole(actor, "SENIOR_AGENT") || hasRole(actor, "RIGHTS_HOLDER") || hasRole(actor, "SELLER"))) {
    items.push({ to: "/offers", label: "nav.offers" });
  }
  items.push({ to: "/inbox", label: "nav.inbox" });
  if (canAny(actor, "manage", "user") || canAny(actor, "read", "user")) items.push({ to: "/admin/users", label: "nav.users" });
  if (canAny(actor, "manage", "role")) items.push({ to: "/admin/roles", label: "nav.roles" });
  if (canAny(actor, "read", "audit")) items.push({ to: "/admin/audit", label: "nav.audit" });
  if (canAtAll(actor, "manage", "apiToken")) items.push({ to: "/settings/api-tokens", label: "nav.apiTokens" });
  return items;
}
