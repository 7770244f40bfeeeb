import type { DomainContext } from "../context";
import { inTransaction } from "../context";
import { isPerson } from "../identity/actor";
import { checkConsents, recordConsents } from "../consents/record.server";
import { newsletterSchema } from "./schemas";
import { admitSubmission, parseFields, upsertSubscriber } from "./submission.server";

// Newsletter sign-up. Every submission is a new one: an address already on the list still gets the
// consents of this submission recorded, and the answer is the same whether it was there or not (the form
// does not reveal who is subscribed).

export interface SubscribeInput {
  email?: unknown;
  locale?: unknown;
  consents?: unknown;
  trapped?: boolean;
}

export async function subscribeToNewsletter(ctx: DomainContext, input: SubscribeInput): Promise<{ subscribed: true }> {
  const origin = await admitSubmission(ctx, "newsletter", input.trapped);
  const { consents, trapped: _trapped, ...fields } = input;
  const data = await parseFields(ctx, newsletterSchema, fields, "NEWSLETTER", consents);
  const userId = isPerson(ctx.actor) ? ctx.actor.userId : null;
  await inTransaction(ctx, async (tx) => {
    const checked = await checkConsents(tx, "NEWSLETTER", consents);
    const newsletterSubscriberId = await upsertSubscriber(tx, ctx.clock.now(), { email: data.email, userId, locale: data.locale });
    await recordConsents(tx, { ...ctx, origin }, checked, { newsletterSubscriberId }, { userId, email: data.email });
  });
  return { subscribed: true };
}
