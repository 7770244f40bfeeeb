import type { Database } from "./db.server";
import type { Clock } from "./clock";
import type { AppConfig } from "./config.server";
import type { AuthCache } from "./auth-cache.server";

/** Everything the adapters need, built once by the composition root (server.ts) or by a test. */
export interface AppServices {
  config: Pick<AppConfig, "sessionSecrets" | "secureCookies" | "allowedOrigins">;
  database: Database;
  clock: Clock;
  /** Sessions, API tokens, roles and permissions kept in memory, invalidated by the database's notifications. */
  authCache: AuthCache;
  /** The GraphQL endpoint (graphql-yoga), mounted by the /graphql resource route. */
  graphql: { handleRequest(request: Request, context: Record<string, unknown>): Response | Promise<Response> };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    /**
     * The client's address as Express determined it (`req.ip`): the socket's peer, or the forwarded
     * address only from proxies TRUST_PROXY names. Never read X-Forwarded-For anywhere else.
     */
    clientAddress?: string;
  }
}
