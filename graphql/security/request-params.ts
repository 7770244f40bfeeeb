import type { Plugin } from "graphql-yoga";
import { isGraphQLError, requestRefused } from "./errors";

// Why: for GET requests yoga JSON-parses the `variables` and `extensions` query parameters itself and a
// malformed one surfaced as an INTERNAL 500. They are checked here first and refused as the caller's
// mistake (400, VALIDATION_FAILED). Likewise a multipart request whose `operations` is valid JSON but not
// an object (null, a number, a string) crashed yoga's file mapping: its parser is wrapped so that crash,
// and any parse result that is not an operation object, is the caller's mistake too.
export function checkQueryStringParams(): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser }) {
      if (request.method === "POST" && requestParser && /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) {
        setRequestParser(async (req) => {
          let parsed: Awaited<ReturnType<typeof requestParser>>;
          try {
            parsed = await requestParser(req);
          } catch (error) {
            if (isGraphQLError(error)) throw error;
            throw requestRefused('The multipart field "operations" must be a JSON object.', "VALIDATION_FAILED", 400);
          }
          if (!(parsed instanceof Response) && !isOperation(parsed)) {
            throw requestRefused('The multipart field "operations" must be a JSON object.', "VALIDATION_FAILED", 400);
          }
          return parsed;
        });
        return;
      }
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

/** An operation object, or a batch of them (yoga refuses batches itself when batching is off). */
function isOperation(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item));
  return typeof value === "object" && value !== null;
}
