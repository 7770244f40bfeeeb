import type { OutgoingNotification } from "../notifications/outbox.server";

/**
 * The messages one case event sends, in the shape every case type shares: kind `<prefix>.<kind>`, the
 * case's number for the text, a link to the case, and the idempotency key
 * `<prefix>:<case>:event:<event>:<recipient>` (the same key the set-based recorder builds in SQL), so a
 * repeated enqueue of one event is a no-op.
 */
export function caseNotifier(prefix: string, theCase: { id: string; number: number }, eventId: bigint, link: string) {
  return (recipientId: string, kind: string): OutgoingNotification => ({
    recipientId,
    kind: `${prefix}.${kind}`,
    params: { number: theCase.number },
    link,
    idempotencyKey: `${prefix}:${theCase.id}:event:${eventId}:${recipientId}`,
  });
}
