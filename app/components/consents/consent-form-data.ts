import type { ConsentAnswers } from "~/domain/consents/schemas";

/** The consent answers a form posted (ConsentFields' inputs), for the domain to check. */
export function readConsentAnswers(form: FormData): ConsentAnswers {
  const ids = (name: string) => form.getAll(name).filter((value): value is string => typeof value === "string").slice(0, 64);
  return { shown: ids("consentShown"), accepted: ids("consentAccepted") };
}

/** The honeypot every public form carries: people never see it, form-filling scripts fill it in. */
export const TRAP_FIELD = "website";
export const trapTripped = (form: FormData) => {
  const value = form.get(TRAP_FIELD);
  return typeof value === "string" && value.trim() !== "";
};
