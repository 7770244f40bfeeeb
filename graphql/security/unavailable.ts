import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { isDatabaseUnavailable } from "~/infra/database-errors.server";

// Why: while PostgreSQL is down or restarting every request failed as INTERNAL (a 500, logged as a bug).
// It is an outage the caller can retry: UNAVAILABLE with HTTP 503 and a Retry-After hint, whether the
// failure came from a resolver or from reading the session while building the context.
export { isDatabaseUnavailable };

export function unavailableError(error?: GraphQLError | null): GraphQLError {
  return createGraphQLError("The service is temporarily unavailable. Please try again in a moment.", {
    nodes: error?.nodes,
    path: error?.path,
    extensions: { code: "UNAVAILABLE", http: { status: 503, headers: { "Retry-After": "5" } } },
  });
}
