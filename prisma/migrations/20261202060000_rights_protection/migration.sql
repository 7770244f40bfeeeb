-- Rights protection: rights holders and their members and rights, notices and their items (the cases
-- agents decide), decisions, appeals, statements of reasons and their export, strikes and enforcement.

ALTER TYPE "OfferStatus" ADD VALUE 'SUSPENDED';

ALTER TABLE "Offer" ADD COLUMN "description" TEXT NOT NULL DEFAULT '',
                    ADD COLUMN "photoRefs" TEXT[] DEFAULT ARRAY[]::TEXT[],
                    ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TYPE "RightsHolderStatus" AS ENUM ('PENDING', 'VERIFIED', 'REJECTED');
CREATE TYPE "RightsMemberRole" AS ENUM ('OWNER', 'FILER');
CREATE TYPE "IpRightType" AS ENUM ('TRADEMARK', 'COPYRIGHT', 'INDUSTRIAL_DESIGN', 'PATENT', 'OTHER_INDUSTRIAL_PROPERTY');
CREATE TYPE "IpRightStatus" AS ENUM ('PENDING', 'VERIFIED', 'REJECTED');
CREATE TYPE "InfringementKind" AS ENUM ('COUNTERFEIT', 'TRADEMARK_MISUSE', 'COPYRIGHT_PHOTOS', 'COPYRIGHT_DESCRIPTION', 'DESIGN', 'PATENT', 'OTHER');
CREATE TYPE "IpItemStatus" AS ENUM ('PENDING', 'INFORMATION_REQUESTED', 'TAKEN_DOWN', 'REJECTED', 'REINSTATED', 'ON_HOLD');
CREATE TYPE "IpRejectionReason" AS ENUM ('NO_INFRINGEMENT_SHOWN', 'INSUFFICIENT_EVIDENCE', 'RIGHT_DOES_NOT_COVER', 'GENUINE_GOODS', 'OFFER_CHANGED', 'MANIFESTLY_UNFOUNDED', 'OTHER');
CREATE TYPE "CounterNoticeReason" AS ENUM ('AUTHORISED_BY_OWNER', 'NO_RIGHT', 'FAIR_USE_OR_EXHAUSTION', 'NOT_THE_ITEM', 'OTHER');
CREATE TYPE "IpAppealStatus" AS ENUM ('PENDING', 'UPHELD', 'REINSTATED');
CREATE TYPE "StatementDecisionType" AS ENUM ('TAKE_DOWN', 'REINSTATEMENT', 'SUSPENSION');
CREATE TYPE "SellerEnforcementType" AS ENUM ('WARNING', 'SUSPENSION');

CREATE TABLE "RightsHolder" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "companyNumber" TEXT,
    "status" "RightsHolderStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "verifiedById" UUID,
    "warnedAt" TIMESTAMPTZ(3),
    "noticesSuspendedUntil" TIMESTAMPTZ(3),
    CONSTRAINT "RightsHolder_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RightsHolder_number_key" ON "RightsHolder"("number");
CREATE INDEX "RightsHolder_status_createdAt_idx" ON "RightsHolder"("status", "createdAt");

CREATE TABLE "RightsHolderMember" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rightsHolderId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "userId" UUID,
    "role" "RightsMemberRole" NOT NULL,
    "invitedAt" TIMESTAMPTZ(3) NOT NULL,
    "invitedById" UUID,
    "acceptedAt" TIMESTAMPTZ(3),
    CONSTRAINT "RightsHolderMember_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RightsHolderMember_rightsHolderId_email_key" ON "RightsHolderMember"("rightsHolderId", "email");
CREATE INDEX "RightsHolderMember_userId_idx" ON "RightsHolderMember"("userId");
CREATE INDEX "RightsHolderMember_email_idx" ON "RightsHolderMember"("email");
ALTER TABLE "RightsHolderMember" ADD CONSTRAINT "RightsHolderMember_rightsHolderId_fkey" FOREIGN KEY ("rightsHolderId") REFERENCES "RightsHolder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "IpRight" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rightsHolderId" UUID NOT NULL,
    "type" "IpRightType" NOT NULL,
    "name" TEXT NOT NULL,
    "registrationNumber" TEXT,
    "territory" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "onBehalf" BOOLEAN NOT NULL DEFAULT false,
    "status" "IpRightStatus" NOT NULL DEFAULT 'PENDING',
    "contested" BOOLEAN NOT NULL DEFAULT false,
    "unexamined" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "verifiedById" UUID,
    CONSTRAINT "IpRight_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "IpRight_status_createdAt_idx" ON "IpRight"("status", "createdAt");
