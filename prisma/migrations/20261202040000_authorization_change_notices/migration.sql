-- Every app process keeps sessions, API tokens, roles and permissions in memory (app/infra/auth-cache.server.ts).
-- These triggers tell all of them, at the commit of the transaction that made the change, which entries
-- are no longer true: NOTIFY is delivered only on commit and never for a rolled-back transaction, and no
-- code path (sign-out, deactivation, role change, expiry sweep, a hand-written UPDATE) can forget to send it.
-- Payloads: session:<id>, user:<id>, token:<id>, all (a role's permissions changed: flush everything).

CREATE OR REPLACE FUNCTION "authorization_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('authorization_changed', 'all');
  ELSIF TG_TABLE_NAME = 'Session' THEN
    PERFORM pg_notify('authorization_changed', 'session:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'User' THEN
    PERFORM pg_notify('authorization_changed', 'user:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'UserRole' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pg_notify('authorization_changed', 'user:' || OLD."userId"); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM pg_notify('authorization_changed', 'user:' || NEW."userId"); END IF;
  ELSIF TG_TABLE_NAME = 'ApiToken' THEN
    PERFORM pg_notify('authorization_changed', 'token:' || OLD.id);
  END IF;
  RETURN NULL;
END
$$;

-- A session ends (sign-out, expiry sweep, deactivation) or completes its second factor.
CREATE TRIGGER "Session_authorization_changed" AFTER UPDATE OR DELETE ON "Session"
  FOR EACH ROW EXECUTE FUNCTION "authorization_changed"();

-- Only the columns a cached session or token answers from; a sign-in's bookkeeping (lastLoginAt,
-- failedLoginCount) changes nothing cached and must not empty the cache on every sign-in.
CREATE TRIGGER "User_authorization_changed"
  AFTER UPDATE OF "status", "name", "email", "isCompany", "locale", "phone", "smartUntil", "totpEnabledAt", "createdAt" OR DELETE ON "User"
  FOR EACH ROW EXECUTE FUNCTION "authorization_changed"();

CREATE TRIGGER "UserRole_authorization_changed" AFTER INSERT OR UPDATE OR DELETE ON "UserRole"
  FOR EACH ROW EXECUTE FUNCTION "authorization_changed"();

CREATE TRIGGER "ApiToken_authorization_changed"
  AFTER UPDATE OF "revokedAt", "expiresAt", "permissions", "userId" OR DELETE ON "ApiToken"
  FOR EACH ROW EXECUTE FUNCTION "authorization_changed"();

-- What a role grants: rare, and every holder of the role is affected, so everything is flushed once per statement.
CREATE TRIGGER "RolePermission_authorization_changed" AFTER INSERT OR UPDATE OR DELETE ON "RolePermission"
  FOR EACH STATEMENT EXECUTE FUNCTION "authorization_changed"();
CREATE TRIGGER "Role_authorization_changed" AFTER UPDATE OR DELETE ON "Role"
  FOR EACH STATEMENT EXECUTE FUNCTION "authorization_changed"();
CREATE TRIGGER "Permission_authorization_changed" AFTER UPDATE OR DELETE ON "Permission"
  FOR EACH STATEMENT EXECUTE FUNCTION "authorization_changed"();
