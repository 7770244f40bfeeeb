import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Clock } from "./shared/time";
import type { Actor } from "./identity/actor";

// The only imports from the generated client in domain code are types: route modules are bundled
// by the Remix compiler, and the Prisma runtime is loaded once, by the server (server.ts).
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/** Where a request came from: consent records keep it as evidence, rate limits count by it. */
export interface RequestOrigin {
  ipAddress: string;
  userAgent: string;
  /** The page the form was sent from (path and query). */
  pageUrl?: string;
}

/** What every domain command gets: the database, the clock, who acts, and the request it belongs to. */
export interface DomainContext {
  db: Db;
  clock: Clock;
  actor: Actor;
  requestId: string;
  /** Set by the HTTP adapters; commands that need it (consents) refuse without it. */
  origin?: RequestOrigin;
  /**
   * Commands that end sessions or change what someone may do call this after their commit: it returns
   * once the authorization cache of this process has dropped what they changed (adapters wire it; a
   * worker or test without a cache leaves it out).
   */
  authorizationChanged?: () => Promise<void>;
}

/** Runs fn in one transaction: state, case event, audit record and outbox message commit together. */
export function inTransaction<T>(ctx: Pick<DomainContext, "db">, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

export function withActor(ctx: DomainContext, actor: Actor): DomainContext {
  return { ...ctx, actor };
}
