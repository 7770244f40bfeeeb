import type { Db } from "../context";
import type { Clock } from "~/infra/clock";
import { DAY, HOUR, MINUTE } from "~/infra/clock";
import type { Actor } from "./actor";
import type { PermissionKey, RoleName } from "./permissions";

// Sessions are rows: a cookie only carries the signed session id. Deleting the row ends the session at
// once (sign-out, deactivation, expiry sweep).

export const SESSION_TTL = { customer: 30 * DAY, staff: 12 * HOUR, pendingSecondFactor: 10 * MINUTE };

export type SessionState =
  | { status: "active"; sessionId: string; actor: Extract<Actor, { type: "user" }>; user: SessionUser; expiresAt: Date }
  | { status: "secondFactorPending"; sessionId: string; user: SessionUser; enrolled: boolean };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  roles: RoleName[];
  isStaff: boolean;
}

/** Loads the session and its user's roles and permissions in one query; null when gone, expired or deactivated. */
export async function loadSession(db: Db, clock: Clock, sessionId: string): Promise<SessionState | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  // One query (relation joins) with only the columns sign-in needs.
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      secondFactorAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          locale: true,
          status: true,
          totpEnabledAt: true,
          roles: {
            select: {
              role: {
                select: {
                  name: true,
                  isStaff: true,
                  permissions: { select: { permission: { select: { action: true, entity: true, access: true } } } },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!session || session.expiresAt <= clock.now() || session.user.status !== "ACTIVE") return null;
  const roles = session.user.roles.map((ur) => ur.role.name as RoleName);
  const isStaff = session.user.roles.some((ur) => ur.role.isStaff);
  const user: SessionUser = {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    locale: session.user.locale,
    roles,
    isStaff,
  };
  if (isStaff && !session.secondFactorAt) {
    return { status: "secondFactorPending", sessionId, user, enrolled: !!session.user.totpEnabledAt };
  }
  const permissions = new Set<PermissionKey>();
  for (const ur of session.user.roles) {
    for (const rp of ur.role.permissions) {
      permissions.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}` as PermissionKey);
    }
  }
  return {
    status: "active",
    sessionId,
    user,
    expiresAt: session.expiresAt,
    actor: { type: "user", userId: user.id, sessionId, roles, permissions },
  };
}

export async function signOut(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Sweep: deletes expired sessions in batches; SKIP LOCKED keeps concurrent workers apart. */
export async function deleteExpiredSessions(db: Db, clock: Clock, batchSize = 1000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "Session" WHERE id IN (
      SELECT id FROM "Session" WHERE "expiresAt" <= ${clock.now()}
      ORDER BY "expiresAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    )`;
}
