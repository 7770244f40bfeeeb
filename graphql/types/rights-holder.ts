import { builder, type GraphQLContext } from "../builder";
import { mutationErrors } from "./errors";
import { uploadsOf } from "./scalars";
import { rawId } from "./admin";
import { safeWhere } from "./visibility";
import { memberRolesOf, memberSetOf, policyOf } from "./rights-access";
import { authorize, requirePerson } from "~/domain/identity/actor";
import { acceptInvitation, inviteMember, registerRight, registerRightsHolder, setRightFlags, verifyRight, verifyRightsHolder } from "~/domain/rights/holders.server";
import { membershipsOf } from "~/domain/rights/membership.server";
import { listVerificationQueue, pendingInvitationsWhere } from "~/domain/rights/queries.server";
import { reporterStanding, type ReporterStanding } from "~/domain/rights/standing.server";
import { updateRightsPolicy } from "~/domain/rights/settings.server";
import { INFRINGEMENT_KINDS, RIGHT_TYPES } from "~/domain/rights/statement-of-reasons";
import { MEMBER_ROLES } from "~/domain/rights/schemas";
import { mayReadRightsHolder, visibleNoticesWhere, visibleRightsHoldersWhere } from "~/domain/rights/views";
import type { RightsPolicy } from "~/domain/rights/policy";

// Rights holders through the API: registration, members, rights and their verification, the reporter's
// standing and the policy. Every rule is in app/domain/rights; who reads a holder's inside is views.ts.

export const InfringementKindEnum = builder.enumType("InfringementKind", { values: INFRINGEMENT_KINDS });
export const IpRightTypeEnum = builder.enumType("IpRightType", { values: RIGHT_TYPES });
const HolderStatusEnum = builder.enumType("RightsHolderStatus", { values: ["PENDING", "VERIFIED", "REJECTED"] as const });
const RightStatusEnum = builder.enumType("IpRightStatus", { values: ["PENDING", "VERIFIED", "REJECTED"] as const });
const MemberRoleEnum = builder.enumType("RightsMemberRole", { values: MEMBER_ROLES });

/** A rights document (proof, power of attorney, contest, evidence), downloaded from the rights pages' route. */
export const RightsDocumentRef = builder.prismaObject("Attachment", {
  variant: "RightsDocument",
  fields: (t) => ({
    id: t.exposeID("id"),
    fileName: t.exposeString("fileName"),
    contentType: t.exposeString("contentType"),
    sizeBytes: t.exposeInt("sizeBytes"),
    purpose: t.exposeString("purpose", { nullable: true, description: "PROOF, POWER_OF_ATTORNEY, CONTEST, EVIDENCE or INFORMATION" }),
    url: t.string({ description: "Download address (same session or token).", resolve: (a) => `/rights/documents/${a.id}` }),
  }),
});

const readsInside = async (ctx: GraphQLContext, rightsHolderId: string) => mayReadRightsHolder(ctx.actor, rightsHolderId, await memberSetOf(ctx));

export const ReporterThresholds = builder.objectRef<RightsPolicy["reporters"]>("RightsReporterThresholds").implement({
  description: "The thresholds that apply to a reporter: accuracy over a rolling window makes it trusted; a high share of manifestly unfounded items warns, then suspends its notices.",
  fields: (t) => ({
    windowMonths: t.exposeInt("windowMonths"),
    trustedAccuracy: t.exposeFloat("trustedAccuracy", { description: "0–1" }),
    trustedMinDecided: t.exposeInt("trustedMinDecided"),
    unfoundedShare: t.exposeFloat("unfoundedShare", { description: "0–1" }),
    unfoundedMinDecided: t.exposeInt("unfoundedMinDecided"),
    noticeSuspensionDays: t.exposeInt("noticeSuspensionDays"),
  }),
});

const StrikeWeight = builder.objectRef<{ kind: (typeof INFRINGEMENT_KINDS)[number]; weight: number }>("StrikeWeight").implement({
  fields: (t) => ({ kind: t.field({ type: InfringementKindEnum, resolve: (w) => w.kind }), weight: t.exposeInt("weight") }),
});

export const StrikeThresholds = builder.objectRef<RightsPolicy["strikes"]>("SellerStrikeThresholds").implement({
  description: "Strikes: each upheld takedown weighs by its kind and counts for windowMonths; a warning at warnAtPoints, then (once warned) a suspension at suspendAtPoints.",
  fields: (t) => ({
    weights: t.field({ type: [StrikeWeight], resolve: (s) => INFRINGEMENT_KINDS.map((kind) => ({ kind, weight: s.weights[kind] })) }),
    windowMonths: t.exposeInt("windowMonths"),
    warnAtPoints: t.exposeInt("warnAtPoints"),
    suspendAtPoints: t.exposeInt("suspendAtPoints"),
    suspensionDays: t.exposeInt("suspensionDays"),
  }),
});

