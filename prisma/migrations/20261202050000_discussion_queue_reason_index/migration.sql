-- The agents' queue filtered by reason (e.g. unassigned, NOT_RECEIVED) had no index holding "reason": the
-- page and its count visited the heap page of every escalated unassigned discussion to read the reason.
-- This index holds only the discussions nobody has taken (an "assignedAgentId" IS NULL condition gives
-- PostgreSQL no order from a column of the key, a partial index does), keyed by the filter and in queue
-- order (longest waiting first, then id): the page reads its rows in order and stops, and the capped count
-- is an index-only scan of at most 1,001 entries.
CREATE INDEX "Discussion_queue_unassigned_idx" ON "Discussion"("status", "reason", "escalatedAt", "id")
  WHERE "assignedAgentId" IS NULL;
