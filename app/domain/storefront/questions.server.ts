import type { z } from "zod";
import type { DomainContext, Tx } from "../context";
import { inTransaction } from "../context";
import { audit } from "../audit/audit.server";
import { authorize, can, canAny, canAtAll, isPerson, requirePerson, type Actor } from "../identity/actor";
import { DomainError, ErrorCode, isDomainError, notFound, type FieldErrors } from "../errors";
import { parseInput, validationError } from "../shared/validation";
import { countSubmission } from "../shared/rate-limit.server";
import { cappedCount } from "../shared/capped-count";
import { visibleOffersWhere } from "../marketplace/offers.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { clausesForForm } from "../consents/form-clauses.server";
import { checkConsents, recordConsents, type CheckedConsents } from "../consents/record.server";
import type { ConsentForm } from "../consents/positions";
import {
  answerInputSchema,
  contactInputSchema,
  productQuestionInputSchema,
  QUESTION_SUBJECT_MAX,
  questionFilterSchema,
  type QuestionKind,
  type QuestionStatus,
} from "./questions-schemas";

// The shop's questions (the seed's "Klienci | Pytania"): the contact form's tickets and "ask about
// product" on an offer's card. Both are public forms: counted per client address, refused when the
// honeypot is filled, and the clauses of their position are checked and recorded on the question in the
// transaction that creates it. Staff read and answer every question; a seller those about their own
// offers; the person who asked reads their own question and its answer.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every public form of the shop passes besides its fields. */
export interface PublicFormExtras {
  /** The form's consent answers (readConsentAnswers). */
  consents?: unknown;
  /** The honeypot's value (TRAP_FIELD): people leave it empty. */
  trap?: unknown;
  /** The language the page was shown in (answers are written in it). */
  locale?: unknown;
}

/**
 * Counts the submission per client address and form (before anything else, so a flood is refused
 * cheaply and writes nothing of its own), then refuses a form a script filled in (the honeypot).
 */
export async function guardPublicForm(ctx: DomainContext, form: string, trap: unknown): Promise<void> {
  if (!ctx.origin) throw new Error("Public forms are sent from a request: the adapter must pass its origin");
  await countSubmission(ctx.db, ctx.clock, `${form}:${ctx.origin.ipAddress}`);
  if (typeof trap === "string" && trap.trim() !== "") {
    throw new DomainError(ErrorCode.FORM_REJECTED, "The form was filled in by a script");
  }
}

/**
 * Checks the fields and the consents together, so a person sees every problem at once: field errors
 * and missing mandatory consents in one VALIDATION_FAILED. Other consent problems (a forged or outdated
 * clause) are their own errors.
 */
export async function checkFieldsAndConsents<S extends z.ZodType>(
  tx: Tx,
  schema: S,
  input: unknown,
  form: ConsentForm,
  consents: unknown,
  customerId: string | null,
): Promise<{ data: z.output<S>; checked: CheckedConsents }> {
  const parsed = schema.safeParse(input);
  let checked: CheckedConsents | null = null;
  let consentErrors: FieldErrors = {};
  try {
    checked = await checkConsents(tx, form, consents, { customerId });
  } catch (error) {
    if (!(isDomainError(error) && error.code === ErrorCode.CONSENT_REQUIRED && !parsed.success)) throw error;
    consentErrors = error.fieldErrors ?? {};
  }
  if (!parsed.success) {
    const fields = validationError(parsed.error);
    throw new DomainError(ErrorCode.VALIDATION_FAILED, fields.message, { fieldErrors: { ...fields.fieldErrors, ...consentErrors } });
  }
  return { data: parsed.data as z.output<S>, checked: checked! };
}

const signedInId = (actor: Actor) => (isPerson(actor) ? actor.userId : null);
const localeOf = (value: unknown) => (value === "en" ? "en" : "pl");

/** The short reference a person quotes about their question (the start of its id). */
export const questionReference = (id: string) => `Q-${id.slice(0, 8).toUpperCase()}`;

// ───────────────────────────── the contact form ─────────────────────────────

/** The contact form's clauses (position CONTACT_FORM), by priority. */
export async function contactForm(ctx: DomainContext) {
  return { clauses: await clausesForForm(ctx.db, "CONTACT", { customerId: signedInId(ctx.actor) }) };
}

/** Sends the contact form: a customer-service ticket (kind CONTACT) with the consents given on it. */
export async function sendContactMessage(ctx: DomainContext, input: Record<string, unknown> & PublicFormExtras) {
  await guardPublicForm(ctx, "contact", input.trap);
  const userId = signedInId(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const { data, checked } = await checkFieldsAndConsents(tx, contactInputSchema, input, "CONTACT", input.consents, userId);
    const question = await tx.customerQuestion.create({
      data: {
        kind: "CONTACT",
        userId,
        name: data.name,
        email: data.email,
        subject: data.subject,
        message: data.message,
        locale: localeOf(input.locale),
        createdAt: ctx.clock.now(),
      },
      select: { id: true, createdAt: true },
    });
    await recordConsents(tx, ctx, checked, { questionId: question.id }, { userId, email: data.email });
    return { id: question.id, reference: questionReference(question.id), createdAt: question.createdAt };
  });
}