const RightsPolicyRef = builder.objectRef<RightsPolicy>("RightsPolicy").implement({
  fields: (t) => ({
    decisionHours: t.exposeInt("decisionHours"),
    trustedDecisionHours: t.exposeInt("trustedDecisionHours"),
    appealMonths: t.exposeInt("appealMonths"),
    buyerLookbackMonths: t.exposeInt("buyerLookbackMonths"),
    strikes: t.field({ type: StrikeThresholds, resolve: (p) => p.strikes }),
    reporters: t.field({ type: ReporterThresholds, resolve: (p) => p.reporters }),
  }),
});

const Standing = builder.objectRef<ReporterStanding>("ReporterStanding").implement({
  description: "A reporter's standing over the rolling window: accuracy = upheld ÷ decided (items reinstated on appeal count as wrong).",
  fields: (t) => ({
    decided: t.exposeInt("decided"),
    upheld: t.exposeInt("upheld"),
    unfounded: t.exposeInt("unfounded"),
    accuracy: t.exposeFloat("accuracy", { nullable: true }),
    unfoundedShare: t.exposeFloat("unfoundedShare", { nullable: true }),
    trusted: t.exposeBoolean("trusted"),
    warnedAt: t.expose("warnedAt", { type: "DateTime", nullable: true }),
    noticesSuspendedUntil: t.expose("noticesSuspendedUntil", { type: "DateTime", nullable: true }),
  }),
});

export const RightsHolderMemberRef = builder.prismaObject("RightsHolderMember", {
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    role: t.expose("role", { type: MemberRoleEnum }),
    invitedAt: t.expose("invitedAt", { type: "DateTime" }),
    acceptedAt: t.expose("acceptedAt", { type: "DateTime", nullable: true }),
    rightsHolderName: t.string({ select: { rightsHolder: { select: { name: true } } }, resolve: (m) => m.rightsHolder.name }),
  }),
});

export const RightsHolderNode = builder.prismaNode("RightsHolder", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [safeWhere(() => visibleRightsHoldersWhere(ctx.actor))] }),
  fields: (t) => ({
    number: t.exposeInt("number"),
    reference: t.string({ select: { number: true }, resolve: (h) => `RH-${h.number}` }),
    name: t.exposeString("name"),
    countryCode: t.exposeString("countryCode"),
    companyNumber: t.exposeString("companyNumber", { nullable: true }),
    status: t.expose("status", { type: HolderStatusEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    verifiedAt: t.expose("verifiedAt", { type: "DateTime", nullable: true }),
    myRole: t.field({
      type: MemberRoleEnum,
      nullable: true,
      description: "The reader's role in this rights holder (null when not a member).",
      resolve: async (h, _a, ctx) => (await memberRolesOf(ctx)).get(h.id) ?? null,
    }),
    members: t.field({
      type: [RightsHolderMemberRef],
      nullable: true,
      description: "Members and invitations: its members and staff only.",
      select: (_args, _ctx, nested) => ({ members: nested({ orderBy: { invitedAt: "asc" } }) }),
      resolve: async (h, _a, ctx) => ((await readsInside(ctx, h.id)) ? h.members : null),
    }),
    rights: t.field({
      type: [IpRightNode],
      nullable: true,
      description: "Registered rights: its members and staff only.",
      select: (_args, _ctx, nested) => ({ rights: nested({ orderBy: { createdAt: "asc" } }) }),
      resolve: async (h, _a, ctx) => ((await readsInside(ctx, h.id)) ? h.rights : null),
    }),
    standing: t.field({
      type: Standing,
      nullable: true,
      description: "Its standing as a reporter: its members and staff only.",
      resolve: async (h, _a, ctx) => ((await readsInside(ctx, h.id)) ? reporterStanding(ctx.db, h.id, ctx.clock.now(), await policyOf(ctx)) : null),
    }),
    thresholds: t.field({
      type: ReporterThresholds,
      nullable: true,
      description: "The thresholds that apply to it: its members and staff only.",
      resolve: async (h, _a, ctx) => ((await readsInside(ctx, h.id)) ? (await policyOf(ctx)).reporters : null),
    }),
    notices: t.relatedConnection("notices", {
      cursor: "id",
      description: "Its notices, newest first: its members and staff (empty for anyone else).",
      query: (_args, ctx) => ({ where: visibleNoticesWhere(ctx.actor), orderBy: [{ filedAt: "desc" }, { id: "asc" }] }),
    }),
  }),
});

