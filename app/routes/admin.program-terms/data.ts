import { useActionData, useLoaderData } from "@remix-run/react";
import type { action, ActionResult, Intent, loader } from "./route";

// What the program-terms page's panels share: the loader's data, one form's failure, złoty formatting.

export type Data = ReturnType<typeof useLoaderData<typeof loader>>;
export const usePageData = () => useLoaderData<typeof loader>();
export type Version = Data["versions"][number];

export function useResult(intent: Intent) {
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return data && !data.ok && data.intent === intent ? data : undefined;
}

export const grosze = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : (value / 100).toFixed(2).replace(".", ",").replace(/,00$/, "");

