import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, runAction } from "~/infra/remix.server";
import { precheckForBuyer } from "~/domain/claims/claims.server";
import { getOrder } from "~/domain/marketplace/orders.server";
import { decodeLines, precheckView } from "~/components/claims/precheck-data";

// The live precheck behind the claim form: GET /claims/precheck?orderId=…&lines=<orderLineId>:<qty>,…
// `refundNotReceived=1`: the buyer says the refund settled in the discussion did not arrive.
// Answers { ok: true, precheck } or { ok: false, code, … } (always 200: the form shows either). It only
// reads; the same check runs again, under a lock, when the claim is filed.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const orderId = params.get("orderId") ?? "";
  const lines = decodeLines(params.get("lines"));
  const result = await runAction(async () => {
    const precheck = await precheckForBuyer(ctx, { orderId, lines, refundNotReceived: params.get("refundNotReceived") === "1" });
    const order = await getOrder(ctx, orderId);
    return precheckView(precheck, order);
  });
  const headers = { "Cache-Control": "private, no-store" };
  if (result.ok) return json({ ok: true as const, precheck: result.result }, { headers });
  return json({ ok: false as const, code: result.code, message: result.message, fieldErrors: result.fieldErrors ?? null }, { headers });
}
