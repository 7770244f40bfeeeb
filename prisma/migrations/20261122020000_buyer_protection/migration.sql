-- Buyer protection: versioned program terms, claims with their lines and documents, payouts executed
-- exactly once, and the matching seller recoveries.

-- CreateEnum
CREATE TYPE "ClaimReason" AS ENUM ('NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'DAMAGED', 'INCOMPLETE', 'RETURNED_NOT_REFUNDED');
CREATE TYPE "ClaimStatus" AS ENUM ('SUBMITTED', 'AWAITING_DOCUMENTS', 'AWAITING_SECOND_APPROVAL', 'APPROVED', 'PAID', 'REJECTED');
CREATE TYPE "ClaimRejectionReason" AS ENUM ('NOT_COVERED', 'INSUFFICIENT_EVIDENCE', 'ITEM_AS_DESCRIBED', 'RESOLVED_WITH_SELLER', 'DUPLICATE', 'SUSPECTED_ABUSE', 'OTHER');
CREATE TYPE "PayoutStatus" AS ENUM ('PENDING', 'EXECUTED');
CREATE TYPE "RecoveryStatus" AS ENUM ('OPEN', 'RECOVERED');

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN "claimId" UUID;

-- CreateTable
CREATE TABLE "ProgramTerms" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMPTZ(3) NOT NULL,
    "coveredPaymentMethods" "PaymentMethod"[],
    "shippingCoveredPaymentMethods" "PaymentMethod"[],
    "shippingCap" INTEGER NOT NULL,
    "perClaimCap" INTEGER NOT NULL,
    "perPersonCap" INTEGER,
    "perPersonCapWindowDays" INTEGER,
    "discussionWindowDays" INTEGER NOT NULL,
    "claimWindowDays" INTEGER NOT NULL,
    "standardDecisionHours" INTEGER NOT NULL,
    "smartDecisionHours" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    CONSTRAINT "ProgramTerms_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" UUID,
    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "Claim" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" SERIAL NOT NULL,
    "orderId" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "sellerId" UUID NOT NULL,
    "discussionId" UUID,
    "termsId" UUID NOT NULL,
    "reason" "ClaimReason" NOT NULL,
    "description" TEXT NOT NULL,
    "policeReport" BOOLEAN NOT NULL DEFAULT false,
    "status" "ClaimStatus" NOT NULL DEFAULT 'SUBMITTED',
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "smartAtFiling" BOOLEAN NOT NULL,
    "decisionDueAt" TIMESTAMPTZ(3) NOT NULL,
    "pausedAt" TIMESTAMPTZ(3),
    "itemsAmount" INTEGER NOT NULL,
    "shippingAmount" INTEGER NOT NULL,
    "maxAmount" INTEGER NOT NULL,
    "capApplied" BOOLEAN NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "approvedAmount" INTEGER,
    "firstApproverId" UUID,
    "firstApprovedAt" TIMESTAMPTZ(3),
    "secondApproverId" UUID,
    "secondApprovedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "rejectionReason" "ClaimRejectionReason",
    "decisionNote" TEXT,
    "lastActivityAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ClaimLine" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "claimId" UUID NOT NULL,
    "orderLineId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    CONSTRAINT "ClaimLine_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Payout" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "claimId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "idempotencyKey" TEXT NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "executedAt" TIMESTAMPTZ(3),
    "transferReference" TEXT,
    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SellerRecovery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "claimId" UUID NOT NULL,
    "payoutId" UUID NOT NULL,
    "sellerId" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "status" "RecoveryStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "SellerRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Attachment_claimId_idx" ON "Attachment"("claimId");
CREATE UNIQUE INDEX "ProgramTerms_version_key" ON "ProgramTerms"("version");
CREATE UNIQUE INDEX "ProgramTerms_effectiveFrom_key" ON "ProgramTerms"("effectiveFrom");
CREATE UNIQUE INDEX "Claim_number_key" ON "Claim"("number");
CREATE INDEX "Claim_status_decisionDueAt_idx" ON "Claim"("status", "decisionDueAt");
CREATE INDEX "Claim_buyerId_filedAt_idx" ON "Claim"("buyerId", "filedAt");
CREATE INDEX "Claim_sellerId_filedAt_idx" ON "Claim"("sellerId", "filedAt");
CREATE INDEX "Claim_orderId_idx" ON "Claim"("orderId");
CREATE INDEX "Claim_filedAt_idx" ON "Claim"("filedAt");
CREATE UNIQUE INDEX "ClaimLine_claimId_orderLineId_key" ON "ClaimLine"("claimId", "orderLineId");
CREATE INDEX "ClaimLine_orderLineId_idx" ON "ClaimLine"("orderLineId");
CREATE UNIQUE INDEX "Payout_claimId_key" ON "Payout"("claimId");
CREATE UNIQUE INDEX "Payout_idempotencyKey_key" ON "Payout"("idempotencyKey");
CREATE UNIQUE INDEX "Payout_transferReference_key" ON "Payout"("transferReference");
CREATE INDEX "Payout_status_createdAt_idx" ON "Payout"("status", "createdAt");
CREATE INDEX "Payout_orderId_idx" ON "Payout"("orderId");
CREATE INDEX "Payout_executedAt_idx" ON "Payout"("executedAt");
CREATE UNIQUE INDEX "SellerRecovery_claimId_key" ON "SellerRecovery"("claimId");
CREATE UNIQUE INDEX "SellerRecovery_payoutId_key" ON "SellerRecovery"("payoutId");
CREATE INDEX "SellerRecovery_sellerId_status_idx" ON "SellerRecovery"("sellerId", "status");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_termsId_fkey" FOREIGN KEY ("termsId") REFERENCES "ProgramTerms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_firstApproverId_fkey" FOREIGN KEY ("firstApproverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_secondApproverId_fkey" FOREIGN KEY ("secondApproverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ClaimLine" ADD CONSTRAINT "ClaimLine_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClaimLine" ADD CONSTRAINT "ClaimLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SellerRecovery" ADD CONSTRAINT "SellerRecovery_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SellerRecovery" ADD CONSTRAINT "SellerRecovery_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Money is never negative, and never above the claim's precheck maximum.
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_amounts_check" CHECK ("itemsAmount" >= 0 AND "shippingAmount" >= 0 AND "maxAmount" >= 0 AND ("approvedAmount" IS NULL OR ("approvedAmount" > 0 AND "approvedAmount" <= "maxAmount")));
ALTER TABLE "ClaimLine" ADD CONSTRAINT "ClaimLine_quantity_check" CHECK ("quantity" > 0 AND "amount" >= 0);
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_amount_check" CHECK ("amount" > 0);

-- The seed's program terms (Program Ochrony Kupujących after the August 2017 change) are the default version:
-- platform pay and bank transfer covered; shipping up to 100 PLN with platform pay; 10,000 PLN per claim;
-- six months to open a discussion or a claim; decision within 5 days, 12 hours for SMART members.
INSERT INTO "ProgramTerms" ("version", "name", "effectiveFrom", "coveredPaymentMethods", "shippingCoveredPaymentMethods",
    "shippingCap", "perClaimCap", "perPersonCap", "perPersonCapWindowDays", "discussionWindowDays", "claimWindowDays",
    "standardDecisionHours", "smartDecisionHours")
VALUES ('2017-08', 'Program Ochrony Kupujących (sierpień 2017)', '2017-08-01T00:00:00Z',
    ARRAY['PLATFORM_PAY', 'BANK_TRANSFER']::"PaymentMethod"[], ARRAY['PLATFORM_PAY']::"PaymentMethod"[],
    10000, 1000000, NULL, NULL, 183, 183, 120, 12);

-- Approvals above this amount (grosze) need a second, senior agent.
INSERT INTO "Setting" ("key", "value") VALUES ('claims.fourEyesThreshold', '500000');

