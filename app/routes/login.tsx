import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { commitSessionCookie, readSessionId, requestIdOf, sessionFromRequest } from "~/infra/auth.server";
import { failure, runAction } from "~/infra/remix.server";
import { signIn } from "~/domain/identity/sign-in.server";
import { Field, fieldErrors, FormError } from "~/components/form";
import { Alert } from "~/components/alert";
import { Icon } from "~/components/icon";
import { formatDateTime } from "~/lib/format";
import { safeRedirectFor } from "~/lib/safe-redirect";
import { readFormData } from "~/infra/form-data.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Trust & Safety" }];

/** A throttled sign-in tells the client when to try again, on the rendered page too (429 + Retry-After). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await sessionFromRequest(context.services, request);
  if (session?.status === "active") throw redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const services = context.services;
  const previousSessionId = await readSessionId(services, request);
  const result = await runAction(() =>
    signIn(
      { db: services.database.prisma, clock: services.clock, requestId: requestIdOf(request) },
      { email: form.get("email") ?? "", password: form.get("password") ?? "" },
      {
        // The address the server vouches for (trust proxy), not a header anyone can write.
        ipAddress: context.clientAddress ?? "unknown",
        userAgent: request.headers.get("User-Agent"),
        previousSessionId,
      },
    ),
  );
  if (!result.ok) {
    if (result.code === "TOO_MANY_ATTEMPTS") {
      const seconds = Number(result.params?.retryAfterSeconds ?? 1);
      return json(result, { status: 429, headers: { "Retry-After": String(seconds) } });
    }
    if (result.code === "ACCOUNT_LOCKED" && result.params?.until) {
      result.params = { until: formatDateTime(String(result.params.until)) };
    }
    return failure(result);
  }
  const cookie = await commitSessionCookie(services, result.result.sessionId, result.result.expiresAt);
  // Only same-site paths: an open redirect would let a link send people anywhere after signing in.
  const target = safeRedirectFor(request, form.get("redirectTo"));
  const next =
    result.result.secondFactor === "none"
      ? target
      : target === "/"
        ? "/login/second-factor"
        : `/login/second-factor?redirectTo=${encodeURIComponent(target)}`;
  return redirect(next, { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="auth-card" data-testid="login">
      <div className="auth-card__head">
        <span className="auth-card__mark" aria-hidden="true">
          <Icon name="shieldCheck" />
        </span>
        <h1>{t("auth.signInTitle")}</h1>
        <p className="auth-card__lead">{t("auth.signInLead")}</p>
      </div>
      {params.get("signedOut") ? <Alert tone="info">{t("auth.signedOut")}</Alert> : null}
      {params.get("redirectTo") && !params.get("signedOut") && !actionData ? <Alert tone="info">{t("auth.signInToContinue")}</Alert> : null}
      <FormError failure={actionData} />
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label={t("auth.email")} name="email" type="email" autoComplete="username" required autoFocus errors={fieldErrors(actionData, "email")} />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required errors={fieldErrors(actionData, "password")} />
        <button type="submit" className="button button--primary button--lg button--block" disabled={busy}>
          {busy ? t("auth.signingIn") : t("auth.signIn")}
        </button>
      </Form>
      <p className="auth-card__register" data-testid="login-register">
        {t("shop.login.noAccount")} <Link to="/register">{t("shop.login.register")}</Link> · <Link to="/shop">{t("shop.login.shop")}</Link>
      </p>
      <p className="auth-card__foot">
        <span>
          <Icon name="lock" /> {t("auth.staffNote")}
        </span>
      </p>
    </div>
  );
}
