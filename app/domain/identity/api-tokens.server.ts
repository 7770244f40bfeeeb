import { createHash, randomBytes } from "node:crypto";
import type { Db, DomainContext } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, requirePerson, type Actor, type ActorProfile } from "./actor";
import { DomainError, ErrorCode, notFound } from "../errors";
import { parseInput, uuid } from "../shared/validation";
import { createApiTokenSchema } from "./schemas";
import type { Clock } from "../shared/time";
import { DAY, MINUTE } from "../shared/time";
import type { PermissionKey, RoleName } from "./permissions";

// API tokens for integrations: `tsb_` + 32 random bytes. Shown once; only the SHA-256 is kept. A token
// carries a subset of its owner's permissions, and never more than the owner holds at the time of use.
const TOKEN_PREFIX = "tsb_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function createApiToken(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "manage", "apiToken", true);
  if (actor.type !== "user") throw new DomainError(ErrorCode.FORBIDDEN, "Tokens cannot create tokens");
  const data = parseInput(createApiTokenSchema, input);
  const notHeld = data.permissions.filter((key) => !actor.permissions.has(key as PermissionKey));
  if (notHeld.length) {
    throw new DomainError(ErrorCode.PERMISSION_NOT_HELD, `You do not hold: ${notHeld.join(", ")}`, {
      fieldErrors: { permissions: [`You do not hold: ${notHeld.join(", ")}`] },
    });
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const record = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        name: data.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        permissions: [...new Set(data.permissions)],
        createdAt: now,
        expiresAt: new Date(now.getTime() + data.expiresInDays * DAY),
      },
    });
    await audit(tx, ctx, {
      action: "apiToken.create",
      subjectType: "ApiToken",
      subjectId: record.id,
      metadata: { permissions: record.permissions },
    });
    return { token, record };
  });
}

export async function listApiTokens(ctx: DomainContext) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "manage", "apiToken", true);
  return ctx.db.apiToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: "desc" } });
}

export async function revokeApiToken(ctx: DomainContext, tokenId: string) {
  const id = parseInput(uuid, tokenId);
  const actor = requirePerson(ctx.actor);
  const result = await inTransaction(ctx, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw notFound("API token");
    authorize(actor, "manage", "apiToken", token.userId === actor.userId);
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: ctx.clock.now() } });
    await audit(tx, ctx, { action: "apiToken.revoke", subjectType: "ApiToken", subjectId: id });
    return revoked;
  });
  // Sessions and permissions are cached per process: respond only once this change has reached the cache.
  await ctx.authorizationChanged?.();
  return result;
}

/**
 * A token as loaded for authentication: the grant it carries and its owner's account. Kept in memory
 * between requests by the authorization cache, so it holds nothing that changes on its own but the
 * time of last use.
 */
export interface ApiTokenGrant {
  tokenId: string;
  userId: string;
  ownerActive: boolean;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  roles: RoleName[];
  /** The token's permissions that its owner still holds. */
  permissions: ReadonlySet<PermissionKey>;
  profile: ActorProfile;
}

/** The hash a bearer token is looked up by, or null when it cannot be one of ours. */
export function bearerTokenHash(token: string): string | null {
  return token.startsWith(TOKEN_PREFIX) && token.length <= 100 ? hashToken(token) : null;
}

/** What invalidates a loaded grant: a change to the token, or to its owner (status, roles). */
export function apiTokenInvalidationTags(grant: ApiTokenGrant): string[] {
  return [`token:${grant.tokenId}`, `user:${grant.userId}`];
}

export async function loadApiTokenGrant(db: Db, tokenHash: string): Promise<ApiTokenGrant | null> {
  const record = await db.apiToken.findUnique({
    where: { tokenHash },
    include: {
      user: {
        include: { roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } } },
      },
    },
  });
  if (!record) return null;
  const held = new Set<string>();
  for (const ur of record.user.roles) {
    for (const rp of ur.role.permissions) held.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`);
  }
  const roles = record.user.roles.map((ur) => ur.role.name as RoleName);
  const { user } = record;
  return {
    tokenId: record.id,
    userId: record.userId,
    ownerActive: user.status === "ACTIVE",
    revokedAt: record.revokedAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    roles,
    permissions: new Set(record.permissions.filter((key) => held.has(key)) as PermissionKey[]),
    profile: {
      id: user.id,
      email: user.email,
      name: user.name,
      isCompany: user.isCompany,
      phone: user.phone,
      status: user.status,
      smartUntil: user.smartUntil,
      createdAt: user.createdAt,
      roles,
    },
  };
}

/**
 * The actor a grant stands for at `now`, or TOKEN_INVALID (unknown, revoked, expired, owner gone).
 * Records the use at most once a minute: recording every request would write on every read.
 */
export async function actorFromApiTokenGrant(db: Db, clock: Clock, grant: ApiTokenGrant | null): Promise<Actor> {
  const now = clock.now();
  if (!grant || grant.revokedAt || (grant.expiresAt && grant.expiresAt <= now) || !grant.ownerActive) {
    throw new DomainError(ErrorCode.TOKEN_INVALID, "The API token is not valid");
  }
  if (!grant.lastUsedAt || now.getTime() - grant.lastUsedAt.getTime() > MINUTE) {
    grant.lastUsedAt = now;
    await db.apiToken.update({ where: { id: grant.tokenId }, data: { lastUsedAt: now } });
  }
  return { type: "apiToken", tokenId: grant.tokenId, userId: grant.userId, roles: grant.roles, permissions: grant.permissions, profile: grant.profile };
}

/** Resolves a bearer token to an actor straight from the database (no cache). */
export async function authenticateApiToken(db: Db, clock: Clock, token: string): Promise<Actor> {
  const tokenHash = bearerTokenHash(token);
  return actorFromApiTokenGrant(db, clock, tokenHash ? await loadApiTokenGrant(db, tokenHash) : null);
}
