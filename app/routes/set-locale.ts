import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { localeCookie } from "~/infra/locale.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const referer = request.headers.get("Referer");
  let back = "/";
  if (referer) {
    const url = new URL(referer);
    if (url.host === new URL(request.url).host) back = url.pathname + url.search;
  }
  if (!isLocale(locale)) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