export const IpRightNode = builder.prismaNode("IpRight", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ rightsHolder: safeWhere(() => visibleRightsHoldersWhere(ctx.actor)) }] }),
  fields: (t) => ({
    type: t.expose("type", { type: IpRightTypeEnum }),
    name: t.exposeString("name"),
    registrationNumber: t.exposeString("registrationNumber", { nullable: true }),
    territory: t.exposeString("territory"),
    ownerName: t.exposeString("ownerName"),
    onBehalf: t.exposeBoolean("onBehalf"),
    status: t.expose("status", { type: RightStatusEnum }),
    contested: t.exposeBoolean("contested"),
    unexamined: t.exposeBoolean("unexamined"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    verifiedAt: t.expose("verifiedAt", { type: "DateTime", nullable: true }),
    rightsHolder: t.relation("rightsHolder"),
    documents: t.field({
      type: [RightsDocumentRef],
      nullable: true,
      description: "Proof, power of attorney and contest documents: the holder's members and staff only.",
      select: (_args, _ctx, nested) => ({ rightsHolderId: true, documents: nested({ orderBy: { createdAt: "asc" } }) }),
      resolve: async (r, _a, ctx) => ((await readsInside(ctx, r.rightsHolderId)) ? r.documents : null),
    }),
  }),
});

const VerificationQueue = builder.objectRef<Awaited<ReturnType<typeof listVerificationQueue>>>("RightsVerificationQueue").implement({
  description: "Rights holders and rights waiting for an agent's verification, oldest first (up to 100 of each).",
  fields: (t) => ({
    holders: t.field({ type: [RightsHolderNode], resolve: (q) => q.holders }),
    rights: t.field({ type: [IpRightNode], resolve: (q) => q.rights }),
  }),
});

builder.queryFields((t) => ({
  myRightsHolders: t.prismaField({
    type: ["RightsHolder"],
    authScopes: { permission: "read:rightsHolder" },
    description: "The rights holders the viewer is a member of.",
    resolve: async (query, _r, _a, ctx) => {
      authorize(ctx.actor, "read", "rightsHolder", false, true);
      const ids = (await membershipsOf(ctx.db, ctx.actor)).map((m) => m.rightsHolderId);
      return ctx.db.rightsHolder.findMany({ ...query, where: { id: { in: ids } }, orderBy: { createdAt: "asc" } });
    },
  }),
  myRightsHolderInvitations: t.prismaField({
    type: [RightsHolderMemberRef],
    authScopes: { permission: "read:rightsHolder" },
    description: "Invitations addressed to the viewer's e-mail, waiting to be accepted.",
    resolve: async (query, _r, _a, ctx) => ctx.db.rightsHolderMember.findMany({ ...query, where: await pendingInvitationsWhere(ctx), orderBy: { invitedAt: "asc" } }),
  }),
  rightsVerificationQueue: t.field({
    type: VerificationQueue,
    authScopes: { permission: "verify:rightsHolder" },
    resolve: (_r, _a, ctx) => listVerificationQueue(ctx),
  }),
}));

function reloadQuery<Q extends { select?: object; include?: object }>(query: Q) {
  return query.select && Object.keys(query.select).length === 0 ? { select: { id: true } } : query;
}

