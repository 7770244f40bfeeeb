-- The overdue sweep takes the due discussions oldest-first in batches. The former index led with
-- "sellerOverdueAt" and "sellerRespondedAt", whose IS NULL conditions do not give PostgreSQL the order of
-- "sellerResponseDueAt": with a backlog every batch read the whole table and sorted it. This index holds
-- only discussions the sweep may still mark (unanswered, not marked, not closed), in deadline order, so a
-- batch reads exactly its rows and the index stays small however many discussions the marketplace keeps.
DROP INDEX "Discussion_overdue_sweep_idx";
CREATE INDEX "Discussion_overdue_sweep_idx" ON "Discussion"("sellerResponseDueAt")
  WHERE "sellerOverdueAt" IS NULL AND "sellerRespondedAt" IS NULL AND "status" <> 'CLOSED';
