import { navigationFor } from "~/lib/navigation";
import type { PermissionKey } from "~/domain/identity/permissions";
import { isEditorHref } from "~/components/consents/rich-text-editor";

// The registry's entry in the navigation follows manage:clause; the editor's own link check (a courtesy
// before the server's sanitizer) accepts what the server accepts for links and refuses the rest.

const person = (roles: string[], permissions: string[]) => ({
  type: "user" as const,
  userId: "u",
  sessionId: "s",
  roles: roles as never,
  permissions: new Set(permissions as PermissionKey[]),
});

test("the privacy officer and admins see Clauses; a buyer or an agent does not", () => {
  const to = (roles: string[], permissions: string[]) => navigationFor(person(roles, permissions)).map((item) => item.to);
  expect(to(["PRIVACY_OFFICER"], ["manage:clause:any", "manage:infoPage:any"])).toContain("/privacy/clauses");
  expect(to(["ADMIN"], ["manage:clause:any", "manage:reviewIntegration:any"])).toContain("/privacy/clauses");
  expect(to(["BUYER"], ["read:order:own", "read:consent:own"])).not.toContain("/privacy/clauses");
  expect(to(["AGENT"], ["read:consent:any"])).not.toContain("/privacy/clauses");
});

test("the editor links http(s) addresses and this site's paths only", () => {
  for (const ok of ["https://example.com/a", "http://example.com", "/pages/privacy-policy"]) expect(isEditorHref(ok), ok).toBe(true);
  for (const bad of ["javascript:alert(1)", "data:text/html,x", "//evil.com", "/\\evil.com", "mailto:a@b.pl", "ftp://x.pl", "example.com"]) {
    expect(isEditorHref(bad), bad).toBe(false);
  }
});
