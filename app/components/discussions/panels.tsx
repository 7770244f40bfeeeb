import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import { Alert, Badge, ConfirmButton, DateTime, DescriptionList, Icon, Money, Panel, StatusBadge, SubmitButton } from "~/components/ui";
import { DiscussionStatusBadge, OverdueBadge, SellerAnswerState, usePercent } from "./badges";
import { DiscussionFormError, failureOf, ProposeForm, type DiscussionActionResult } from "./forms";
import type { DiscussionView, OrderSideView, PartyHistoryView, PartyRole, ProposalView } from "./types";

// The panels of the discussion page. Which of them appear follows the domain's `actions` for the person.

/** How the discussion ended: the resolution in words, the outcome, the amount and the platform's note. */
export function ClosedSummary({ discussion }: { discussion: DiscussionView }) {
  const { t } = useTranslation();
  if (discussion.status !== "CLOSED") return null;
  return (
    <Panel title={t("discussions.detail.closedTitle")} data-testid="closed-summary">
      <div className="stack stack--sm">
        {discussion.resolution ? <p data-testid="resolution">{t(`discussions.resolutions.${discussion.resolution}`)}</p> : null}
        <DescriptionList
          items={[
            ...(discussion.outcome ? [{ term: t("discussions.detail.outcome"), value: <strong data-testid="outcome">{t(`discussions.outcomes.${discussion.outcome}`)}</strong> }] : []),
            ...(discussion.outcomeAmount !== null ? [{ term: t("discussions.detail.amount"), value: <Money amount={discussion.outcomeAmount} currency={discussion.currency} /> }] : []),
            ...(discussion.closingNote
              ? [{ term: t("discussions.detail.platformNote"), value: <span style={{ whiteSpace: "pre-line" }} data-testid="closing-note">{discussion.closingNote}</span> }]
              : []),
            { term: t("discussions.detail.closed"), value: <DateTime value={discussion.closedAt} /> },
          ]}
        />
      </div>
    </Panel>
  );
}

/** For the buyer, once the discussion qualifies: the way on to a buyer-protection claim. */
export function ClaimNotice({ discussion }: { discussion: DiscussionView }) {
  const { t } = useTranslation();
  const referred = discussion.resolution === "REFERRED_TO_CLAIM";
  const href = `/claims/new?orderId=${encodeURIComponent(discussion.order.id)}&discussionId=${encodeURIComponent(discussion.id)}`;
  return (
    <Alert tone={referred ? "warning" : "info"} title={t("discussions.detail.claimTitle")} data-testid="claim-notice">
      <p>{referred ? t("discussions.detail.referredBody") : t("discussions.detail.claimBody")}</p>
      <Link to={href} className="button button--secondary button--sm" data-testid="claim-link">
        <Icon name="shieldCheck" />
        {t("discussions.detail.claimLink")}
      </Link>
    </Alert>
  );
}

