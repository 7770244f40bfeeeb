import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadOr404, requireUser, runAction, failure, can, type ActionFailure } from "~/infra/remix.server";
import { approveClaim, declineSecondApproval, provideDocuments, rejectClaim, requestDocuments, secondApproveClaim } from "~/domain/claims/claims.server";
import { claimTimeline, getClaim } from "~/domain/claims/queries.server";
import { maySeeRecovery } from "~/domain/claims/views";
import { DECISION_NOTE_MAX_LENGTH, REJECTION_REASONS } from "~/domain/claims/schemas";
import { fourEyesThreshold } from "~/domain/program-terms/terms.server";
import { agentNames } from "~/domain/claims/ui.queries.server";
import { plnToGrosze } from "~/domain/shared/money";
import {
  Alert,
  Badge,
  ConfirmButton,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  Icon,
  Money,
  PageHeader,
  Panel,
  SelectField,
  SubmitButton,
  TextAreaField,
  fieldErrors,
  type Column,
} from "~/components/ui";
import { ClaimStatusBadge, claimRef, useMoneyText } from "~/components/claims/claim-status";
import { ClaimDeadline } from "~/components/claims/claim-deadline";
import { ClaimTimeline } from "~/components/claims/claim-timeline";
import { ClaimFormError } from "~/components/claims/claim-error";
import { DocumentList, DocumentsField } from "~/components/claims/documents";
import { PrecheckPanel, RefundWarning } from "~/components/claims/precheck-panel";
import { precheckView } from "~/components/claims/precheck-data";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";
import claimsStyles from "~/components/claims/claims.css";

