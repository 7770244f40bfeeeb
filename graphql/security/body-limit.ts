import { errorResponse, requestRefused } from "./errors";

// Why: yoga reads the whole body into memory before any GraphQL limit applies. A JSON request is a query
// and its variables — a few KB in practice — so a few hundred KB is generous. Multipart requests carry
// attachments (at most 5 files of 10 MB each, checked by the domain), so they get room for those plus the
// operations and map fields.
export const BODY_LIMITS = {
  json: 256 * 1024,
  multipart: 5 * 10 * 1024 * 1024 + 1024 * 1024,
} as const;

/**
 * The request unchanged when its body fits, or a 413 answer. A declared Content-Length over the limit is
 * refused before reading a byte; a body without one (chunked) is read up to the limit and no further.
 */
export async function limitRequestBody(request: Request): Promise<Request | Response> {
  if (!request.body || request.method === "GET" || request.method === "HEAD") return request;
  const contentType = request.headers.get("content-type")?.toLowerCase() ?? "";
  const limit = contentType.startsWith("multipart/form-data") ? BODY_LIMITS.multipart : BODY_LIMITS.json;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared)) {
    // Node's HTTP parser never delivers more bytes than the declared length.
    return Number(declared) > limit ? tooLarge(limit) : request;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

function tooLarge(limit: number): Response {
  const error = requestRefused(`The request body is larger than ${Math.round(limit / 1024)} KB.`, "REQUEST_TOO_LARGE", 413);
  return errorResponse(error, 413, { connection: "close" });
}
