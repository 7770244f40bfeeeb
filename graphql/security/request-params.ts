import type { Plugin } from "graphql-yoga";
import { requestRefused } from "./errors";

// Why: for GET requests yoga JSON-parses the `variables` and `extensions` query parameters itself and a
// malformed one surfaced as an INTERNAL 500. They are checked here first and refused as the caller's
// mistake (400, VALIDATION_FAILED).
export function checkQueryStringParams(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== "GET") return;
      for (const name of ["variables", "extensions"]) {
        const raw = url.searchParams.get(name);
        if (raw === null || raw === "") continue;
        if (!isJsonObject(raw)) {
          throw requestRefused(`The "${name}" parameter must be a JSON object.`, "VALIDATION_FAILED", 400);
        }
      }
    },
  };
}

function isJsonObject(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw);
    return value === null || (typeof value === "object" && !Array.isArray(value));
  } catch {
    return false;
  }
}
