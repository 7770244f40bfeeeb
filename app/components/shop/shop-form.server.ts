import { json } from "@remix-run/node";
import { failure, type ActionFailure } from "~/infra/remix.server";
import { readConsentAnswers, trapTripped } from "~/components/consents/consent-form-data";

// What the shop's actions share: the consent answers and honeypot of the posted form, and the answer to
// a refused submission (the person's values and ticks come back; a throttled one says when to retry).

export function consentPart(form: FormData) {
  return { consents: readConsentAnswers(form), trapped: trapTripped(form) };
}

/** The posted text fields (never passwords), to fill the form in again after a refusal. */
export function postedValues(form: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 500);
  }
  return values;
}

export function shopFailure(result: ActionFailure, form: FormData, names: readonly string[]) {
  const body = { ...result, values: postedValues(form, names), accepted: readConsentAnswers(form).accepted };
  if (result.code === "TOO_MANY_ATTEMPTS") {
    return json(body, { status: 429, headers: { "Retry-After": String(result.params?.retryAfterSeconds ?? 60) } });
  }
  return failure(body);
}

export type ShopFailure = ActionFailure & { values?: Record<string, string>; accepted?: string[] };
