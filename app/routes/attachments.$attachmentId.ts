import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFromRequest, domainContext } from "~/infra/auth.server";
import { loadOr404 } from "~/infra/remix.server";
import { attachmentForDownload } from "~/domain/discussions/queries.server";

// Case attachments, for the case's parties and staff only (browser session or API token). Served with
// the type sniffed at upload, never sniffed again by the browser, and sandboxed so a PDF cannot script.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await actorFromRequest(context.services, request);
  const ctx = domainContext(context.services, actor, request);
  const attachment = await loadOr404(() => attachmentForDownload(ctx, params.attachmentId ?? ""));
  const inline = attachment.contentType.startsWith("image/");
  return new Response(attachment.content, {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(attachment.sizeBytes),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
