import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { loadOr404, requireUser, can } from "~/infra/remix.server";
import { claimTimeline, getClaim } from "~/domain/claims/queries.server";
import { maySeeRecovery } from "~/domain/claims/views";
import { REJECTION_REASONS } from "~/domain/claims/schemas";
import { fourEyesThreshold } from "~/domain/program-terms/terms.server";
import { agentNames } from "~/domain/claims/ui.queries.server";
import { precheckView } from "~/components/claims/precheck-data";
import { staffConsentPanel } from "~/components/consents/consent-records.server";

/**
 * The claim page's view data: the claim as its viewer may see it, its timeline, and for staff the precheck,
 * the buyer's and seller's records and what the agent may decide.
 */
export async function claimPageLoader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, actor, user } = await requireUser(request, context);
  const claimId = params.claimId ?? "";
  // Independent reads (each checks the viewer may see the claim), sent together.
  const [view, events] = await Promise.all([loadOr404(() => getClaim(ctx, claimId)), loadOr404(() => claimTimeline(ctx, claimId))]);
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
          consents: await staffConsentPanel(ctx, actor, "CLAIM", claim.id),
        }
      : null,
  });
}
