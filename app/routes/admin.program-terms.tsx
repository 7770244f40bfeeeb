import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { createTermsVersion, fourEyesThreshold, listTermsVersions, setFourEyesThreshold } from "~/domain/program-terms/terms.server";
import { PAYMENT_METHODS } from "~/domain/claims/schemas";
import { plnToGrosze } from "~/domain/shared/money";
import {
  Alert,
  Badge,
  CheckboxGroup,
  DataTable,
  DateTime,
  Field,
  Money,
  PageHeader,
  Panel,
  StatusBadge,
  SubmitButton,
  fieldErrors,
  type Column,
} from "~/components/ui";
import { ClaimFormError } from "~/components/claims/claim-error";
import { useMoneyText } from "~/components/claims/claim-status";
import { startOfWarsawDay, warsawDay } from "~/components/metrics/range";
import claimsStyles from "~/components/claims/claims.css";
import { readFormData } from "~/infra/form-data.server";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction = () => [{ title: "Program terms · Trust & Safety" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "programTerms");
  const now = ctx.clock.now();
  const [versions, threshold] = await Promise.all([listTermsVersions(ctx), fourEyesThreshold(ctx.db)]);
  // Newest first; the version in force is the newest one that has started.
  const inForce = versions.find((v) => v.effectiveFrom <= now) ?? versions[versions.length - 1];
  const latest = versions[0];
  return json({
    threshold,
    paymentMethods: [...PAYMENT_METHODS],
    tomorrow: warsawDay(new Date(now.getTime() + 24 * 3_600_000)),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      name: v.name,
      effectiveFrom: v.effectiveFrom.toISOString(),
      state: v.id === inForce?.id ? ("IN_FORCE" as const) : v.effectiveFrom > now ? ("SCHEDULED" as const) : ("SUPERSEDED" as const),
      coveredPaymentMethods: v.coveredPaymentMethods as string[],
      shippingCoveredPaymentMethods: v.shippingCoveredPaymentMethods as string[],
      shippingCap: v.shippingCap,
      perClaimCap: v.perClaimCap,
      perPersonCap: v.perPersonCap,
      perPersonCapWindowDays: v.perPersonCapWindowDays,
      discussionWindowDays: v.discussionWindowDays,
      claimWindowDays: v.claimWindowDays,
      standardDecisionHours: v.standardDecisionHours,
      smartDecisionHours: v.smartDecisionHours,
    })),
    latest: latest
      ? {
          coveredPaymentMethods: latest.coveredPaymentMethods as string[],
          shippingCoveredPaymentMethods: latest.shippingCoveredPaymentMethods as string[],
          shippingCap: latest.shippingCap,
          perClaimCap: latest.perClaimCap,
          perPersonCap: latest.perPersonCap,
          perPersonCapWindowDays: latest.perPersonCapWindowDays,
          discussionWindowDays: latest.discussionWindowDays,
          claimWindowDays: latest.claimWindowDays,
          standardDecisionHours: latest.standardDecisionHours,
          smartDecisionHours: latest.smartDecisionHours,
        }
      : null,
  });
}

type Intent = "createVersion" | "setThreshold";
type ActionResult = ActionFailure & { intent?: Intent };

