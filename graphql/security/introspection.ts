import { BREAK, visit, type DocumentNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { isPerson } from "~/domain/identity/actor";
import type { GraphQLContext } from "../builder";
import { requestRefused } from "./errors";

// Why: the full schema (every admin mutation and argument) is a map for attackers and of no use to
// anonymous callers. Introspection (__schema, __type) is for signed-in people and API tokens; __typename
// stays open (clients need it). The caller is known only after the context is built, so the check runs
// just before execution.
export function introspectionForSignedIn(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GraphQLContext>;
      if (context.actor && isPerson(context.actor)) return;
      if (!introspects(args.document)) return;
      setResultAndStopExecution({
        errors: [requestRefused("Sign in (or send an API token) to introspect the schema.", "UNAUTHENTICATED", 401)],
      });
    },
  };
}

/** Any __schema or __type field; graphql-js allows them only on the query root, fragments included. */
function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