// ───────────────────────────── ask about product ─────────────────────────────

const OFFER_SELECT = {
  id: true,
  title: true,
  status: true,
  priceAmount: true,
  currency: true,
  sellerId: true,
  seller: { select: { name: true } },
} as const;

/** An offer the actor may see in the shop (taken-down and suspended offers are not there for the public). */
export async function shopOffer(ctx: Pick<DomainContext, "db" | "actor">, offerId: string, db: DomainContext["db"] | Tx = ctx.db) {
  const offer = UUID.test(offerId) ? await db.offer.findFirst({ where: { id: offerId, ...visibleOffersWhere(ctx.actor) }, select: OFFER_SELECT }) : null;
  if (!offer) throw new DomainError(ErrorCode.OFFER_NOT_FOUND, "No such offer in the shop");
  return offer;
}

/** The "ask about product" form: the offer and the clauses of position ASK_ABOUT_PRODUCT. */
export async function productQuestionForm(ctx: DomainContext, offerId: string) {
  const offer = await shopOffer(ctx, offerId);
  return { offer, clauses: await clausesForForm(ctx.db, "ASK_ABOUT_PRODUCT", { customerId: signedInId(ctx.actor) }) };
}

/** Asks the seller (and staff) about an offer: a question of kind PRODUCT with the consents given on it. */
export async function askAboutProduct(ctx: DomainContext, offerId: string, input: Record<string, unknown> & PublicFormExtras) {
  await guardPublicForm(ctx, "ask", input.trap);
  const userId = signedInId(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const offer = await shopOffer(ctx, offerId, tx);
    const { data, checked } = await checkFieldsAndConsents(tx, productQuestionInputSchema, input, "ASK_ABOUT_PRODUCT", input.consents, userId);
    const question = await tx.customerQuestion.create({
      data: {
        kind: "PRODUCT",
        offerId: offer.id,
        userId,
        name: data.name,
        email: data.email,
        subject: offer.title.slice(0, QUESTION_SUBJECT_MAX),
        message: data.message,
        locale: localeOf(input.locale),
        createdAt: ctx.clock.now(),
      },
      select: { id: true, createdAt: true },
    });
    await recordConsents(tx, ctx, checked, { questionId: question.id }, { userId, email: data.email });
    if (offer.sellerId !== userId) {
      await enqueueNotification(tx, ctx, {
        recipientId: offer.sellerId,
        kind: "question.received",
        params: { reference: questionReference(question.id) },
        link: `/questions/${question.id}`,
        idempotencyKey: `question:${question.id}:received`,
      });
    }
    return { id: question.id, reference: questionReference(question.id), createdAt: question.createdAt };
  });
}

// ───────────────────────────── reading and answering ─────────────────────────────

export interface QuestionRow {
  id: string;
  kind: QuestionKind;
  status: QuestionStatus;
  offerId: string | null;
  userId: string | null;
  name: string;
  email: string;
  subject: string;
  createdAt: Date;
  answeredAt: Date | null;
  offerTitle: string | null;
  offerSellerId: string | null;
}

/**
 * Who reads which questions: `any` readers (customer service) all of them; everyone else the questions
 * they asked and, for sellers, the product questions about their own offers.
 */
function readScope(actor: Actor, side: "asked" | "received" | undefined): { mode: "any" | "asked" | "received" | "both"; me: string | null } {
  const person = requirePerson(actor);
  if (!canAtAll(person, "read", "question")) authorize(person, "read", "question");
  if (canAny(person, "read", "question")) return { mode: "any", me: null };
  return { mode: side ?? "both", me: person.userId };
}