CREATE INDEX "IpRight_rightsHolderId_createdAt_idx" ON "IpRight"("rightsHolderId", "createdAt");
ALTER TABLE "IpRight" ADD CONSTRAINT "IpRight_rightsHolderId_fkey" FOREIGN KEY ("rightsHolderId") REFERENCES "RightsHolder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "IpNotice" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" SERIAL NOT NULL,
    "rightsHolderId" UUID NOT NULL,
    "filedById" UUID NOT NULL,
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "accuracyStatementAt" TIMESTAMPTZ(3) NOT NULL,
    "trustedAtFiling" BOOLEAN NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "clientReference" TEXT,
    CONSTRAINT "IpNotice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IpNotice_number_key" ON "IpNotice"("number");
CREATE UNIQUE INDEX "IpNotice_rightsHolderId_clientReference_key" ON "IpNotice"("rightsHolderId", "clientReference");
CREATE INDEX "IpNotice_rightsHolderId_filedAt_idx" ON "IpNotice"("rightsHolderId", "filedAt");
ALTER TABLE "IpNotice" ADD CONSTRAINT "IpNotice_rightsHolderId_fkey" FOREIGN KEY ("rightsHolderId") REFERENCES "RightsHolder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "IpReportItem" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" SERIAL NOT NULL,
    "noticeId" UUID NOT NULL,
    "rightsHolderId" UUID NOT NULL,
    "offerId" UUID NOT NULL,
    "rightId" UUID NOT NULL,
    "sellerId" UUID NOT NULL,
    "brand" TEXT,
    "kind" "InfringementKind" NOT NULL,
    "explanation" TEXT NOT NULL,
    "evidenceUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "IpItemStatus" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 0,
    "priority" BOOLEAN NOT NULL DEFAULT false,
    "needsSenior" BOOLEAN NOT NULL DEFAULT false,
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "decisionDueAt" TIMESTAMPTZ(3) NOT NULL,
    "pausedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "rejectionReason" "IpRejectionReason",
    "evidence" JSONB,
    "appealDueAt" TIMESTAMPTZ(3),
    "outcomeNotifiedAt" TIMESTAMPTZ(3),
    "buyersNotifiedAt" TIMESTAMPTZ(3),
    CONSTRAINT "IpReportItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IpReportItem_number_key" ON "IpReportItem"("number");
CREATE INDEX "IpReportItem_queue_idx" ON "IpReportItem"("status", "priority" DESC, "decisionDueAt", "filedAt");
CREATE INDEX "IpReportItem_noticeId_number_idx" ON "IpReportItem"("noticeId", "number");
CREATE INDEX "IpReportItem_offerId_rightId_idx" ON "IpReportItem"("offerId", "rightId");
CREATE INDEX "IpReportItem_sellerId_filedAt_idx" ON "IpReportItem"("sellerId", "filedAt");
CREATE INDEX "IpReportItem_rightsHolderId_filedAt_idx" ON "IpReportItem"("rightsHolderId", "filedAt");
CREATE INDEX "IpReportItem_status_appealDueAt_idx" ON "IpReportItem"("status", "appealDueAt");
ALTER TABLE "IpReportItem" ADD CONSTRAINT "IpReportItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "IpNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "IpReportItem" ADD CONSTRAINT "IpReportItem_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "IpReportItem" ADD CONSTRAINT "IpReportItem_rightId_fkey" FOREIGN KEY ("rightId") REFERENCES "IpRight"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- A pending report of the same offer under the same right is a duplicate: refused in the domain, and here
-- when two filings race.
CREATE UNIQUE INDEX "IpReportItem_one_pending_per_offer_right" ON "IpReportItem"("offerId", "rightId")
  WHERE "status" IN ('PENDING', 'INFORMATION_REQUESTED', 'ON_HOLD');

