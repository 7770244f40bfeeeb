// Which origins a browser request may come from: the app's own, plus the configured allow-list
// (CORS_ORIGINS) for integrations that call /graphql from their own pages. Used by CORS (who may read
// answers) and by the CSRF check (who may send cookie-authenticated requests).

/** The Origin of a request, or of its Referer when a browser left out Origin; null when neither is sent. */
export function requestOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (origin) return origin;
  const referer = request.headers.get("referer");
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/**
 * Same origin as the app. Compared by host (name and port) only: behind a TLS-terminating proxy the app
 * sees http:// while the browser says https://, and the host is what names this app.
 */
export function isSameOrigin(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}

export function isAllowedOrigin(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes(origin.replace(/\/+$/, ""));
}
