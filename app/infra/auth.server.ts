import { createCookie } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import type { AppServices } from "./services.server";
import type { DomainContext, RequestOrigin } from "~/domain/context";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import { loadSession, sessionInvalidationTags, sessionStillValid, type SessionState } from "~/domain/identity/sessions.server";
import { actorFromApiTokenGrant, apiTokenInvalidationTags, bearerTokenHash, loadApiTokenGrant } from "~/domain/identity/api-tokens.server";

// Turns a request into an actor: a bearer API token, or the signed session cookie naming a session row.
// A tampered cookie fails its signature check and reads as no session at all.

const cookies = new WeakMap<AppServices["config"], ReturnType<typeof createCookie>>();

export function sessionCookie(config: AppServices["config"]) {
  let cookie = cookies.get(config);
  if (!cookie) {
    cookie = createCookie("tsb_session", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: config.secureCookies,
      secrets: config.sessionSecrets,
    });
    cookies.set(config, cookie);
  }
  return cookie;
}

export async function readSessionId(services: AppServices, request: Request): Promise<string | null> {
  const value = await sessionCookie(services.config).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function commitSessionCookie(services: AppServices, sessionId: string, expires: Date) {
  return sessionCookie(services.config).serialize(sessionId, { expires });
}

export async function clearSessionCookie(services: AppServices) {
  return sessionCookie(services.config).serialize("", { maxAge: 0 });
}

/** The request's session, from the per-process authorization cache or the database. */
export async function sessionFromRequest(services: AppServices, request: Request): Promise<SessionState | null> {
  const sessionId = await readSessionId(services, request);
  if (!sessionId) return null;
  const session = await services.authCache.session(sessionId, async () => {
    const loaded = await loadSession(services.database.prisma, services.clock, sessionId);
    return loaded && { value: loaded, tags: sessionInvalidationTags(loaded) };
  });
  return session && sessionStillValid(session, services.clock.now()) ? session : null;
}

/** The actor for a request: API token first (integrations), then the browser session; else anonymous. */
export async function actorFromRequest(services: AppServices, request: Request): Promise<Actor> {
  const authorization = request.headers.get("Authorization");
  if (authorization?.startsWith("Bearer ")) {
    const tokenHash = bearerTokenHash(authorization.slice(7).trim());
    const grant = tokenHash
      ? await services.authCache.apiToken(tokenHash, async () => {
          const loaded = await loadApiTokenGrant(services.database.prisma, tokenHash);
          return loaded && { value: loaded, tags: apiTokenInvalidationTags(loaded) };
        })
      : null;
    return actorFromApiTokenGrant(services.database.prisma, services.clock, grant);
  }
  const session = await sessionFromRequest(services, request);
  return session?.status === "active" ? session.actor : anonymousActor;
}

export function requestIdOf(request: Request): string {
  const header = request.headers.get("X-Request-Id");
  return header && /^[\w-]{8,64}$/.test(header) ? header : randomUUID();
}

/** Where the request came from: the client address Express resolved (see load-context) and the browser. */
export function requestOrigin(request: Request, clientAddress: string | undefined): RequestOrigin {
  const url = new URL(request.url);
  return {
    ipAddress: clientAddress ?? "unknown",
    userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 512),
    pageUrl: (url.pathname + url.search).slice(0, 1024),
  };
}

export function domainContext(services: AppServices, actor: Actor, request: Request, clientAddress?: string): DomainContext {
  return {
    db: services.database.prisma,
    clock: services.clock,
    actor,
    requestId: requestIdOf(request),
    origin: requestOrigin(request, clientAddress),
    authorizationChanged: () => services.authCache.settle(),
  };
}