CREATE TABLE "IpItemDecision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "itemId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "IpItemDecision_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "IpItemDecision_itemId_idx" ON "IpItemDecision"("itemId");
ALTER TABLE "IpItemDecision" ADD CONSTRAINT "IpItemDecision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "IpReportItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "IpAppeal" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "itemId" UUID NOT NULL,
    "sellerId" UUID NOT NULL,
    "reason" "CounterNoticeReason" NOT NULL,
    "explanation" TEXT NOT NULL,
    "status" "IpAppealStatus" NOT NULL DEFAULT 'PENDING',
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    CONSTRAINT "IpAppeal_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IpAppeal_itemId_key" ON "IpAppeal"("itemId");
CREATE INDEX "IpAppeal_status_filedAt_idx" ON "IpAppeal"("status", "filedAt");
ALTER TABLE "IpAppeal" ADD CONSTRAINT "IpAppeal_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "IpReportItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The appeal's reviewer is someone other than every agent who decided the item: enforced here too, so no
-- code path (or hand-written UPDATE) can have an agent review their own decision.
CREATE FUNCTION "IpAppeal_reviewer_differs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."decidedById" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "IpItemDecision" d
    WHERE d."itemId" = NEW."itemId" AND d."agentId" = NEW."decidedById"
      AND d."action" IN ('TAKE_DOWN', 'REJECT', 'REQUEST_INFORMATION')
  ) THEN
    RAISE EXCEPTION 'An appeal is reviewed by an agent who did not decide the item' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "IpAppeal_reviewer_differs" BEFORE INSERT OR UPDATE OF "decidedById" ON "IpAppeal"
  FOR EACH ROW EXECUTE FUNCTION "IpAppeal_reviewer_differs"();

CREATE TABLE "IpExportBatch" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "count" INTEGER NOT NULL,
    CONSTRAINT "IpExportBatch_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "IpExportBatch_completedAt_idx" ON "IpExportBatch"("completedAt");

CREATE TABLE "IpStatement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sequence" BIGSERIAL NOT NULL,
    "puid" TEXT NOT NULL,
    "decision" "StatementDecisionType" NOT NULL,
    "itemId" UUID,
    "sellerId" UUID NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "exportBatchId" UUID,
    CONSTRAINT "IpStatement_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IpStatement_sequence_key" ON "IpStatement"("sequence");
CREATE UNIQUE INDEX "IpStatement_puid_key" ON "IpStatement"("puid");
CREATE INDEX "IpStatement_exportBatchId_sequence_idx" ON "IpStatement"("exportBatchId", "sequence");
CREATE INDEX "IpStatement_sellerId_createdAt_idx" ON "IpStatement"("sellerId", "createdAt");
CREATE INDEX "IpStatement_itemId_idx" ON "IpStatement"("itemId");
ALTER TABLE "IpStatement" ADD CONSTRAINT "IpStatement_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "IpReportItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "IpStatement" ADD CONSTRAINT "IpStatement_exportBatchId_fkey" FOREIGN KEY ("exportBatchId") REFERENCES "IpExportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "SellerStrike" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sellerId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "kind" "InfringementKind" NOT NULL,
    "weight" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "removedAt" TIMESTAMPTZ(3),
    CONSTRAINT "SellerStrike_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SellerStrike_itemId_key" ON "SellerStrike"("itemId");
CREATE INDEX "SellerStrike_sellerId_expiresAt_idx" ON "SellerStrike"("sellerId", "expiresAt");

CREATE TABLE "SellerEnforcement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sellerId" UUID NOT NULL,
    "type" "SellerEnforcementType" NOT NULL,
    "points" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "statementId" UUID,
    CONSTRAINT "SellerEnforcement_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SellerEnforcement_sellerId_at_idx" ON "SellerEnforcement"("sellerId", "at");
CREATE INDEX "SellerEnforcement_type_endedAt_endsAt_idx" ON "SellerEnforcement"("type", "endedAt", "endsAt");

ALTER TABLE "Attachment" ADD COLUMN "rightId" UUID,
                         ADD COLUMN "reportItemId" UUID,
                         ADD COLUMN "appealId" UUID,
                         ADD COLUMN "purpose" TEXT;
CREATE INDEX "Attachment_rightId_idx" ON "Attachment"("rightId");
CREATE INDEX "Attachment_reportItemId_idx" ON "Attachment"("reportItemId");
CREATE INDEX "Attachment_appealId_idx" ON "Attachment"("appealId");
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_rightId_fkey" FOREIGN KEY ("rightId") REFERENCES "IpRight"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_reportItemId_fkey" FOREIGN KEY ("reportItemId") REFERENCES "IpReportItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_appealId_fkey" FOREIGN KEY ("appealId") REFERENCES "IpAppeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Transparency figures for a period read one case type's events of given types by time.
CREATE INDEX "CaseEvent_caseType_type_at_idx" ON "CaseEvent"("caseType", "type", "at");
