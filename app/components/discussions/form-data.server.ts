import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT, safeFileName, type UploadedFile } from "~/domain/cases/attachments.server";
import type { ActionFailure } from "~/infra/remix.server";
import { formProblem, isMultipart, malformedForm } from "~/infra/form-data.server";

// Reading the discussion forms. Forms with attachments arrive as multipart/form-data and are parsed in
// memory, part by part. The handler's cap sits a little above the domain's 10 MB limit: files up to the
// cap reach the domain, which checks size, count and type (by content) itself; a part above the cap is
// drained and dropped without being held in memory, and becomes the same ATTACHMENT_TOO_LARGE failure the
// domain gives. The text fields are kept either way, so the form can show what the person typed.

/** A little above the domain's limit, so the domain is the one that decides about files near it. */
export const UPLOAD_PART_CAP = ATTACHMENT_MAX_BYTES + 512 * 1024;
/** Files kept in memory per request: one more than allowed, so the domain still sees "too many". */
const FILES_KEPT = ATTACHMENT_MAX_COUNT + 1;

export type DiscussionForm =
  | { ok: true; form: FormData; files: UploadedFile[]; oversized: string | null }
  | { ok: false; failure: ActionFailure };

const isSizeError = (error: unknown) =>
  error instanceof MaxPartSizeExceededError || (error instanceof Error && /exceeded upload size/i.test(error.message));

export async function readDiscussionForm(request: Request, fileField = "attachments"): Promise<DiscussionForm> {
  const problem = formProblem(request);
  if (problem) return { ok: false, failure: problem };
  try {
    if (!isMultipart(request)) {
      return { ok: true, form: await request.formData(), files: [], oversized: null };
    }
    let oversized: string | null = null;
    let filesSeen = 0;
    const memory = unstable_createMemoryUploadHandler({ maxPartSize: UPLOAD_PART_CAP });
    const handler: UploadHandler = async (part) => {
      const isFile = typeof part.filename === "string";
      if (isFile && part.name === fileField && part.filename) filesSeen += 1;
      if (isFile && (part.name !== fileField || filesSeen > FILES_KEPT)) {
        // Files in other fields, and files past the number kept (the domain refuses "too many" anyway).
        await drain(part.data);
        return undefined;
      }
      try {
        return await memory(part);
      } catch (error) {
        // A text field this long is not a person typing: the whole form is refused below.
        if (!isSizeError(error) || !isFile) throw error;
        await drain(part.data);
        oversized ??= safeFileName(part.filename ?? "");
        return undefined;
      }
    };
    const form = await unstable_parseMultipartFormData(request, handler);
    const files: UploadedFile[] = [];
    for (const value of form.getAll(fileField)) {
      if (typeof value === "string") continue;
      // An empty file input still sends a nameless, empty part.
      if (!value.name && value.size === 0) continue;
      files.push({ fileName: value.name, data: new Uint8Array(await value.arrayBuffer()) });
    }
    return { ok: true, form, files, oversized };
  } catch (error) {
    if (isSizeError(error)) {
      return { ok: false, failure: { ok: false, code: "VALIDATION_FAILED", message: "The form could not be read" } };
    }
    // Anything else the parser throws is a body that is not a well-formed form.
    return { ok: false, failure: malformedForm() };
  }
}

async function drain(data: AsyncIterable<Uint8Array>) {
  // The parser buffers whatever a handler leaves unread; reading it here lets each chunk go at once.
  for await (const chunk of data) void chunk;
}

/** The failure for a file above the upload cap: the same code, message and parameters as the domain's. */
export function tooLargeFailure(fileName: string): ActionFailure {
  const message = `${fileName} is larger than 10 MB`;
  return {
    ok: false,
    code: "ATTACHMENT_TOO_LARGE",
    message,
    fieldErrors: { attachments: [message] },
    params: { file: fileName, maxMb: Math.round(ATTACHMENT_MAX_BYTES / (1024 * 1024)) },
  };
}

/** A text field as typed ("" when absent or a file). */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** The text fields of a form, to give back to the person after a failure (never files, never ids of other things). */
export function typedValues(form: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 10_000);
  }
  return values;
}
