import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { failureStatus, loadOr404, requireUser, runAction, type ActionFailure } from "~/infra/remix.server";
import { isDomainError } from "~/domain/errors";
import { getOrder, orderTotal } from "~/domain/marketplace/orders.server";
import {
  answerProposal,
  closeAsResolved,
  closeWithOutcome,
  escalateDiscussion,
  postMessage,
  proposeSolution,
  referToClaim,
  releaseDiscussion,
  takeDiscussion,
} from "~/domain/discussions/discussions.server";
import { discussionTimeline, getDiscussion, partyHistory } from "~/domain/discussions/queries.server";
import { transition } from "~/domain/discussions/state-machine";
import { isSellerOverdue } from "~/domain/discussions/views";
import { plnToGrosze } from "~/domain/shared/money";
import { discussionQualifies } from "~/domain/claims/precheck.server";
import { pickOption } from "~/components/helpers";
import { staffConsentPanel } from "~/components/consents/consent-records.server";
import { ConsentRecordsPanel } from "~/components/consents/consent-records";
import { Alert, Icon, PageHeader, Panel } from "~/components/ui";
import { readDiscussionForm, text, tooLargeFailure, typedValues } from "~/components/discussions/form-data.server";
import { DiscussionStatusBadge } from "~/components/discussions/badges";
import { DiscussionTimeline } from "~/components/discussions/discussion-timeline";
import { CloseWithOutcomeForm, Composer, DiscussionFormError, ReferToClaimForm, type DiscussionActionResult } from "~/components/discussions/forms";
import {
  AgentWorkPanel,
  BuyerActions,
  ClaimNotice,
  ClosedSummary,
  DeadlineMeta,
  DetailsPanel,
  OrderSidePanel,
  PartyHistoryPanel,
  ProposalCard,
  SellerActions,
} from "~/components/discussions/panels";
import type { DiscussionView, EventData, OrderSideView, PartyHistoryView, PartyRole, ProposalView, TimelineEntryView } from "~/components/discussions/types";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `D-${data.discussion.number}` : "Discussion"} · Trust & Safety` }];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Event data as plain values (ids, kinds, amounts): what the timeline needs, nothing nested. */
function plainData(data: Record<string, unknown> | undefined): EventData {
  const out: EventData = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) out[key] = value;
  }
  return out;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user, actor } = await requireUser(request, context);
  const { discussion: d, role: domainRole, state, actions } = await loadOr404(() => getDiscussion(ctx, params.discussionId ?? ""));
  if (domainRole === "SYSTEM") throw json({ code: "NOT_FOUND" }, { status: 404 });
  const role: PartyRole = domainRole;
  const agent = role === "AGENT";
  const [entries, order, history, consents] = await Promise.all([
    loadOr404(() => discussionTimeline(ctx, d)),
    agent ? loadOr404(() => getOrder(ctx, d.orderId)) : null,
    agent ? loadOr404(() => partyHistory(ctx, d.id)) : null,
    agent ? staffConsentPanel(ctx, actor, "DISCUSSION", d.id) : null,
  ]);
  const now = ctx.clock.now();

  // Before the 24 hours the buyer sees the button disabled, with the moment the domain will allow it.
  let escalationAvailableAt: string | null = null;
  if (role === "BUYER" && state.status === "OPEN" && !actions.includes("ESCALATE")) {
    const probe = transition(state, { type: "ESCALATE" }, { role, userId: user.id }, now);
    if (isDomainError(probe) && probe.code === "ESCALATION_TOO_EARLY" && typeof probe.params?.availableAt === "string") {
      escalationAvailableAt = probe.params.availableAt;
    }
  }

  const discussion: DiscussionView = {
    id: d.id,
    number: d.number,
    status: d.status,
    reason: d.reason,
    openedAt: d.openedAt.toISOString(),
    sellerResponseDueAt: d.sellerResponseDueAt.toISOString(),
    sellerRespondedAt: iso(d.sellerRespondedAt),
    sellerOverdue: isSellerOverdue(d, now),
    escalatedAt: iso(d.escalatedAt),
    assignedAt: iso(d.assignedAt),
    closedAt: iso(d.closedAt),
    resolution: d.resolution,
    outcome: d.outcome,
    outcomeAmount: d.outcomeAmount,
    closingNote: d.closingNote,
    currency: d.order.currency,
    order: { id: d.order.id, number: d.order.number, total: orderTotal(d.order) },
    buyer: { name: d.buyer.name, smart: !!d.buyer.smartUntil && d.buyer.smartUntil > now, isMe: d.buyerId === user.id },
    seller: { name: d.seller.name, isCompany: d.seller.isCompany, isMe: d.sellerId === user.id },
    // Parties see agents as "the platform": no agent names leave the server for them.
    assignedAgent: agent && d.assignedAgent ? { id: d.assignedAgent.id, name: d.assignedAgent.name, isMe: d.assignedAgent.id === user.id } : null,
    assigned: d.assignedAgentId !== null,
  };
  const proposals: ProposalView[] = d.proposals.map((p) => ({
    id: p.id,
    kind: p.kind,
    amount: p.amount,
    note: p.note,
    status: p.status,
    proposedByRole: p.proposedByRole,
    createdAt: p.createdAt.toISOString(),
  }));
  const timeline: TimelineEntryView[] = entries.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    actorRole: e.actorRole,
    actorName: e.actorName,
    type: e.type,
    body: e.body,
    visibility: e.visibility,
    attachments: e.attachments,
    // Which agent took a case stays with staff.
    data: e.kind === "event" ? plainData(e.data) : undefined,
  }));
  const orderView: OrderSideView | null = order
    ? {
        id: order.id,
        number: order.number,
        status: order.status,
        paymentMethod: order.paymentMethod,
        currency: order.currency,
        itemsAmount: order.itemsAmount,
        shippingAmount: order.shippingAmount,
        total: orderTotal(order),
        placedAt: order.placedAt.toISOString(),
        lines: order.lines.map((line) => ({ id: line.id, title: line.title, quantity: line.quantity, lineAmount: line.unitAmount * line.quantity })),
        shipments: order.shipments.map((s) => ({ id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: iso(s.shippedAt), deliveredAt: iso(s.deliveredAt) })),
      }
    : null;
  const historyView: PartyHistoryView | null = history
    ? {
        buyerTotal: history.buyerTotal.count,
        buyerDiscussions: history.buyerDiscussions.map((h) => ({
          id: h.id,
          number: h.number,
          reason: h.reason,
          status: h.status,
          resolution: h.resolution,
          openedAt: h.openedAt.toISOString(),
          sellerName: h.seller.name,
        })),
        seller: {
          due: history.seller.due,
          answeredOnTime: history.seller.answeredOnTime,
          overdue: history.seller.overdue,
          onTimeRate: history.seller.onTimeRate,
          overdueRate: history.seller.overdueRate,
        },
      }
    : null;
  return json({
    role,
    actions: actions as string[],
    now: now.toISOString(),
    discussion,
    proposals,
    pendingProposalId: state.pendingProposal?.id ?? null,
    timeline,
    escalationAvailableAt,
    // The buyer may go on to a claim once the discussion has run 24 hours and did not end by agreement.
    claimAvailable: role === "BUYER" && discussionQualifies(d, now),
    order: orderView,
    history: historyView,
    consents,
  });
}

const INTENTS = ["message", "propose", "accept", "decline", "escalate", "resolve", "take", "release", "close", "refer"] as const;
type Intent = (typeof INTENTS)[number];
const TYPED_FIELDS = ["body", "visibility", "informationRequest", "kind", "amount", "note", "outcome"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const id = params.discussionId ?? "";
  const read = await readDiscussionForm(request);
  if (!read.ok) return json({ ...read.failure, intent: "message" as string, values: {} as Record<string, string> }, { status: failureStatus(read.failure.code) });
  const { form, files } = read;
  const intent: Intent | undefined = pickOption(text(form, "intent"), INTENTS);
  const values = typedValues(form, TYPED_FIELDS);
  const fail = (failure: ActionFailure) => json({ ...failure, intent: (intent ?? "unknown") as string, values }, { status: failureStatus(failure.code) });
  const run = async (fn: () => Promise<unknown>) => {
    const result = await runAction(fn);
    return result.ok ? json({ ok: true as const, intent: intent as string }) : fail(result);
  };
  // Forms take złoty ("123,45"); the domain takes grosze. A malformed amount is a field error.
  const amount = (): { ok: true; value: number | null } | { ok: false; failure: ActionFailure } => {
    const parsed = plnToGrosze.safeParse(text(form, "amount"));
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      failure: { ok: false, code: "VALIDATION_FAILED", message: "The input is not valid", fieldErrors: { amount: parsed.error.issues.map((issue) => issue.message) } },
    };
  };
  if (read.oversized) return fail(tooLargeFailure(read.oversized));
  switch (intent) {
    case "message":
      return run(() =>
        postMessage(ctx, id, {
          body: text(form, "body"),
          visibility: pickOption(text(form, "visibility"), ["ALL", "BUYER", "SELLER"] as const),
          informationRequest: form.get("informationRequest") === "on",
          attachments: files,
        }),
      );
    case "propose": {
      const parsed = amount();
      if (!parsed.ok) return fail(parsed.failure);
      return run(() => proposeSolution(ctx, id, { kind: text(form, "kind"), amount: parsed.value, note: text(form, "note") }));
    }
    case "accept":
    case "decline":
      return run(() => answerProposal(ctx, id, text(form, "proposalId"), intent === "accept"));
    case "escalate":
      return run(() => escalateDiscussion(ctx, id));
    case "resolve":
      return run(() => closeAsResolved(ctx, id));
    case "take":
      return run(() => takeDiscussion(ctx, id));
    case "release":
      return run(() => releaseDiscussion(ctx, id));
    case "close": {
      const parsed = amount();
      if (!parsed.ok) return fail(parsed.failure);
      return run(() => closeWithOutcome(ctx, id, { outcome: text(form, "outcome"), amount: parsed.value, note: text(form, "note") }));
    }
    case "refer":
      return run(() => referToClaim(ctx, id, { note: text(form, "note") }));
    default:
      return fail({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}

const NOTICES = new Set(["opened", ...INTENTS]);

export default function DiscussionPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DiscussionActionResult | undefined;
  const [search] = useSearchParams();
  const { discussion, role, actions, now } = data;
  const agent = role === "AGENT";
  const pending = data.proposals.find((p) => p.id === data.pendingProposalId) ?? null;
  const notice = result ? (result.ok ? result.intent : null) : search.get("done");
  // A failure of a form that is no longer on the page (the state changed meanwhile) still needs saying.
  const shownForms = new Set<string>([
    ...(actions.includes("POST_MESSAGE") ? ["message"] : []),
    ...(actions.includes("PROPOSE_SOLUTION") && role === "SELLER" ? ["propose"] : []),
    ...(pending ? ["accept", "decline"] : []),
    ...(role === "BUYER" && (actions.includes("ESCALATE") || data.escalationAvailableAt || actions.includes("CLOSE_AS_RESOLVED")) ? ["escalate", "resolve"] : []),
    ...(agent && discussion.status !== "CLOSED" ? ["take", "release"] : []),
    ...(actions.includes("CLOSE_WITH_OUTCOME") ? ["close"] : []),
    ...(actions.includes("REFER_TO_CLAIM") ? ["refer"] : []),
  ]);
  const orphanFailure = result && !result.ok && !shownForms.has(result.intent) ? result : null;
  const readOnly = !agent && discussion.status !== "CLOSED" && actions.length === 0;

  const main = (
    <div>
      {agent ? <DetailsPanel discussion={discussion} viewer={role} now={now} variant="columns" /> : null}
      <ClosedSummary discussion={discussion} />
      {pending ? <ProposalCard proposal={pending} viewer={role} actions={actions} result={result} currency={discussion.currency} /> : null}
      {role === "SELLER" && discussion.status !== "CLOSED" && !discussion.sellerRespondedAt ? (
        <Alert tone={discussion.sellerOverdue ? "danger" : "warning"} data-testid="seller-deadline-notice">
          {discussion.sellerOverdue ? t("discussions.detail.youWereLate") : t("discussions.detail.answerWithin")}
        </Alert>
      ) : null}
      {role === "BUYER" && discussion.status === "OPEN" && discussion.sellerOverdue ? <Alert tone="warning">{t("discussions.detail.sellerLate")}</Alert> : null}
      {!agent && discussion.status === "ESCALATED" ? (
        <Alert tone="info" data-testid="with-platform">
          {t("discussions.detail.withPlatform")}
        </Alert>
      ) : null}
      {readOnly ? <Alert tone="info">{t("discussions.detail.readOnly")}</Alert> : null}
      {role === "BUYER" ? <BuyerActions actions={actions} escalationAvailableAt={data.escalationAvailableAt} result={result} /> : null}
      {data.claimAvailable ? <ClaimNotice discussion={discussion} /> : null}
      {role === "SELLER" ? <SellerActions discussion={discussion} actions={actions} result={result} hasPending={!!pending} /> : null}
      <Panel title={t("discussions.timeline.title")}>
        <DiscussionTimeline entries={data.timeline} viewer={role} discussion={discussion} proposals={data.proposals} />
      </Panel>
      {actions.includes("POST_MESSAGE") ? <Composer viewer={role} result={result} /> : null}
    </div>
  );
  const side = agent ? (
    <div>
      <AgentWorkPanel discussion={discussion} actions={actions} result={result} />
      {actions.includes("CLOSE_WITH_OUTCOME") ? <CloseWithOutcomeForm result={result} orderTotal={discussion.order.total} currency={discussion.currency} /> : null}
      {actions.includes("REFER_TO_CLAIM") ? <ReferToClaimForm result={result} /> : null}
      {data.order ? <OrderSidePanel order={data.order} /> : null}
      {data.history ? <PartyHistoryPanel history={data.history} buyerName={discussion.buyer.name} sellerName={discussion.seller.name} /> : null}
      {data.consents ? <ConsentRecordsPanel title={t("consentViews.panels.case")} records={data.consents} collapsed data-testid="case-consents" /> : null}
    </div>
  ) : (
    <div>
      <DetailsPanel discussion={discussion} viewer={role} now={now} />
    </div>
  );

  return (
    <div className="page" data-testid="discussion-page" data-role={role} data-status={discussion.status}>
      <PageHeader
        breadcrumbs={[agent ? { to: "/queue/discussions", label: t("discussions.queue.title") } : { to: "/discussions", label: t("discussions.title") }]}
        title={t("discussions.titleWithNumber", { number: discussion.number })}
        subtitle={t(`discussions.reasons.${discussion.reason}`)}
        meta={
          <>
            <DiscussionStatusBadge status={discussion.status} />
            <Link to={`/orders/${discussion.order.id}`}>
              <Icon name="bag" /> {t("discussions.detail.orderNumber", { number: discussion.order.number })}
            </Link>
            <span data-testid="parties">
              <Icon name="users" /> <span className="visually-hidden">{t("discussions.detail.buyer")}: </span>
              {discussion.buyer.isMe ? t("discussions.roles.you") : discussion.buyer.name} →{" "}
              <span className="visually-hidden">{t("discussions.detail.seller")}: </span>
              {discussion.seller.isMe ? t("discussions.roles.you") : discussion.seller.name}
            </span>
            <DeadlineMeta discussion={discussion} now={now} viewer={role} />
          </>
        }
      />
      {notice && NOTICES.has(notice) ? (
        <Alert tone="success" data-testid="notice">
          {t(`discussions.notices.${notice}`)}
        </Alert>
      ) : null}
      <DiscussionFormError failure={orphanFailure} />
      <div className="order-layout">
        {main}
        {side}
      </div>
    </div>
  );
}
