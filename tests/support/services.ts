import type { Database } from "~/infra/db.server";
import type { Clock } from "~/infra/clock";
import { createTestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { createGraphQLServer } from "~graphql/yoga.server";
import { commitSessionCookie } from "~/infra/auth.server";
import { createAuthCache } from "~/infra/auth-cache.server";
import type { DomainContext } from "~/domain/context";
import type { Actor } from "~/domain/identity/actor";
import { DAY } from "~/infra/clock";

/** The services a request sees, over a test database and a test clock. */
export function createTestServices(database: Database, clock: Clock = createTestClock()): AppServices {
  const base = { config: { sessionSecrets: ["test-secret"], secureCookies: false, allowedOrigins: [] as string[] }, database, clock, authCache: createAuthCache(database) };
  return { ...base, graphql: createGraphQLServer(base) };
}

export function contextFor(services: AppServices, actor: Actor): DomainContext {
  return { db: services.database.prisma, clock: services.clock, actor, requestId: "test-request" };
}

/** A signed-in browser for `userId`: a session row (second factor done) and its signed cookie. */
export async function sessionCookieFor(services: AppServices, userId: string): Promise<string> {
  const now = services.clock.now();
  const session = await services.database.prisma.session.create({
    // Long-lived, so tests that move the clock by days keep their sign-in.
    data: { userId, createdAt: now, expiresAt: new Date(now.getTime() + 365 * DAY), secondFactorAt: now },
  });
  const setCookie = await commitSessionCookie(services, session.id, session.expiresAt);
  return setCookie.split(";")[0];
}

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  /** SQL statements Prisma sent while the request ran. */
  queries: number;
}

/** Calls the yoga server in-process, as a browser (cookie) or an integration (bearer token). */
export async function graphql<T = any>(
  services: AppServices,
  query: string,
  options: { variables?: Record<string, unknown>; cookie?: string; token?: string; settle?: boolean } = {},
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // Sessions come from the authorization cache. Every change committed before this request is applied
  // to it first (on PostgreSQL notices arrive asynchronously), so statement counts do not depend on
  // whether the notice of a user created just before had arrived yet.
  // The benchmark turns this off: it times requests as production serves them.
  if (options.settle !== false) {
    await services.authCache.start();
    await services.authCache.settle();
  }
  const counter = services.database.queryCounter;
  counter.reset();
  const response = await services.graphql.handleRequest(
    new Request("http://localhost/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables: options.variables }) }),
    {},
  );
  const queries = counter.count;
  const body = (await response.json()) as { data?: T; errors?: GraphQLResult["errors"] };
  return { status: response.status, data: body.data, errors: body.errors, queries };
}
