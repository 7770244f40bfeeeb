import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * A refusal of the request itself (too large, cross-site, malformed): a typed GraphQL error with its
 * HTTP status. `http.status` is read by yoga to set the response status and is not sent to the caller.
 */
export function requestRefused(message: string, code: string, status: number): GraphQLError {
  // Made by yoga's own copy of graphql: under test runners (and bundlers) the app may load a second copy,
  // and yoga treats errors that are not `instanceof` its GraphQLError as unexpected (500).
  return createGraphQLError(message, { extensions: { code, http: { status } } });
}

/** Duck-typed: yoga and this module may hold different copies of the graphql package (ESM and CJS). */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

/** A plain JSON GraphQL answer for refusals that happen before yoga runs (body size, GraphiQL access). */
export function errorResponse(error: GraphQLError, status: number, headers: Record<string, string> = {}): Response {
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  return new Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
    status,
    headers: { "content-type": "application/graphql-response+json; charset=utf-8", ...headers },
  });
}
