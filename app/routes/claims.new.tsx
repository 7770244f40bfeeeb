import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { failure, failureStatus, loadOr404, requirePermission, runAction, type ActionFailure } from "~/infra/remix.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { ConsentFields, consentFieldClauses, type ConsentFieldClause } from "~/components/consents/consent-fields";
import { readConsentAnswers } from "~/components/consents/consent-form-data";
import { fileClaim, precheckForBuyer } from "~/domain/claims/claims.server";
import { CLAIM_DESCRIPTION_MAX_LENGTH, CLAIM_REASONS } from "~/domain/claims/schemas";
import { getOrder } from "~/domain/marketplace/orders.server";
import {
  Checkbox,
  DateTime,
  DescriptionList,
  EmptyState,
  Icon,
  Money,
  PageHeader,
  Panel,
  SelectField,
  SubmitButton,
  TextAreaField,
  fieldErrors,
} from "~/components/ui";
import { PrecheckPanel } from "~/components/claims/precheck-panel";
import { DocumentsField } from "~/components/claims/documents";
import { ClaimFormError } from "~/components/claims/claim-error";
import { decisionTime, encodeLines, linesFromForm, precheckView, type PrecheckView } from "~/components/claims/precheck-data";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import { useClaimFieldErrors } from "~/components/claims/field-errors";
import claimsStyles from "~/components/claims/claims.css";
import type { loader as precheckLoader } from "./claims.precheck";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction = () => [{ title: "File a claim · Trust & Safety" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "create", "claim");
  const clauses = consentFieldClauses(await clausesForForm(ctx.db, "FILE_CLAIM"));
  const params = new URL(request.url).searchParams;
  const orderId = params.get("orderId") ?? "";
  const discussionId = params.get("discussionId") ?? "";
  if (!UUID.test(orderId)) return json({ order: null, discussionId: null, precheck: null, defaults: [], reasons: [...CLAIM_REASONS], allClaimed: null });
  const order = await loadOr404(() => getOrder(ctx, orderId));
  // First ask about one piece of every line to learn what is still claimable, then precheck the default:
  // everything that can still be claimed (or, when nothing can, every line, so the panel says why).
  const probe = await loadOr404(() => precheckForBuyer(ctx, { orderId, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: 1 })) }));
  const claimable = probe.lines
    .filter((l) => l.ordered - l.alreadyClaimed > 0)
    .map((l) => ({ orderLineId: l.orderLineId, quantity: l.ordered - l.alreadyClaimed }));
  const orderSummary = { id: order.id, number: order.number };
  // Nothing left to claim (every line is in a claim already): show those claims, not an empty form.
  if (!claimable.length && probe.orderClaims.length) {
    return json({
      order: null,
      discussionId: null,
      precheck: null,
      defaults: [],
      reasons: [...CLAIM_REASONS],
      allClaimed: { order: orderSummary, claims: probe.orderClaims },
    });
  }
  const defaults = claimable.length ? claimable : probe.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.ordered }));
  const initial = await loadOr404(() => precheckForBuyer(ctx, { orderId, lines: defaults }));
  return json({
    clauses,
    allClaimed: null,
    order: {
      id: order.id,
      number: order.number,
      placedAt: order.placedAt.toISOString(),
      sellerName: order.seller.name,
      paymentMethod: order.paymentMethod,
      total: order.itemsAmount + order.shippingAmount,
      currency: order.currency,
    },
    discussionId: UUID.test(discussionId) ? discussionId : null,
    precheck: precheckView(initial, order),
    defaults: claimable,
    reasons: [...CLAIM_REASONS],
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requirePermission(request, context, "create", "claim");
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(parsed.failure);
  const form = parsed.form;
  const documents = await documentsFrom(form);
  const consents = readConsentAnswers(form);
  const result = await runAction(() =>
    fileClaim(ctx, {
      orderId: String(form.get("orderId") ?? ""),
      lines: linesFromForm(form),
      reason: String(form.get("reason") ?? ""),
      description: String(form.get("description") ?? ""),
      policeReport: form.get("policeReport") === "on",
      refundNotReceived: form.get("refundNotReceived") === "on",
      documents,
      consents,
    }),
  );
  if (!result.ok) return json({ ...result, accepted: consents.accepted }, { status: failureStatus(result.code) });
  return redirect(`/claims/${result.result.id}?filed=1`);
}

export default function NewClaim() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  if (data.allClaimed) {
    return (
      <div className="page page--narrow">
        <PageHeader breadcrumbs={[{ to: "/claims", label: t("claims.title") }]} title={t("claims.new.title")} />
        <Panel data-testid="all-claimed">
          <EmptyState
            icon="shieldCheck"
            title={t("claims.new.allClaimedTitle")}
            body={t("claims.new.allClaimedBody")}
            action={
              <ul className="cluster" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {data.allClaimed.claims.map((claim) => (
                  <li key={claim.id}>
                    <Link to={`/claims/${claim.id}`} className="button button--secondary button--sm" data-testid="existing-claim">
                      <Icon name="shieldCheck" />
                      {t("claims.new.claimLink", { number: claim.number })} · {t(`claims.status.${claim.status}`, { defaultValue: claim.status })}
                    </Link>
                  </li>
                ))}
              </ul>
            }
          />
        </Panel>
      </div>
    );
  }
  if (!data.order || !data.precheck) {
    return (
      <div className="page page--narrow">
        <PageHeader breadcrumbs={[{ to: "/claims", label: t("claims.title") }]} title={t("claims.new.title")} />
        <Panel>
          <EmptyState
            icon="shieldCheck"
            title={t("claims.new.startFromDiscussion")}
            body={t("claims.new.startFromDiscussionBody")}
            action={
              <div className="cluster">
                <Link to="/discussions" className="button button--secondary button--sm">
                  <Icon name="message" />
                  {t("nav.discussions")}
                </Link>
                <Link to="/orders" className="button button--ghost button--sm">
                  <Icon name="bag" />
                  {t("nav.orders")}
                </Link>
              </div>
            }
          />
        </Panel>
      </div>
    );
  }
  return (
    <ClaimForm
      order={data.order}
      precheck={data.precheck}
      defaults={data.defaults}
      reasons={data.reasons}
      discussionId={data.discussionId}
      clauses={"clauses" in data ? data.clauses : []}
    />
  );
}

