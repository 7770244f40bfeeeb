import { createHash, randomBytes } from "node:crypto";
import type { Db, DomainContext } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, requirePerson, type Actor } from "./actor";
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
  return inTransaction(ctx, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw notFound("API token");
    authorize(actor, "manage", "apiToken", token.userId === actor.userId);
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: ctx.clock.now() } });
    await audit(tx, ctx, { action: "apiToken.revoke", subjectType: "ApiToken", subjectId: id });
    return revoked;
  });
}

/** Resolves a bearer token to an actor, or throws TOKEN_INVALID (unknown, revoked, expired, owner gone). */
export async function authenticateApiToken(db: Db, clock: Clock, token: string): Promise<Actor> {
  const invalid = new DomainError(ErrorCode.TOKEN_INVALID, "The API token is not valid");
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) throw invalid;
  const now = clock.now();
  const record = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      user: {
        include: { roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } } },
      },
    },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now) || record.user.status !== "ACTIVE") {
    throw invalid;
  }
  const held = new Set<string>();
  for (const ur of record.user.roles) {
    for (const rp of ur.role.permissions) held.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}`);
  }
  // Recording use on every request would write on every read; once a minute is enough to audit activity.
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > MINUTE) {
    await db.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return {
    type: "apiToken",
    tokenId: record.id,
    userId: record.userId,
    roles: record.user.roles.map((ur) => ur.role.name as RoleName),
    permissions: new Set(record.permissions.filter((key) => held.has(key)) as PermissionKey[]),
  };
}
