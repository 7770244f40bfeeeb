import { useTranslation } from "react-i18next";
import { TRAP_FIELD } from "~/components/consents/consent-form-data";
import { Field, Money } from "~/components/ui";
import { QUESTION_NAME_MAX } from "~/domain/storefront/questions-schemas";
import type { ActionFailure } from "~/infra/remix.server";

// Pieces the shop's question and alert pages share: the honeypot, the offer summary, the form's error
// banner and the "consents given" panel staff see on a question or an alert.

/** The honeypot: off-screen and out of the tab order for people; form-filling scripts fill it in. */
export function TrapField() {
  const { t } = useTranslation();
  return (
    <div className="storefront-trap" aria-hidden="true">
      <label htmlFor="storefront-trap">{t("questions.common.trapLabel")}</label>
      <input id="storefront-trap" type="text" name={TRAP_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

export interface OfferSummaryData {
  id: string;
  title: string;
  status: string;
  priceAmount: number;
  currency: string;
  sellerName: string;
}

/** The offer a product question or alert is about. */
export function OfferSummary({ offer }: { offer: OfferSummaryData }) {
  const { t } = useTranslation();
  return (
    <div className="storefront-offer" data-testid="offer-summary">
      <div className="storefront-offer__title">
        <span className="subtle">{t("questions.common.offer")}</span>
        <strong>{offer.title}</strong>
      </div>
      <dl className="storefront-offer__facts">
        <div>
          <dt>{t("questions.common.price")}</dt>
          <dd>
            <Money amount={offer.priceAmount} currency={offer.currency} />
          </dd>
        </div>
        <div>
          <dt>{t("questions.common.seller")}</dt>
          <dd>{offer.sellerName}</dd>
        </div>
      </dl>
    </div>
  );
}

/** A refused submission: the domain's code in the reader's language (field errors show on their fields). */
export function FormFailure({ failure }: { failure: ActionFailure | undefined }) {
  const { t } = useTranslation();
  if (!failure || failure.ok) return null;
  const text =
    failure.code === "VALIDATION_FAILED"
      ? t("errors.VALIDATION_FAILED", { defaultValue: failure.message })
      : t(`errors.${failure.code}`, { seconds: failure.params?.retryAfterSeconds, ...(failure.params ?? {}), defaultValue: failure.message });
  return (
    <div className="alert alert--error" role="alert" data-testid="form-error" data-code={failure.code}>
      <div className="alert__body">{text}</div>
    </div>
  );
}

/** Who asks: name and e-mail, prefilled for a signed-in person, the person's own answers kept after a refusal. */
export function AskerFields({
  value,
  person,
  errors,
}: {
  value: (name: string, fallback?: string) => string;
  person: { name: string; email: string } | null;
  errors: Record<string, string[] | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <Field
        label={t("questions.common.name")}
        name="name"
        autoComplete="name"
        required
        maxLength={QUESTION_NAME_MAX}
        defaultValue={value("name", person?.name ?? "")}
        errors={errors.name}
      />
      <Field
        label={t("questions.common.email")}
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={value("email", person?.email ?? "")}
        hint={t("questions.common.emailHint")}
        errors={errors.email}
      />
    </div>
  );
}
