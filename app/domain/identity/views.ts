import { actingUserId, can, type Actor } from "./actor";

// Who sees a person's contact details (e-mail, phone): personal data, so only the person themself and
// staff who may read any account. Pages and GraphQL both ask this.
export function maySeeContactDetails(actor: Actor, userId: string): boolean {
  return can(actor, "read", "user", () => actingUserId(actor) === userId);
}
