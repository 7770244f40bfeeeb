import { createHash, randomBytes } from "node:crypto";
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

// Security headers for every response, and the cross-origin refusal for form posts. Mounted by server.ts
// before the Remix handler.
//
// Pages get a Content-Security-Policy with a fresh nonce per request: Remix's inline scripts (<Scripts>,
// <ScrollRestoration>, the single-fetch stream) carry it (app/entry.server.tsx and app/root.tsx read it from
// the load context), every other script must come from our own origin. Style attributes stay allowed
// (style-src-attr): React's style={…} props set widths of bars and a few layout tweaks; <style> elements and
// style sheets from elsewhere are not. GraphiQL (/graphql in a browser) is one big inline page rendered by
// graphql-yoga: it gets its own policy, its inline scripts allowed by hash (computed from the page itself at
// start), its web workers from blob: URLs and its editor's injected styles.

export interface HttpSecurityOptions {
  /** HTTPS in front of the app (SECURE_COOKIES=true): send HSTS on every response. */
  secureCookies: boolean;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The CSP nonce of this request's page; Remix's inline scripts carry it. */
    cspNonce?: string;
  }
}

export function createNonce(): string {
  return randomBytes(18).toString("base64");
}

const COMMON = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"];

/** The policy of the app's pages. */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-elem 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'none'",
    "manifest-src 'self'",
    ...COMMON,
  ].join("; ");
}

/** The policy of GraphiQL: its inline scripts by hash (or 'unsafe-inline' when they could not be read). */
export function graphiqlPolicy(scriptHashes: readonly string[] | null): string {
  const scripts = scriptHashes && scriptHashes.length ? scriptHashes.map((hash) => `'${hash}'`).join(" ") : "'unsafe-inline'";
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    ...COMMON,
  ].join("; ");
}

/** sha256 sources for the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(match[1] ?? "")) continue;
    hashes.add(`sha256-${createHash("sha256").update(match[2], "utf8").digest("base64")}`);
  }
  return [...hashes];
}

/** Reads GraphiQL as a browser would get it and hashes its inline scripts; null when it cannot be read. */
export async function graphiqlScriptHashes(graphql: { handleRequest(request: Request, context: Record<string, unknown>): Response | Promise<Response> }) {
  try {
    const response = await graphql.handleRequest(new Request("http://localhost/graphql", { headers: { accept: "text/html" } }), {});
    const html = await response.text();
    return response.ok && /<html/i.test(html) ? inlineScriptHashes(html) : null;
  } catch {
    return null;
  }
}

const isGraphQLPath = (path: string) => path === "/graphql" || path.startsWith("/graphql/");

/** Headers for every response: CSP (nonce per request, kept in res.locals.cspNonce), HSTS behind HTTPS. */
export function securityHeaders(options: HttpSecurityOptions, graphiql: { scriptHashes: readonly string[] | null }): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", isGraphQLPath(req.path) ? graphiqlPolicy(graphiql.scriptHashes) : pagePolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (options.secureCookies || req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * Form posts from another origin are refused with 403. Remix makes the same check before every action
 * (Origin against X-Forwarded-Host or Host) but answers a refusal with a bare 500; this runs first, with
 * the same comparison, and also covers the resource routes Remix does not check (/logout, /set-locale).
 * /graphql keeps its own cross-origin rules (CORS_ORIGINS, CSRF prevention in the GraphQL server).
 */
export function refuseCrossOriginPosts(): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(req.method) || isGraphQLPath(req.path)) return next();
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (isSameOrigin(origin, req.headers)) return next();
    res.status(403).type("application/json").setHeader("Cache-Control", "no-store");
    res.send(JSON.stringify({ code: "FORBIDDEN", message: "Cross-origin form posts are not accepted" }));
  };
}

/** Remix's own comparison: the Origin's host against X-Forwarded-Host (first value) or Host. */
export function isSameOrigin(origin: string, headers: Record<string, string | string[] | undefined>): boolean {
  let originHost: string;
  try {
    if (origin === "null") return false;
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = headers["x-forwarded-host"];
  const forwardedHost = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const hostHeader = headers.host;
  const host = forwardedHost || (Array.isArray(hostHeader) ? hostHeader[0] : hostHeader);
  return Boolean(originHost) && Boolean(host) && originHost === host;
}
