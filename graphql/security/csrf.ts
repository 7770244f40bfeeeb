import type { Plugin } from "graphql-yoga";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { isAllowedOrigin, isSameOrigin, requestOrigin } from "./origins";
import { isGraphQLError, requestRefused } from "./errors";

// Why: a browser sends the session cookie with form posts (application/x-www-form-urlencoded,
// multipart/form-data) from any site without a CORS preflight, and yoga executes both — another site
// could run mutations as the signed-in visitor. Requests that carry a cookie (and no bearer token, which a
// foreign page cannot set) must therefore:
//   1. come from this app or an allowed origin, when the browser says where they come from, and
//   2. be "non-simple": a JSON content type, or one of the headers below, which only a script on an
//      allowed origin can add (it triggers a preflight that CORS refuses elsewhere).
// Bearer-token integrations and anonymous callers carry no ambient authority and are not affected.

/** Headers that mark a deliberate GraphQL request; the app's own pages send `x-graphql-csrf`. */
export const CSRF_HEADERS = ["x-graphql-csrf", "graphql-require-preflight", "apollo-require-preflight", "x-graphql-yoga-csrf"];

export function csrfProtection(allowedOrigins: readonly string[]): Plugin {
  const headerCheck = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      const { request } = payload;
      if (!sendsCookie(request)) return;
      const origin = requestOrigin(request);
      if (origin !== null && !isSameOrigin(origin, request) && !isAllowedOrigin(origin, allowedOrigins)) {
        throw requestRefused("Cross-site requests with a session cookie are not accepted.", "FORBIDDEN", 403);
      }
      try {
        return headerCheck.onRequestParse?.(payload);
      } catch (error) {
        if (!isGraphQLError(error)) throw error;
        throw requestRefused(
          `A form or multipart request with a session cookie must send the "x-graphql-csrf" header.`,
          "FORBIDDEN",
          403,
        );
      }
    },
  };
}

function sendsCookie(request: Request): boolean {
  if (request.headers.get("authorization")?.startsWith("Bearer ")) return false;
  return !!request.headers.get("cookie");
}
