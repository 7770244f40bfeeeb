import { BREAK, visit, type DocumentNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { requestRefused } from "./errors";

// Why: PostgreSQL cannot store U+0000 in text ("invalid byte sequence"), so any string argument that
// reaches the database with a NUL byte failed there as an INTERNAL error. No legitimate input contains
// one, so every string — in the query's literals and in the variables, at any depth — is checked once,
// before execution, instead of in every resolver.
export function refuseNulBytes(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (documentHasNul(args.document) || valueHasNul(args.variableValues)) {
        setResultAndStopExecution({
          errors: [requestRefused("Text must not contain NUL characters (U+0000).", "VALIDATION_FAILED", 400)],
        });
      }
    },
  };
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes("\u0000")) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function valueHasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => valueHasNul(item, depth + 1));
  // Uploaded files (and other class instances) are not text arguments.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).some((item) => valueHasNul(item, depth + 1));
}
