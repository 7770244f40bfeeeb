import { cursorToOffset, decodeGlobalID, offsetToCursor } from "@pothos/plugin-relay";
import { builder } from "../builder";
import { mutationErrors } from "./errors";
import { CappedCountRef } from "./totals";
import { idOf } from "./rights-access";
import { ClausePositionEnum, ClauseTypeEnum } from "./clause";
import { DomainError, ErrorCode } from "~/domain/errors";
import { isPerson } from "~/domain/identity/actor";
import { clausesForForm, type FormClause } from "~/domain/consents/form-clauses.server";
import { consentHistory, consentsForSubject, myConsents, type ConsentRecordView } from "~/domain/consents/queries.server";
import { withdrawConsent } from "~/domain/consents/withdraw.server";
import { CONSENT_FORMS } from "~/domain/consents/positions";

// Consents through the API: what a form shows now (public), what a person accepted (the person, and
// staff with read:consent:any), and withdrawing an optional consent. Every rule is in app/domain/consents.

const SUBJECTS = ["CUSTOMER", "ORDER", "NEWSLETTER", "PRODUCT_ALERT", "QUESTION", "DISCUSSION", "CLAIM", "IP_NOTICE"] as const;
const RECORD_FORMS = [...CONSENT_FORMS, "PRIVACY_SETTINGS"] as const;

export const ConsentFormEnum = builder.enumType("ConsentForm", { description: "A form that shows clauses.", values: CONSENT_FORMS });
const ConsentRecordFormEnum = builder.enumType("ConsentRecordForm", {
  description: "Where a consent record was made: one of the forms, or PRIVACY_SETTINGS for a withdrawal from the person's privacy page.",
  values: RECORD_FORMS,
});
const ConsentChoiceEnum = builder.enumType("ConsentChoice", {
  description: "ACCEPTED (ticked), DECLINED (an optional consent left unticked), DISPLAYED (an information clause shown), WITHDRAWN.",
  values: ["ACCEPTED", "DECLINED", "DISPLAYED", "WITHDRAWN"] as const,
});
const ConsentSubjectEnum = builder.enumType("ConsentSubject", {
  description: "What a consent is attached to: the customer, an order, a newsletter address, a product alert, a question, or a case.",
  values: SUBJECTS,
});

const FormClauseRef = builder.objectRef<FormClause>("FormClause").implement({
  description: "A clause as a form shows it now: render content, send versionId back among the shown (and, when ticked, accepted) versions.",
  fields: (t) => ({
    clauseId: t.exposeID("clauseId", { description: "The clause's id." }),
    versionId: t.exposeID("versionId", { description: "The version shown: what the form's answers name." }),
    version: t.exposeInt("version", { description: "The version's number." }),
    position: t.field({ type: ClausePositionEnum, description: "The position it is shown at.", resolve: (c) => c.position }),
    type: t.field({ type: ClauseTypeEnum, description: "Mandatory consent, optional consent or information clause.", resolve: (c) => c.type }),
    priority: t.exposeInt("priority", { description: "Higher shows first within its position." }),
    content: t.exposeString("content", { description: "The sanitized HTML to show." }),
    contentHash: t.exposeString("contentHash", { description: "SHA-256 (hex) of content." }),
    behindNewsletter: t.exposeBoolean("behindNewsletter", { description: "Shown only once the newsletter–order/registration box (revealsNewsletter) is ticked." }),
    revealsNewsletter: t.exposeBoolean("revealsNewsletter", { description: "The newsletter–order/registration box: ticking it reveals the newsletter clauses; it is never recorded." }),
  }),
});

const ClauseVersionEvidence = builder.objectRef<ConsentRecordView["clauseVersion"]>("ConsentClauseVersion").implement({
  description: "The exact wording the record refers to, as it was.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The version's id." }),
    version: t.exposeInt("version", { description: "The version's number." }),
    content: t.exposeString("content", { description: "The exact HTML shown then." }),
    contentHash: t.exposeString("contentHash", { description: "SHA-256 (hex) of content." }),
  }),
});

