import { builder } from "../builder";
import { DomainError, ErrorCode } from "~/domain/errors";

// Mutations return `<Field>Success | DomainError`; the code is stable, the message is for developers,
// fieldErrors point at the input that was wrong.
export const ErrorCodeEnum = builder.enumType("ErrorCode", { values: Object.values(ErrorCode) });

const FieldError = builder
  .objectRef<{ field: string; messages: string[] }>("FieldError")
  .implement({
    fields: (t) => ({
      field: t.exposeString("field"),
      messages: t.exposeStringList("messages"),
    }),
  });

builder.objectType(DomainError, {
  name: "DomainError",
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.exposeString("message"),
    fieldErrors: t.field({
      type: [FieldError],
      resolve: (error) => Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => ({ field, messages })),
    }),
  }),
});

/** The error types every mutation declares. */
export const mutationErrors = { types: [DomainError] };
