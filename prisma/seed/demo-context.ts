import type { Database } from "~/infra/db.server";
import { createTestClock } from "~/infra/clock";
import type { DomainContext } from "~/domain/context";
import type { PermissionKey, RoleName } from "~/domain/identity/permissions";

/**
 * Domain contexts for the demo accounts at a moment in the past: the seed runs the domain's own commands
 * as these people, on clocks set back, so timelines, audit records and notifications are the real thing.
 */
export async function demoContexts(db: Database, emails: string[]) {
  const users = await db.prisma.user.findMany({
    where: { email: { in: emails } },
    include: { roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } } },
  });
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const ctxAt = (email: string, at: Date): DomainContext => {
    const user = byEmail.get(email)!;
    const permissions = new Set<PermissionKey>();
    for (const ur of user.roles) for (const rp of ur.role.permissions) permissions.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}` as PermissionKey);
    const roles = user.roles.map((r) => r.role.name as RoleName);
    return {
      db: db.prisma,
      clock: createTestClock(at),
      actor: {
        type: "user",
        userId: user.id,
        sessionId: "seed",
        roles,
        permissions,
        profile: { id: user.id, email: user.email, name: user.name, isCompany: user.isCompany, phone: user.phone, status: user.status, smartUntil: user.smartUntil, createdAt: user.createdAt, roles },
      },
      requestId: "demo-seed",
      // Consents the demo people gave carry an address from the documentation range (RFC 5737).
      origin: { ipAddress: "192.0.2.24", userAgent: "Mozilla/5.0 (X11; Linux x86_64) demo", pageUrl: "/" },
    };
  };
  return { byEmail, ctxAt };
}
