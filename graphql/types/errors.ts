import { builder } from "../builder";
import { DomainError, ErrorCode, type ErrorDetail } from "~/domain/errors";

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

const ErrorDetailRef = builder.objectRef<ErrorDetail>("ErrorDetail").implement({
  description: "One problem of a many-part input (a notice's items): where (items.<n>.<field>), which rule, and what to do.",
  fields: (t) => ({
    field: t.exposeString("field"),
    code: t.field({ type: ErrorCodeEnum, resolve: (detail) => detail.code }),
    message: t.exposeString("message"),
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
    details: t.field({
      type: [ErrorDetailRef],
      description: "Every problem of a many-part input, each with its own code (a refused notice lists them all); empty otherwise.",
      resolve: (error) => error.details ?? [],
    }),
  }),
});

/** The error types every mutation declares. */
export const mutationErrors = { types: [DomainError] };
