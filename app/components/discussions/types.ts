// The shapes the discussion screens receive from their loaders (JSON: instants as ISO strings, money in
// grosze). Built in the routes from the domain's queries; nothing here decides anything.

export type PartyRole = "BUYER" | "SELLER" | "AGENT";
export type DiscussionStatus = "OPEN" | "ESCALATED" | "CLOSED";

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export type EventData = Record<string, string | number | boolean | null>;

export interface TimelineEntryView {
  id: string;
  at: string;
  kind: "message" | "event";
  actorRole: string;
  actorName: string | null;
  type: string;
  body?: string;
  visibility?: string;
  attachments?: AttachmentView[];
  data?: EventData;
}

export interface ProposalView {
  id: string;
  kind: string;
  amount: number | null;
  note: string | null;
  status: string;
  proposedByRole: string;
  createdAt: string;
}

export interface DiscussionView {
  id: string;
  number: number;
  status: DiscussionStatus;
  reason: string;
  openedAt: string;
  sellerResponseDueAt: string;
  sellerRespondedAt: string | null;
  /** Marked overdue by the sweep, or past the 24 hours without an answer and not marked yet. */
  sellerOverdue: boolean;
  escalatedAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  resolution: string | null;
  outcome: string | null;
  outcomeAmount: number | null;
  closingNote: string | null;
  currency: string;
  order: { id: string; number: string; total: number };
  buyer: { name: string; smart: boolean; isMe: boolean };
  seller: { name: string; isCompany: boolean; isMe: boolean };
  /** Agents see who works the discussion; parties only whether someone does. */
  assignedAgent: { id: string; name: string; isMe: boolean } | null;
  assigned: boolean;
}

export interface OrderSideView {
  id: string;
  number: string;
  status: string;
  paymentMethod: string;
  currency: string;
  itemsAmount: number;
  shippingAmount: number;
  total: number;
  placedAt: string;
  lines: { id: string; title: string; quantity: number; lineAmount: number }[];
  shipments: { id: string; carrier: string; trackingNumber: string; shippedAt: string | null; deliveredAt: string | null }[];
}

export interface PartyHistoryView {
  buyerTotal: number;
  buyerDiscussions: { id: string; number: number; reason: string; status: string; resolution: string | null; openedAt: string; sellerName: string }[];
  seller: { due: number; answeredOnTime: number; overdue: number; onTimeRate: number | null; overdueRate: number | null };
}