const invalid = (fieldErrors: Record<string, string[]>, intent: Intent): ActionResult => ({
  ok: false,
  code: "VALIDATION_FAILED",
  message: "The input is not valid",
  fieldErrors,
  intent,
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "manage", "programTerms");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const errors: Record<string, string[]> = {};
  /** złoty → grosze; "" is null (absent) unless required. */
  const money = (name: string, required: boolean) => {
    const parsed = plnToGrosze.safeParse(text(name));
    if (!parsed.success) {
      errors[name] = [parsed.error.issues[0]?.message ?? "Enter an amount like 123,45"];
      return null;
    }
    if (parsed.data === null && required) errors[name] = ["Required"];
    return parsed.data;
  };
  const optionalNumber = (name: string) => (text(name) === "" ? null : text(name));

  if (intent === "setThreshold") {
    const amount = money("amount", true);
    if (Object.keys(errors).length || amount === null) return failure(invalid(errors, intent));
    const result = await runAction(() => setFourEyesThreshold(ctx, { amount }));
    return result.ok ? redirect("/admin/program-terms?saved=threshold") : failure(Object.assign(result, { intent }));
  }
  if (intent === "createVersion") {
    const effectiveText = text("effectiveFrom");
    const effectiveFrom = startOfWarsawDay(effectiveText);
    if (!effectiveFrom) errors.effectiveFrom = [effectiveText ? "Not a date" : "Required"];
    const input = {
      version: text("version"),
      name: text("name"),
      effectiveFrom,
      coveredPaymentMethods: form.getAll("coveredPaymentMethods").map(String),
      shippingCoveredPaymentMethods: form.getAll("shippingCoveredPaymentMethods").map(String),
      shippingCap: money("shippingCap", true),
      perClaimCap: money("perClaimCap", true),
      perPersonCap: money("perPersonCap", false),
      perPersonCapWindowDays: optionalNumber("perPersonCapWindowDays"),
      discussionWindowDays: text("discussionWindowDays"),
      claimWindowDays: text("claimWindowDays"),
      standardDecisionHours: text("standardDecisionHours"),
      smartDecisionHours: text("smartDecisionHours"),
    };
    if (Object.keys(errors).length) return failure(invalid(errors, intent));
    const result = await runAction(() => createTermsVersion(ctx, input));
    return result.ok ? redirect(`/admin/program-terms?saved=${encodeURIComponent(result.result.version)}`) : failure(Object.assign(result, { intent }));
  }
  return failure(invalid({ _form: ["Unknown action"] }, "createVersion"));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Version = Data["versions"][number];

function useResult(intent: Intent) {
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return data && !data.ok && data.intent === intent ? data : undefined;
}

const grosze = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : (value / 100).toFixed(2).replace(".", ",").replace(/,00$/, "");

export default function ProgramTerms() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const methods = (list: string[]) => list.map((m) => t(`orders.${m}`)).join(", ") || "—";
  const columns: Column<Version>[] = [
    {
      key: "version",
      header: t("terms.version"),
      primary: true,
      cell: (v) => (
        <span className="cell-stack">
          <span className="cell-primary">{v.name}</span>
          <span className="subtle">
            <span className="mono">{v.version}</span> · {t("terms.from")} <DateTime value={v.effectiveFrom} dateOnly />
          </span>
        </span>
      ),
    },
    {
      key: "state",
      header: t("common.status"),
      badge: true,
      cell: (v) => (
        <StatusBadge
          status={`TERMS_${v.state}`}
          label={t(`terms.states.${v.state}`)}
          tone={v.state === "IN_FORCE" ? "success" : v.state === "SCHEDULED" ? "info" : "neutral"}
        />
      ),
    },
    {
      key: "coverage",
      header: t("terms.coverage"),
      cell: (v) => (
        <span className="cell-stack">
          <span>{methods(v.coveredPaymentMethods)}</span>
          <span className="subtle">
            {t("terms.shippingUpTo")} <Money amount={v.shippingCap} /> ({methods(v.shippingCoveredPaymentMethods)})
          </span>
        </span>
      ),
    },
    {
      key: "limits",
      header: t("terms.limits"),
      cell: (v) => (
        <span className="cell-stack">
          <span>
            {t("terms.perClaimShort")} <Money amount={v.perClaimCap} />
          </span>
          <span className="subtle">
            {v.perPersonCap !== null ? (
              <>
                {t("terms.perPersonShort")} <Money amount={v.perPersonCap} /> {t("terms.inDays", { count: v.perPersonCapWindowDays ?? 0 })}
              </>
            ) : (
              t("terms.noPersonCap")
            )}
          </span>
        </span>
      ),
    },
    {
      key: "windows",
      header: t("terms.windows"),
      cell: (v) => (
        <span className="cell-stack">
          <span>{t("terms.discussionWindow", { count: v.discussionWindowDays })}</span>
          <span>{t("terms.claimWindow", { count: v.claimWindowDays })}</span>
        </span>
      ),
    },
    {
      key: "hours",
      header: t("terms.decisionHours"),
      cell: (v) => (
        <span className="cell-stack">
          <span>{t("terms.standardHours", { count: v.standardDecisionHours })}</span>
          <span>{t("terms.smartHours", { count: v.smartDecisionHours })}</span>
        </span>
      ),
    },
  ];
  return (
    <div className="page">
      <PageHeader title={t("terms.title")} subtitle={t("terms.intro")} />
      {saved === "threshold" ? (
        <Alert tone="success">{t("terms.thresholdSaved")}</Alert>
      ) : saved ? (
        <Alert tone="success">{t("terms.versionSaved", { version: saved })}</Alert>
      ) : null}
      <Panel title={t("terms.versions")} flush data-testid="terms-versions">
        <DataTable caption={t("terms.versions")} columns={columns} rows={data.versions} rowKey={(v) => v.id} dense />
      </Panel>
      <div className="order-layout">
        <div>
          <NewVersionPanel />
        </div>
        <div>
          <ThresholdPanel />
        </div>
      </div>
    </div>
  );
}

function NewVersionPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
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

function ThresholdPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
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
