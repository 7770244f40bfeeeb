import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/infra/attachment-download.server";
import { rightsDocumentForDownload } from "~/domain/rights/queries.server";

// Rights documents (proof, power of attorney, contest, evidence): the holder's members and staff; an item's
// evidence also its seller once acted on.
export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  downloadResponse(request, context, (ctx) => rightsDocumentForDownload(ctx, params.attachmentId ?? ""));
