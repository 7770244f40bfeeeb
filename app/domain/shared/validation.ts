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

/** Text that people type: trimmed, no control characters except newlines and tabs. */
export const text = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, "Required")
        .max(max, `At most ${max} characters`)
        .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), "Contains control characters"),
    );

export const uuid = z.string().uuid("Not a valid id");