export const links = () => [{ rel: "stylesheet", href: claimsStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? claimRef(data.claim.number) : "Claim"} · Trust & Safety` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requireUser(request, context);
  const claimId = params.claimId ?? "";
  const view = await loadOr404(() => getClaim(ctx, claimId));
  const events = await loadOr404(() => claimTimeline(ctx, claimId));
  const { claim, agentView } = view;
  const staff = agentView !== null;
  const names = staff
    ? await agentNames(
        ctx,
        events.map((e) => e.actorId).filter((id): id is string => !!id),
      )
    : {};
  const now = ctx.clock.now();
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const role = view.role as "BUYER" | "SELLER" | "AGENT";
  return json({
    now: now.toISOString(),
    role,
    actions: view.actions,
    deadline: view.deadline,
    claim: {
      id: claim.id,
      number: claim.number,
      status: claim.status,
      reason: claim.reason,
      description: claim.description,
      policeReport: claim.policeReport,
      filedAt: claim.filedAt.toISOString(),
      decisionDueAt: claim.decisionDueAt.toISOString(),
      pausedAt: iso(claim.pausedAt),
      smart: claim.smartAtFiling,
      itemsAmount: claim.itemsAmount,
      shippingAmount: claim.shippingAmount,
      maxAmount: claim.maxAmount,
      settledAmount: claim.settledAmount,
      refundNotReceived: claim.refundNotReceived,
      approvedAmount: claim.approvedAmount,
      currency: claim.currency,
      decidedAt: iso(claim.decidedAt),
      rejectionReason: claim.rejectionReason,
      decisionNote: claim.decisionNote,
      firstApprovedAt: iso(claim.firstApprovedAt),
      secondApprovedAt: iso(claim.secondApprovedAt),
      // Which agent decided is for staff; parties hear from "the platform".
      firstApprover: staff && claim.firstApprover ? { name: claim.firstApprover.name, isMe: claim.firstApprover.id === user.id } : null,
      secondApprover: staff && claim.secondApprover ? { name: claim.secondApprover.name, isMe: claim.secondApprover.id === user.id } : null,
      terms: { version: claim.terms.version, name: claim.terms.name },
      order: {
        id: claim.order.id,
        number: claim.order.number,
        paymentMethod: claim.order.paymentMethod,
        placedAt: claim.order.placedAt.toISOString(),
        total: claim.order.itemsAmount + claim.order.shippingAmount,
      },
      lines: claim.lines
        .map((l) => ({
          id: l.id,
          position: l.orderLine.position,
          title: l.orderLine.title,
          quantity: l.quantity,
          unitAmount: l.orderLine.unitAmount,
          amount: l.amount,
        }))
        .sort((a, b) => a.position - b.position),
      buyer: { name: claim.buyer.name },
      seller: { name: claim.seller.name },
      discussion: claim.discussion ? { id: claim.discussion.id, number: claim.discussion.number, status: claim.discussion.status } : null,
      documents: claim.documents.map((d) => ({
        id: d.id,
        fileName: d.fileName,
        contentType: d.contentType,
        sizeBytes: d.sizeBytes,
        createdAt: d.createdAt.toISOString(),
      })),
      payout: claim.payout
        ? {
            status: claim.payout.status,
            amount: claim.payout.amount,
            executedAt: iso(claim.payout.executedAt),
            transferReference: claim.payout.transferReference,
          }
        : null,
      recovery:
        maySeeRecovery(actor, claim) && claim.recovery
          ? { amount: claim.recovery.amount, status: claim.recovery.status, createdAt: claim.recovery.createdAt.toISOString() }
          : null,
    },
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      actorRole: e.actorRole,
      actorName: e.actorId ? names[e.actorId] ?? null : null,
      data: e.data ?? {},
      note: e.note,
    })),
    agent: agentView
      ? {
          precheck: precheckView(agentView.precheck, claim.order),
          buyerClaims: agentView.buyerClaims.map((c) => ({ ...c, filedAt: c.filedAt.toISOString() })),
          buyerClaimCount: agentView.buyerClaimCount,
          sellerClaims: agentView.sellerClaims.map((g) => ({ status: g.status, count: g._count._all, amount: g._sum.approvedAmount ?? 0 })),
          sellerDiscussions: agentView.sellerDiscussions,
          fourEyesThreshold: await fourEyesThreshold(ctx.db),
          canSecondApprove: can(actor, "secondApprove", "claim"),
          isFirstApprover: claim.firstApproverId === user.id,
          rejectionReasons: [...REJECTION_REASONS],
        }
      : null,
  });
}

const INTENTS = ["approveFull", "approvePartial", "reject", "requestDocuments", "provideDocuments", "secondApprove", "declineSecond"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const claimId = params.claimId ?? "";
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(Object.assign(parsed.failure, { intent: "provideDocuments" as Intent }));
  const form = parsed.form;
  const intent = String(form.get("intent") ?? "") as Intent;
  const text = (name: string) => String(form.get(name) ?? "");
  const run = async (fn: () => Promise<unknown>) => {
    const result = await runAction(fn);
    return result.ok ? redirect(`/claims/${claimId}?done=${intent}`) : failure(Object.assign(result, { intent }));
  };
  switch (intent) {
    case "approveFull":
      return run(() => approveClaim(ctx, claimId, {}));
    case "approvePartial": {
      const amount = plnToGrosze.safeParse(text("amount"));
      if (!amount.success || amount.data === null) {
        const message = amount.success ? "Required" : amount.error.issues[0]?.message ?? "Enter an amount like 123,45";
        return failure({
          ok: false,
          code: "VALIDATION_FAILED",
          message: "The input is not valid",
          fieldErrors: { amount: [message] },
          intent,
        } as ActionFailure & { intent: Intent });
      }
      return run(() => approveClaim(ctx, claimId, { amount: amount.data ?? undefined, note: text("note") }));
    }
    case "reject":
      return run(() => rejectClaim(ctx, claimId, { reason: text("reason"), note: text("note") }));
    case "requestDocuments":
      return run(() => requestDocuments(ctx, claimId, { note: text("note") }));
    case "provideDocuments": {
      const documents = await documentsFrom(form);
      return run(() => provideDocuments(ctx, claimId, { documents }));
    }
    case "secondApprove":
      return run(() => secondApproveClaim(ctx, claimId));
    case "declineSecond":
      return run(() => declineSecondApproval(ctx, claimId, { note: text("note") }));
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Claim = Data["claim"];
type ActionResult = ActionFailure & { intent?: Intent };

function useFailure(...intents: Intent[]): ActionResult | undefined {
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return data && !data.ok && data.intent && intents.includes(data.intent) ? data : undefined;
}

export default function ClaimPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { claim, role } = data;
  const [params] = useSearchParams();
  const done = params.get("done");
  const open = ["SUBMITTED", "AWAITING_DOCUMENTS", "AWAITING_SECOND_APPROVAL"].includes(claim.status);
  const unknownFailure = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div className="page" data-testid="claim-page" data-status={claim.status}>
      <PageHeader
        breadcrumbs={[role === "AGENT" ? { to: "/queue/claims", label: t("nav.claimQueue") } : { to: "/claims", label: t("claims.title") }]}
        title={t("claims.detail.title", { ref: claimRef(claim.number) })}
        subtitle={t(`claims.reasons.${claim.reason}`)}
        meta={
          <>
            <ClaimStatusBadge status={claim.status} />
            {open && !claim.pausedAt ? (
              <span className="cluster cluster--tight">
                {t("claims.detail.decisionBy")} <DateTime value={claim.decisionDueAt} />{" "}
                <ClaimDeadline dueAt={claim.decisionDueAt} now={data.now} paused={!!claim.pausedAt} data-testid="claim-deadline" />
              </span>
            ) : null}
            {open && claim.pausedAt ? <ClaimDeadline dueAt={claim.decisionDueAt} now={data.now} paused data-testid="claim-deadline" /> : null}
            {claim.smart ? <Badge tone="accent">SMART</Badge> : null}
          </>
        }
      />
      {done ? <Alert tone="success">{t(`claims.done.${done}`, { defaultValue: t("claims.done.generic") })}</Alert> : null}
      {params.get("filed") ? (
        <Alert tone="success" title={t("claims.detail.filedTitle")} data-testid="claim-filed">
          {t("claims.detail.filedBody")}
        </Alert>
      ) : null}
      {unknownFailure && !unknownFailure.ok && !unknownFailure.intent ? <ClaimFormError failure={unknownFailure} /> : null}
      {role === "AGENT" && data.agent ? <AgentView /> : <PartyView />}
    </div>
  );
}

// ───────────────────────────── buyer and seller ─────────────────────────────

function PartyView() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { claim, role } = data;
  return (
    <div className="order-layout">
      <div>
        <StatusPanel />
        {role === "BUYER" && data.actions.includes("PROVIDE_DOCUMENTS") && claim.status === "AWAITING_DOCUMENTS" ? <UploadPanel /> : null}
        <Panel title={t("claims.detail.historyTitle")}>
          <ClaimTimeline events={data.events} viewer={role} currency={claim.currency} />
        </Panel>
        {role === "BUYER" && data.actions.includes("PROVIDE_DOCUMENTS") && claim.status !== "AWAITING_DOCUMENTS" ? <UploadPanel /> : null}
      </div>
      <div>
        <AmountsPanel claim={claim} />
        {role === "SELLER" ? <RecoveryPanel claim={claim} /> : null}
        <DetailsPanel claim={claim} />
        <Panel title={t("claims.documents.title")}>
          <DocumentList documents={claim.documents} />
        </Panel>
      </div>
    </div>
  );
}

/** What is happening now, in the party's words. */
function StatusPanel() {
  const { t } = useTranslation();
  const { claim, role, events } = useLoaderData<typeof loader>();
  const moneyText = useMoneyText();
  // What the platform asked for: the note of the latest request for documents.
  const requested = [...events].reverse().find((e) => e.type === "DOCUMENTS_REQUESTED");
  const requestNote = requested && typeof requested.data.note === "string" ? requested.data.note : null;
  const money = (amount: number | null) => <Money amount={amount} currency={claim.currency} />;
  const seller = role === "SELLER";
  switch (claim.status) {
    case "SUBMITTED":
      return (
        <Alert tone="info" title={t("claims.party.submittedTitle")} data-testid="claim-state">
          {seller ? t("claims.party.submittedSeller") : t("claims.party.submittedBuyer")}
        </Alert>
      );
    case "AWAITING_DOCUMENTS":
      return (
        <Alert tone="warning" title={seller ? t("claims.party.documentsTitleSeller") : t("claims.party.documentsTitle")} data-testid="claim-state">
          <div className="stack stack--sm">
            {!seller && requestNote ? (
              <p className="quote" data-testid="documents-request">
                {requestNote}
              </p>
            ) : null}
            <p>{t("claims.party.paused")}</p>
          </div>
        </Alert>
      );
    case "AWAITING_SECOND_APPROVAL":
      return (
        <Alert tone="info" title={t("claims.party.secondTitle")} data-testid="claim-state">
          {t("claims.party.secondBody", { amount: moneyText(claim.approvedAmount, claim.currency) })}
        </Alert>
      );
    case "APPROVED":
      return (
        <Alert tone="success" title={t("claims.party.approvedTitle")} data-testid="claim-state">
          {seller ? t("claims.party.approvedSeller") : t("claims.party.approvedBuyer")} {money(claim.approvedAmount)}
          <Decision claim={claim} />
        </Alert>
      );
    case "PAID":
      return (
        <Alert tone="success" title={seller ? t("claims.party.paidTitleSeller") : t("claims.party.paidTitle")} data-testid="claim-state">
          <div className="stack stack--sm">
            <div data-testid="claim-paid">
              {seller ? t("claims.party.paidSeller") : t("claims.party.paidBuyer")} <strong>{money(claim.payout?.amount ?? claim.approvedAmount)}</strong>
              {claim.payout?.executedAt ? (
                <>
                  {" · "}
                  <DateTime value={claim.payout.executedAt} />
                </>
              ) : null}
            </div>
            {claim.payout?.transferReference && !seller ? (
              <div>
                {t("claims.payout.reference")}: <span className="mono nowrap">{claim.payout.transferReference}</span>
              </div>
            ) : null}
            <Decision claim={claim} />
          </div>
        </Alert>
      );
    case "REJECTED":
      return (
        <Alert tone="danger" title={t("claims.party.rejectedTitle")} data-testid="claim-state">
          <Decision claim={claim} />
        </Alert>
      );
    default:
      return null;
  }
}

/** The decision's reasons as the buyer sees them. */
function Decision({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  if (!claim.rejectionReason && !claim.decisionNote) return null;
  return (
    <div className="stack stack--sm" data-testid="claim-decision">
      {claim.rejectionReason ? (
        <p>
          <strong>{t("claims.detail.rejectionReason")}:</strong> {t(`claims.rejectionReasons.${claim.rejectionReason}`)}
        </p>
      ) : null}
      {claim.decisionNote ? (
        <>
          <strong>{t("claims.detail.decisionNote")}:</strong>
          <p className="quote">{claim.decisionNote}</p>
        </>
      ) : null}
    </div>
  );
}

function UploadPanel() {
  const { t } = useTranslation();
  const { claim } = useLoaderData<typeof loader>();
  const result = useFailure("provideDocuments");
  const requested = claim.status === "AWAITING_DOCUMENTS";
  return (
    <Panel title={requested ? t("claims.documents.sendRequested") : t("claims.documents.addMore")} data-testid="upload-documents">
      <Form method="post" encType="multipart/form-data" className="stack">
        <ClaimFormError failure={result} />
        <DocumentsField failure={result} />
        <div className="form-actions">
          <SubmitButton name="intent" value="provideDocuments" busyLabel={t("claims.documents.sending")}>
            <Icon name="file" />
            {t("claims.documents.send")}
          </SubmitButton>
        </div>
      </Form>
    </Panel>
  );
}

function AmountsPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const paid = claim.payout?.status === "EXECUTED";
  return (
    <Panel title={t("claims.detail.amounts")}>
      <dl className="claim-amounts" data-testid="claim-amounts">
        <div>
          <dt>{t("claims.detail.maxAmount")}</dt>
          <dd>
            <Money amount={claim.maxAmount} currency={claim.currency} />
          </dd>
        </div>
        <div className={claim.approvedAmount !== null && !paid ? "is-key" : undefined}>
          <dt>{t("claims.detail.approvedAmount")}</dt>
          <dd>
            <Money amount={claim.approvedAmount} currency={claim.currency} />
          </dd>
        </div>
        <div className={paid ? "is-key" : undefined}>
          <dt>{t("claims.detail.paidAmount")}</dt>
          <dd data-testid="claim-paid-amount">{paid ? <Money amount={claim.payout!.amount} currency={claim.currency} /> : "—"}</dd>
        </div>
      </dl>
    </Panel>
  );
}

function RecoveryPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const { role } = useLoaderData<typeof loader>();
  return (
    <Panel title={role === "AGENT" ? t("claims.recovery.titleStaff") : t("claims.recovery.title")} data-testid="claim-recovery">
      {claim.recovery ? (
        <DescriptionList
          items={[
            { term: t("claims.recovery.amount"), value: <Money amount={claim.recovery.amount} currency={claim.currency} /> },
            { term: t("claims.recovery.status"), value: t(`claims.recovery.${claim.recovery.status}`) },
            { term: t("claims.recovery.since"), value: <DateTime value={claim.recovery.createdAt} /> },
          ]}
        />
      ) : (
        <p className="subtle">{t("claims.recovery.none")}</p>
      )}
    </Panel>
  );
}

function DetailsPanel({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const { role } = useLoaderData<typeof loader>();
  return (
    <Panel title={t("claims.detail.detailsTitle")}>
      <div className="stack">
        <DescriptionList
          items={[
            // Agents see the order and the parties in their own panel.
            ...(role === "AGENT"
              ? []
              : [
                  {
                    term: t("orders.orderNumber"),
                    value: (
                      <Link to={`/orders/${claim.order.id}`} className="mono">
                        {claim.order.number}
                      </Link>
                    ),
                  },
                  { term: role === "SELLER" ? t("orders.buyer") : t("orders.seller"), value: role === "SELLER" ? claim.buyer.name : claim.seller.name },
                ]),
            { term: t("claims.detail.filedAt"), value: <DateTime value={claim.filedAt} /> },
            { term: t("claims.detail.reason"), value: t(`claims.reasons.${claim.reason}`) },
            {
              term: t("claims.detail.items"),
              value: (
                <ul className="record-list">
                  {claim.lines.map((line) => (
                    <li key={line.id}>
                      <span>
                        {line.title} × {line.quantity}
                      </span>
                      <Money amount={line.amount} currency={claim.currency} />
                    </li>
                  ))}
                </ul>
              ),
            },
            { term: t("claims.detail.policeReport"), value: claim.policeReport ? t("common.yes") : t("common.no") },
            { term: t("claims.detail.terms"), value: `${claim.terms.name} · ${claim.terms.version}` },
            ...(claim.discussion && role !== "AGENT"
              ? [
                  {
                    term: t("claims.detail.discussion"),
                    value: <Link to={`/discussions/${claim.discussion.id}`}>D-{claim.discussion.number}</Link>,
                  },
                ]
              : []),
          ]}
        />
        <div className="stack stack--sm">
          <h3 className="subsection-title">{t("claims.detail.description")}</h3>
          <p className="quote">{claim.description}</p>
        </div>
      </div>
    </Panel>
  );
}

// ───────────────────────────── agents ─────────────────────────────

function AgentView() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const agent = data.agent!;
  const { claim } = data;
  return (
    <div className="order-layout">
      <div>
        <AmountsPanel claim={claim} />
        <PrecheckPanel precheck={agent.precheck} audience="agent" />
        <DetailsPanel claim={claim} />
        <Panel title={t("claims.documents.title")}>
          <DocumentList documents={claim.documents} />
        </Panel>
        <Panel title={t("claims.detail.historyTitle")}>
          <ClaimTimeline events={data.events} viewer="AGENT" currency={claim.currency} />
        </Panel>
      </div>
      <div>
        <DecisionPanel />
        <Panel title={t("claims.agent.orderTitle")}>
          <DescriptionList
            items={[
              {
                term: t("orders.orderNumber"),
                value: (
                  <Link to={`/orders/${claim.order.id}`} className="mono">
                    {claim.order.number}
                  </Link>
                ),
              },
              { term: t("orders.placedAt"), value: <DateTime value={claim.order.placedAt} /> },
              { term: t("orders.payment"), value: t(`orders.${claim.order.paymentMethod}`) },
              { term: t("orders.total"), value: <Money amount={claim.order.total} currency={claim.currency} /> },
              { term: t("orders.buyer"), value: claim.buyer.name },
              { term: t("orders.seller"), value: claim.seller.name },
              {
                term: t("claims.detail.discussion"),
                value: claim.discussion ? <Link to={`/discussions/${claim.discussion.id}`}>D-{claim.discussion.number}</Link> : t("common.none"),
              },
            ]}
          />
        </Panel>
        <BuyerHistory />
        <SellerRecord />
        {claim.recovery ? <RecoveryPanel claim={claim} /> : null}
      </div>
    </div>
  );
}

function DecisionPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { claim, actions } = data;
  const agent = data.agent!;
  const moneyText = useMoneyText();
  if (claim.status === "AWAITING_SECOND_APPROVAL") return <SecondApprovalPanel />;
  const decides = actions.some((a) => a === "APPROVE" || a === "REJECT" || a === "REQUEST_DOCUMENTS");
  if (!decides) {
    return (
      <Panel title={t("claims.agent.decisionTitle")} data-testid="decision-panel">
        <p className="subtle">{t(`claims.agent.closed.${claim.status}`, { defaultValue: t("claims.agent.noActions") })}</p>
        {claim.firstApprover ? (
          <p className="subtle">
            {t("claims.agent.approvedBy", { name: claim.firstApprover.name })}
            {claim.secondApprover ? ` · ${t("claims.agent.secondBy", { name: claim.secondApprover.name })}` : ""}
          </p>
        ) : null}
      </Panel>
    );
  }
  const aboveFourEyes = claim.maxAmount > agent.fourEyesThreshold;
  const settlements = agent.precheck.settlements;
  return (
    <Panel title={t("claims.agent.decisionTitle")} subtitle={t("claims.agent.decisionIntro")} data-testid="decision-panel">
      {claim.refundNotReceived && settlements.length ? <RefundWarning settlement={settlements[settlements.length - 1]} /> : null}
      {actions.includes("APPROVE") ? (
        <section className="decision-section">
          <h3>{t("claims.agent.approveFullTitle")}</h3>
          <p>
            {t("claims.agent.approveFullBody")}{" "}
            <strong>
              <Money amount={claim.maxAmount} currency={claim.currency} />
            </strong>
          </p>
          {aboveFourEyes ? (
            <Alert tone="info">{t("claims.agent.fourEyesNote", { threshold: moneyText(agent.fourEyesThreshold, claim.currency) })}</Alert>
          ) : null}
          <ApproveFullForm />
        </section>
      ) : null}
      {actions.includes("APPROVE") ? <PartialForm /> : null}
      {actions.includes("REJECT") ? <RejectForm /> : null}
      {actions.includes("REQUEST_DOCUMENTS") ? <RequestDocumentsForm /> : null}
    </Panel>
  );
}

function ApproveFullForm() {
  const { t } = useTranslation();
  const { claim } = useLoaderData<typeof loader>();
  const moneyText = useMoneyText();
  const result = useFailure("approveFull");
  return (
    <Form method="post" className="stack stack--sm">
      <ClaimFormError failure={result} />
      <div>
        <ConfirmButton
          name="intent"
          value="approveFull"
          variant="primary"
          message={t("claims.agent.approveFullConfirm", { amount: moneyText(claim.maxAmount, claim.currency) })}
          confirmLabel={
            <>
              {t("claims.agent.approveFullYes")} <Money amount={claim.maxAmount} currency={claim.currency} />
            </>
          }
          data-testid="approve-full"
        >
          <Icon name="check" />
          {t("claims.agent.approveFull")}
        </ConfirmButton>
      </div>
    </Form>
  );
}

function PartialForm() {
  const { t } = useTranslation();
  const { claim } = useLoaderData<typeof loader>();
  const moneyText = useMoneyText();
  const result = useFailure("approvePartial");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.partialTitle")}</h3>
      <Form method="post" className="stack" data-testid="approve-partial">
        <ClaimFormError failure={result} />
        <div className="form-grid">
          <Field
            label={t("claims.agent.amount")}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0,00"
            hint={t("claims.agent.amountHint", { max: moneyText(claim.maxAmount, claim.currency) })}
            errors={fieldErrors(result, "amount")}
          />
        </div>
        <TextAreaField
          label={t("claims.agent.noteForBuyer")}
          name="note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          hint={t("claims.agent.noteForBuyerHint")}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="approvePartial" variant="secondary">
            {t("claims.agent.approvePartial")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function RejectForm() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useFailure("reject");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.rejectTitle")}</h3>
      <Form method="post" className="stack" data-testid="reject">
        <ClaimFormError failure={result} />
        <SelectField
          label={t("claims.agent.rejectionReason")}
          name="reason"
          id="field-reject-reason"
          placeholder={t("claims.agent.chooseReason")}
          defaultValue=""
          options={data.agent!.rejectionReasons.map((value) => ({ value, label: t(`claims.rejectionReasons.${value}`) }))}
          errors={fieldErrors(result, "reason")}
        />
        <TextAreaField
          label={t("claims.agent.noteForBuyer")}
          name="note"
          id="field-reject-note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          hint={t("claims.agent.noteForBuyerHint")}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <ConfirmButton name="intent" value="reject" message={t("claims.agent.rejectConfirm")} confirmLabel={t("claims.agent.rejectYes")}>
            {t("claims.agent.reject")}
          </ConfirmButton>
        </div>
      </Form>
    </section>
  );
}

function RequestDocumentsForm() {
  const { t } = useTranslation();
  const result = useFailure("requestDocuments");
  return (
    <section className="decision-section">
      <h3>{t("claims.agent.requestTitle")}</h3>
      <p className="subtle">{t("claims.agent.requestIntro")}</p>
      <Form method="post" className="stack" data-testid="request-documents">
        <ClaimFormError failure={result} />
        <TextAreaField
          label={t("claims.agent.requestNote")}
          name="note"
          id="field-request-note"
          rows={3}
          maxLength={DECISION_NOTE_MAX_LENGTH}
          errors={fieldErrors(result, "note")}
        />
        <div className="form-actions">
          <SubmitButton name="intent" value="requestDocuments" variant="secondary">
            {t("claims.agent.requestDocuments")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function SecondApprovalPanel() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { claim, actions } = data;
  const agent = data.agent!;
  const moneyText = useMoneyText();
  const result = useFailure("secondApprove");
  const declineResult = useFailure("declineSecond");
  const canAct = actions.includes("SECOND_APPROVE");
  return (
    <Panel title={t("claims.agent.secondTitle")} data-testid="second-approval">
      <div className="stack">
        <p>
          {t("claims.agent.secondIntro", {
            name: claim.firstApprover?.name ?? "—",
            amount: moneyText(claim.approvedAmount, claim.currency),
            threshold: moneyText(agent.fourEyesThreshold, claim.currency),
          })}{" "}
          {claim.firstApprovedAt ? <DateTime value={claim.firstApprovedAt} /> : null}
        </p>
        <Alert tone="warning" data-testid="four-eyes-rule">
          {t("claims.agent.fourEyesRule")}
        </Alert>
        {agent.isFirstApprover ? (
          <Alert tone="info" data-testid="first-approver-note">
            {t("claims.agent.youApprovedFirst")}
          </Alert>
        ) : !agent.canSecondApprove ? (
          <p className="subtle">{t("claims.agent.needsSenior")}</p>
        ) : null}
        {canAct ? (
          <>
            <Form method="post" className="stack stack--sm">
              <ClaimFormError failure={result} />
              <div>
                <ConfirmButton
                  name="intent"
                  value="secondApprove"
                  variant="primary"
                  message={t("claims.agent.secondConfirm", { amount: moneyText(claim.approvedAmount, claim.currency) })}
                  confirmLabel={t("claims.agent.secondYes")}
                  data-testid="second-approve"
                >
                  <Icon name="shieldCheck" />
                  {t("claims.agent.secondApprove")}
                </ConfirmButton>
              </div>
            </Form>
            <section className="decision-section">
              <h3>{t("claims.agent.declineTitle")}</h3>
              <Form method="post" className="stack">
                <ClaimFormError failure={declineResult} />
                <TextAreaField
                  label={t("claims.agent.declineNote")}
                  name="note"
                  id="field-decline-note"
                  rows={3}
                  maxLength={DECISION_NOTE_MAX_LENGTH}
                  hint={t("claims.agent.declineHint")}
                  errors={fieldErrors(declineResult, "note")}
                />
                <div className="form-actions">
                  <SubmitButton name="intent" value="declineSecond" variant="danger">
                    {t("claims.agent.decline")}
                  </SubmitButton>
                </div>
              </Form>
            </section>
          </>
        ) : (
          <ClaimFormError failure={result ?? declineResult} />
        )}
      </div>
    </Panel>
  );
}

function BuyerHistory() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const agent = data.agent!;
  type Row = (typeof agent.buyerClaims)[number];
  // The side column is narrow: the reason and the date go under the claim's reference.
  const columns: Column<Row>[] = [
    {
      key: "number",
      header: t("claims.list.claim"),
      primary: true,
      cell: (c) => (
        <span className="cell-stack">
          <Link to={`/claims/${c.id}`}>{claimRef(c.number)}</Link>
          <ClaimStatusBadge status={c.status} />
          <span className="subtle">
            {t(`claims.reasons.${c.reason}`)} · <DateTime value={c.filedAt} dateOnly />
          </span>
        </span>
      ),
    },
    {
      key: "approved",
      header: t("claims.detail.approvedAmount"),
      numeric: true,
      cell: (c) => <Money amount={c.approvedAmount} currency={data.claim.currency} />,
    },
  ];
  return (
    <Panel
      title={t("claims.agent.buyerHistory")}
      subtitle={t("claims.agent.buyerHistoryCount", { count: agent.buyerClaimCount })}
      flush
      data-testid="buyer-history"
    >
      <DataTable
        caption={t("claims.agent.buyerHistory")}
        columns={columns}
        rows={agent.buyerClaims}
        rowKey={(c) => c.id}
        dense
        empty={<EmptyState compact icon="shieldCheck" title={t("claims.agent.firstClaim")} />}
      />
    </Panel>
  );
}

function SellerRecord() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const agent = data.agent!;
  const record = agent.sellerDiscussions;
  const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
  return (
    <Panel title={t("claims.agent.sellerRecord", { name: data.claim.seller.name })} data-testid="seller-record">
      <div className="stack">
        <div className="stack stack--sm">
          <h3 className="subsection-title">{t("claims.agent.sellerClaims")}</h3>
          {agent.sellerClaims.length ? (
            <ul className="record-list">
              {agent.sellerClaims.map((g) => (
                <li key={g.status}>
                  <span>
                    <ClaimStatusBadge status={g.status} /> × {g.count}
                  </span>
                  {g.amount ? <Money amount={g.amount} currency={data.claim.currency} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="subtle">{t("claims.agent.noSellerClaims")}</p>
          )}
        </div>
        {record ? (
          <div className="stack stack--sm">
            <h3 className="subsection-title">{t("claims.agent.sellerDiscussions")}</h3>
            <ul className="record-list">
              <li>
                <span>{t("claims.agent.discussionsTotal")}</span>
                <strong>{record.discussions}</strong>
              </li>
              <li>
                <span>{t("claims.agent.onTime")}</span>
                <strong>{percent(record.onTimeRate)}</strong>
              </li>
              <li>
                <span>{t("claims.agent.overdue")}</span>
                <strong>{record.overdue}</strong>
              </li>
            </ul>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
