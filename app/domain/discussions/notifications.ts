import type { OutgoingNotification } from "../notifications/outbox.server";
import { caseNotifier } from "../cases/notify";
import type { DiscussionRole, MessageVisibility } from "./state-machine";

// Who hears about what. Pure: the service enqueues what this returns, in the command's transaction.
// Kinds are translation keys under notifications.discussion.* in app/i18n.

interface Parties {
  id: string;
  number: number;
  buyerId: string;
  sellerId: string;
}

export function discussionNotifications(
  event: string,
  data: Record<string, unknown>,
  discussion: Parties,
  actorRole: DiscussionRole,
  eventId: bigint,
): OutgoingNotification[] {
  const to = caseNotifier("discussion", discussion, eventId, `/discussions/${discussion.id}`);
  const otherParty = actorRole === "BUYER" ? [discussion.sellerId] : actorRole === "SELLER" ? [discussion.buyerId] : [discussion.buyerId, discussion.sellerId];
  const addressed = (visibility: MessageVisibility) =>
    visibility === "BUYER" ? [discussion.buyerId] : visibility === "SELLER" ? [discussion.sellerId] : otherParty;

  switch (event) {
    case "OPENED":
      return [to(discussion.sellerId, "opened")];
    case "MESSAGE_POSTED":
      if (actorRole === "SELLER") return [to(discussion.buyerId, "sellerReplied")];
      if (actorRole === "AGENT") return addressed(data.visibility as MessageVisibility).map((id) => to(id, "agentMessage"));
      return [to(discussion.sellerId, "buyerMessage")];
    case "INFORMATION_REQUESTED":
      return addressed(data.visibility as MessageVisibility).map((id) => to(id, "informationRequested"));
    case "SOLUTION_PROPOSED":
      return [to(discussion.buyerId, "solutionProposed")];
    case "PROPOSAL_ACCEPTED":
      return [to(discussion.sellerId, "proposalAccepted")];
    case "PROPOSAL_REJECTED":
      return [to(discussion.sellerId, "proposalRejected")];
    case "ESCALATED":
      return [to(discussion.sellerId, "escalated")];
    case "CLOSED_AS_RESOLVED":
      return [to(discussion.sellerId, "closedByBuyer")];
    case "CLOSED_BY_AGENT":
      return [to(discussion.buyerId, "closedByAgent"), to(discussion.sellerId, "closedByAgent")];
    case "REFERRED_TO_CLAIM":
      return [to(discussion.buyerId, "referredToClaim"), to(discussion.sellerId, "referredToClaim")];
    case "SELLER_OVERDUE":
      return [to(discussion.buyerId, "sellerOverdue")];
    default:
      return [];
  }
}
