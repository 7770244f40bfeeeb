import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { safeFileName, type UploadedFile } from "~/domain/cases/attachments.server";
import type { ActionFailure } from "~/infra/remix.server";
import { formProblem, isMultipart, malformedForm } from "~/infra/form-data.server";

// Claim forms with documents arrive as multipart. Files are held in memory, each capped a little above the
// domain's 10 MB (the domain then names the file that is too large); a part past the cap ends the parse
// and becomes ATTACHMENT_TOO_LARGE, never a 500. Files past the fifth are not kept at all.

export const DOCUMENT_FIELD = "documents";
const MAX_FILES = 5;
const PART_LIMIT = 10 * 1024 * 1024 + 512 * 1024;

class TooManyFiles extends Error {}
class FieldTooLong extends Error {}
class TooLarge extends Error {
  constructor(readonly fileName: string) {
    super("too large");
  }
}

export type ParsedForm = { ok: true; form: FormData } | { ok: false; failure: ActionFailure };

export async function readForm(request: Request): Promise<ParsedForm> {
  const problem = formProblem(request);
  if (problem) return { ok: false, failure: problem };
  if (!isMultipart(request)) {
    try {
      return { ok: true, form: await request.formData() };
    } catch {
      return { ok: false, failure: malformedForm() };
    }
  }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: PART_LIMIT });
  let files = 0;
  const handler: UploadHandler = async (part) => {
    if (typeof part.filename === "string" && part.filename !== "") {
      files += 1;
      if (files > MAX_FILES) throw new TooManyFiles();
    }
    try {
      return await memory(part);
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError || (error instanceof Error && error.name === "MaxPartSizeExceededError")) {
        if (typeof part.filename !== "string") throw new FieldTooLong();
        throw new TooLarge(part.filename);
      }
      throw error;
    }
  };
  try {
    return { ok: true, form: await unstable_parseMultipartFormData(request, handler) };
  } catch (error) {
    if (error instanceof TooLarge) {
      const file = safeFileName(error.fileName);
      return { ok: false, failure: { ok: false, code: "ATTACHMENT_TOO_LARGE", message: `${file} is larger than 10 MB`, params: { file, maxMb: 10 } } };
    }
    if (error instanceof FieldTooLong) {
      return { ok: false, failure: { ok: false, code: "VALIDATION_FAILED", message: "A field is too long" } };
    }
    if (error instanceof TooManyFiles) {
      return { ok: false, failure: { ok: false, code: "TOO_MANY_ATTACHMENTS", message: `At most ${MAX_FILES} files`, params: { max: MAX_FILES } } };
    }
    // Anything else the parser throws is a body that is not a well-formed form.
    return { ok: false, failure: malformedForm() };
  }
}

/** The uploaded documents as the domain takes them (empty file inputs are skipped). */
export async function documentsFrom(form: FormData, field = DOCUMENT_FIELD): Promise<UploadedFile[]> {
  const out: UploadedFile[] = [];
  for (const value of form.getAll(field)) {
    if (typeof value === "string") continue;
    if (value.size === 0 && !value.name) continue;
    out.push({ fileName: value.name, data: new Uint8Array(await value.arrayBuffer()) });
  }
  return out;
}
