import {
  cleanText,
  deadlineState,
  fieldErrorKey,
  initials,
  lastPageUrl,
  notificationParams,
  pageCount,
  pageRange,
  pageWindow,
  pickOption,
  readPage,
  safeLink,
  startOfDayInZone,
  withParams,
} from "~/components/helpers";
import { groupNavigation, navigationFor } from "~/lib/navigation";
import type { PermissionKey } from "~/domain/identity/permissions";
import { createI18n } from "~/i18n";

describe("pagination helpers", () => {
  test("readPage accepts whole numbers from 1 and reads anything else as page 1", () => {
    expect(readPage(new URLSearchParams("page=3"), 25)).toEqual({ page: 3, skip: 50, take: 25 });
    for (const bad of ["0", "-2", "abc", "1.5", "", "9999999999"]) {
      expect(readPage(new URLSearchParams({ page: bad }), 25).page).toBe(1);
    }
    expect(readPage(new URLSearchParams(), 10)).toEqual({ page: 1, skip: 0, take: 10 });
  });

  test("page counts and ranges", () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageRange(0, 1, 25)).toEqual({ from: 0, to: 0 });
    expect(pageRange(60, 3, 25)).toEqual({ from: 51, to: 60 });
  });

  test("a capped count (1,000+) leaves the list open-ended: one more page, no redirect past the counted pages", async () => {
    const capped = { count: 1000, atLeast: true };
    expect(pageCount(capped, 25)).toBe(41);
    expect(pageCount({ count: 1000, atLeast: false }, 25)).toBe(40);
    expect(pageRange(capped, 40, 25)).toEqual({ from: 976, to: 1000 });
    expect(lastPageUrl(new URL("http://x/orders?page=41"), capped, 41, 25)).toBeNull();
    expect(lastPageUrl(new URL("http://x/orders?page=41"), { count: 1000, atLeast: false }, 41, 25)).toBe("/orders?page=40");
    const { cappedCount } = await import("~/domain/shared/capped-count");
    const asked: number[] = [];
    const counter = (n: number) => async (take: number) => (asked.push(take), Math.min(n, take));
    expect(await cappedCount(counter(1000))).toEqual({ count: 1000, atLeast: false });
    expect(await cappedCount(counter(5000))).toEqual({ count: 1000, atLeast: true });
    expect(await cappedCount(counter(5000), { skip: 2000, take: 25 })).toEqual({ count: 2025, atLeast: true });
    expect(asked).toEqual([1001, 1001, 2026]);
  });

  test("counts show as 1,000+ / 1000+ through i18n", async () => {
    for (const [lang, shown] of [["en", "1,000+"], ["pl", "1000+"]] as const) {
      const i18n = createI18n(lang);
      expect(i18n.t("common.atLeast", { value: (1000).toLocaleString(lang === "en" ? "en-GB" : "pl-PL") })).toBe(shown);
    }
  });

  test("pageWindow keeps first, last and neighbours, with gaps", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(3, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageWindow(10, 20)).toEqual([1, "gap", 9, 10, 11, "gap", 20]);
    expect(pageWindow(1, 20)).toEqual([1, 2, "gap", 20]);
  });

  test("a page past the end redirects to the last page, keeping the filters", () => {
    const url = new URL("http://x/orders?q=2026&page=9");
    expect(lastPageUrl(url, 60, 9, 25)).toBe("/orders?q=2026&page=3");
    expect(lastPageUrl(url, 0, 9, 25)).toBe("/orders?q=2026");
    expect(lastPageUrl(url, 60, 3, 25)).toBeNull();
  });

  test("withParams changes one parameter and keeps the others", () => {
    expect(withParams("?q=2026&page=2", { page: 3 })).toBe("?q=2026&page=3");
    expect(withParams("?q=2026&page=2", { page: null })).toBe("?q=2026");
    expect(withParams("", { page: null })).toBe("");
  });
});

describe("filters from the URL", () => {
  test("pickOption ignores values the form does not offer", () => {
    expect(pickOption("BANK_TRANSFER", ["BANK_TRANSFER", "PLATFORM_PAY"] as const)).toBe("BANK_TRANSFER");
    expect(pickOption("DROP TABLE", ["BANK_TRANSFER"] as const)).toBeUndefined();
    expect(pickOption(null, ["A"] as const)).toBeUndefined();
  });

  test("cleanText trims, cuts and drops empty text", () => {
    expect(cleanText("  2026/10 ")).toBe("2026/10");
    expect(cleanText("   ")).toBeUndefined();
    expect(cleanText("x".repeat(500), 100)).toHaveLength(100);
  });
});

