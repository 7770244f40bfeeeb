import { createYoga } from "graphql-yoga";
// GraphiQL's scripts and styles served by the app itself: our machines (and many intranets) cannot reach a CDN.
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { GraphQLError } from "graphql";
import { schema } from "./schema";
import type { AppServices } from "~/infra/services.server";
import { actorFromRequest, requestIdOf } from "~/infra/auth.server";
import { isDomainError } from "~/domain/errors";
import type { GraphQLContext } from "./builder";

type Deps = Omit<AppServices, "graphql">;

/**
 * The GraphQL endpoint. Domain errors thrown in queries become GraphQL errors carrying their code;
 * anything unexpected is masked (and logged) so internals never leak. Mutations return typed errors.
 */
export function createGraphQLServer(deps: Deps) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    fetchAPI: globalThis,
    landingPage: false,
    renderGraphiQL,
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
    graphiql: {
      title: "Trust & Safety Backoffice API",
      defaultQuery: `# Signed in through the browser session; integrations send "Authorization: Bearer tsb_…".\nquery {\n  viewer { roles permissions user { name } }\n  orders(first: 5) { totalCount edges { node { id number total { formatted } seller { name } } } }\n}\n`,
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
        // Errors graphql itself raised (syntax, validation, a variable of the wrong type — which wraps the
        // scalar's own GraphQLError) are about the request and already say what is wrong.
        if (gqlError && (!gqlError.originalError || isGraphQLError(gqlError.originalError))) return gqlError;
        console.error("[graphql] unexpected error", original);
        return new GraphQLError(message, { extensions: { code: "INTERNAL" } });
      },
    },
    context: async ({ request }) => {
      try {
        const actor = await actorFromRequest(deps as AppServices, request);
        return { db: deps.database.prisma, clock: deps.clock, actor, requestId: requestIdOf(request) };
      } catch (error) {
        if (isDomainError(error)) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        throw error;
      }
    },
  });
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

/** Errors that answer the caller (domain refusals, Pothos input checks), possibly wrapped or in a list. */
function isExpectedError(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isExpectedError);
  if (!(value instanceof Error)) return false;
  if (isDomainError(value) || value.name === "PothosValidationError") return true;
  const inner = (value as { originalError?: unknown }).originalError;
  return inner !== undefined && inner !== value && isExpectedError(inner);
}
