import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failure, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { createTermsVersion, fourEyesThreshold, listTermsVersions, setFourEyesThreshold } from "~/domain/program-terms/terms.server";
import { PAYMENT_METHODS } from "~/domain/claims/schemas";
import { plnToGrosze } from "~/domain/shared/money";
import {
  Alert,
  DataTable,
  DateTime,
  Money,
  PageHeader,
  Panel,
  StatusBadge,
  type Column,
} from "~/components/ui";
import { startOfWarsawDay, warsawDay } from "~/components/metrics/range";
import claimsStyles from "~/components/claims/claims.css";
import { readFormData } from "~/infra/form-data.server";
import type { Version } from "./data";
import { NewVersionPanel } from "./new-version-panel";
import { ThresholdPanel } from "./threshold-panel";

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

export type Intent = "createVersion" | "setThreshold";
export type ActionResult = ActionFailure & { intent?: Intent };

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