type RecordShape = ConsentRecordView & { withdrawable?: boolean };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const recordFields = (t: any) => ({
  id: t.exposeID("id", { description: "The record's id." }),
  submissionId: t.exposeID("submissionId", { description: "The submission (one form sent, or one withdrawal) the record belongs to." }),
  form: t.field({ type: ConsentRecordFormEnum, description: "The form it was given on.", resolve: (r: RecordShape) => r.form }),
  clauseId: t.exposeID("clauseId", { description: "The clause's id." }),
  position: t.field({ type: ClausePositionEnum, description: "The clause's position.", resolve: (r: RecordShape) => r.position }),
  clauseType: t.field({ type: ClauseTypeEnum, description: "The clause's type at that moment.", resolve: (r: RecordShape) => r.clauseType }),
  choice: t.field({ type: ConsentChoiceEnum, description: "What the person did.", resolve: (r: RecordShape) => r.choice }),
  subjectType: t.field({ type: ConsentSubjectEnum, description: "What the record is attached to.", resolve: (r: RecordShape) => r.subjectType }),
  subjectId: t.exposeID("subjectId", { description: "The id of that customer, order, subscriber, alert, question or case." }),
  userId: t.exposeID("userId", { nullable: true, description: "The signed-in person (or the account the submission created); null for a guest." }),
  email: t.exposeString("email", { nullable: true, description: "The address given on the form." }),
  at: t.expose("at", { type: "DateTime", description: "When." }),
  ipAddress: t.exposeString("ipAddress", { description: "The address the form was sent from." }),
  userAgent: t.exposeString("userAgent", { description: "The browser that sent it." }),
  pageUrl: t.exposeString("pageUrl", { nullable: true, description: "The page the form was sent from." }),
  clauseVersion: t.field({ type: ClauseVersionEvidence, description: "The exact version accepted, declined, displayed or withdrawn.", resolve: (r: RecordShape) => r.clauseVersion }),
});

export const ConsentRecordRef = builder.objectRef<RecordShape>("ConsentRecord").implement({
  description: "One clause on one submission: the exact version, its type then, the choice, when and from where. Never changed.",
  fields: (t) => recordFields(t),
});

const MyConsentRef = builder.objectRef<RecordShape & { withdrawable: boolean }>("MyConsent").implement({
  description: "One of the person's consents as it stands now: the latest record per clause and subject.",
  fields: (t) => ({
    ...recordFields(t),
    withdrawable: t.exposeBoolean("withdrawable", { description: "An optional consent given and not withdrawn: withdrawConsent takes it back." }),
  }),
});

const ConsentWithdrawalRef = builder.objectRef<{ id: string; at: Date }>("ConsentWithdrawal").implement({
  description: "The WITHDRAWN record written.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The new record's id." }),
    at: t.expose("at", { type: "DateTime", description: "When the consent was withdrawn." }),
  }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOf = (value: string | number, type: string, what: string) => {
  const id = idOf(value, type);
  if (!id || !UUID.test(id)) throw new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  return id;
};

/** A raw uuid, or the uuid inside any type's global id (an Order's, a User's…). */
const anyUuid = (value: string | number) => {
  const raw = String(value);
  if (UUID.test(raw)) return raw;
  try {
    const { id } = decodeGlobalID(raw);
    if (UUID.test(id)) return id;
  } catch {
    // not a global id
  }
  return raw;
};

const offsetOf = (after: string | null | undefined) => {
  if (!after) return 0;
  try {
    const offset = cursorToOffset(after);
    if (Number.isInteger(offset) && offset >= 0) return offset + 1;
  } catch {
    // fall through
  }
  throw new DomainError(ErrorCode.VALIDATION_FAILED, "Not a cursor of this list");
};

