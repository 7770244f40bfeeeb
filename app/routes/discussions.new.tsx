import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failureStatus, loadOr404, requirePermission, runAction } from "~/infra/remix.server";
import { getOrder, orderTotal } from "~/domain/marketplace/orders.server";
import { openDiscussion } from "~/domain/discussions/discussions.server";
import { openDiscussionForOrder } from "~/domain/discussions/ui.queries.server";
import { DESCRIPTION_MAX_LENGTH } from "~/domain/discussions/policy";
import { DISCUSSION_REASONS } from "~/domain/discussions/schemas";
import { readDiscussionForm, text, tooLargeFailure, typedValues } from "~/components/discussions/form-data.server";
import { AttachmentsField, DiscussionFormError, type DiscussionFailure } from "~/components/discussions/forms";
import { ConsentFields, consentFieldClauses } from "~/components/consents/consent-fields";
import { readConsentAnswers } from "~/components/consents/consent-form-data";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { Alert, DateTime, DescriptionList, fieldErrors, Icon, Money, PageHeader, Panel, SelectField, SubmitButton, TextAreaField } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Open a discussion · Trust & Safety" }];

/** The order, for its buyer; anyone else (including its seller) gets the not-allowed page. */
async function orderForBuyer(request: Request, context: LoaderFunctionArgs["context"], orderId: string) {
  const signedIn = await requirePermission(request, context, "create", "discussion");
  const order = await loadOr404(() => getOrder(signedIn.ctx, orderId));
  if (order.buyerId !== signedIn.user.id) throw json({ code: "NOT_THE_ORDERS_BUYER" }, { status: 403 });
  return { ...signedIn, order };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const orderId = new URL(request.url).searchParams.get("orderId") ?? "";
  const { ctx, order } = await orderForBuyer(request, context, orderId);
  const [existing, clauses] = await Promise.all([openDiscussionForOrder(ctx, order.id), clausesForForm(ctx.db, "OPEN_DISCUSSION")]);
  return json({
    clauses: consentFieldClauses(clauses),
    order: {
      id: order.id,
      number: order.number,
      sellerName: order.seller.name,
      placedAt: order.placedAt.toISOString(),
      total: orderTotal(order),
      currency: order.currency,
      items: order.lines.reduce((sum, line) => sum + line.quantity, 0),
      firstItem: order.lines[0]?.title ?? "",
    },
    existing: existing ? { id: existing.id, number: existing.number } : null,
  });
}

const FIELDS = ["reason", "description"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const orderId = new URL(request.url).searchParams.get("orderId") ?? "";
  const { ctx } = await orderForBuyer(request, context, orderId);
  const read = await readDiscussionForm(request);
  if (!read.ok) return json({ ...read.failure, values: {} as Record<string, string> }, { status: failureStatus(read.failure.code) });
  const values = typedValues(read.form, FIELDS);
  const consents = readConsentAnswers(read.form);
  if (read.oversized) return json({ ...tooLargeFailure(read.oversized), values, accepted: consents.accepted }, { status: 400 });
  const result = await runAction(() =>
    openDiscussion(ctx, { orderId, reason: text(read.form, "reason"), description: text(read.form, "description"), attachments: read.files, consents }),
  );
  if (result.ok) return redirect(`/discussions/${result.result.id}?done=opened`);
  return json({ ...result, values, accepted: consents.accepted }, { status: failureStatus(result.code) });
}

export default function NewDiscussion() {
  const { t } = useTranslation();
  const { order, existing, clauses } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as (DiscussionFailure & { accepted?: string[] }) | undefined;
  const values = failure?.values ?? {};
  return (
    <div className="page page--narrow" data-testid="new-discussion">
      <PageHeader
        breadcrumbs={[
          { to: "/orders", label: t("orders.title") },
          { to: `/orders/${order.id}`, label: order.number },
        ]}
        title={t("discussions.new.title")}
        subtitle={t("discussions.new.subtitle", { number: order.number, seller: order.sellerName })}
      />
      {existing ? (
        <Alert tone="info" data-testid="already-open">
          <p>{t("discussions.new.alreadyOpen", { number: existing.number })}</p>
          <Link to={`/discussions/${existing.id}`} className="button button--secondary button--sm">
            {t("discussions.new.goToDiscussion")}
            <Icon name="chevronRight" />
          </Link>
        </Alert>
      ) : (
        <Panel>
          <Form method="post" encType="multipart/form-data" className="stack" noValidate>
            <DiscussionFormError failure={failure} />
            {fieldErrors(failure, "orderId") ? (
              <p className="field__error" role="alert">
                {t("discussions.fieldErrors.notValidOrder")}
              </p>
            ) : null}
            <SelectField
              label={t("discussions.new.reason")}
              name="reason"
              placeholder={t("discussions.new.chooseReason")}
              options={DISCUSSION_REASONS.map((value) => ({ value, label: t(`discussions.reasons.${value}`) }))}
              defaultValue={values.reason ?? ""}
              errors={fieldErrors(failure, "reason")}
            />
            <TextAreaField
              label={t("discussions.new.description")}
              name="description"
              rows={6}
              maxLength={DESCRIPTION_MAX_LENGTH}
              hint={t("discussions.new.descriptionHint")}
              defaultValue={values.description ?? ""}
              errors={fieldErrors(failure, "description")}
            />
            <AttachmentsField label={t("discussions.new.attachments")} hint={t("discussions.new.attachmentsHint")} errors={fieldErrors(failure, "attachments")} />
            <ConsentFields clauses={clauses} accepted={failure?.accepted} errors={failure?.fieldErrors} />
            <div className="form-actions">
              <SubmitButton busyLabel={t("discussions.new.submitting")} data-testid="open-discussion-submit">
                {t("discussions.new.submit")}
              </SubmitButton>
              <Link to={`/orders/${order.id}`} className="button button--ghost">
                {t("discussions.new.cancel")}
              </Link>
            </div>
          </Form>
        </Panel>
      )}
      <Panel title={t("discussions.new.aboutOrder")}>
        <DescriptionList
          items={[
            { term: t("orders.number"), value: <span className="mono">{order.number}</span> },
            { term: t("orders.seller"), value: order.sellerName },
            { term: t("orders.placedAt"), value: <DateTime value={order.placedAt} /> },
            {
              term: t("orders.items"),
              value: (
                <span className="cell-stack">
                  <span>{order.firstItem}</span>
                  <span className="subtle">{t("discussions.new.items", { count: order.items })}</span>
                </span>
              ),
            },
            { term: t("orders.total"), value: <Money amount={order.total} currency={order.currency} /> },
          ]}
        />
      </Panel>
      <Panel title={t("discussions.new.nextTitle")}>
        <ol className="stack stack--sm" style={{ margin: 0 }}>
          <li>{t("discussions.new.next1")}</li>
          <li>{t("discussions.new.next2")}</li>
          <li>{t("discussions.new.next3")}</li>
        </ol>
      </Panel>
    </div>
  );
}
