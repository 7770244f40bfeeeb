import { useTranslation } from "react-i18next";
import { fieldErrorKey } from "~/components/helpers";
import type { ActionFailure } from "~/infra/remix.server";

/**
 * Field errors of a failed claim action, for fields whose names the domain nests (lines.0.quantity):
 * the messages of every field the predicate picks, translated where known, as one line.
 */
export function useClaimFieldErrors(failure: ActionFailure | { ok: true } | null | undefined) {
  const { t } = useTranslation();
  return (pick: (name: string) => boolean): string | null => {
    if (!failure || failure.ok || !failure.fieldErrors) return null;
    const messages = Object.entries(failure.fieldErrors)
      .filter(([name]) => pick(name))
      .flatMap(([, list]) => list);
    if (!messages.length) return null;
    return [...new Set(messages)]
      .map((message) => {
        const known = fieldErrorKey(message);
        return known ? t(known.key, { ...(known.params ?? {}), defaultValue: message }) : message;
      })
      .join(" ");
  };
}