describe("deadlines", () => {
  const now = new Date("2026-11-02T09:00:00Z");
  test("more than four hours is ok, less is soon, past is overdue", () => {
    expect(deadlineState("2026-11-02T14:00:00Z", now).state).toBe("ok");
    expect(deadlineState("2026-11-02T12:59:00Z", now).state).toBe("soon");
    expect(deadlineState("2026-11-02T09:00:00Z", now).state).toBe("overdue");
    expect(deadlineState("2026-11-02T07:00:00Z", now)).toEqual({ state: "overdue", remainingMs: -2 * 3600_000 });
  });

  test("the countdown text reads 'due in' and 'overdue by' in both languages", () => {
    expect(createI18n("en").t("common.dueIn", { duration: "5 h 12 min" })).toBe("due in 5 h 12 min");
    expect(createI18n("en").t("common.overdueBy", { duration: "2 h 0 min" })).toBe("overdue by 2 h 0 min");
    expect(createI18n("pl").t("common.overdueBy", { duration: "2 h 0 min" })).toBe("po terminie o 2 h 0 min");
  });
});

describe("start of the day in Warsaw", () => {
  test("winter (UTC+1) and summer (UTC+2)", () => {
    expect(startOfDayInZone(new Date("2026-01-15T10:00:00Z")).toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfDayInZone(new Date("2026-07-15T10:00:00Z")).toISOString()).toBe("2026-07-14T22:00:00.000Z");
  });

  test("just after midnight in Warsaw is already the next day", () => {
    expect(startOfDayInZone(new Date("2026-07-14T22:30:00Z")).toISOString()).toBe("2026-07-14T22:00:00.000Z");
    expect(startOfDayInZone(new Date("2026-07-14T21:59:00Z")).toISOString()).toBe("2026-07-13T22:00:00.000Z");
  });

  test("on the days the clocks change", () => {
    // 29 March 2026: clocks go forward at 02:00; midnight was still UTC+1.
    expect(startOfDayInZone(new Date("2026-03-29T12:00:00Z")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    // 25 October 2026: clocks go back at 03:00; midnight was still UTC+2.
    expect(startOfDayInZone(new Date("2026-10-25T12:00:00Z")).toISOString()).toBe("2026-10-24T22:00:00.000Z");
  });
});

describe("small text helpers", () => {
  test("initials handle Polish letters and company names", () => {
    expect(initials("Łucja Wiśniewska")).toBe("ŁW");
    expect(initials("Elektro-Mix Sp. z o.o.")).toBe("ES");
    expect(initials("  ")).toBe("?");
  });

  test("notification parameters keep only strings and numbers", () => {
    expect(notificationParams({ number: "2026/10/000001", hours: 24, nested: { a: 1 }, flag: true })).toEqual({ number: "2026/10/000001", hours: 24 });
    expect(notificationParams(null)).toEqual({});
    expect(notificationParams([1, 2])).toEqual({});
  });

  test("only same-site notification links are followed", () => {
    expect(safeLink("/orders/1")).toBe("/orders/1");
    expect(safeLink("//evil.example")).toBeNull();
    expect(safeLink("https://evil.example")).toBeNull();
    expect(safeLink("/\\evil.example")).toBeNull();
    expect(safeLink(null)).toBeNull();
  });

  test("known field errors map to translation keys with their numbers", () => {
    expect(fieldErrorKey("Required")).toEqual({ key: "validation.required", params: undefined });
    expect(fieldErrorKey("At least 10 characters")).toEqual({ key: "validation.minLength", params: { count: 10 } });
    expect(fieldErrorKey("You do not hold: read:user:any")?.params).toEqual({ list: "read:user:any" });
    expect(fieldErrorKey("Too small: expected number to be >=1")).toEqual({ key: "validation.min", params: { min: 1 } });
    expect(fieldErrorKey("Something new")).toBeNull();
  });

  test("Polish plural forms are picked by count", () => {
    const t = createI18n("pl").t;
    expect(t("validation.minLength", { count: 1 })).toBe("Co najmniej 1 znak.");
    expect(t("validation.minLength", { count: 3 })).toBe("Co najmniej 3 znaki.");
    expect(t("validation.minLength", { count: 10 })).toBe("Co najmniej 10 znaków.");
    expect(createI18n("en").t("validation.minLength", { count: 10 })).toBe("At least 10 characters.");
  });
});

describe("navigation", () => {
  const person = (roles: string[], permissions: string[]) => ({
    type: "user" as const,
    userId: "u",
    sessionId: "s",
    roles: roles as never,
    permissions: new Set(permissions as PermissionKey[]),
  });

  test("a buyer sees home, orders and the inbox; no admin entries", () => {
    const nav = navigationFor(person(["BUYER"], ["read:order:own", "read:offer:any", "read:notification:own", "read:user:own"]));
    expect(nav.map((item) => item.to)).toEqual(["/", "/orders", "/inbox"]);
    expect(groupNavigation(nav).map((g) => g.group)).toEqual(["work"]);
  });

  test("an administrator's entries are grouped for the sidebar", () => {
    const nav = navigationFor(
      person(["ADMIN"], ["read:user:any", "manage:user:any", "manage:role:any", "read:audit:any", "read:order:any", "manage:apiToken:own"]),
    );
    expect(groupNavigation(nav).map((g) => [g.group, g.items.map((i) => i.to)])).toEqual([
      ["work", ["/", "/orders", "/inbox"]],
      ["admin", ["/admin/users", "/admin/roles", "/admin/audit"]],
      ["account", ["/settings/api-tokens"]],
    ]);
  });
});
