import { Kind, type DocumentNode, type FragmentDefinitionNode, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { isGraphQLError, requestRefused } from "./errors";

// Why: graphql-js validation is not linear in the document (OverlappingFieldsCanBeMerged compares fields
// pairwise), and the Pothos complexity limit only runs after validation. One anonymous 600 KB document with
// 20,000 aliases held the event loop for ~45 s. These limits are checked while parsing and on the parsed
// document, before graphql-js validates it, so a hostile document costs a linear scan and is refused in
// milliseconds.
//
// The limits are generous for everything the app, GraphiQL (its introspection query is ~190 tokens, depth
// 10) and integrations send: the largest real queries are a few hundred tokens. The aliases limit sits
// above Pothos' breadth limit (300 fields per selection) so that Pothos stays the precise rule for wide
// queries and these are only the cheap outer fence.
export const DOCUMENT_LIMITS = {
  /** Lexical tokens per document (graphql-js stops parsing at the first one over). */
  tokens: 5_000,
  /** Aliases per operation (following fragments). */
  aliases: 500,
  /** Nesting of selection sets per operation (Pothos' own depth limit, 12, stays the precise one). */
  depth: 15,
  /** Directives per operation. */
  directives: 50,
} as const;

const rejection = { exposeLimits: true, propagateOnRejection: true } as const;

/** Parse with a token cap, then refuse documents over the alias, depth and directive limits. */
export function documentLimits(): Plugin {
  const rules = [
    maxAliasesRule({ n: DOCUMENT_LIMITS.aliases, ...rejection }),
    maxDepthRule({ n: DOCUMENT_LIMITS.depth, ignoreIntrospection: true, ...rejection }),
    maxDirectivesRule({ n: DOCUMENT_LIMITS.directives, ...rejection }),
  ];
  return {
    onParse({ parseFn, setParseFn }) {
      // yoga's own parse (its copy of graphql), with graphql-js' token cap.
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: DOCUMENT_LIMITS.tokens }));
      // Refusals are thrown from the after-hook rather than returned as the parse result: yoga marks parse
      // results that are errors as "spec" errors, answered with 200 to application/json clients, and these
      // must be a 400 for every client.
      return ({ result }) => {
        if (result instanceof Error) {
          if (/more (than|that) \d+ tokens/.test(result.message)) throw tooLarge(`The query has more than ${DOCUMENT_LIMITS.tokens} tokens.`);
          return;
        }
        if (!result) return;
        const problem = overLimit(result as DocumentNode, rules);
        if (problem) throw problem;
      };
    },
  };
}

/**
 * GraphQL Armor's counting rules on their own, without graphql-js' validation (and without the schema: the
 * counts are syntactic): one linear pass over each operation, following fragments once. Armor's rules
 * throw at the first operation over a limit (propagateOnRejection).
 */
function overLimit(document: DocumentNode, rules: readonly ((context: ValidationContext) => unknown)[]) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // The two members of ValidationContext the rules use.
  const context = {
    getFragment: (name: string) => fragments.get(name),
    reportError: (error: Error) => {
      throw error;
    },
  } as unknown as ValidationContext;
  try {
    for (const rule of rules) {
      const visitor = rule(context) as { OperationDefinition: { enter: (node: unknown) => void } };
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) visitor.OperationDefinition.enter.call(visitor, definition);
      }
    }
    return null;
  } catch (error) {
    if (isGraphQLError(error)) return tooLarge(error.message.replace(/^Syntax Error: /, ""));
    throw error;
  }
}

function tooLarge(message: string) {
  return requestRefused(message, "VALIDATION_FAILED", 400);
}

/**
 * "Did you mean …" suggestions describe the schema to anyone who guesses field names. Validation runs
 * before the caller is known, so they are hidden for everyone; signed-in developers have GraphiQL's
 * schema-driven completion instead.
 */
export const blockFieldSuggestions = (): Plugin =>
  EnvelopArmorPlugin({
    blockFieldSuggestion: { enabled: true, mask: "" },
    // The rest of Armor's protections are applied above, before validation, or by Pothos (cost).
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDepth: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
  }) as Plugin;
