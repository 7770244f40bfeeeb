import { randomUUID } from "node:crypto";
import type { DomainContext, Tx } from "../context";
import { isPerson } from "../identity/actor";
import { DomainError, ErrorCode, type ErrorDetail } from "../errors";
import { parseInput } from "../shared/validation";
import { clausesForForm, type FormClause } from "./form-clauses.server";
import { subjectFor, type ConsentForm, type ConsentSubjects } from "./positions";
import { consentAnswersSchema } from "./schemas";

// What a person chose on a form, checked against what the form showed and recorded as evidence: per clause
// shown, the exact version, its type at that moment, the choice, when, from which address and browser.
// The server decides what was shown (the same query that rendered the form); the answers only say which
// versions the page carried and which boxes were ticked.

export interface ConsentChoiceRow {
  clause: FormClause;
  choice: "ACCEPTED" | "DECLINED" | "DISPLAYED";
}

export interface CheckedConsents {
  form: ConsentForm;
  choices: ConsentChoiceRow[];
  /** The person asked for the newsletter (the newsletter form itself, or the box on order/registration). */
  wantsNewsletter: boolean;
  /** Optional consents the person gave, by position (e.g. an order form's Opineo clause). */
  accepted: ReadonlySet<string>;
}

const field = (clause: FormClause) => `consent.${clause.versionId}`;

/**
 * Checks a form's answers against the clauses it shows now. Refuses with CONSENT_NOT_OFFERED (a version
 * this form does not show: inactive, another position, forged), CONSENT_OUTDATED (the wording changed, or
 * a clause was added, after the page was rendered) or CONSENT_REQUIRED (a mandatory consent not given).
 */
export async function checkConsents(
  db: DomainContext["db"] | Tx,
  form: ConsentForm,
  input: unknown,
  options: { customerId?: string | null } = {},
): Promise<CheckedConsents> {
  const answers = parseInput(consentAnswersSchema, input ?? {});
  const clauses = await clausesForForm(db, form, options);
  const reveal = clauses.find((clause) => clause.revealsNewsletter);
  const accepted = new Set(answers.accepted);
  const wantsNewsletter = form === "NEWSLETTER" || (!!reveal && accepted.has(reveal.versionId));
  const visible = clauses.filter((clause) => !clause.behindNewsletter || wantsNewsletter);

  // The page carries the newsletter clauses even while they are hidden behind the box; they count only
  // once it is ticked.
  const formIds = new Set(clauses.map((clause) => clause.versionId));
  const stray = [...new Set([...answers.shown, ...answers.accepted])].filter((id) => !formIds.has(id));
  if (stray.length) {
    // An older version of a clause the form still shows (a newsletter clause behind the box too: the page
    // carried it) means the wording changed under the person.
    const outdated = await db.clauseVersion.findMany({
      where: { id: { in: stray }, clauseId: { in: clauses.map((clause) => clause.clauseId) } },
      select: { id: true },
    });
    if (outdated.length) throw outdatedError();
    // A clause deleted after the page was rendered: the form changed under the person.
    const [deleted] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "AuditLog"
      WHERE "subjectType" = 'Clause' AND "action" = 'clause.delete'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(
              CASE WHEN jsonb_typeof("metadata" -> 'versionIds') = 'array' THEN "metadata" -> 'versionIds' ELSE '[]'::jsonb END) v
            WHERE v = ANY(string_to_array(${stray.join(",")}, ',')))`;
    if ((deleted?.n ?? 0) > 0) throw outdatedError();
    throw new DomainError(ErrorCode.CONSENT_NOT_OFFERED, "The answers name a clause this form does not show", {
      details: stray.map((id) => ({ field: `consent.${id}`, code: ErrorCode.CONSENT_NOT_OFFERED, message: "Not a clause of this form" })),
    });
  }
  const shown = new Set(answers.shown);
  if (visible.some((clause) => !shown.has(clause.versionId))) throw outdatedError();

  const missing: ErrorDetail[] = visible
    .filter((clause) => clause.type === "MANDATORY_CONSENT" && !clause.revealsNewsletter && !accepted.has(clause.versionId))
    .map((clause) => ({ field: field(clause), code: ErrorCode.CONSENT_REQUIRED, message: "Required to send this form" }));
  if (missing.length) {
    throw new DomainError(ErrorCode.CONSENT_REQUIRED, "A required consent was not given", {
      details: missing,
      fieldErrors: Object.fromEntries(missing.map((m) => [m.field, [m.message]])),
    });
  }

  const choices: ConsentChoiceRow[] = visible
    .filter((clause) => !clause.revealsNewsletter)
    .map((clause) => ({
      clause,
      choice: clause.type === "INFORMATION_CLAUSE" ? "DISPLAYED" : accepted.has(clause.versionId) ? "ACCEPTED" : "DECLINED",
    }));
  return {
    form,
    choices,
    wantsNewsletter,
    accepted: new Set(choices.filter((c) => c.choice === "ACCEPTED").map((c) => c.clause.position)),
  };
}

const outdatedError = () =>
  new DomainError(ErrorCode.CONSENT_OUTDATED, "The clauses of this form changed after it was shown: read them again and send it once more");

/**
 * Records the checked choices in one statement, each attached where the seed says (subjectFor). Call it
 * in the transaction that creates the records the consents belong to; `userId` is the signed-in person,
 * or the account this very submission creates, never an id from the request.
 */
export async function recordConsents(
  tx: Tx,
  ctx: Pick<DomainContext, "actor" | "clock" | "origin">,
  checked: CheckedConsents,
  subjects: ConsentSubjects,
  person: { userId?: string | null; email?: string | null } = {},
): Promise<number> {
  if (!checked.choices.length) return 0;
  if (!ctx.origin) throw new Error("Consents are recorded from a request: the adapter must pass its origin");
  const origin = ctx.origin;
  const submissionId = randomUUID();
  const at = ctx.clock.now();
  const userId = person.userId ?? (isPerson(ctx.actor) ? ctx.actor.userId : null);
  const rows = checked.choices.flatMap(({ clause, choice }) => {
    const subject = subjectFor(clause.position, subjects);
    if (!subject) return [];
    return [
      {
        submissionId,
        form: checked.form,
        clauseId: clause.clauseId,
        clauseVersionId: clause.versionId,
        position: clause.position,
        clauseType: clause.type,
        choice,
        subjectType: subject.type,
        subjectId: subject.id,
        userId,
        email: person.email ?? null,
        at,
        ipAddress: origin.ipAddress,
        userAgent: origin.userAgent,
        pageUrl: origin.pageUrl ?? null,
      },
    ];
  });
  if (!rows.length) return 0;
  try {
    return (await tx.consentRecord.createMany({ data: rows })).count;
  } catch (error) {
    // The clause was deleted between the check and this insert (its version is gone).
    if (String((error as Error)?.message ?? "").includes("ConsentRecord_clauseVersionId_fkey")) throw outdatedError();
    throw error;
  }
}