/** The pending proposal: the buyer accepts (closing the discussion) or declines; the seller waits. */
export function ProposalCard({ proposal, viewer, actions, result, currency }: { proposal: ProposalView; viewer: PartyRole; actions: string[]; result?: DiscussionActionResult; currency: string }) {
  const { t, i18n } = useTranslation();
  const failure = failureOf(result, "accept", "decline");
  return (
    <Panel title={t("discussions.proposal.title")} data-testid="pending-proposal">
      <div className="stack stack--sm">
        <p>
          <span className="subtle">{proposal.proposedByRole === "AGENT" ? t("discussions.proposal.byAgent") : t("discussions.proposal.bySeller")}:</span>{" "}
          <strong>{t(`discussions.outcomes.${proposal.kind}`)}</strong>
          {proposal.amount !== null ? (
            <>
              {" · "}
              <Money amount={proposal.amount} currency={currency} />
            </>
          ) : null}
        </p>
        {proposal.note ? <p style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{proposal.note}</p> : null}
        <p className="subtle">
          {t("discussions.proposal.proposedAt", { date: formatDateTime(proposal.createdAt, i18n.language) })}
        </p>
        <DiscussionFormError failure={failure} />
        {actions.includes("ACCEPT_PROPOSAL") || actions.includes("REJECT_PROPOSAL") ? (
          <div className="cluster">
            {actions.includes("ACCEPT_PROPOSAL") ? (
              <Form method="post">
                <input type="hidden" name="proposalId" value={proposal.id} />
                <ConfirmButton variant="primary" name="intent" value="accept" message={t("discussions.proposal.acceptConfirm")} confirmLabel={t("discussions.proposal.acceptYes")} data-testid="accept-proposal">
                  <Icon name="check" />
                  {t("discussions.proposal.accept")}
                </ConfirmButton>
              </Form>
            ) : null}
            {actions.includes("REJECT_PROPOSAL") ? (
              <Form method="post">
                <input type="hidden" name="proposalId" value={proposal.id} />
                <SubmitButton variant="ghost" name="intent" value="decline" data-testid="decline-proposal">
                  {t("discussions.proposal.decline")}
                </SubmitButton>
              </Form>
            ) : null}
          </div>
        ) : viewer !== "BUYER" ? (
          <p className="subtle">{t("discussions.proposal.waitingForBuyer")}</p>
        ) : null}
      </div>
    </Panel>
  );
}

/** The buyer's buttons: ask the platform for help (or when that becomes possible), close as resolved. */
export function BuyerActions({ actions, escalationAvailableAt, result }: { actions: string[]; escalationAvailableAt: string | null; result?: DiscussionActionResult }) {
  const { t, i18n } = useTranslation();
  const canEscalate = actions.includes("ESCALATE");
  const canResolve = actions.includes("CLOSE_AS_RESOLVED");
  if (!canEscalate && !escalationAvailableAt && !canResolve) return null;
  const failure = failureOf(result, "escalate", "resolve");
  const when = escalationAvailableAt ? formatDateTime(escalationAvailableAt, i18n.language) : "";
  return (
    <Panel title={t("discussions.buyerActions.title")} data-testid="buyer-actions">
      <div className="stack">
        <DiscussionFormError failure={failure} />
        {canEscalate || escalationAvailableAt ? (
          <div className="stack stack--sm">
            <p className="subtle">{t("discussions.buyerActions.escalateHelp")}</p>
            {canEscalate ? (
              <Form method="post">
                <SubmitButton name="intent" value="escalate" data-testid="escalate">
                  <Icon name="shield" />
                  {t("discussions.buyerActions.escalate")}
                </SubmitButton>
              </Form>
            ) : (
              <div className="stack stack--sm">
                <span>
                  <button type="button" className="button button--primary" disabled aria-describedby="escalate-when" data-testid="escalate-disabled">
                    <Icon name="shield" />
                    {t("discussions.buyerActions.escalate")}
                  </button>
                </span>
                <p className="field__hint" id="escalate-when" data-testid="escalate-when">
                  <Icon name="clock" /> {t("discussions.buyerActions.escalateAvailableAt", { date: when })}
                </p>
              </div>
            )}
          </div>
        ) : null}
        {canResolve ? (
          <>
            {canEscalate || escalationAvailableAt ? <hr className="divider" /> : null}
            <div className="stack stack--sm">
              <p className="subtle">{t("discussions.buyerActions.resolveHelp")}</p>
              <Form method="post">
                <ConfirmButton
                  variant="primary"
                  name="intent"
                  value="resolve"
                  message={t("discussions.buyerActions.resolveConfirm")}
                  confirmLabel={t("discussions.buyerActions.resolveYes")}
                  data-testid="resolve"
                >
                  <Icon name="checkCircle" />
                  {t("discussions.buyerActions.resolve")}
                </ConfirmButton>
              </Form>
            </div>
          </>
        ) : null}
      </div>
    </Panel>
  );
}

