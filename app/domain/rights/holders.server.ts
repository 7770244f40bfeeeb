import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { recordChange } from "../cases/recorder.server";
import { checkUploads, storeFiles, type UploadedFile } from "../cases/attachments.server";
import { DomainError, ErrorCode, notFound } from "../errors";
import { authorize, can, requirePerson } from "../identity/actor";
import { parseInput, uuid } from "../shared/validation";
import { rightsHolderEvents } from "./events";
import { requireOrgAccess } from "./membership.server";
import { inviteMemberSchema, registerRightSchema, registerRightsHolderSchema, rightFlagsSchema, verificationSchema } from "./schemas";

// Rights holders: an organisation registers, invites its members, registers its rights with proof; an
// agent verifies the organisation and each right. Until both are verified, reports citing the right are
// refused. Every change is on the rights holder's timeline.

const record = (tx: Tx, ctx: DomainContext, rightsHolderId: string, type: keyof typeof rightsHolderEvents.schemas, data: Record<string, unknown> = {}, actorRole: "REPORTER" | "AGENT" | "SENIOR_AGENT" = "REPORTER", notify?: Parameters<typeof recordChange>[3]["notify"]) =>
  recordChange(tx, ctx, rightsHolderEvents, { caseId: rightsHolderId, type, actorRole, data, auditMetadata: data, notify });

const staffRole = (ctx: DomainContext) => (requirePerson(ctx.actor).roles.includes("SENIOR_AGENT") ? "SENIOR_AGENT" : "AGENT");

/** Registers an organisation; the person registering it becomes its first owner. */
export async function registerRightsHolder(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "create", "rightsHolder", true);
  const data = parseInput(registerRightsHolderSchema, input);
  const email = actor.profile?.email ?? (await ctx.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } })).email;
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const holder = await tx.rightsHolder.create({
      data: { name: data.name, countryCode: data.countryCode, companyNumber: data.companyNumber, createdAt: now, createdById: actor.userId },
    });
    await tx.rightsHolderMember.create({
      data: { rightsHolderId: holder.id, email: email.toLowerCase(), userId: actor.userId, role: "OWNER", invitedAt: now, acceptedAt: now },
    });
    await record(tx, ctx, holder.id, "REGISTERED");
    return holder;
  });
}

/** An owner invites a person by e-mail, as OWNER or FILER; the person accepts once signed in with that address. */
export async function inviteMember(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(inviteMemberSchema, input);
  await requireOrgAccess(ctx.db, actor, data.rightsHolderId, (a, member) => member && can(a, "manage", "rightsHolder", false, true), { owner: true });
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.rightsHolderMember.findUnique({ where: { rightsHolderId_email: { rightsHolderId: data.rightsHolderId, email: data.email } } });
    if (existing) throw new DomainError(ErrorCode.ALREADY_A_MEMBER, "This address is already a member or invited", { fieldErrors: { email: ["Already a member or invited"] } });
    const now = ctx.clock.now();
    const invitee = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    const member = await tx.rightsHolderMember.create({
      data: { rightsHolderId: data.rightsHolderId, email: data.email, role: data.role, invitedAt: now, invitedById: actor.userId },
    });
    await record(tx, ctx, data.rightsHolderId, "MEMBER_INVITED", { memberId: member.id, role: data.role }, "REPORTER", (eventId) =>
      invitee
        ? [{ recipientId: invitee.id, kind: "rights.invited", link: "/rights", idempotencyKey: `rightsHolder:${data.rightsHolderId}:event:${eventId}:${invitee.id}` }]
        : [],
    );
    return member;
  });
}

/** The invited person accepts: the invitation must be addressed to their account's e-mail. */
export async function acceptInvitation(ctx: DomainContext, memberId: string) {
  const actor = requirePerson(ctx.actor);
  // Not an id at all: no such invitation (never a database error).
  if (!uuid.safeParse(memberId).success) throw notFound("Invitation");
  return inTransaction(ctx, async (tx) => {
    const [member, user] = await Promise.all([
      tx.rightsHolderMember.findUnique({ where: { id: memberId } }),
      tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } }),
    ]);
    if (!member || member.email !== user.email.toLowerCase()) throw notFound("Invitation");
    if (member.acceptedAt) return member;
    authorize(actor, "read", "rightsHolder", false, true);
    const now = ctx.clock.now();
    const accepted = await tx.rightsHolderMember.update({ where: { id: member.id }, data: { userId: actor.userId, acceptedAt: now } });
    await record(tx, ctx, member.rightsHolderId, "MEMBER_JOINED", { memberId: member.id });
    return accepted;
  });
}

