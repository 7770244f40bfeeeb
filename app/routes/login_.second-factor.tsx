import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { commitSessionCookie, readSessionId, requestIdOf, sessionFromRequest } from "~/infra/auth.server";
import { failure, runAction } from "~/infra/remix.server";
import { beginTotpEnrolment, completeSecondFactor } from "~/domain/identity/sign-in.server";
import { Field, fieldErrors, FormError } from "~/components/form";
import { Icon } from "~/components/icon";
import { safeRedirectFor } from "~/lib/safe-redirect";
import { readFormData } from "~/infra/form-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await sessionFromRequest(context.services, request);
  if (!session) throw redirect("/login");
  if (session.status === "active") throw redirect("/");
  const deps = { db: context.services.database.prisma, clock: context.services.clock, requestId: requestIdOf(request) };
  const enrolment = session.enrolled ? null : await beginTotpEnrolment(deps, session.sessionId);
  return json({ email: session.user.email, enrolment });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionId = await readSessionId(context.services, request);
  if (!sessionId) throw redirect("/login");
  const form = await readFormData(request);
  const deps = { db: context.services.database.prisma, clock: context.services.clock, requestId: requestIdOf(request) };
  const result = await runAction(() => completeSecondFactor(deps, sessionId, { code: form.get("code") ?? "" }));
  if (!result.ok) {
    if (result.code === "SESSION_EXPIRED") throw redirect("/login");
    return failure(result);
  }
  // A new session id for the now fully signed-in session; the half-open one no longer exists.
  const cookie = await commitSessionCookie(context.services, result.result.sessionId, result.result.expiresAt);
  return redirect(safeRedirectFor(request, form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function SecondFactor() {
  const { t } = useTranslation();
  const { enrolment, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  return (
    <div className={`auth-card${enrolment ? " auth-card--wide" : ""}`} data-testid="second-factor">
      <div className="auth-card__head">
        <span className="auth-card__mark" aria-hidden="true">
          <Icon name="lock" />
        </span>
        <h1>{enrolment ? t("auth.enrolTitle") : t("auth.secondFactorTitle")}</h1>
        <p className="auth-card__lead">
          {t("auth.signingInAs")} <strong>{email}</strong>
        </p>
      </div>
      {enrolment ? (
        <>
          <p className="auth-card__lead">{t("auth.enrolIntro")}</p>
          <div className="enrolment">
            <img src={enrolment.qrDataUrl} width={220} height={220} alt={t("auth.qrAlt")} />
            <ol className="enrolment__steps">
              <li>{t("auth.enrolStep1")}</li>
              <li>
                {t("auth.enrolStep2")}
                <code className="secret" data-testid="totp-secret">
                  {enrolment.secret}
                </code>
              </li>
              <li>{t("auth.enrolStep3")}</li>
            </ol>
          </div>
        </>
      ) : (
        <p className="auth-card__lead">{t("auth.secondFactorIntro")}</p>
      )}
      <FormError failure={actionData} />
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field
          label={t("auth.code")}
          name="code"
          className="field--code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          autoFocus
          placeholder="000000"
          errors={fieldErrors(actionData, "code")}
        />
        <button type="submit" className="button button--primary button--lg button--block" disabled={busy}>
          {t("auth.verify")}
        </button>
      </Form>
      <Form method="post" action="/logout" className="auth-card__foot">
        <span>{t("auth.wrongAccount")}</span>
        <button type="submit" className="button button--link">
          {t("auth.startAgain")}
        </button>
      </Form>
    </div>
  );
}