/** The questions list, newest first, one page and its capped count (two statements, sent together). */
export async function listQuestions(ctx: DomainContext, input: unknown, page: { skip?: number; take?: number } = {}) {
  const filter = parseInput(questionFilterSchema, input ?? {});
  const { mode, me } = readScope(ctx.actor, filter.side);
  const kind = filter.kind ?? null;
  const status = filter.status ?? null;
  const skip = page.skip ?? 0;
  const take = Math.min(page.take ?? 25, 100);
  const [total, rows] = await Promise.all([
    cappedCount(
      async (limit) =>
        (
          await ctx.db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS "n" FROM (
              SELECT 1 FROM "CustomerQuestion" q LEFT JOIN "Offer" o ON o."id" = q."offerId"
              WHERE (${kind}::text IS NULL OR q."kind"::text = ${kind}::text)
                AND (${status}::text IS NULL OR q."status"::text = ${status}::text)
                AND (${mode}::text = 'any'
                  OR (${mode}::text IN ('asked', 'both') AND q."userId" = ${me}::uuid)
                  OR (${mode}::text IN ('received', 'both') AND q."kind" = 'PRODUCT' AND o."sellerId" = ${me}::uuid))
              ORDER BY q."createdAt" DESC, q."id" DESC
              LIMIT ${limit}) page`
        )[0]?.n ?? 0,
      { skip, take },
    ),
    ctx.db.$queryRaw<QuestionRow[]>`
      SELECT q."id", q."kind"::text AS "kind", q."status"::text AS "status", q."offerId", q."userId", q."name", q."email", q."subject",
             q."createdAt", q."answeredAt", o."title" AS "offerTitle", o."sellerId" AS "offerSellerId"
      FROM "CustomerQuestion" q LEFT JOIN "Offer" o ON o."id" = q."offerId"
      WHERE (${kind}::text IS NULL OR q."kind"::text = ${kind}::text)
        AND (${status}::text IS NULL OR q."status"::text = ${status}::text)
        AND (${mode}::text = 'any'
          OR (${mode}::text IN ('asked', 'both') AND q."userId" = ${me}::uuid)
          OR (${mode}::text IN ('received', 'both') AND q."kind" = 'PRODUCT' AND o."sellerId" = ${me}::uuid))
      ORDER BY q."createdAt" DESC, q."id" DESC
      LIMIT ${take} OFFSET ${skip}`,
  ]);
  const staff = mode === "any";
  return {
    total,
    staff,
    questions: rows.map((row) => ({
      ...row,
      reference: questionReference(row.id),
      mine: !staff && row.userId === me,
      aboutMyOffer: !staff && row.kind === "PRODUCT" && row.offerSellerId === me,
      // A seller answers through the platform: the asker's e-mail stays with staff and the asker.
      email: staff || row.userId === me ? row.email : null,
    })),
  };
}

async function loadQuestion(db: DomainContext["db"] | Tx, id: string) {
  if (!UUID.test(id)) return null;
  return db.customerQuestion.findUnique({ where: { id } });
}

/** One question with its offer and answer, as the reader may see it; what they may do with it. */
export async function getQuestion(ctx: DomainContext, id: string) {
  const actor = requirePerson(ctx.actor);
  const question = await loadQuestion(ctx.db, id);
  if (!question) throw notFound("Question");
  const offer = question.offerId ? await ctx.db.offer.findUnique({ where: { id: question.offerId }, select: OFFER_SELECT }) : null;
  const asked = question.userId === actor.userId;
  const aboutMine = question.kind === "PRODUCT" && offer?.sellerId === actor.userId;
  authorize(actor, "read", "question", asked || aboutMine);
  const staff = canAny(actor, "read", "question");
  const answeredBy = question.answeredById
    ? await ctx.db.user.findUnique({ where: { id: question.answeredById }, select: { id: true, name: true } })
    : null;
  return {
    question: {
      ...question,
      reference: questionReference(question.id),
      email: staff || asked ? question.email : null,
    },
    offer,
    answer: question.answer
      ? {
          text: question.answer,
          at: question.answeredAt,
          // Parties learn whether the seller or the shop answered; staff see who.
          bySeller: !!offer && question.answeredById === offer.sellerId,
          byName: staff ? (answeredBy?.name ?? null) : null,
        }
      : null,
    asked,
    aboutMine,
    staff,
    canAnswer: question.status === "OPEN" && can(actor, "answer", "question", aboutMine),
    canReadConsents: canAny(actor, "read", "consent"),
  };
}

/**
 * Answers a question: OPEN → ANSWERED with who and when, audited. Customer service answers any question,
 * a seller those about their own offers. The first answer stands (a second is QUESTION_ALREADY_ANSWERED).
 */
export async function answerQuestion(ctx: DomainContext, id: string, input: unknown) {
  const actor = requirePerson(ctx.actor);
  const data = parseInput(answerInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    if (!UUID.test(id)) throw notFound("Question");
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "CustomerQuestion" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Question");
    const question = (await loadQuestion(tx, id))!;
    const offer = question.offerId ? await tx.offer.findUnique({ where: { id: question.offerId }, select: { sellerId: true } }) : null;
    const aboutMine = question.kind === "PRODUCT" && offer?.sellerId === actor.userId;
    // Someone who may not even read the question learns nothing more from the answer form.
    authorize(actor, "read", "question", aboutMine || question.userId === actor.userId);
    authorize(actor, "answer", "question", aboutMine);
    if (question.status !== "OPEN") throw new DomainError(ErrorCode.QUESTION_ALREADY_ANSWERED, "This question was answered meanwhile");
    const now = ctx.clock.now();
    const answered = await tx.customerQuestion.update({
      where: { id },
      data: { status: "ANSWERED", answer: data.answer, answeredById: actor.userId, answeredAt: now },
    });
    await audit(tx, ctx, { action: "question.answer", subjectType: "CustomerQuestion", subjectId: id, metadata: { kind: question.kind, bySeller: aboutMine } });
    if (question.userId && question.userId !== actor.userId) {
      await enqueueNotification(tx, ctx, {
        recipientId: question.userId,
        kind: "question.answered",
        params: { reference: questionReference(id) },
        link: `/questions/${id}`,
        idempotencyKey: `question:${id}:answered`,
      });
    }
    return answered;
  });
}
