-- Internal notes leave the append-only timeline: every note written so far inside CaseEvent.data moves to
-- a CaseNote row tied to its event, and the event keeps its other data. The append-only trigger is
-- lifted for this one statement only, inside the migration's transaction.
CREATE TABLE "CaseNote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseType" TEXT NOT NULL,
    "caseId" UUID NOT NULL,
    "eventId" BIGINT,
    "authorId" UUID,
    "audience" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "redactedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CaseNote_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "CaseNote_caseType_caseId_createdAt_idx" ON "CaseNote"("caseType", "caseId", "createdAt");
CREATE INDEX "CaseNote_eventId_idx" ON "CaseNote"("eventId");

-- A senior agent's reason for declining a second approval is between staff; a documents request is
-- addressed to the buyer.
INSERT INTO "CaseNote" ("caseType", "caseId", "eventId", "authorId", "audience", "body", "createdAt")
SELECT e."caseType", e."caseId", e."id",
       CASE WHEN e."actorType" = 'USER' THEN e."actorId"::uuid END,
       CASE WHEN e."type" = 'SECOND_APPROVAL_DECLINED' THEN 'STAFF' ELSE 'PARTIES' END,
       e."data"->>'note', e."at"
FROM "CaseEvent" AS e
WHERE e."data" ? 'note' AND e."data"->>'note' IS NOT NULL;

ALTER TABLE "CaseEvent" DISABLE TRIGGER "CaseEvent_append_only";
UPDATE "CaseEvent" SET "data" = "data" - 'note' WHERE "data" ? 'note';
ALTER TABLE "CaseEvent" ENABLE TRIGGER "CaseEvent_append_only";
