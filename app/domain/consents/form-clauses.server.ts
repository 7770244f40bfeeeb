import type { Db, Tx } from "../context";
import { FORM_POSITIONS, formRevealsNewsletter, NEWSLETTER_REVEAL, type ClausePosition, type ClauseType, type ConsentForm } from "./positions";

// The clauses a form shows, in one indexed query: the active clauses of the form's positions by priority,
// each with its current wording. The order form leaves out the Opineo/Ceneo clauses while those
// integrations are off, and a signed-in customer's registration/order clauses they already accepted in
// this very version (seed 002: shown again only when a newer version exists).

export const REVIEW_INTEGRATIONS_SETTING = "consents.reviewIntegrations";

export interface FormClause {
  clauseId: string;
  versionId: string;
  version: number;
  position: ClausePosition;
  type: ClauseType;
  priority: number;
  content: string;
  contentHash: string;
  /** On the order and registration forms: shown once the newsletter–order/registration box is ticked. */
  behindNewsletter: boolean;
  /** The newsletter–order/registration box itself (reveals the newsletter clauses; never recorded). */
  revealsNewsletter: boolean;
}

export async function clausesForForm(db: Db | Tx, form: ConsentForm, options: { customerId?: string | null } = {}): Promise<FormClause[]> {
  const positions = FORM_POSITIONS[form] as ClausePosition[];
  const customerId = options.customerId ?? null;
  // Sent as one comma-separated text: array parameters do not travel alike through every driver adapter.
  const positionList = positions.join(",");
  const rows = await db.$queryRaw<
    { clauseId: string; versionId: string; version: number; position: ClausePosition; type: ClauseType; priority: number; content: string; contentHash: string }[]
  >`
    SELECT c."id" AS "clauseId", v."id" AS "versionId", v."version", c."position"::text AS "position", v."type"::text AS "type",
           c."priority", v."content", v."contentHash"
    FROM "Clause" c
    JOIN "ClauseVersion" v ON v."clauseId" = c."id" AND v."version" = c."version"
    WHERE c."position" = ANY(string_to_array(${positionList}, ',')::"ClausePosition"[]) AND c."active"
      AND (c."position" NOT IN ('ORDER_OPINEO', 'ORDER_CENEO') OR EXISTS (
            SELECT 1 FROM "Setting" s WHERE s."key" = ${REVIEW_INTEGRATIONS_SETTING}
              AND (s."value" ->> (CASE c."position" WHEN 'ORDER_OPINEO' THEN 'opineo' ELSE 'ceneo' END)) = 'true'))
      AND NOT (c."position" = 'REGISTRATION_ORDER' AND ${customerId}::uuid IS NOT NULL AND EXISTS (
            SELECT 1 FROM (
              SELECT r."clauseVersionId", r."choice" FROM "ConsentRecord" r
              WHERE r."subjectType" = 'CUSTOMER' AND r."subjectId" = ${customerId}::uuid AND r."clauseId" = c."id"
              ORDER BY r."at" DESC, r."id" DESC LIMIT 1) latest
            WHERE latest."clauseVersionId" = v."id" AND latest."choice" IN ('ACCEPTED', 'DISPLAYED')))
    ORDER BY array_position(string_to_array(${positionList}, ','), c."position"::text), c."priority" DESC, c."createdAt", c."id"`;
  const reveals = formRevealsNewsletter(form);
  const hasReveal = reveals && rows.some((row) => row.position === NEWSLETTER_REVEAL);
  return rows
    // Without the box, the order and registration forms offer no newsletter at all.
    .filter((row) => !(reveals && row.position === "NEWSLETTER" && !hasReveal))
    .map((row) => ({
      ...row,
      priority: Number(row.priority),
      version: Number(row.version),
      behindNewsletter: reveals && row.position === "NEWSLETTER",
      revealsNewsletter: row.position === NEWSLETTER_REVEAL,
    }));
}
