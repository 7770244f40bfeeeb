-- Discussions between buyer and seller (24-hour seller deadline, escalation to agents), the shared
-- case timeline and case attachments.

-- CreateEnum
CREATE TYPE "DiscussionReason" AS ENUM ('NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'DAMAGED', 'INCOMPLETE', 'RETURNED_NOT_REFUNDED', 'OTHER');
CREATE TYPE "DiscussionStatus" AS ENUM ('OPEN', 'ESCALATED', 'CLOSED');
CREATE TYPE "DiscussionResolution" AS ENUM ('BUYER_RESOLVED', 'AGREEMENT', 'AGENT_DECISION', 'REFERRED_TO_CLAIM');
CREATE TYPE "DiscussionOutcome" AS ENUM ('REFUND', 'PARTIAL_REFUND', 'REPLACEMENT', 'RETURN_AND_REFUND', 'NO_ACTION');
CREATE TYPE "DiscussionParty" AS ENUM ('BUYER', 'SELLER', 'AGENT');
CREATE TYPE "MessageVisibility" AS ENUM ('ALL', 'BUYER', 'SELLER');
CREATE TYPE "ProposalStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" BIGSERIAL NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorRole" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Attachment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "discussionId" UUID,
    "messageId" UUID,
    "uploadedById" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Discussion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" SERIAL NOT NULL,
    "orderId" UUID NOT NULL,
    "openOrderId" UUID,
    "buyerId" UUID NOT NULL,
    "sellerId" UUID NOT NULL,
    "reason" "DiscussionReason" NOT NULL,
    "description" TEXT NOT NULL,
    "status" "DiscussionStatus" NOT NULL DEFAULT 'OPEN',
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "sellerResponseDueAt" TIMESTAMPTZ(3) NOT NULL,
    "sellerRespondedAt" TIMESTAMPTZ(3),
    "sellerOverdueAt" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "assignedAgentId" UUID,
    "assignedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "resolution" "DiscussionResolution",
    "outcome" "DiscussionOutcome",
    "outcomeAmount" INTEGER,
    "closingNote" TEXT,
    "lastActivityAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Discussion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DiscussionMessage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "discussionId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "authorRole" "DiscussionParty" NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'MESSAGE',
    "body" TEXT NOT NULL,
    "visibility" "MessageVisibility" NOT NULL DEFAULT 'ALL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "DiscussionMessage_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DiscussionProposal" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "discussionId" UUID NOT NULL,
    "proposedById" UUID NOT NULL,
    "proposedByRole" "DiscussionParty" NOT NULL,
    "kind" "DiscussionOutcome" NOT NULL,
    "amount" INTEGER,
    "note" TEXT,
    "status" "ProposalStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    CONSTRAINT "DiscussionProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseEvent_caseType_caseId_id_idx" ON "CaseEvent"("caseType", "caseId", "id");
CREATE INDEX "Attachment_discussionId_idx" ON "Attachment"("discussionId");
CREATE INDEX "Attachment_messageId_idx" ON "Attachment"("messageId");
CREATE UNIQUE INDEX "Discussion_number_key" ON "Discussion"("number");
CREATE UNIQUE INDEX "Discussion_openOrderId_key" ON "Discussion"("openOrderId");
CREATE INDEX "Discussion_orderId_idx" ON "Discussion"("orderId");
CREATE INDEX "Discussion_buyerId_openedAt_idx" ON "Discussion"("buyerId", "openedAt");
CREATE INDEX "Discussion_sellerId_status_sellerResponseDueAt_idx" ON "Discussion"("sellerId", "status", "sellerResponseDueAt");
CREATE INDEX "Discussion_status_escalatedAt_idx" ON "Discussion"("status", "escalatedAt");
CREATE INDEX "Discussion_status_assignedAgentId_escalatedAt_idx" ON "Discussion"("status", "assignedAgentId", "escalatedAt");
CREATE INDEX "Discussion_overdue_sweep_idx" ON "Discussion"("sellerOverdueAt", "sellerRespondedAt", "sellerResponseDueAt");
CREATE INDEX "Discussion_closedAt_idx" ON "Discussion"("closedAt");
CREATE INDEX "DiscussionMessage_discussionId_createdAt_idx" ON "DiscussionMessage"("discussionId", "createdAt");
CREATE INDEX "DiscussionProposal_discussionId_createdAt_idx" ON "DiscussionProposal"("discussionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "DiscussionMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_assignedAgentId_fkey" FOREIGN KEY ("assignedAgentId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "DiscussionMessage" ADD CONSTRAINT "DiscussionMessage_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DiscussionMessage" ADD CONSTRAINT "DiscussionMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DiscussionProposal" ADD CONSTRAINT "DiscussionProposal_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The case timeline is append-only, like the audit log.
CREATE FUNCTION case_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'CaseEvent is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "CaseEvent_append_only" BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION case_event_is_append_only();
