import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser, runAction, failure, type ActionFailure } from "~/infra/remix.server";
import { approveClaim, declineSecondApproval, provideDocuments, rejectClaim, requestDocuments, secondApproveClaim } from "~/domain/claims/claims.server";
import { plnToGrosze } from "~/domain/shared/money";
import { documentsFrom, readForm } from "~/components/claims/uploads.server";

const INTENTS = ["approveFull", "approvePartial", "reject", "requestDocuments", "provideDocuments", "secondApprove", "declineSecond"] as const;
/** Which of the page's forms was sent; a failure names it so that form shows the error. */
export type Intent = (typeof INTENTS)[number];

/** The claim page's forms: an agent's decision, a second approval, or the buyer's documents. */
export async function claimPageAction({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const claimId = params.claimId ?? "";
  const parsed = await readForm(request);
  if (!parsed.ok) return failure(Object.assign(parsed.failure, { intent: "provideDocuments" as Intent }));
  const form = parsed.form;
  const intent = String(form.get("intent") ?? "") as Intent;
  const text = (name: string) => String(form.get(name) ?? "");
  const run = async (fn: () => Promise<unknown>) => {
    const result = await runAction(fn);
    return result.ok ? redirect(`/claims/${claimId}?done=${intent}`) : failure(Object.assign(result, { intent }));
  };
  switch (intent) {
    case "approveFull":
      return run(() => approveClaim(ctx, claimId, {}));
    case "approvePartial": {
      const amount = plnToGrosze.safeParse(text("amount"));
      if (!amount.success || amount.data === null) {
        const message = amount.success ? "Required" : amount.error.issues[0]?.message ?? "Enter an amount like 123,45";
        return failure({
          ok: false,
          code: "VALIDATION_FAILED",
          message: "The input is not valid",
          fieldErrors: { amount: [message] },
          intent,
        } as ActionFailure & { intent: Intent });
      }
      return run(() => approveClaim(ctx, claimId, { amount: amount.data ?? undefined, note: text("note") }));
    }
    case "reject":
      return run(() => rejectClaim(ctx, claimId, { reason: text("reason"), note: text("note") }));
    case "requestDocuments":
      return run(() => requestDocuments(ctx, claimId, { note: text("note") }));
    case "provideDocuments": {
      const documents = await documentsFrom(form);
      return run(() => provideDocuments(ctx, claimId, { documents }));
    }
    case "secondApprove":
      return run(() => secondApproveClaim(ctx, claimId));
    case "declineSecond":
      return run(() => declineSecondApproval(ctx, claimId, { note: text("note") }));
    default:
      return failure({ ok: false, code: "VALIDATION_FAILED", message: "Unknown action" });
  }
}
