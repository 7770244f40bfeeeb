import { randomUUID } from "node:crypto";
import type { Tx } from "../context";
import { buildStatement, statementPuid, type InfringementKind, type RightType, type StatementDecision } from "./statement-of-reasons";
import { validateStatement } from "./transparency-schema";

// Writes a statement of reasons in the transaction of the decision it explains. A statement the EU
// database would refuse is a bug here: it throws, and the decision rolls back with it.

/** Where the marketplace's decisions apply. */
export const MARKETPLACE_TERRITORIES = ["PL"] as const;
/** The rules the statements rely on (the marketplace's rights-protection terms). */
export const RIGHTS_RULES_URL = "https://marketplace.example/rules/rights-protection";

export interface StatementSubject {
  itemId: string | null;
  sellerId: string;
  sellerIsBusiness: boolean;
  offerId: string;
  offerPublishedAt: Date;
  kind: InfringementKind;
  right: { type: RightType; registrationNumber: string | null; territory: string };
  offersAffected?: number;
}

export async function writeStatement(tx: Tx, subject: StatementSubject, decision: StatementDecision, decidedAt: Date): Promise<{ id: string; puid: string }> {
  const id = randomUUID();
  const body = buildStatement({
    statementId: id,
    decision,
    ground: "ILLEGAL_CONTENT",
    kind: subject.kind,
    right: subject.right,
    source: decision.type === "SUSPENSION" ? "OWN_INITIATIVE" : "NOTICE",
    offerNumber: subject.offerId,
    offersAffected: subject.offersAffected,
    offerPublishedAt: subject.offerPublishedAt,
    decidedAt,
    territories: MARKETPLACE_TERRITORIES,
    sellerIsBusiness: subject.sellerIsBusiness,
    termsUrl: RIGHTS_RULES_URL,
  });
  const violations = validateStatement(body);
  if (violations.length) throw new Error(`Statement of reasons refused by its own validator: ${JSON.stringify(violations)}`);
  const puid = statementPuid(id);
  await tx.ipStatement.create({
    data: { id, puid, decision: decision.type, itemId: subject.itemId, sellerId: subject.sellerId, body: body as never, createdAt: decidedAt },
  });
  return { id, puid };
}
