import { authorize, can, canAny, canAtAll, type Actor } from "~/domain/identity/actor";
import { parsePermissionKey, splitSubject, type PermissionKey } from "~/domain/identity/permissions";

// Permission keys are typed from the catalogue, and `org` access (an organisation's records, for rights
// holders' organisations) sits between `own` and `any`.

const person = (...permissions: PermissionKey[]): Actor => ({ type: "user", userId: "u1", sessionId: "s1", roles: ["RIGHTS_HOLDER"], permissions: new Set(permissions) });

test("org access allows the organisation's records only", () => {
  const member = person("read:order:org");
  expect(can(member, "read", "order", false, true)).toBe(true);
  expect(can(member, "read", "order", true, false)).toBe(false);
  expect(can(member, "read", "order", false, () => false)).toBe(false);
  expect(canAtAll(member, "read", "order")).toBe(true);
  expect(canAny(member, "read", "order")).toBe(false);
  expect(() => authorize(member, "read", "order", true, false)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  expect(parsePermissionKey("read:order:org")).toEqual({ action: "read", entity: "order", access: "org" });
  expect(parsePermissionKey("read:order:team")).toBeNull();
});

test("own and org are independent grants", () => {
  const both = person("read:order:own", "read:order:org");
  expect(can(both, "read", "order", true, false)).toBe(true);
  expect(can(both, "read", "order", false, true)).toBe(true);
  expect(can(both, "read", "order", false, false)).toBe(false);
});

test("subjects split into typed action and entity", () => {
  expect(splitSubject("read:discussionMetrics")).toEqual(["read", "discussionMetrics"]);
});

test("keys outside the catalogue do not compile (checked by npm run typecheck)", () => {
  const agent = person("read:discussion:any");
  // @ts-expect-error — no entity "discusion" in the catalogue
  expect(can(agent, "read", "discusion")).toBe(false);
  // @ts-expect-error — "decide" applies to claims, not discussions
  expect(canAny(agent, "decide", "discussion")).toBe(false);
  expect(can(agent, "read", "discussion")).toBe(true);
});
