import { createYoga } from "graphql-yoga";
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
    graphiql: {
      title: "Trust & Safety Backoffice API",
      defaultQuery: `# Signed in through the browser session; integrations send "Authorization: Bearer tsb_…".\nquery {\n  viewer { roles permissions user { name } }\n  orders(first: 5) { totalCount edges { node { id number total { formatted } seller { name } } } }\n}\n`,
    },
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isDomainError(original)) {
          return new GraphQLError(original.message, {
            nodes: error instanceof GraphQLError ? error.nodes : undefined,
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: { code: original.code, fieldErrors: original.fieldErrors },
          });
        }
        if (error instanceof GraphQLError && !error.originalError) return error;
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
