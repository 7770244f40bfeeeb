import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  CheckboxGroup,
  Field,
  Panel,
  SubmitButton,
  fieldErrors,
} from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { grosze, usePageData, useResult } from "./data";

/** A new version of the program terms, prefilled from the latest one. */
export function NewVersionPanel() {
  const { t } = useTranslation();
  const data = usePageData();
  const result = useResult("createVersion");
  const d = data.latest;
  const options = data.paymentMethods.map((value) => ({ value, label: t(`orders.${value}`) }));
  return (
    <Panel title={t("terms.newVersion")} subtitle={t("terms.newVersionIntro")} data-testid="new-terms">
      <Form method="post" className="stack" noValidate key={data.versions.length}>
        <ClaimFormError failure={result} />
        <div className="form-grid">
          <Field
            label={t("terms.versionName")}
            name="version"
            required
            maxLength={40}
            placeholder="2028-01"
            hint={t("terms.versionHint")}
            errors={fieldErrors(result, "version")}
          />
          <Field label={t("terms.name")} name="name" required maxLength={200} errors={fieldErrors(result, "name")} />
          <Field
            label={t("terms.effectiveFrom")}
            name="effectiveFrom"
            type="date"
            required
            min={data.tomorrow}
            hint={t("terms.effectiveFromHint")}
            errors={fieldErrors(result, "effectiveFrom")}
          />
        </div>
        <CheckboxGroup
          legend={t("terms.coveredMethods")}
          name="coveredPaymentMethods"
          idPrefix="covered"
          layout="columns"
          options={options}
          defaultValues={d?.coveredPaymentMethods ?? []}
          errors={fieldErrors(result, "coveredPaymentMethods")}
        />
        <CheckboxGroup
          legend={t("terms.shippingMethods")}
          name="shippingCoveredPaymentMethods"
          idPrefix="shipping"
          layout="columns"
          options={options}
          defaultValues={d?.shippingCoveredPaymentMethods ?? []}
          hint={t("terms.shippingMethodsHint")}
          errors={fieldErrors(result, "shippingCoveredPaymentMethods")}
        />
        <div className="form-grid">
          <Field
            label={t("terms.shippingCapPln")}
            name="shippingCap"
            inputMode="decimal"
            defaultValue={grosze(d?.shippingCap)}
            errors={fieldErrors(result, "shippingCap")}
          />
          <Field
            label={t("terms.perClaimCapPln")}
            name="perClaimCap"
            inputMode="decimal"
            defaultValue={grosze(d?.perClaimCap)}
            errors={fieldErrors(result, "perClaimCap")}
          />
          <Field
            label={t("terms.perPersonCapPln")}
            name="perPersonCap"
            inputMode="decimal"
            hint={t("terms.perPersonCapHint")}
            defaultValue={grosze(d?.perPersonCap)}
            errors={fieldErrors(result, "perPersonCap")}
          />
          <Field
            label={t("terms.perPersonWindow")}
            hint={t("terms.perPersonWindowHint")}
            name="perPersonCapWindowDays"
            type="number"
            min={1}
            defaultValue={d?.perPersonCapWindowDays ?? ""}
            errors={fieldErrors(result, "perPersonCapWindowDays")}
          />
          <Field
            label={t("terms.discussionWindowDays")}
            name="discussionWindowDays"
            type="number"
            min={1}
            defaultValue={d?.discussionWindowDays ?? ""}
            errors={fieldErrors(result, "discussionWindowDays")}
          />
          <Field
            label={t("terms.claimWindowDays")}
            name="claimWindowDays"
            type="number"
            min={1}
            defaultValue={d?.claimWindowDays ?? ""}
            errors={fieldErrors(result, "claimWindowDays")}
          />
          <Field
            label={t("terms.standardDecisionHours")}
            name="standardDecisionHours"
            type="number"
            min={1}
            defaultValue={d?.standardDecisionHours ?? ""}
            errors={fieldErrors(result, "standardDecisionHours")}
          />
          <Field
            label={t("terms.smartDecisionHours")}
            name="smartDecisionHours"
            type="number"
            min={1}
            defaultValue={d?.smartDecisionHours ?? ""}
            errors={fieldErrors(result, "smartDecisionHours")}
          />
        </div>
        <p className="subtle">{t("terms.amountsNote")}</p>
        <div className="form-actions">
          <SubmitButton name="intent" value="createVersion" data-testid="create-terms">
            {t("terms.create")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}
