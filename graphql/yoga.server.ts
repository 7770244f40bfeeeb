import { createYoga } from "graphql-yoga";
// GraphiQL's scripts and styles served by the app itself: our machines (and many intranets) cannot reach a CDN.
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { GraphQLError } from "graphql";
import { schema } from "./schema";
import type { AppServices } from "~/infra/services.server";
import { actorFromRequest, domainContext } from "~/infra/auth.server";
import { isDomainError } from "~/domain/errors";
import { isPerson } from "~/domain/identity/actor";
import type { GraphQLContext } from "./builder";
import { limitRequestBody } from "./security/body-limit";
import { corsFor } from "./security/cors";
import { csrfProtection } from "./security/csrf";
import { blockFieldSuggestions, documentLimits } from "./security/document-limits";
import { graphiqlSignInRedirect } from "./security/graphiql-access";
import { introspectionForSignedIn } from "./security/introspection";
import { refuseNulBytes } from "./security/nul-bytes";
import { checkQueryStringParams } from "./security/request-params";
import { isDatabaseUnavailable, unavailableError } from "./security/unavailable";
import { isMalformedValue } from "~/infra/database-errors.server";
import { isGraphQLError } from "./security/errors";

type Deps = Omit<AppServices, "graphql">;

const GRAPHIQL = {
  title: "Trust & Safety Backoffice API",
  defaultQuery: `# Signed in through the browser session; integrations send "Authorization: Bearer tsb_…".\nquery {\n  viewer { roles permissions user { name } }\n  orders(first: 5) { total { formatted } edges { node { id number total { formatted } seller { name } } } }\n}\n`,
  // Every request GraphiQL sends is a deliberate one from the app's own page (see security/csrf.ts).
  headers: JSON.stringify({ "x-graphql-csrf": "1" }),
};

/**
 * The GraphQL endpoint. Domain errors thrown in queries become GraphQL errors carrying their code;
 * anything unexpected is masked (and logged) so internals never leak. Mutations return typed errors.
 * The request-level protections (size, origin, CSRF, document limits, introspection) live in
 * graphql/security, one file each.
 */
export function createGraphQLServer(deps: Deps) {
  const yoga = createYoga<{ clientAddress?: string }, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    fetchAPI: globalThis,
    landingPage: false,
    renderGraphiQL,
    cors: corsFor(deps.config.allowedOrigins),
    plugins: [
      graphiqlSignInRedirect(),
      checkQueryStringParams(),
      csrfProtection(deps.config.allowedOrigins),
      documentLimits(),
      blockFieldSuggestions(),
      introspectionForSignedIn(),
      refuseNulBytes(),
    ],
    // A refused request (no permission, bad input) is an answer, not a server error: keep it out of the error log.
    logging: {
      debug: () => undefined,
      info: () => undefined,
      warn: (...args: unknown[]) => console.warn("[graphql]", ...args),
      error: (...args: unknown[]) => {
        if (args.some(isExpectedError)) return;
        console.error("[graphql]", ...args);
      },
    },
    // Only for signed-in people; anonymous visitors are sent to sign in (security/graphiql-access.ts).
    graphiql: async (request) => {
      try {
        return isPerson(await actorFromRequest(deps as AppServices, request)) ? GRAPHIQL : false;
      } catch {
        return false;
      }
    },
    maskedErrors: {
      maskError(error, message) {
        // Duck-typed like isDomainError: graphql-yoga and this module may hold different copies of the
        // graphql package (ESM and CJS builds), and then `instanceof GraphQLError` is false for yoga's
        // errors — every domain error and even a syntax error would become INTERNAL (a 500).
        const gqlError = isGraphQLError(error) ? error : null;
        const original = gqlError ? gqlError.originalError : error;
        if (isDomainError(original)) {
          return new GraphQLError(original.message, {
            nodes: gqlError?.nodes,
            path: gqlError?.path,
            extensions: { code: original.code, fieldErrors: original.fieldErrors },
          });
        }
        // Pothos rejects bad input itself (malformed cursor or global id, negative `first`, a query over
        // the complexity/depth/breadth limits): the caller's mistake, said plainly, not an internal error.
        if (original instanceof Error && original.name === "PothosValidationError") {
          return new GraphQLError(original.message, {
            nodes: gqlError?.nodes,
            path: gqlError?.path,
            extensions: { code: "VALIDATION_FAILED" },
          });
        }
        // The database is out of reach: an outage to retry, not a bug.
        if (isDatabaseUnavailable(original)) return unavailableError(gqlError);
        // The database refused a malformed value only input can have carried there (a cursor naming no uuid).
        if (isMalformedValue(original)) {
          return new GraphQLError("A value in the request is malformed (an id or cursor that names nothing).", {
            nodes: gqlError?.nodes,
            path: gqlError?.path,
            extensions: { code: "VALIDATION_FAILED" },
          });
        }
        // Errors graphql itself raised (syntax, validation, a variable of the wrong type — which wraps the
        // scalar's own GraphQLError) are about the request and already say what is wrong.
        if (gqlError && (!gqlError.originalError || isGraphQLError(gqlError.originalError))) {
          // A variable of the wrong type is refused by graphql-js without a code; give it the code the same
          // mistake in a literal gets.
          const extensions = gqlError.extensions as Record<string, unknown>;
          if (extensions && !extensions.code) extensions.code = "GRAPHQL_VALIDATION_FAILED";
          return gqlError;
        }
        console.error("[graphql] unexpected error", original);
        return new GraphQLError(message, { extensions: { code: "INTERNAL" } });
      },
    },
    context: async ({ request, clientAddress }) => {
      try {
        const actor = await actorFromRequest(deps as AppServices, request);
        return domainContext(deps as AppServices, actor, request, clientAddress);
      } catch (error) {
        if (isDomainError(error)) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        if (isDatabaseUnavailable(error)) throw unavailableError();
        throw error;
      }
    },
  });
  return {
    yoga,
    /** Refuses oversized bodies before yoga reads them (security/body-limit.ts), then answers with yoga. */
    async handleRequest(request: Request, context: Record<string, unknown>): Promise<Response> {
      const limited = await limitRequestBody(request);
      return limited instanceof Response ? limited : yoga.handleRequest(limited, context as { clientAddress?: string });
    },
  };
}

/** Errors that answer the caller (domain refusals, Pothos input checks), possibly wrapped or in a list. */
function isExpectedError(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isExpectedError);
  if (!(value instanceof Error)) return false;
  if (isDomainError(value) || value.name === "PothosValidationError" || isDatabaseUnavailable(value) || isMalformedValue(value)) return true;
  const inner = (value as { originalError?: unknown }).originalError;
  return inner !== undefined && inner !== value && isExpectedError(inner);
}
