import { z } from "zod";
import { DomainError, ErrorCode, type FieldErrors } from "../errors";

/** Parses input with a zod schema, turning failures into one VALIDATION_FAILED error with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(result.error);
}

export function validationError(error: z.ZodError): DomainError {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return new DomainError(ErrorCode.VALIDATION_FAILED, "The input is not valid", { fieldErrors });
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In a name or a
 * message they reverse how the following text is shown ("gnp.exe" shown as "exe.png"), so free text is
 * stored without them. The plain direction marks U+200E/U+200F change nothing but neutral characters and
 * are kept: right-to-left writers need them.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Removes bidirectional override controls (see BIDI_CONTROLS). */
export const withoutBidiControls = (value: string) => value.replace(BIDI_CONTROLS, "");

/** Text that people type: trimmed, no control characters except newlines and tabs, no direction overrides (stripped). */
export const text = (max: number) =>
  z
    .string()
    .transform((value) => withoutBidiControls(value.replace(/\r\n/g, "\n")).trim())
    .pipe(
      z
        .string()
        .min(1, "Required")
        .max(max, `At most ${max} characters`)
        .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), "Contains control characters"),
    );

export const uuid = z.string().uuid("Not a valid id");

/** Optional free text (a note): as `text` but may be empty or absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .transform((value) => withoutBidiControls(value.replace(/\r\n/g, "\n")).trim())
    .pipe(
      z
        .string()
        .max(max, `At most ${max} characters`)
        .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), "Contains control characters"),
    )
    .optional();

/** A name on one line (people, roles, versions of terms): trimmed, no control characters, no direction overrides. */
export const nameText = (min: number, max: number) =>
  z
    .string()
    .transform((value) => withoutBidiControls(value).trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "Required" : `At least ${min} characters`)
        .max(max, `At most ${max} characters`)
        .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), "Contains control characters"),
    );
