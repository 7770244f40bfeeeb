import { createCookie } from "@remix-run/node";
import { isLocale, negotiateLocale, type Locale } from "~/i18n";

export const localeCookie = createCookie("tsb_lng", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });

/** The person's chosen language (cookie), else the browser's, else Polish. */
export async function localeFromRequest(request: Request): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(chosen) ? chosen : negotiateLocale(request.headers.get("Accept-Language"));
}