export interface RegisterRightInput {
  rightsHolderId: string;
  type: string;
  name: string;
  registrationNumber?: string;
  territory: string;
  ownerName: string;
  onBehalf?: boolean;
  unexamined?: boolean;
  proof?: UploadedFile[];
  powerOfAttorney?: UploadedFile[];
}

/** An owner registers a right with its proof (and a power of attorney when filing for its owner). */
export async function registerRight(ctx: DomainContext, input: RegisterRightInput) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(registerRightSchema, input);
  await requireOrgAccess(ctx.db, actor, data.rightsHolderId, (a, member) => member && can(a, "manage", "rightsHolder", false, true), { owner: true });
  const proof = await checkUploads(input.proof ?? []);
  const attorney = await checkUploads(input.powerOfAttorney ?? []);
  const problems: Record<string, string[]> = {};
  if (!proof.length) problems.proof = ["Attach the registration certificate or other proof of the right"];
  if (data.onBehalf && !attorney.length) problems.powerOfAttorney = ["Attach the power of attorney from the right's owner"];
  if (Object.keys(problems).length) {
    throw new DomainError(problems.proof ? ErrorCode.EVIDENCE_MISSING : ErrorCode.POWER_OF_ATTORNEY_MISSING, "Documents are missing", { fieldErrors: problems });
  }
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const right = await tx.ipRight.create({
      data: {
        rightsHolderId: data.rightsHolderId,
        type: data.type,
        name: data.name,
        registrationNumber: data.registrationNumber,
        territory: data.territory,
        ownerName: data.ownerName,
        onBehalf: data.onBehalf,
        unexamined: data.unexamined,
        createdAt: now,
        createdById: actor.userId,
      },
    });
    await storeFiles(tx, { links: { rightId: right.id }, purpose: "PROOF", uploadedById: actor.userId, at: now }, proof);
    await storeFiles(tx, { links: { rightId: right.id }, purpose: "POWER_OF_ATTORNEY", uploadedById: actor.userId, at: now }, attorney);
    await record(tx, ctx, data.rightsHolderId, "RIGHT_REGISTERED", { rightId: right.id, rightType: data.type, documents: proof.length + attorney.length });
    return right;
  });
}

/** An agent verifies (or refuses) a rights holder. The owners are told. */
export async function verifyRightsHolder(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "verify", "rightsHolder");
  const data = parseInput(verificationSchema, input);
  return inTransaction(ctx, async (tx) => {
    const [holder] = await tx.$queryRaw<{ id: string; status: string }[]>`SELECT id, status::text FROM "RightsHolder" WHERE id = ${data.id}::uuid FOR UPDATE`;
    if (!holder) throw notFound("Rights holder");
    if (holder.status !== "PENDING") throw new DomainError(ErrorCode.INVALID_TRANSITION, "This rights holder has already been verified or refused");
    const now = ctx.clock.now();
    const updated = await tx.rightsHolder.update({
      where: { id: holder.id },
      data: { status: data.verified ? "VERIFIED" : "REJECTED", verifiedAt: now, verifiedById: actor.userId },
    });
    const owners = await ownerIds(tx, holder.id);
    await record(tx, ctx, holder.id, data.verified ? "VERIFIED" : "REJECTED", {}, staffRole(ctx), (eventId) =>
      owners.map((recipientId) => ({
        recipientId,
        kind: data.verified ? "rights.holderVerified" : "rights.holderRejected",
        link: "/rights",
        idempotencyKey: `rightsHolder:${holder.id}:event:${eventId}:${recipientId}`,
      })),
    );
    if (data.note) await writeStaffNote(tx, holder.id, actor.userId, now, data.note);
    return updated;
  });
}

