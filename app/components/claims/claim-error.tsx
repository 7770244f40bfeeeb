import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "~/lib/format";
import { Icon } from "~/components/ui";
import type { ActionFailure } from "~/infra/remix.server";

/**
 * A failed claim action as one translated message. The domain's parameters are raw values (grosze, ISO
 * instants, enum names); they are formatted for the reader before they go into the sentence.
 */
export function ClaimFormError({ failure }: { failure?: ActionFailure | { ok: true } | null }) {
  const { t, i18n } = useTranslation();
  if (!failure || failure.ok) return null;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(failure.params ?? {})) {
    if ((key === "max" || key === "remaining") && typeof value === "number" && failure.code.startsWith("CLAIM_"))
      params[key] = formatMoney(value, "PLN", i18n.language);
    else if (key === "until" && typeof value === "string") params[key] = formatDate(value, i18n.language);
    else if (key === "method" && typeof value === "string") params[key] = t(`orders.${value}`, { defaultValue: value });
    else params[key] = value;
  }
  const formErrors = failure.fieldErrors?._form;
  return (
    <div className="alert alert--error" role="alert" data-testid="claim-error" data-code={failure.code}>
      <Icon name="alert" />
      <div className="alert__body">
        {t(`errors.${failure.code}`, { ...params, defaultValue: failure.message })}
        {formErrors?.length ? <div>{formErrors.join(" ")}</div> : null}
      </div>
    </div>
  );
}