type HistoryConnection = {
  edges: { cursor: string; node: ConsentRecordView }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  total: { count: number; atLeast: boolean };
};

builder.queryFields((t) => ({
  formClauses: t.field({
    type: [FormClauseRef],
    description:
      "What a form shows now, in order (position, then priority): public. For a signed-in customer the registration/order clauses already accepted in their current version are left out.",
    args: { form: t.arg({ type: ConsentFormEnum, required: true, description: "The form." }) },
    resolve: (_root, args, ctx) => clausesForForm(ctx.db, args.form, { customerId: isPerson(ctx.actor) ? ctx.actor.userId : null }),
  }),
  consentHistory: t.connection(
    {
      type: ConsentRecordRef,
      authScopes: { permission: "read:consent" },
      description: "A person's consent records, newest first: one's own, or anyone's with read:consent:any.",
      args: { userId: t.arg.id({ required: true, description: "The person's User id (global or raw)." }) },
      resolve: async (_root, args, ctx): Promise<HistoryConnection> => {
        const take = Math.min(Math.max(args.first ?? 25, 0), 100);
        if (args.last != null || args.before != null) throw new DomainError(ErrorCode.VALIDATION_FAILED, "Page forward with first and after");
        const skip = offsetOf(args.after);
        const userId = uuidOf(args.userId, "User", "User");
        const { total, records } = await consentHistory(ctx, userId, { skip, take });
        const edges = records.map((node, i) => ({ cursor: offsetToCursor(skip + i), node }));
        return {
          edges,
          pageInfo: {
            hasPreviousPage: skip > 0,
            hasNextPage: total.atLeast || skip + records.length < total.count,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          total,
        };
      },
    },
    {
      fields: (c) => ({
        total: c.field({
          type: CappedCountRef,
          description: "How many records the person has (exact up to 1,000, \"at least\" beyond).",
          resolve: (connection) => (connection as unknown as HistoryConnection).total,
        }),
      }),
    },
  ),
  consentsFor: t.field({
    type: [ConsentRecordRef],
    authScopes: { permissionAny: "read:consent" },
    description: "The consent records attached to one customer, order, newsletter address, alert, question or case, newest first (up to 500).",
    args: {
      subjectType: t.arg({ type: ConsentSubjectEnum, required: true, description: "What the records are attached to." }),
      subjectId: t.arg.id({ required: true, description: "Its id." }),
    },
    resolve: (_root, args, ctx) => {
      const id = anyUuid(args.subjectId);
      return UUID.test(id) ? consentsForSubject(ctx, args.subjectType, id) : [];
    },
  }),
  myConsents: t.field({
    type: [MyConsentRef],
    authScopes: { permission: "read:consent" },
    description: "The signed-in person's consents as they stand (the latest record per clause and subject), newest first.",
    resolve: (_root, _args, ctx) => myConsents(ctx),
  }),
}));

builder.mutationFields((t) => ({
  withdrawConsent: t.field({
    type: ConsentWithdrawalRef,
    errors: mutationErrors,
    authScopes: { permission: "withdraw:consent" },
    description:
      "Withdraws one of the person's given optional consents: a WITHDRAWN record naming the accepted version (the earlier record stays). CONSENT_NOT_WITHDRAWABLE for a mandatory consent, an information clause or one already withdrawn; FORBIDDEN for another person's.",
    args: {
      subjectType: t.arg({ type: ConsentSubjectEnum, required: true, description: "What the consent is attached to." }),
      subjectId: t.arg.id({ required: true, description: "Its id." }),
      clauseId: t.arg.id({ required: true, description: "The clause's id." }),
    },
    resolve: (_root, args, ctx) => withdrawConsent(ctx, { subjectType: args.subjectType, subjectId: anyUuid(args.subjectId), clauseId: idOf(args.clauseId, "Clause") }),
  }),
}));
