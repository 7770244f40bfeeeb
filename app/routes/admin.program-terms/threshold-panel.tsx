import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  Badge,
  Field,
  Panel,
  SubmitButton,
  fieldErrors,
} from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { useMoneyText } from "~/components/claims/claim-status";
import { grosze, usePageData, useResult } from "./data";

/** The four-eyes threshold: approvals above it need a second, senior agent. */
export function ThresholdPanel() {
  const { t } = useTranslation();
  const data = usePageData();
  const moneyText = useMoneyText();
  const result = useResult("setThreshold");
  return (
    <Panel title={t("terms.fourEyes")} subtitle={t("terms.fourEyesIntro")} data-testid="four-eyes">
      <Form method="post" className="stack" noValidate>
        <p>
          {t("terms.currentThreshold")} <Badge tone="info">{moneyText(data.threshold)}</Badge>
        </p>
        <ClaimFormError failure={result} />
        <Field
          label={t("terms.thresholdPln")}
          name="amount"
          inputMode="decimal"
          defaultValue={grosze(data.threshold)}
          hint={t("terms.thresholdHint")}
          errors={fieldErrors(result, "amount")}
          key={data.threshold}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="setThreshold" variant="secondary" data-testid="save-threshold">
            {t("terms.saveThreshold")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}
