import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readSessionId, requestIdOf, sessionFromRequest } from "~/infra/auth.server";
import { failure, runAction } from "~/infra/remix.server";
import { beginTotpEnrolment, completeSecondFactor } from "~/domain/identity/sign-in.server";
import { Field, fieldErrors, FormError } from "~/components/form";

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
  const form = await request.formData();
  const deps = { db: context.services.database.prisma, clock: context.services.clock, requestId: requestIdOf(request) };
  const result = await runAction(() => completeSecondFactor(deps, sessionId, { code: form.get("code") ?? "" }));
  if (!result.ok) {
    if (result.code === "SESSION_EXPIRED") throw redirect("/login");
    return failure(result);
  }
  return redirect("/");
}

export default function SecondFactor() {
  const { t } = useTranslation();
  const { enrolment, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="auth-card">
      <h1>{enrolment ? t("auth.enrolTitle") : t("auth.secondFactorTitle")}</h1>
      <p className="muted">{email}</p>
      {enrolment ? (
        <div className="enrolment">
          <p>{t("auth.enrolIntro")}</p>
          <img src={enrolment.qrDataUrl} width={220} height={220} alt="QR code" />
          <p>
            {t("auth.secretKey")}: <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
        </div>
      ) : (
        <p>{t("auth.secondFactorIntro")}</p>
      )}
      <FormError failure={actionData} />
      <Form method="post" className="stack">
        <Field
          label={t("auth.code")}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          autoFocus
          errors={fieldErrors(actionData, "code")}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("auth.verify")}
        </button>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="button button--link">
          {t("auth.startAgain")}
        </button>
      </Form>
    </div>
  );
}
