import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/infra/attachment-download.server";
import { claimDocumentForDownload } from "~/domain/claims/queries.server";

// Claim documents, for the claim's buyer and seller and for staff.
export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  downloadResponse(request, context, (ctx) => claimDocumentForDownload(ctx, params.attachmentId ?? ""));
