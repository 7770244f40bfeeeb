import { groupNavigation, navigationFor } from "~/lib/navigation";
import type { PermissionKey } from "~/domain/identity/permissions";
import { consentPermissions } from "~/domain/consents/permissions";
import { CHOICE_TONES, shortUserAgent } from "~/components/consents/consent-records";
import { escapeLike } from "~/domain/consents/newsletter-filter";

// The consent views' pure parts: who finds the privacy page and the newsletter list in the navigation,
// how a browser is named, the tone of each choice, and LIKE's wildcards as plain characters.

const person = (permissions: string[]) => ({
  type: "user" as const,
  userId: "u",
  sessionId: "s",
  roles: [] as never,
  permissions: new Set(permissions as PermissionKey[]),
});

const defaultsOf = (role: string) => consentPermissions.filter((p) => (p.defaultRoles as readonly string[]).includes(role)).map((p) => p.key);

test("every signed-in person finds Privacy under their account; the newsletter list is for those who keep it", () => {
  const buyer = groupNavigation(navigationFor(person(["read:order:own", ...defaultsOf("BUYER")])));
  expect(buyer.find((g) => g.group === "account")?.items.map((i) => [i.to, i.label])).toEqual([["/privacy", "nav.privacyPage"]]);
  expect(buyer.flatMap((g) => g.items).some((i) => i.to === "/privacy/newsletter")).toBe(false);
  const officer = groupNavigation(navigationFor(person(defaultsOf("PRIVACY_OFFICER"))));
  expect(officer.find((g) => g.group === "admin")?.items.map((i) => i.to)).toContain("/privacy/newsletter");
  const agent = navigationFor(person(defaultsOf("AGENT")));
  expect(agent.some((i) => i.to === "/privacy/newsletter")).toBe(false);
  expect(navigationFor(person([])).some((i) => i.to === "/privacy")).toBe(false);
});

test("a user agent is shortened to the browser, its version and the system", () => {
  expect(shortUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe("Chrome 131, Linux");
  expect(shortUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1")).toBe(
    "Safari 17, iOS",
  );
  expect(shortUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox 133, Windows");
  expect(shortUserAgent("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0")).toBe("Edge 131, Windows");
  expect(shortUserAgent("")).toBe("—");
  expect(shortUserAgent("curl/8.5.0")).toBe("curl/8.5.0");
  expect(shortUserAgent("x".repeat(60))).toBe(`${"x".repeat(40)}…`);
});

test("choices: accepted green, shown informational, withdrawn and not given grey", () => {
  expect(CHOICE_TONES).toEqual({ ACCEPTED: "success", DISPLAYED: "info", WITHDRAWN: "neutral", DECLINED: "neutral" });
});

test("LIKE's wildcards and escape character are escaped", () => {
  expect(escapeLike("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
});