type Order = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["order"]>;

function ClaimForm({
  order,
  precheck,
  defaults,
  reasons,
  discussionId,
  clauses,
}: {
  order: Order;
  precheck: PrecheckView;
  defaults: { orderLineId: string; quantity: number }[];
  reasons: string[];
  discussionId: string | null;
  clauses: ConsentFieldClause[];
}) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>() as (ActionFailure & { accepted?: string[] }) | undefined;
  const navigation = useNavigation();
  const fetcher = useFetcher<typeof precheckLoader>();
  const errorsFor = useClaimFieldErrors(actionData);
  const [selection, setSelection] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(precheck.lines.map((l) => [l.orderLineId, defaults.find((d) => d.orderLineId === l.orderLineId)?.quantity ?? null])),
  );
  const [view, setView] = useState<PrecheckView>(precheck);
  const [refundNotReceived, setRefundNotReceived] = useState(false);
  const chosen = useMemo(
    () =>
      Object.entries(selection)
        .filter((entry): entry is [string, number] => entry[1] !== null)
        .map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
    [selection],
  );
  const key = `${encodeLines(chosen)}${refundNotReceived ? "&refundNotReceived=1" : ""}`;
  const firstRun = useRef(true);
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    if (!chosen.length || chosen.some((l) => !Number.isInteger(l.quantity) || l.quantity < 1)) return;
    const query = `orderId=${order.id}&lines=${encodeURIComponent(encodeLines(chosen))}${refundNotReceived ? "&refundNotReceived=1" : ""}`;
    const timer = setTimeout(() => fetcher.load(`/claims/precheck?${query}`), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => {
    if (fetcher.data && fetcher.data.ok) setView(fetcher.data.precheck);
  }, [fetcher.data]);
  const loading = fetcher.state !== "idle";
  const anyClaimable = view.lines.some((l) => l.ordered - l.alreadyClaimed > 0);
  const time = decisionTime(view.decisionHours);
  const lineErrors = errorsFor((name) => name === "lines" || name.startsWith("lines."));
  const submitting = navigation.state === "submitting";

  return (
    <div className="page">
      <PageHeader
        breadcrumbs={[{ to: "/claims", label: t("claims.title") }]}
        title={t("claims.new.title")}
        subtitle={t("claims.new.intro")}
        meta={
          discussionId ? (
            <Link to={`/discussions/${discussionId}`}>
              <Icon name="arrowLeft" /> {t("claims.new.backToDiscussion")}
            </Link>
          ) : null
        }
      />
      <Form method="post" encType="multipart/form-data" className="claim-form" noValidate data-testid="claim-form">
        <input type="hidden" name="orderId" value={order.id} />
        <div className="claim-form__errors">
          <ClaimFormError failure={actionData} />
        </div>
        <Panel title={t("claims.new.whatTitle")} className="claim-form__lines">
          <div className="stack">
            <DescriptionList
              variant="columns"
              items={[
                { term: t("orders.orderNumber"), value: <span className="mono">{order.number}</span> },
                { term: t("orders.seller"), value: order.sellerName },
                { term: t("orders.placedAt"), value: <DateTime value={order.placedAt} /> },
                { term: t("orders.payment"), value: t(`orders.${order.paymentMethod}`) },
              ]}
            />
            <fieldset className={`field ${lineErrors ? "field--invalid" : ""}`} aria-describedby={lineErrors ? "lines-error" : undefined}>
              <legend>{t("claims.new.linesLegend")}</legend>
              <ul className="line-picker">
                {view.lines.map((line) => {
                  const claimable = Math.max(0, line.ordered - line.alreadyClaimed);
                  const quantity = selection[line.orderLineId];
                  const checked = quantity !== null && quantity !== undefined;
                  return (
                    <li key={line.orderLineId} className={checked ? "is-selected" : undefined}>
                      <Checkbox
                        name="line"
                        value={line.orderLineId}
                        id={`line-${line.orderLineId}`}
                        checked={checked}
                        disabled={claimable === 0}
                        onChange={(event) => setSelection((s) => ({ ...s, [line.orderLineId]: event.target.checked ? claimable : null }))}
                        label={line.title}
                        hint={
                          <>
                            <Money amount={line.unitAmount} currency={order.currency} /> × {line.ordered}
                            {line.alreadyClaimed > 0 ? ` · ${t("claims.new.alreadyClaimed", { count: line.alreadyClaimed })}` : ""}
                          </>
                        }
                      />
                      {claimable > 1 && checked ? (
                        <div className="field field--sm line-picker__qty">
                          <label htmlFor={`qty-${line.orderLineId}`}>{t("claims.new.quantity")}</label>
                          <input
                            id={`qty-${line.orderLineId}`}
                            name={`qty-${line.orderLineId}`}
                            type="number"
                            inputMode="numeric"
                            min={1}
                            max={claimable}
                            step={1}
                            value={Number.isNaN(quantity) ? "" : quantity}
                            onChange={(event) => {
                              const raw = event.target.value;
                              setSelection((s) => ({ ...s, [line.orderLineId]: raw === "" ? NaN : Math.min(claimable, Math.max(1, Math.floor(Number(raw)))) }));
                            }}
                          />
                        </div>
                      ) : checked ? (
                        <input type="hidden" name={`qty-${line.orderLineId}`} value={claimable || line.ordered} />
                      ) : null}
                      {claimable === 0 ? <span className="subtle line-picker__note">{t("claims.new.nothingLeft")}</span> : null}
                    </li>
                  );
                })}
              </ul>
              {lineErrors ? (
                <p className="field__error" id="lines-error">
                  {lineErrors}
                </p>
              ) : null}
            </fieldset>
            <SelectField
              label={t("claims.new.reason")}
              name="reason"
              placeholder={t("claims.new.chooseReason")}
              defaultValue=""
              required
              options={reasons.map((value) => ({ value, label: t(`claims.reasons.${value}`) }))}
              errors={fieldErrors(actionData, "reason")}
            />
          </div>
        </Panel>
        <div className="claim-form__precheck stack">
          <PrecheckPanel precheck={view} audience="buyer" loading={loading} noLines={chosen.length === 0 && anyClaimable} />
          {view.settlements.length ? (
            <Panel>
              <Checkbox
                name="refundNotReceived"
                id="refundNotReceived"
                checked={refundNotReceived}
                onChange={(event) => setRefundNotReceived(event.target.checked)}
                label={t("claims.new.refundNotReceived")}
                hint={t("claims.new.refundNotReceivedHint")}
                data-testid="refund-not-received"
              />
            </Panel>
          ) : null}
        </div>
        <Panel title={t("claims.new.detailsTitle")} className="claim-form__details">
          <div className="stack">
            <TextAreaField
              label={t("claims.new.description")}
              name="description"
              rows={6}
              maxLength={CLAIM_DESCRIPTION_MAX_LENGTH}
              required
              hint={t("claims.new.descriptionHint")}
              errors={fieldErrors(actionData, "description")}
            />
            <Checkbox name="policeReport" label={t("claims.new.policeReport")} hint={t("claims.new.policeReportHint")} />
            <DocumentsField failure={actionData} />
            <ConsentFields clauses={clauses} accepted={actionData?.accepted} errors={actionData?.fieldErrors} />
          </div>
        </Panel>
        <div className="claim-form__submit stack stack--sm">
          <p className="subtle">
            {t("claims.new.personDecides")}{" "}
            {time.unit === "days" ? t("claims.precheck.decisionDays", { count: time.count }) : t("claims.precheck.decisionHours", { count: time.count })}.
          </p>
          <div className="form-actions">
            <SubmitButton size="lg" busyLabel={t("claims.new.sending")} data-testid="file-claim">
              {t("claims.new.submit")}
            </SubmitButton>
            <Link to="/claims" className="button button--ghost">
              {t("common.cancel")}
            </Link>
          </div>
          {submitting ? (
            <span className="visually-hidden" role="status">
              {t("claims.new.sending")}
            </span>
          ) : null}
        </div>
      </Form>
    </div>
  );
}
