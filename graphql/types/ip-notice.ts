import { builder } from "../builder";
import { consentAnswers, ConsentAnswersInput } from "./consent-answers";
import { mutationErrors } from "./errors";
import { safeWhere } from "./visibility";
import { InfringementKindEnum } from "./rights-holder";
import { idOf } from "./rights-access";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { fileNotice, type NoticeReceipt } from "~/domain/rights/notices.server";
import { MAX_NOTICE_ITEMS } from "~/domain/rights/schemas";
import { visibleItemsWhere, visibleNoticesWhere } from "~/domain/rights/views";

// Notices through the API: the bulk filing for integrations (up to 500 offers, idempotent by
// clientReference, every problem reported at once) and a notice with its items' outcomes.

export const IpNoticeNode = builder.prismaNode("IpNotice", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleNoticesWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeInt("number"),
    reference: t.string({ select: { number: true }, resolve: (n) => `N-${n.number}` }),
    filedAt: t.expose("filedAt", { type: "DateTime" }),
    itemCount: t.exposeInt("itemCount"),
    trustedAtFiling: t.exposeBoolean("trustedAtFiling"),
    clientReference: t.exposeString("clientReference", { nullable: true }),
    rightsHolder: t.relation("rightsHolder"),
    items: t.relatedConnection("items", {
      cursor: "id",
      defaultSize: MAX_NOTICE_ITEMS,
      maxSize: MAX_NOTICE_ITEMS,
      description: `The notice's items in order (up to ${MAX_NOTICE_ITEMS} per page; ${MAX_NOTICE_ITEMS} when first is not given), as far as the reader may see them.`,
      query: (_args, ctx) => ({ where: visibleItemsWhere(ctx.actor), orderBy: { number: "asc" } }),
    }),
  }),
});

const NoticeItemInput = builder.inputType("IpNoticeItemInput", {
  description: "One reported offer. Fields are checked by the domain, so a missing one comes back as a detail of NOTICE_INVALID (items.<n>.<field>).",
  fields: (t) => ({
    offerId: t.id({ description: "The Offer's id (global or raw uuid)" }),
    rightId: t.id({ description: "The IpRight's id (global or raw uuid)" }),
    kind: t.field({ type: InfringementKindEnum }),
    explanation: t.string({ description: "At least 20 characters: what infringes and how" }),
    evidenceUrls: t.stringList({ description: "http(s) links to the evidence (a test purchase, the original photos); at least one" }),
  }),
});

const ReceiptItem = builder.objectRef<NoticeReceipt["items"][number]>("IpNoticeReceiptItem").implement({
  fields: (t) => ({
    id: t.id({ resolve: (i) => encodeGlobalID("IpReportItem", i.id) }),
    number: t.exposeInt("number"),
    offerId: t.id({ resolve: (i) => encodeGlobalID("Offer", i.offerId) }),
    rightId: t.id({ resolve: (i) => encodeGlobalID("IpRight", i.rightId) }),
    decisionDueAt: t.expose("decisionDueAt", { type: "DateTime" }),
  }),
});

const Receipt = builder.objectRef<NoticeReceipt>("IpNoticeReceipt").implement({
  description: "The receipt of a filed notice: its number and each item's number and deadline.",
  fields: (t) => ({
    notice: t.prismaField({
      type: "IpNotice",
      resolve: (query, receipt, _a, ctx) => ctx.db.ipNotice.findUniqueOrThrow({ ...query, where: { id: receipt.notice.id } }),
    }),
    items: t.field({ type: [ReceiptItem], resolve: (r) => r.items }),
    replayed: t.exposeBoolean("replayed", { description: "The clientReference was filed before: this is that notice's receipt, nothing new was filed." }),
  }),
});

builder.queryFields((t) => ({
  ipNotice: t.prismaField({
    type: "IpNotice",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: "A notice with its items and their outcomes: its rights holder's members and staff (null for anyone else).",
    resolve: (query, _r, args, ctx) => {
      const id = idOf(args.id, "IpNotice");
      if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
      return ctx.db.ipNotice.findFirst({ ...query, where: { AND: [{ id }, visibleNoticesWhere(ctx.actor)] } });
    },
  }),
}));

builder.mutationFields((t) => ({
  fileIpNotice: t.field({
    type: Receipt,
    errors: mutationErrors,
    description: `Files a notice of up to ${MAX_NOTICE_ITEMS} offers at once (more: TOO_MANY_OFFERS). A notice with problems is refused whole (NOTICE_INVALID, every problem in details, nothing written); the same clientReference again returns the first receipt.`,
    args: {
      rightsHolderId: t.arg.id({ required: true }),
      accuracyStatement: t.arg.boolean({ description: "The notice is accurate and made in good faith (required: true)" }),
      clientReference: t.arg.string({ description: "Your own reference: a retry with it files nothing new" }),
      items: t.arg({ type: [NoticeItemInput], required: true }),
      consents: t.arg({ type: ConsentAnswersInput, description: "Answers to the clauses of formClauses(form: FILE_IP_REPORT)." }),
    },
    resolve: (_r, args, ctx) =>
      fileNotice(ctx, {
        consents: consentAnswers(args.consents),
        rightsHolderId: idOf(args.rightsHolderId, "RightsHolder")!,
        accuracyStatement: args.accuracyStatement ?? (undefined as never),
        clientReference: args.clientReference ?? undefined,
        items: args.items.map((item) => ({
          offerId: idOf(item.offerId, "Offer"),
          rightId: idOf(item.rightId, "IpRight"),
          kind: item.kind ?? undefined,
          explanation: item.explanation ?? undefined,
          evidenceUrls: item.evidenceUrls ?? undefined,
        })),
      }),
  }),
}));
