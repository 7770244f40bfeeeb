-- One-time TOTP codes: the last accepted time step per user. A code is accepted only by a conditional
-- UPDATE … WHERE "totpLastStep" < step, so the same code can never pass twice, not even concurrently.
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER;

-- Sign-in throttling kept in the database, so every app process (and the embedded PGlite) sees the same
-- counters: failures per scope and key, the window they count in, and when the next attempt is allowed.
CREATE TABLE "LoginThrottle" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("scope","key")
);

CREATE INDEX "LoginThrottle_expiresAt_idx" ON "LoginThrottle"("expiresAt");
