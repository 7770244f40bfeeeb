import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { localeCookie } from "~/infra/locale.server";
import { readFormData } from "~/infra/form-data.server";
import { safeRedirectFor } from "~/lib/safe-redirect";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = form.get("locale");
  // Back to the page the switch was on: the Referer, only when it is a page of this site.
  const back = safeRedirectFor(request, request.headers.get("Referer"));
  if (!isLocale(locale)) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
