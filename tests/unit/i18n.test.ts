import { en } from "~/i18n/en/index";
import { pl } from "~/i18n/pl/index";
import { createI18n, negotiateLocale } from "~/i18n";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

test("Polish and English have the same keys", () => {
  expect(keys(pl).sort()).toEqual(keys(en).sort());
});

test("no translation is empty and placeholders match between languages", () => {
  const placeholders = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();
  const flat = (obj: unknown) => Object.fromEntries(keys(obj).map((k) => [k, k.split(".").reduce<any>((o, p) => o?.[p], obj)]));
  const enFlat = flat(en);
  const plFlat = flat(pl);
  for (const key of Object.keys(enFlat)) {
    if (typeof enFlat[key] !== "string") continue;
    expect(enFlat[key], key).not.toBe("");
    expect(plFlat[key], key).not.toBe("");
    expect(placeholders(plFlat[key]), key).toEqual(placeholders(enFlat[key]));
  }
});

test("an instance translates synchronously in the chosen language", () => {
  expect(createI18n("pl").t("auth.signIn")).toBe("Zaloguj się");
  expect(createI18n("en").t("auth.signIn")).toBe("Sign in");
});

test("Accept-Language picks a supported language, else Polish", () => {
  expect(negotiateLocale("en-GB,en;q=0.9")).toBe("en");
  expect(negotiateLocale("de-DE,pl;q=0.5")).toBe("pl");
  expect(negotiateLocale("fr")).toBe("pl");
  expect(negotiateLocale(null)).toBe("pl");
});
