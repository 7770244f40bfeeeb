import type { Request } from "express";
import type { AppLoadContext } from "@remix-run/node";
import type { AppServices } from "./services.server";

/**
 * Remix's load context for one request (server.ts's getLoadContext). `req.ip` is Express's client
 * address: the socket's peer, or the X-Forwarded-For address only when the peer is a proxy the
 * `trust proxy` setting (TRUST_PROXY) names — so a client cannot choose its own address.
 */
export function appLoadContext(services: AppServices, req: Pick<Request, "ip">): AppLoadContext {
  return { services, clientAddress: req.ip };
}
