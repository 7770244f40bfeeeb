-- The agents' queue filtered by reason (e.g. unassigned, NOT_RECEIVED) had no index holding "reason": the
-- page and its count visited the heap page of every escalated unassigned discussion to read the reason.
-- This index answers the filter and the queue's order (longest waiting first, then id) directly, so the
-- page reads its rows in order and the capped count is an index-only scan of at most 1,001 entries.
CREATE INDEX "Discussion_status_assignedAgentId_reason_escalatedAt_id_idx"
  ON "Discussion"("status", "assignedAgentId", "reason", "escalatedAt", "id");
