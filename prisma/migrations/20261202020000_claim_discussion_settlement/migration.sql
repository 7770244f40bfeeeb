-- A claim does not pay what the order's discussion already settled (an accepted refund proposal or an
-- agent's refund outcome). The claim records the part of that refund deducted from its maximum at filing,
-- and whether the buyer says the settled refund did not arrive (then nothing is deducted and the agent
-- checks the refund before approving).
ALTER TABLE "Claim" ADD COLUMN "settledAmount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Claim" ADD COLUMN "refundNotReceived" BOOLEAN NOT NULL DEFAULT false;
