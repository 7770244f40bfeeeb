import type { Db, DomainContext, Tx } from "../context";
import type { Clock } from "../shared/time";
import { DAY, HOUR, MINUTE } from "../shared/time";
import type { Actor, ActorProfile } from "./actor";
import type { PermissionKey, RoleName } from "./permissions";

// Sessions are rows: a cookie only carries the signed session id. Deleting the row ends the session at
// once (sign-out, deactivation, expiry sweep).

export const SESSION_TTL = { customer: 30 * DAY, staff: 12 * HOUR, pendingSecondFactor: 10 * MINUTE };

export type SessionState =
  | { status: "active"; sessionId: string; actor: Extract<Actor, { type: "user" }>; user: SessionUser; expiresAt: Date }
  | { status: "secondFactorPending"; sessionId: string; user: SessionUser; enrolled: boolean; expiresAt: Date };

export interface SessionUser extends ActorProfile {
  id: string;
  email: string;
  name: string;
  /** A company's name is greeted whole; a person's by the first name. */
  isCompany: boolean;
  locale: string;
  roles: RoleName[];
  isStaff: boolean;
  /** The rest of the account's public profile, so `viewer.user` needs no read of its own. */
  phone: string | null;
  status: string;
  smartUntil: Date | null;
  createdAt: Date;
}

interface SessionRow {
  expiresAt: Date;
  secondFactorAt: Date | null;
  userId: string;
  email: string;
  name: string;
  isCompany: boolean;
  locale: string;
  status: string;
  phone: string | null;
  smartUntil: Date | null;
  createdAt: Date;
  totpEnabledAt: Date | null;
  roles: string[];
  isStaff: boolean;
  permissions: string[];
}

/**
 * Loads the session and its user's roles and permissions in one statement; null when gone, expired or
 * deactivated. Every request runs it, so it is written by hand: the same read through nested relation
 * selects costs several times as much (permissions come back as ready-made `action:entity:access` keys).
 */
export async function loadSession(db: Db, clock: Clock, sessionId: string): Promise<SessionState | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."expiresAt", s."secondFactorAt", u.id AS "userId", u.email, u.name, u."isCompany", u.locale,
           u.status::text AS status, u.phone, u."smartUntil", u."createdAt", u."totpEnabledAt",
           coalesce(array_agg(DISTINCT r.name) FILTER (WHERE r.name IS NOT NULL), '{}') AS roles,
           coalesce(bool_or(r."isStaff"), false) AS "isStaff",
           coalesce(array_agg(DISTINCT p.action || ':' || p.entity || ':' || p.access) FILTER (WHERE p.id IS NOT NULL), '{}') AS permissions
    FROM "Session" AS s
    JOIN "User" AS u ON u.id = s."userId"
    LEFT JOIN "UserRole" AS ur ON ur."userId" = u.id
    LEFT JOIN "Role" AS r ON r.id = ur."roleId"
    LEFT JOIN "RolePermission" AS rp ON rp."roleId" = r.id
    LEFT JOIN "Permission" AS p ON p.id = rp."permissionId"
    WHERE s.id = ${sessionId}::uuid
    GROUP BY s.id, u.id`;
  if (!session || session.expiresAt <= clock.now() || session.status !== "ACTIVE") return null;
  const roles = session.roles as RoleName[];
  const user: SessionUser = {
    id: session.userId,
    email: session.email,
    name: session.name,
    isCompany: session.isCompany,
    locale: session.locale,
    roles,
    isStaff: session.isStaff,
    phone: session.phone,
    status: session.status,
    smartUntil: session.smartUntil,
    createdAt: session.createdAt,
  };
  if (session.isStaff && !session.secondFactorAt) {
    return { status: "secondFactorPending", sessionId, user, enrolled: !!session.totpEnabledAt, expiresAt: session.expiresAt };
  }
  const permissions = new Set(session.permissions as PermissionKey[]);
  return {
    status: "active",
    sessionId,
    user,
    expiresAt: session.expiresAt,
    actor: { type: "user", userId: user.id, sessionId, roles, permissions, profile: user },
  };
}

/** A session read earlier (kept in memory) still holds at `now`: it has not expired meanwhile. */
export function sessionStillValid(session: SessionState, now: Date): boolean {
  return session.expiresAt > now;
}

/**
 * What invalidates a loaded session: a change to the session row or to its user (status, profile, roles).
 * The database announces such changes under these names (see the authorization-change triggers).
 */
export function sessionInvalidationTags(session: SessionState): string[] {
  return [`session:${session.sessionId}`, `user:${session.user.id}`];
}

export async function signOut(ctx: Pick<DomainContext, "db" | "authorizationChanged">, sessionId: string): Promise<void> {
  await ctx.db.session.deleteMany({ where: { id: sessionId } });
  // The session may be cached in every app process: the sign-out holds once they have dropped it.
  await ctx.authorizationChanged?.();
}

/** Sweep: deletes expired sessions in batches; SKIP LOCKED keeps concurrent workers apart. */
export async function deleteExpiredSessions(db: Db, clock: Clock, batchSize = 1000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "Session" WHERE id IN (
      SELECT id FROM "Session" WHERE "expiresAt" <= ${clock.now()}
      ORDER BY "expiresAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    )`;
}

/**
 * Opens a session for a person who just proved who they are (a password, or an account created this very
 * moment). Call it inside the transaction that does so; the caller sets the cookie.
 */
export async function openSession(
  tx: Tx,
  userId: string,
  now: Date,
  ttl: number,
  client: { ipAddress?: string | null; userAgent?: string | null } = {},
): Promise<{ sessionId: string; expiresAt: Date }> {
  const session = await tx.session.create({
    data: {
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl),
      ipAddress: client.ipAddress ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    },
  });
  return { sessionId: session.id, expiresAt: session.expiresAt };
}
