import type { YogaServerOptions } from "graphql-yoga";
import { isAllowedOrigin } from "./origins";

// Why: yoga's default CORS reflects any Origin and allows credentials, so any web page could read GraphQL
// answers with a signed-in visitor's cookie. Same-origin pages need no CORS headers at all; only origins
// on the allow-list (CORS_ORIGINS) get them, and only their own origin is echoed — never a reflection.
export function corsFor(allowedOrigins: readonly string[]): NonNullable<YogaServerOptions<object, object>["cors"]> {
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || !isAllowedOrigin(origin, allowedOrigins)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ["GET", "POST"],
      allowedHeaders: ["authorization", "content-type", "accept", "x-graphql-csrf", "x-request-id"],
      maxAge: 600,
    };
  };
}
