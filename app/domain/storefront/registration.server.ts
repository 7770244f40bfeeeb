import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { isPerson } from "../identity/actor";
import { DomainError, ErrorCode } from "../errors";
import { hashPassword } from "../identity/passwords.server";
import { openSession, SESSION_TTL } from "../identity/sessions.server";
import { checkConsents, recordConsents } from "../consents/record.server";
import { registrationSchema } from "./schemas";
import { admitSubmission, emailTaken, isEmailTakenRace, parseFields, upsertSubscriber } from "./submission.server";

// A visitor creates a customer account (role BUYER) in the shop. One transaction: the consents checked
// against the registration form's clauses, the account, the newsletter address when the box was ticked,
// every clause shown recorded on the new customer (newsletter clauses on the address list), and the
// session that signs the person in.

export interface NewAccount {
  email: string;
  name: string;
  isCompany: boolean;
  passwordHash: string;
  locale: string;
  phone?: string | null;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  /** Which form created it (the audit record says). */
  via: "registration" | "order";
}

/** Creates a customer (BUYER) account inside the caller's transaction; EMAIL_TAKEN when the address has one. */
export async function createBuyerAccount(tx: Tx, ctx: DomainContext, account: NewAccount): Promise<string> {
  if (await tx.user.findUnique({ where: { email: account.email }, select: { id: true } })) throw emailTaken();
  const role = await tx.role.findUniqueOrThrow({ where: { name: "BUYER" }, select: { id: true } });
  const now = ctx.clock.now();
  const user = await tx.user.create({
    data: {
      email: account.email,
      name: account.name,
      isCompany: account.isCompany,
      passwordHash: account.passwordHash,
      locale: account.locale,
      phone: account.phone ?? null,
      street: account.street ?? null,
      postalCode: account.postalCode ?? null,
      city: account.city ?? null,
      createdAt: now,
      roles: { create: { roleId: role.id, grantedAt: now } },
    },
    select: { id: true },
  });
  await audit(tx, ctx, { action: "user.register", subjectType: "User", subjectId: user.id, metadata: { roles: ["BUYER"], via: account.via } });
  return user.id;
}

export interface RegisterInput {
  name?: unknown;
  email?: unknown;
  password?: unknown;
  passwordAgain?: unknown;
  isCompany?: unknown;
  locale?: unknown;
  consents?: unknown;
  trapped?: boolean;
}

export async function registerCustomer(ctx: DomainContext, input: RegisterInput): Promise<{ userId: string; sessionId: string; expiresAt: Date }> {
  const origin = await admitSubmission(ctx, "registration", input.trapped);
  if (isPerson(ctx.actor)) throw new DomainError(ErrorCode.CONFLICT, "Already signed in: sign out to create another account");
  const { consents, trapped: _trapped, ...fields } = input;
  const data = await parseFields(ctx, registrationSchema, fields, "REGISTRATION", consents);
  const passwordHash = await hashPassword(data.password);
  try {
    return await inTransaction(ctx, async (tx) => {
      const checked = await checkConsents(tx, "REGISTRATION", consents);
      const userId = await createBuyerAccount(tx, ctx, {
        email: data.email,
        name: data.name,
        isCompany: data.isCompany,
        passwordHash,
        locale: data.locale,
        via: "registration",
      });
      const now = ctx.clock.now();
      const newsletterSubscriberId = checked.wantsNewsletter ? await upsertSubscriber(tx, now, { email: data.email, userId, locale: data.locale }) : undefined;
      await recordConsents(tx, { ...ctx, origin }, checked, { customerId: userId, newsletterSubscriberId }, { userId, email: data.email });
      const session = await openSession(tx, userId, now, SESSION_TTL.customer, origin);
      return { userId, ...session };
    });
  } catch (error) {
    if (isEmailTakenRace(error)) throw emailTaken();
    throw error;
  }
}