builder.mutationFields((t) => ({
  registerRightsHolder: t.prismaField({
    type: "RightsHolder",
    errors: mutationErrors,
    description: "Registers an organisation; the viewer becomes its first owner. An agent verifies it before its notices are accepted.",
    args: { name: t.arg.string({ required: true }), countryCode: t.arg.string({ required: true }), companyNumber: t.arg.string() },
    resolve: async (query, _r, args, ctx) => {
      const holder = await registerRightsHolder(ctx, { name: args.name, countryCode: args.countryCode, companyNumber: args.companyNumber ?? undefined });
      return ctx.db.rightsHolder.findUniqueOrThrow({ ...reloadQuery(query), where: { id: holder.id } }) as never;
    },
  }),
  inviteRightsHolderMember: t.prismaField({
    type: "RightsHolderMember",
    errors: mutationErrors,
    description: "An owner invites a person by e-mail as OWNER or FILER.",
    args: { rightsHolderId: t.arg.id({ required: true }), email: t.arg.string({ required: true }), role: t.arg({ type: MemberRoleEnum, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const member = await inviteMember(ctx, { rightsHolderId: rawId(args.rightsHolderId, "RightsHolder"), email: args.email, role: args.role });
      return ctx.db.rightsHolderMember.findUniqueOrThrow({ ...reloadQuery(query), where: { id: member.id } }) as never;
    },
  }),
  acceptRightsHolderInvitation: t.prismaField({
    type: "RightsHolderMember",
    errors: mutationErrors,
    description: "The invited person accepts (signed in with the invited e-mail address).",
    args: { invitationId: t.arg.id({ required: true, description: "The invitation's id (RightsHolderMember.id)" }) },
    resolve: async (query, _r, args, ctx) => {
      requirePerson(ctx.actor);
      const member = await acceptInvitation(ctx, String(args.invitationId));
      return ctx.db.rightsHolderMember.findUniqueOrThrow({ ...reloadQuery(query), where: { id: member.id } }) as never;
    },
  }),
  registerIpRight: t.prismaField({
    type: "IpRight",
    errors: mutationErrors,
    description: "An owner registers a right with its proof (multipart upload); filing for the right's owner needs a power of attorney.",
    args: {
      rightsHolderId: t.arg.id({ required: true }),
      type: t.arg({ type: IpRightTypeEnum, required: true }),
      name: t.arg.string({ required: true }),
      registrationNumber: t.arg.string(),
      territory: t.arg.string({ required: true, description: "An ISO country code, EU or WO" }),
      ownerName: t.arg.string({ required: true }),
      onBehalf: t.arg.boolean(),
      unexamined: t.arg.boolean({ description: "A design or utility model granted without substantive examination" }),
      proof: t.arg({ type: ["File"], description: "PDF, JPEG, PNG or WebP; at most 5 files of 10 MB" }),
      powerOfAttorney: t.arg({ type: ["File"], description: "Required when filing on behalf of the right's owner" }),
    },
    resolve: async (query, _r, args, ctx) => {
      const right = await registerRight(ctx, {
        rightsHolderId: rawId(args.rightsHolderId, "RightsHolder"),
        type: args.type,
        name: args.name,
        registrationNumber: args.registrationNumber ?? undefined,
        territory: args.territory,
        ownerName: args.ownerName,
        onBehalf: args.onBehalf ?? false,
        unexamined: args.unexamined ?? false,
        proof: await uploadsOf(args.proof),
        powerOfAttorney: await uploadsOf(args.powerOfAttorney),
      });
      return ctx.db.ipRight.findUniqueOrThrow({ ...reloadQuery(query), where: { id: right.id } }) as never;
    },
  }),
  verifyRightsHolder: t.prismaField({
    type: "RightsHolder",
    errors: mutationErrors,
    args: { rightsHolderId: t.arg.id({ required: true }), verified: t.arg.boolean({ required: true }), note: t.arg.string({ description: "Between staff" }) },
    resolve: async (query, _r, args, ctx) => {
      const holder = await verifyRightsHolder(ctx, { id: rawId(args.rightsHolderId, "RightsHolder"), verified: args.verified, note: args.note ?? undefined });
      return ctx.db.rightsHolder.findUniqueOrThrow({ ...reloadQuery(query), where: { id: holder.id } }) as never;
    },
  }),
  verifyIpRight: t.prismaField({
    type: "IpRight",
    errors: mutationErrors,
    args: { rightId: t.arg.id({ required: true }), verified: t.arg.boolean({ required: true }), note: t.arg.string({ description: "Between staff" }) },
    resolve: async (query, _r, args, ctx) => {
      const right = await verifyRight(ctx, { id: rawId(args.rightId, "IpRight"), verified: args.verified, note: args.note ?? undefined });
      return ctx.db.ipRight.findUniqueOrThrow({ ...reloadQuery(query), where: { id: right.id } }) as never;
    },
  }),
  setIpRightFlags: t.prismaField({
    type: "IpRight",
    errors: mutationErrors,
    description: "Flags a right contested (attach the invalidation proceeding's document) or unexamined: items citing it go to a senior agent.",
    args: {
      rightId: t.arg.id({ required: true }),
      contested: t.arg.boolean({ required: true }),
      unexamined: t.arg.boolean({ required: true }),
      note: t.arg.string(),
      document: t.arg({ type: ["File"] }),
    },
    resolve: async (query, _r, args, ctx) => {
      const right = await setRightFlags(ctx, {
        rightId: rawId(args.rightId, "IpRight"),
        contested: args.contested,
        unexamined: args.unexamined,
        note: args.note ?? undefined,
        document: await uploadsOf(args.document),
      });
      return ctx.db.ipRight.findUniqueOrThrow({ ...reloadQuery(query), where: { id: right.id } }) as never;
    },
  }),
  updateRightsPolicy: t.field({
    type: RightsPolicyRef,
    errors: mutationErrors,
    description: "An administrator changes strike weights, thresholds and windows (the whole policy, validated as RightsPolicy's shape).",
    args: { policy: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, args, ctx) => updateRightsPolicy(ctx, args.policy),
  }),
}));
