import { useActionData, useLoaderData } from "@remix-run/react";
import type { ActionFailure } from "~/infra/remix.server";
import type { claimPageAction, Intent } from "./action.server";
import type { claimPageLoader } from "./loader.server";

/** The claim page's loader data, for any panel of the page. */
export function useClaimPage() {
  return useLoaderData<typeof claimPageLoader>();
}

export type ClaimPageData = ReturnType<typeof useClaimPage>;
export type Claim = ClaimPageData["claim"];
export type ActionResult = ActionFailure & { intent?: Intent };

/** The action's failure, if it came from one of these forms (each form shows only its own errors). */
export function useFailure(...intents: Intent[]): ActionResult | undefined {
  const data = useActionData<typeof claimPageAction>() as ActionResult | undefined;
  return data && !data.ok && data.intent && intents.includes(data.intent) ? data : undefined;
}

/** The action's failure whatever form it came from. */
export function useAnyFailure(): ActionResult | undefined {
  return useActionData<typeof claimPageAction>() as ActionResult | undefined;
}
