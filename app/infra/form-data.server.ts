import { json } from "@remix-run/node";
import type { ActionFailure } from "./remix.server";

// Reading a form in a Remix action. Actions take HTML forms only: a body of another type (JSON, plain
// text, XML…) is answered 415, and a form body that cannot be parsed (a broken multipart body, a missing
// boundary) 400 — never the 500 that request.formData() would throw into. Every action reads its form
// through here (or through the upload readers, which use formProblem for the same answers).

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
}

export function isMultipart(request: Request): boolean {
  return mediaType(request) === "multipart/form-data";
}

export const unsupportedMediaType = (): ActionFailure => ({
  ok: false,
  code: "UNSUPPORTED_MEDIA_TYPE",
  message: "Send the form as application/x-www-form-urlencoded or multipart/form-data",
});

export const malformedForm = (): ActionFailure => ({ ok: false, code: "MALFORMED_REQUEST", message: "The form could not be read" });

/** The failure for a body that is not a form at all; null when the content type is a form's. */
export function formProblem(request: Request): ActionFailure | null {
  return FORM_TYPES.includes(mediaType(request)) ? null : unsupportedMediaType();
}

/** The form failure as the response an action answers with (415 or 400, JSON with the code and message). */
export function formFailureResponse(failure: ActionFailure): Response {
  return json(failure, { status: failure.code === "UNSUPPORTED_MEDIA_TYPE" ? 415 : 400 });
}

/** Parses the body as a form, or throws a 415/400 response (shown by the error boundary). */
export async function readFormData(request: Request): Promise<FormData> {
  const problem = formProblem(request);
  if (problem) throw formFailureResponse(problem);
  try {
    return await request.formData();
  } catch {
    throw formFailureResponse(malformedForm());
  }
}