/** The seller's proposal form, folded away until opened (open when its last attempt failed). */
export function SellerActions({ discussion, actions, result, hasPending }: { discussion: DiscussionView; actions: string[]; result?: DiscussionActionResult; hasPending: boolean }) {
  const { t } = useTranslation();
  if (!actions.includes("PROPOSE_SOLUTION")) return null;
  const failed = !!failureOf(result, "propose");
  return (
    <Panel data-testid="seller-actions">
      <details open={failed || undefined} className="stack">
        <summary className="button button--secondary" style={{ listStyle: "none" }}>
          <Icon name="sparkle" />
          {t("discussions.sellerActions.propose")}
        </summary>
        <div style={{ marginTop: "var(--space-4)" }}>
          <ProposeForm result={result} orderTotal={discussion.order.total} currency={discussion.currency} replacesPending={hasPending} />
        </div>
      </details>
    </Panel>
  );
}

/** The facts of the discussion: a column beside the timeline for parties, a summary grid above it for agents. */
export function DetailsPanel({ discussion, viewer, now, variant = "rows" }: { discussion: DiscussionView; viewer: PartyRole; now: string; variant?: "rows" | "columns" }) {
  const { t } = useTranslation();
  const you = <Badge tone="info">{t("discussions.badges.you")}</Badge>;
  return (
    <Panel title={t("discussions.detail.details")} data-testid="discussion-details">
      <DescriptionList
        variant={variant}
        items={[
          {
            term: t("discussions.detail.order"),
            value: (
              <Link to={`/orders/${discussion.order.id}`} className="mono">
                {discussion.order.number}
              </Link>
            ),
          },
          { term: t("discussions.list.reason"), value: t(`discussions.reasons.${discussion.reason}`) },
          {
            term: t("discussions.detail.buyer"),
            value: (
              <span>
                {discussion.buyer.name} {discussion.buyer.isMe ? you : null}
                {viewer === "AGENT" && discussion.buyer.smart ? <Badge tone="accent">{t("discussions.badges.smart")}</Badge> : null}
              </span>
            ),
          },
          {
            term: t("discussions.detail.seller"),
            value: (
              <span>
                {discussion.seller.name} {discussion.seller.isMe ? you : null}
              </span>
            ),
          },
          { term: t("discussions.detail.opened"), value: <DateTime value={discussion.openedAt} /> },
          {
            term: t("discussions.detail.sellerAnswered"),
            value: (
              <SellerAnswerState
                status={discussion.status}
                dueAt={discussion.sellerResponseDueAt}
                respondedAt={discussion.sellerRespondedAt}
                overdue={discussion.sellerOverdue}
                now={now}
                viewer={viewer === "SELLER" ? "seller" : viewer === "AGENT" ? "agent" : "buyer"}
              />
            ),
          },
          ...(discussion.escalatedAt ? [{ term: t("discussions.detail.escalated"), value: <DateTime value={discussion.escalatedAt} /> }] : []),
          ...(discussion.assignedAgent
            ? [{ term: t("discussions.detail.assignedAgent"), value: discussion.assignedAgent.name }]
            : discussion.assigned
              ? [{ term: t("discussions.detail.assignedAgent"), value: t("discussions.detail.handledByPlatform") }]
              : []),
          ...(discussion.closedAt ? [{ term: t("discussions.detail.closed"), value: <DateTime value={discussion.closedAt} /> }] : []),
        ]}
      />
    </Panel>
  );
}

