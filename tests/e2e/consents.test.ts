import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, pageProblems, signIn, startApp, ui, type Device, type RunningApp } from "./support/server";

// The consent registry's promise, in a real browser: the privacy officer rewords the shop's terms clause
// (registration/order) → a guest orders and a new customer registers, each accepting the new wording →
// the officer finds both acceptances, with the new wording, and the demo buyer's acceptance of the old one
// (from before the change): the exact words each person saw. Pages are photographed into /tmp/shots-consents/.

const SHOTS = process.env.CONSENT_SHOTS_DIR ?? "/tmp/shots-consents";
const TERMS = "Akceptacja regulaminu i pełnoletność";
const NEW_WORDING = "Regulamin obowiązuje od 1 stycznia 2027 r.";
const OLD_WORDING = "Akceptuję Regulamin serwisu i potwierdzam ukończenie 18 lat.";

let app: RunningApp;
let browser: Browser;
const opened: Page[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  // The refused order (no consent) answers 400 on purpose; anything else in the console counts.
  const problems = opened.flatMap((page) => [...pageProblems(page).pageErrors, ...pageProblems(page).consoleErrors.filter((e) => !/status of 400/.test(e))]);
  const assetErrors = opened.flatMap((page) => pageProblems(page).assetErrors).filter((error) => !/^net::ERR_ABORTED .*\.css$/.test(error));
  await browser?.close().catch(() => undefined);
  await app?.stop();
  expect(problems, "errors in the page").toEqual([]);
  expect(assetErrors).toEqual([]);
});

async function open(device: Device): Promise<Page> {
  const page = await newPage(browser, app, device);
  opened.push(page);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Ticks the consent whose wording contains `text`. */
const tick = (page: Page, text: string) => page.getByTestId("consent").filter({ hasText: text }).locator('input[type="checkbox"]').check();

describe("consents in the browser", () => {
  it("the officer rewords the terms → a guest orders and a customer registers → the officer sees the new wording accepted, and the old one where it was", { timeout: 420_000 }, async () => {
    // ── 1. The officer rewords the registration/order terms: version 3 (the demo seed made two). ──
    const officer = await open("desktop");
    await signIn(officer, "iod@demo.pl", { role: "staff" });
    await officer.goto(`${app.url}/privacy/clauses?position=REGISTRATION_ORDER`);
    await officer.getByRole("link", { name: `${ui.clauses.edit}: ${ui.privacy.positions.REGISTRATION_ORDER} – ${TERMS}` }).click();
    await officer.locator('[data-testid="rich-text-editor"][data-ready]').waitFor();
    const editor = officer.getByTestId("rte-content");
    await editor.click();
    await officer.keyboard.press("Control+End");
    await officer.keyboard.type(` ${NEW_WORDING}`);
    await officer.getByTestId("save-clause").click();
    await officer.waitForURL(/saved=3$/);
    await officer.getByTestId("tab-history").click();
    await officer.waitForURL(/tab=history/);
    await expect.poll(() => officer.getByTestId("clause-version").count()).toBe(3);
    expect(await officer.getByTestId("clause-version").first().innerText()).toContain(NEW_WORDING);
    await shot(officer, "01-officer-history");

    // ── 2. A guest orders from the shop: refused without the terms, accepted with them. ──
    const guest = await open("phone");
    await guest.goto(`${app.url}/shop`);
    await guest.getByTestId("shop-offer-list").getByRole("link").first().click();
    await guest.getByTestId("order-button").click();
    await guest.getByTestId("checkout-form").waitFor();
    await guest.locator('input[name="name"]').fill("Łukasz Żółć");
    await guest.locator('input[name="email"]').fill("lukasz.zolc@gosc.example.pl");
    await guest.locator('input[name="street"]').fill("ul. Długa 5/7");
    await guest.locator('input[name="postalCode"]').fill("80-831");
    await guest.locator('input[name="city"]').fill("Gdańsk");
    expect(await guest.getByTestId("consents").innerText()).toContain(NEW_WORDING);
    await guest.getByTestId("place-order").click();
    await guest.getByTestId("consent").filter({ hasText: NEW_WORDING }).locator(".field__error").waitFor();
    await shot(guest, "02-guest-checkout-refused");
    await tick(guest, NEW_WORDING);
    await guest.getByTestId("place-order").click();
    await guest.getByTestId("order-placed").waitFor();
    const orderId = /\/shop\/orders\/([^/]+)\/placed/.exec(guest.url())![1];
    await shot(guest, "03-guest-order-placed");

    // ── 3. A new customer registers, accepting the same new wording. ──
    const customer = await open("desktop");
    await customer.goto(`${app.url}/register`);
    await customer.locator('input[name="name"]').fill("Иван Петров");
    await customer.locator('input[name="email"]').fill("ivan.petrov@klient.example.pl");
    await customer.locator('input[name="password"]').fill("Bardzo-dlugie-haslo-2026");
    await customer.locator('input[name="passwordAgain"]').fill("Bardzo-dlugie-haslo-2026");
    await tick(customer, NEW_WORDING);
    await shot(customer, "04-register");
    await customer.getByTestId("register-submit").click();
    await customer.waitForURL((url) => url.pathname === "/");

    // ── 4. The officer finds both acceptances with the new wording… ──
    await officer.goto(`${app.url}/orders/${orderId}`);
    const orderConsents = officer.getByTestId("order-consents");
    await orderConsents.waitFor();
    const accepted = orderConsents.getByTestId("consent-record").filter({ hasText: NEW_WORDING });
    await expect.poll(() => accepted.count()).toBe(1);
    expect(await accepted.getAttribute("data-choice")).toBe("ACCEPTED");
    await shot(officer, "05-officer-order-consents");

    await officer.goto(`${app.url}/admin/users?q=${encodeURIComponent("ivan.petrov@klient.example.pl")}`);
    await officer.getByRole("link", { name: "Иван Петров" }).first().click();
    await officer.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    const customerId = officer.url().split("/").pop()!;
    await officer.goto(`${app.url}/privacy/people/${customerId}/consents`);
    const customerTerms = officer.getByTestId("consent-record").filter({ hasText: NEW_WORDING });
    await expect.poll(() => customerTerms.count()).toBe(1);
    expect(await customerTerms.getAttribute("data-choice")).toBe("ACCEPTED");
    await shot(officer, "06-officer-customer-consents");

    // ── 5. …and the demo buyer's acceptance of the first wording, unchanged by the edits. ──
    await officer.goto(`${app.url}/admin/users?q=${encodeURIComponent("kupujacy@demo.pl")}`);
    await officer.getByRole("link", { name: "Łucja Wiśniewska" }).first().click();
    await officer.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    const buyerId = officer.url().split("/").pop()!;
    await officer.goto(`${app.url}/privacy/people/${buyerId}/consents`);
    const oldTerms = officer.getByTestId("consent-record").filter({ hasText: OLD_WORDING });
    await expect.poll(() => oldTerms.count()).toBe(1);
    expect(await oldTerms.innerText()).not.toContain(NEW_WORDING);
    await shot(officer, "07-officer-old-wording");
  });
});
