import { json, type AppLoadContext } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import type { DomainContext } from "~/domain/context";
import { actorFromRequest, domainContext } from "./auth.server";
import { loadOr404 } from "./remix.server";

interface StoredFile {
  content: Uint8Array<ArrayBuffer>;
  contentType: string;
  sizeBytes: number;
  fileName: string;
}

/**
 * Serves a case file to whoever the domain lets read it (browser session or API token): with the type
 * sniffed at upload, never sniffed again by the browser (nosniff), images inline and PDFs as downloads,
 * sandboxed so a PDF cannot run script. Anyone else gets the 404 page.
 */
export async function downloadResponse(
  request: Request,
  context: AppLoadContext,
  load: (ctx: DomainContext) => Promise<StoredFile>,
): Promise<Response> {
  let actor;
  try {
    actor = await actorFromRequest(context.services, request);
  } catch (error) {
    // An unknown, revoked or expired API token: 401, as GraphQL answers it.
    if (!isDomainError(error)) throw error;
    throw json(
      { code: error.code, message: error.message },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"', "Cache-Control": "no-store" } },
    );
  }
  const file = await loadOr404(() => load(domainContext(context.services, actor, request)));
  const inline = file.contentType.startsWith("image/");
  return new Response(file.content, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