/** Agents: taking and releasing the discussion, and who works it. */
export function AgentWorkPanel({ discussion, actions, result }: { discussion: DiscussionView; actions: string[]; result?: DiscussionActionResult }) {
  const { t, i18n } = useTranslation();
  if (discussion.status === "CLOSED") return null;
  const failure = failureOf(result, "take", "release");
  let body: React.ReactNode;
  if (discussion.status !== "ESCALATED") {
    body = <p className="subtle">{t("discussions.agent.notEscalated")}</p>;
  } else if (!discussion.assignedAgent) {
    body = (
      <>
        <p>{t("discussions.agent.unassigned")}</p>
        {actions.includes("ASSIGN") ? (
          <Form method="post">
            <SubmitButton name="intent" value="take" data-testid="take-discussion">
              <Icon name="user" />
              {t("discussions.agent.take")}
            </SubmitButton>
          </Form>
        ) : null}
      </>
    );
  } else if (discussion.assignedAgent.isMe) {
    body = (
      <>
        <p data-testid="assigned-to-me">
          {t("discussions.agent.mine", { date: discussion.assignedAt ? formatDateTime(discussion.assignedAt, i18n.language) : "" })}
        </p>
        {actions.includes("RELEASE") ? (
          <Form method="post" className="stack stack--sm">
            <p className="subtle">{t("discussions.agent.releaseHelp")}</p>
            <span>
              <SubmitButton variant="secondary" size="sm" name="intent" value="release" data-testid="release-discussion">
                {t("discussions.agent.release")}
              </SubmitButton>
            </span>
          </Form>
        ) : null}
      </>
    );
  } else {
    body = <p>{t("discussions.agent.other", { name: discussion.assignedAgent.name })}</p>;
  }
  return (
    <Panel title={t("discussions.agent.work")} data-testid="agent-work">
      <div className="stack stack--sm">
        <DiscussionFormError failure={failure} />
        {body}
      </div>
    </Panel>
  );
}

/** Agents: the order the discussion is about — lines, totals, payment, shipment. */
export function OrderSidePanel({ order }: { order: OrderSideView }) {
  const { t, i18n } = useTranslation();
  const shipment = order.shipments[0];
  return (
    <Panel
      title={t("discussions.side.orderTitle", { number: order.number })}
      data-testid="order-side-panel"
      actions={
        <Link to={`/orders/${order.id}`} className="button button--ghost button--xs">
          {t("discussions.side.openOrder")}
          <Icon name="chevronRight" />
        </Link>
      }
    >
      <div className="stack stack--sm">
        <ul className="stack stack--sm" style={{ listStyle: "none", padding: 0, margin: 0, fontSize: "var(--text-sm)" }}>
          {order.lines.map((line) => (
            <li key={line.id} className="cluster cluster--between" style={{ flexWrap: "nowrap", alignItems: "baseline" }}>
              <span style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                {line.title} <span className="subtle">× {line.quantity}</span>
              </span>
              <Money amount={line.lineAmount} currency={order.currency} className="nowrap" />
            </li>
          ))}
        </ul>
        <dl className="totals" style={{ margin: 0, maxWidth: "none" }}>
          <div>
            <dt>{t("discussions.side.itemsTotal")}</dt>
            <dd>
              <Money amount={order.itemsAmount} currency={order.currency} />
            </dd>
          </div>
          <div>
            <dt>{t("discussions.side.shipping")}</dt>
            <dd>
              <Money amount={order.shippingAmount} currency={order.currency} />
            </dd>
          </div>
          <div className="totals__grand" style={{ fontSize: "var(--text-base)" }}>
            <dt>{t("discussions.side.total")}</dt>
            <dd>
              <Money amount={order.total} currency={order.currency} />
            </dd>
          </div>
        </dl>
        <DescriptionList
          items={[
            { term: t("discussions.side.payment"), value: t(`orders.${order.paymentMethod}`) },
            { term: t("discussions.side.orderStatus"), value: <StatusBadge status={order.status} ns="orders" /> },
            {
              term: t("discussions.side.shipment"),
              value: shipment ? (
                <span className="cell-stack">
                  <span>
                    {shipment.carrier} <span className="mono subtle">{shipment.trackingNumber}</span>
                  </span>
                  {shipment.shippedAt ? (
                    <span className="subtle">
                      {t("discussions.side.shippedAt", { date: formatDateTime(shipment.shippedAt, i18n.language) })}
                    </span>
                  ) : null}
                  <span className="subtle">
                    {shipment.deliveredAt ? (
                      <>
                        {t("discussions.side.deliveredAt", { date: formatDateTime(shipment.deliveredAt, i18n.language) })}
                      </>
                    ) : (
                      t("discussions.side.inTransit")
                    )}
                  </span>
                </span>
              ) : (
                t("discussions.side.notShipped")
              ),
            },
          ]}
        />
      </div>
    </Panel>
  );
}

