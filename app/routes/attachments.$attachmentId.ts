import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/infra/attachment-download.server";
import { attachmentForDownload } from "~/domain/discussions/queries.server";

// Discussion attachments, for the discussion's parties (who may read that message) and staff.
export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  downloadResponse(request, context, (ctx) => attachmentForDownload(ctx, params.attachmentId ?? ""));
