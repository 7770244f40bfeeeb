import { authorize, can, canAtAll, type Actor } from "~/domain/identity/actor";
import { DomainError } from "~/domain/errors";
import { parsePermissionKey, type PermissionKey } from "~/domain/identity/permissions";
import { permissionCatalogue } from "~/domain/catalogue";

const person = (...permissions: PermissionKey[]): Actor => ({
  type: "user",
  userId: "u1",
  sessionId: "s1",
  roles: ["BUYER"],
  permissions: new Set(permissions),
});

test("the any permission allows whoever owns the record", () => {
  const agent = person("read:order:any");
  expect(can(agent, "read", "order", false)).toBe(true);
  expect(can(agent, "read", "order", true)).toBe(true);
});

test("the own permission allows only the actor's own records", () => {
  const buyer = person("read:order:own");
  expect(can(buyer, "read", "order", true)).toBe(true);
  expect(can(buyer, "read", "order", false)).toBe(false);
  expect(can(buyer, "read", "order", () => false)).toBe(false);
  expect(canAtAll(buyer, "read", "order")).toBe(true);
});

test("without the permission nothing is allowed, and anonymous actors are asked to sign in", () => {
  expect(can(person(), "read", "order", true)).toBe(false);
  expect(() => authorize(person(), "read", "order", true)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  expect(() => authorize({ type: "anonymous" }, "read", "order", true)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  expect(() => authorize({ type: "anonymous" }, "read", "order")).toThrow(DomainError);
});

test("system actors (sweeps) act without permissions", () => {
  expect(can({ type: "system", name: "sweep" }, "moderate", "discussion")).toBe(true);
});

test("every catalogued permission is well formed, unique and granted to a known role", () => {
  const keys = permissionCatalogue().map((p) => p.key);
  expect(new Set(keys).size).toBe(keys.length);
  for (const definition of permissionCatalogue()) {
    expect(parsePermissionKey(definition.key), definition.key).not.toBeNull();
    expect(definition.defaultRoles.length, definition.key).toBeGreaterThan(0);
  }
});