/** Agents: the buyer's earlier discussions and how reliably the seller answers within 24 hours. */
export function PartyHistoryPanel({ history, buyerName, sellerName }: { history: PartyHistoryView; buyerName: string; sellerName: string }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const { seller } = history;
  return (
    <Panel title={t("discussions.side.historyTitle")} data-testid="party-history">
      <div className="stack">
        <section className="stack stack--sm" aria-label={t("discussions.side.buyerHistory")}>
          <h3 className="subsection-title">
            {t("discussions.side.buyerHistory")} <span className="subtle">· {buyerName}</span>
          </h3>
          <p className="subtle">{t("discussions.side.buyerTotal", { count: history.buyerTotal })}</p>
          {history.buyerDiscussions.length === 0 ? (
            <p className="subtle">{t("discussions.side.noEarlier")}</p>
          ) : (
            <ul className="stack stack--sm" style={{ listStyle: "none", padding: 0, margin: 0, fontSize: "var(--text-sm)" }}>
              {history.buyerDiscussions.map((d) => (
                <li key={d.id} className="cell-stack">
                  <span className="cluster cluster--tight">
                    <Link to={`/discussions/${d.id}`} className="mono">
                      {t("discussions.number", { number: d.number })}
                    </Link>
                    <DiscussionStatusBadge status={d.status} />
                  </span>
                  <span className="subtle">
                    {t(`discussions.reasons.${d.reason}`)} · {d.sellerName} · <DateTime value={d.openedAt} dateOnly />
                  </span>
                  {d.resolution ? <span className="subtle">{t(`discussions.resolutions.${d.resolution}`)}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <hr className="divider" />
        <section className="stack stack--sm" aria-label={t("discussions.side.sellerRecord")}>
          <h3 className="subsection-title">
            {t("discussions.side.sellerRecord")} <span className="subtle">· {sellerName}</span>
          </h3>
          {seller.due === 0 ? (
            <p className="subtle">{t("discussions.side.noRecord")}</p>
          ) : (
            <>
              <DescriptionList
                items={[
                  { term: t("discussions.side.onTime"), value: <strong data-testid="seller-on-time">{percent(seller.onTimeRate)}</strong> },
                  {
                    term: t("discussions.side.overdue"),
                    value: seller.overdue > 0 ? <Badge tone="danger">{percent(seller.overdueRate)}</Badge> : percent(seller.overdueRate),
                  },
                ]}
              />
              <p className="subtle">{t("discussions.side.ofDue", { count: seller.due })}</p>
            </>
          )}
        </section>
      </div>
    </Panel>
  );
}

/** Header facts: the seller's answer deadline while unanswered, or the overdue flag. */
export function DeadlineMeta({ discussion, now, viewer }: { discussion: DiscussionView; now: string; viewer: PartyRole }) {
  if (discussion.sellerOverdue) return <OverdueBadge />;
  if (discussion.sellerRespondedAt || discussion.status === "CLOSED") return null;
  return (
    <SellerAnswerState
      status={discussion.status}
      dueAt={discussion.sellerResponseDueAt}
      respondedAt={null}
      overdue={false}
      now={now}
      viewer={viewer === "SELLER" ? "seller" : viewer === "AGENT" ? "agent" : "buyer"}
    />
  );
}
