import type { Actor } from "~/domain/identity/actor";
import { can, canAny, canAtAll, hasRole } from "~/domain/identity/actor";
import type { IconName } from "~/components/icon";

export type NavGroup = "work" | "admin" | "account";

export interface NavItem {
  to: string;
  /** i18n key */
  label: string;
  /** An icon from app/components/icon.tsx; the sidebar shows it before the label. */
  icon?: IconName;
  /** Where the staff sidebar lists the entry (customers see one row); "work" when omitted. */
  group?: NavGroup;
}

/** The navigation a person sees follows their permissions; later areas add their entries here. */
export function navigationFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "nav.home", icon: "home", group: "work" }];
  if (canAtAll(actor, "read", "order")) items.push({ to: "/orders", label: "nav.orders", icon: "bag", group: "work" });
  if (
    canAny(actor, "read", "offer") &&
    (hasRole(actor, "AGENT") || hasRole(actor, "SENIOR_AGENT") || hasRole(actor, "RIGHTS_HOLDER") || hasRole(actor, "SELLER"))
  ) {
    items.push({ to: "/offers", label: "nav.offers", icon: "tag", group: "work" });
  }
  // Cases. Parties see their own; agents work the queues.
  if (canAtAll(actor, "read", "discussion") && !canAny(actor, "moderate", "discussion")) {
    items.push({ to: "/discussions", label: "nav.discussions", icon: "message", group: "work" });
  }
  if (canAny(actor, "moderate", "discussion")) items.push({ to: "/queue/discussions", label: "nav.discussionQueue", icon: "message", group: "work" });
  if (canAtAll(actor, "read", "claim") && !canAny(actor, "decide", "claim")) {
    items.push({ to: "/claims", label: "nav.claims", icon: "shieldCheck", group: "work" });
  }
  if (canAny(actor, "decide", "claim")) items.push({ to: "/queue/claims", label: "nav.claimQueue", icon: "shieldCheck", group: "work" });
  // Rights protection: holders follow their organisation, sellers their reported offers, agents the queues.
  if (canAtAll(actor, "read", "rightsHolder") && !canAny(actor, "read", "rightsHolder")) {
    items.push({ to: "/rights", label: "nav.rights", icon: "flag", group: "work" });
  }
  if (can(actor, "read", "ipNotice", true) && !canAny(actor, "read", "ipNotice")) {
    items.push({ to: "/rights/my-offers", label: "nav.myReportedOffers", icon: "flag", group: "work" });
  }
  if (canAny(actor, "decide", "ipNotice")) items.push({ to: "/queue/rights", label: "nav.rightsQueue", icon: "flag", group: "work" });
  else if (canAny(actor, "verify", "rightsHolder")) items.push({ to: "/queue/rights/verification", label: "nav.rightsQueue", icon: "flag", group: "work" });
  // The shop's questions: customer service works them all, sellers those about their offers, everyone their own.
  if (canAtAll(actor, "read", "question")) items.push({ to: "/questions", label: "nav.questions", icon: "message", group: "work" });
  if (canAny(actor, "read", "productAlert")) items.push({ to: "/product-alerts", label: "nav.productAlerts", icon: "tag", group: "work" });
  if (canAny(actor, "read", "claimMetrics") || canAny(actor, "read", "discussionMetrics")) {
    items.push({ to: "/metrics", label: "nav.metrics", icon: "activity", group: "work" });
  }
  if (canAny(actor, "manage", "clause")) items.push({ to: "/privacy/clauses", label: "nav.clauses", icon: "lock", group: "work" });
  items.push({ to: "/inbox", label: "nav.inbox", icon: "bell", group: "work" });
  if (canAny(actor, "manage", "user") || canAny(actor, "read", "user")) {
    items.push({ to: "/admin/users", label: "nav.users", icon: "users", group: "admin" });
  }
  if (canAny(actor, "manage", "role")) items.push({ to: "/admin/roles", label: "nav.roles", icon: "grid", group: "admin" });
  if (canAny(actor, "read", "audit")) items.push({ to: "/admin/audit", label: "nav.audit", icon: "activity", group: "admin" });
  if (canAny(actor, "manage", "programTerms")) items.push({ to: "/admin/program-terms", label: "nav.programTerms", icon: "file", group: "admin" });
  if (canAny(actor, "read", "newsletter")) items.push({ to: "/privacy/newsletter", label: "nav.newsletterList", icon: "inbox", group: "admin" });
  // Every signed-in person sees and withdraws their own consents.
  if (canAtAll(actor, "read", "consent")) items.push({ to: "/privacy", label: "nav.privacyPage", icon: "lock", group: "account" });
  if (canAtAll(actor, "manage", "apiToken")) {
    items.push({ to: "/settings/api-tokens", label: "nav.apiTokens", icon: "key", group: "account" });
  }
  return items;
}

/** Groups entries for the staff sidebar, keeping their order; empty groups are left out. */
export function groupNavigation(items: NavItem[]): { group: NavGroup; items: NavItem[] }[] {
  const order: NavGroup[] = ["work", "admin", "account"];
  return order
    .map((group) => ({ group, items: items.filter((item) => (item.group ?? "work") === group) }))
    .filter((entry) => entry.items.length > 0);
}