/** An agent verifies (or refuses) a right. Its holder must be verified first. */
export async function verifyRight(ctx: DomainContext, input: unknown) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "verify", "rightsHolder");
  const data = parseInput(verificationSchema, input);
  return inTransaction(ctx, async (tx) => {
    const [right] = await tx.$queryRaw<{ id: string; status: string; rightsHolderId: string; name: string }[]>`
      SELECT id, status::text, "rightsHolderId", name FROM "IpRight" WHERE id = ${data.id}::uuid FOR UPDATE`;
    if (!right) throw notFound("Right");
    if (right.status !== "PENDING") throw new DomainError(ErrorCode.INVALID_TRANSITION, "This right has already been verified or refused");
    const holder = await tx.rightsHolder.findUniqueOrThrow({ where: { id: right.rightsHolderId }, select: { status: true } });
    if (data.verified && holder.status !== "VERIFIED") {
      throw new DomainError(ErrorCode.RIGHTS_HOLDER_NOT_VERIFIED, "Verify the rights holder before its rights");
    }
    const now = ctx.clock.now();
    const updated = await tx.ipRight.update({ where: { id: right.id }, data: { status: data.verified ? "VERIFIED" : "REJECTED", verifiedAt: now, verifiedById: actor.userId } });
    const owners = await ownerIds(tx, right.rightsHolderId);
    await record(tx, ctx, right.rightsHolderId, data.verified ? "RIGHT_VERIFIED" : "RIGHT_REJECTED", { rightId: right.id }, staffRole(ctx), (eventId) =>
      owners.map((recipientId) => ({
        recipientId,
        kind: data.verified ? "rights.rightVerified" : "rights.rightRejected",
        params: { right: right.name },
        link: "/rights",
        idempotencyKey: `rightsHolder:${right.rightsHolderId}:event:${eventId}:${recipientId}`,
      })),
    );
    if (data.note) await writeStaffNote(tx, right.rightsHolderId, actor.userId, now, data.note);
    return updated;
  });
}

/**
 * An agent flags a right contested (an invalidation proceeding, with its document) or unexamined. Items
 * citing it, pending ones included, go to a senior agent.
 */
export async function setRightFlags(ctx: DomainContext, input: { rightId: string; contested: boolean; unexamined: boolean; note?: string; document?: UploadedFile[] }) {
  const actor = requirePerson(ctx.actor);
  authorize(actor, "verify", "rightsHolder");
  const data = parseInput(rightFlagsSchema, input);
  const files = await checkUploads(input.document ?? []);
  return inTransaction(ctx, async (tx) => {
    const [right] = await tx.$queryRaw<{ id: string; rightsHolderId: string; contested: boolean }[]>`
      SELECT id, "rightsHolderId", contested FROM "IpRight" WHERE id = ${data.rightId}::uuid FOR UPDATE`;
    if (!right) throw notFound("Right");
    if (data.contested && !right.contested && !files.length) {
      throw new DomainError(ErrorCode.EVIDENCE_MISSING, "Attach the invalidation proceeding's document", { fieldErrors: { document: ["Attach the document"] } });
    }
    const now = ctx.clock.now();
    const updated = await tx.ipRight.update({ where: { id: right.id }, data: { contested: data.contested, unexamined: data.unexamined } });
    await tx.ipReportItem.updateMany({
      where: { rightId: right.id, status: { in: ["PENDING", "INFORMATION_REQUESTED", "ON_HOLD"] } },
      data: { needsSenior: data.contested || data.unexamined },
    });
    await storeFiles(tx, { links: { rightId: right.id }, purpose: "CONTEST", uploadedById: actor.userId, at: now }, files);
    await record(tx, ctx, right.rightsHolderId, "RIGHT_FLAGS_CHANGED", { rightId: right.id, contested: data.contested, unexamined: data.unexamined }, staffRole(ctx));
    if (data.note) await writeStaffNote(tx, right.rightsHolderId, actor.userId, now, data.note);
    return updated;
  });
}

async function ownerIds(tx: Tx, rightsHolderId: string): Promise<string[]> {
  const owners = await tx.rightsHolderMember.findMany({ where: { rightsHolderId, role: "OWNER", userId: { not: null } }, select: { userId: true } });
  return owners.map((o) => o.userId!);
}

async function writeStaffNote(tx: Tx, rightsHolderId: string, authorId: string, at: Date, body: string) {
  await tx.caseNote.create({ data: { caseType: "RIGHTS_HOLDER", caseId: rightsHolderId, authorId, audience: "STAFF", body, createdAt: at } });
}
