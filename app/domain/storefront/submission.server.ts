import type { z } from "zod";
import type { DomainContext, RequestOrigin, Tx } from "../context";
import { DomainError, ErrorCode, isDomainError, type FieldErrors } from "../errors";
import { checkConsents } from "../consents/record.server";
import type { ConsentForm } from "../consents/positions";
import { countSubmission } from "../shared/rate-limit.server";

// What every public shop form does before its own transaction: count the submission per client address
// (the only write before the transaction), refuse a form a script filled in, and check the fields.

export type PublicFormKey = "order" | "registration" | "newsletter";

export function requireOrigin(ctx: Pick<DomainContext, "origin">): RequestOrigin {
  if (!ctx.origin) throw new Error("A public form is sent from a request: the adapter must pass its origin");
  return ctx.origin;
}

/** Rate limit first (a flood is refused before anything else is read), then the honeypot. */
export async function admitSubmission(ctx: DomainContext, key: PublicFormKey, trapped: boolean | undefined): Promise<RequestOrigin> {
  const origin = requireOrigin(ctx);
  await countSubmission(ctx.db, ctx.clock, `${key}:${origin.ipAddress}`);
  if (trapped) throw new DomainError(ErrorCode.FORM_REJECTED, "The form was filled in by a script");
  return origin;
}

/**
 * Parses the form's fields. When they are not valid, the consents are checked too (without writing), so
 * the person sees every problem of the form at once: the fields' messages and the required consents left
 * unticked.
 */
export async function parseFields<S extends z.ZodType>(
  ctx: DomainContext,
  schema: S,
  input: unknown,
  form: ConsentForm,
  consents: unknown,
  options: { customerId?: string | null } = {},
): Promise<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  try {
    await checkConsents(ctx.db, form, consents, options);
  } catch (error) {
    if (!isDomainError(error) || error.code !== ErrorCode.CONSENT_REQUIRED) throw error;
    Object.assign(fieldErrors, error.fieldErrors ?? {});
  }
  throw new DomainError(ErrorCode.VALIDATION_FAILED, "The input is not valid", { fieldErrors });
}

/**
 * Puts an address on the newsletter's list, or back on it (a resubscription clears unsubscribedAt). Says
 * nothing about whether it was there already: the caller answers the same either way. The address is tied
 * to the person's account only when it is that account's own address.
 */
export async function upsertSubscriber(
  tx: Tx,
  now: Date,
  subscriber: { email: string; userId?: string | null; locale: string },
): Promise<string> {
  // One statement, so two sign-ups of one address at once cannot collide on its unique key.
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "NewsletterSubscriber" ("email", "userId", "locale", "subscribedAt")
    VALUES (${subscriber.email}, (SELECT "id" FROM "User" WHERE "id" = ${subscriber.userId ?? null}::uuid AND "email" = ${subscriber.email}), ${subscriber.locale}, ${now})
    ON CONFLICT ("email") DO UPDATE SET
      "subscribedAt" = CASE WHEN "NewsletterSubscriber"."unsubscribedAt" IS NULL THEN "NewsletterSubscriber"."subscribedAt" ELSE EXCLUDED."subscribedAt" END,
      "unsubscribedAt" = NULL,
      "userId" = COALESCE("NewsletterSubscriber"."userId", EXCLUDED."userId")
    RETURNING "id"`;
  return row.id;
}

export const emailTaken = () =>
  new DomainError(ErrorCode.EMAIL_TAKEN, "An account with this e-mail exists", { fieldErrors: { email: ["An account with this e-mail exists"] } });

/** The unique index on User.email stops a second account that raced past the check. */
export function isEmailTakenRace(error: unknown): boolean {
  const text = String((error as Error)?.message ?? "");
  return (error as { code?: string })?.code === "P2002" || (text.includes("User_email_key") && text.includes("unique"));
}
