// The session check every hand-written statement of the benchmark carries (no imports: the suites use it
// without loading each other).

/** The session row with its user, roles and permissions, in ONE statement (what every request needs first). */
export const SESSION_SQL = `SELECT s.id, s."expiresAt", s."secondFactorAt", u.id AS user_id, u.name, u.status, u."totpEnabledAt",
       array_agg(DISTINCT r.name) AS roles, bool_or(r."isStaff") AS is_staff,
       array_agg(DISTINCT p.action || ':' || p.entity || ':' || p.access) FILTER (WHERE p.id IS NOT NULL) AS permissions
FROM "Session" AS s
JOIN "User" AS u ON u.id = s."userId"
LEFT JOIN "UserRole" AS ur ON ur."userId" = u.id
LEFT JOIN "Role" AS r ON r.id = ur."roleId"
LEFT JOIN "RolePermission" AS rp ON rp."roleId" = r.id
LEFT JOIN "Permission" AS p ON p.id = rp."permissionId"
WHERE s.id = $1::uuid
GROUP BY s.id, u.id`;

/**
 * What a hand-written server does first on every request: load the session with its user, roles and
 * permissions — here in the SAME statement as the data (a materialized CTE, joined laterally), so the data
 * comes back only for a live session and the raw side pays for the session check as GraphQL does. Adds the
 * viewer's name and roles as columns (viewer_name, viewer_roles).
 */
export function withSession(text: string, params: unknown[], sessionId: string): { text: string; params: unknown[] } {
  const session = SESSION_SQL.replace("$1::uuid", `$${params.length + 1}::uuid`);
  return {
    text: `WITH viewer_session AS MATERIALIZED (${session})
SELECT page.*, viewer_session.name AS viewer_name, viewer_session.roles AS viewer_roles
FROM viewer_session CROSS JOIN LATERAL (${text}) AS page`,
    params: [...params, sessionId],
  };
}
