import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../prisma/seed/demo";
import {
  completeSecondFactor,
  enterCode,
  launchBrowser,
  newPage,
  pageProblems,
  screenshot,
  signIn,
  signOut,
  startApp,
  submitPassword,
  ui,
  waitForPath,
  wrongTotpCode,
  type Device,
  type RunningApp,
} from "./support/server";

// The foundation in a real browser: sign-in for every demo role (with TOTP enrolment and
// verification for staff), the role home pages, sign-out, the unauthenticated redirect, GraphQL.

const STAFF_ROLES = new Set(["AGENT", "SENIOR_AGENT", "PRIVACY_OFFICER", "ADMIN"]);

let app: RunningApp;
let browser: Browser;
let opened: Page[] = [];
/** Pages whose scripts are expected to fail here (GraphiQL loads its bundle from a CDN, which is blocked). */
const scriptsMayFail = new WeakSet<Page>();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.stop();
});

afterEach(async () => {
  const problems = opened.filter((page) => !scriptsMayFail.has(page)).flatMap((page) => pageProblems(page).pageErrors);
  const assetErrors = opened.flatMap((page) => pageProblems(page).assetErrors);
  const consoleErrors = opened.flatMap((page) => pageProblems(page).consoleErrors);
  if (consoleErrors.length) console.warn(`[e2e] console errors:\n  ${consoleErrors.join("\n  ")}`);
  await Promise.all(opened.map((page) => page.context().close().catch(() => undefined)));
  opened = [];
  // Uncaught exceptions in the browser mean a page is broken (e.g. hydration failed).
  expect(problems, "uncaught errors in the page").toEqual([]);
  expect(assetErrors, "the app's scripts/styles failed to load (was it rebuilt while the test ran? run again)").toEqual([]);
});

async function open(device: Device): Promise<Page> {
  const page = await newPage(browser, app, device);
  opened.push(page);
  return page;
}

/** The role sections the home page shows (data-testid="home-<ROLE>"; other home-* test ids are widgets). */
async function homeSections(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="home-"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-testid") ?? ""));
  return ids
    .filter((id) => /^home-[A-Z_]+$/.test(id))
    .map((id) => id.replace(/^home-/, ""))
    .sort();
}

/** The page greets the person by (at least the first word of) their name. */
async function expectGreeting(page: Page, name: string) {
  const firstWord = name.split(/\s+/)[0];
  expect(await page.getByRole("heading", { level: 1 }).first().innerText()).toContain(firstWord);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("foundation in the browser", () => {
  it("(a) a buyer signs in on a phone and sees the buyer home with recent orders", async () => {
    const page = await open("phone");
    const outcome = await signIn(page, "kupujacy@demo.pl", { role: "customer" });
    expect(outcome.secondFactor).toBe("none");

    await expect.poll(() => new URL(page.url()).pathname).toBe("/");
    await page.getByTestId("home-BUYER").waitFor();
    expect(await homeSections(page)).toEqual(["BUYER"]);
    await expectGreeting(page, "Łucja Wiśniewska");

    // Recent orders: links to the buyer's latest orders, shown in the buyer section.
    const buyerSection = page.getByTestId("home-BUYER");
    const orderLinks = buyerSection.locator('a[href^="/orders/"]').filter({ visible: true });
    await orderLinks.first().waitFor();
    expect(await orderLinks.count()).toBeGreaterThan(0);
    expect(await orderLinks.count()).toBeLessThanOrEqual(10);

    await screenshot(page, "a-buyer-home-phone");
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) console.warn(`[e2e] buyer home on a phone scrolls sideways by ${overflow}px`);

    // Signing out works from the phone layout too, and the home page is then out of reach.
    await signOut(page);
    await page.getByText(ui.auth.signedOut).waitFor();
    await page.goto("/");
    await waitForPath(page, "/login", "home after signing out");
  });

  it("(b) an agent enrols TOTP at the first sign-in, then verifies with a fresh code; a wrong code is refused", async () => {
    const email = "agent@demo.pl";
    const page = await open("desktop");

    // First sign-in: password, then enrolment with the QR code and the secret key.
    await submitPassword(page, email);
    await waitForPath(page, "/login/second-factor", "password step");
    await page.getByRole("heading", { name: ui.auth.enrolTitle }).waitFor();
    const qr = page.getByRole("img", { name: /QR/i });
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    expect((await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "")).toMatch(/^[A-Z2-7]{16,}=*$/);
    await screenshot(page, "b1-agent-totp-enrolment-desktop");

    const first = await completeSecondFactor(page, email);
    expect(first.secondFactor).toBe("enrol");
    await waitForPath(page, "/", "after enrolment");
    await page.getByTestId("home-AGENT").waitFor();
    expect(await homeSections(page)).toEqual(["AGENT"]);
    await screenshot(page, "b2-agent-home-desktop");

    await signOut(page);
    await page.getByText(ui.auth.signedOut).waitFor();

    // Second sign-in: the verify step (no secret shown), with a fresh code.
    await submitPassword(page, email);
    await waitForPath(page, "/login/second-factor", "password step (again)");
    await page.getByRole("heading", { name: ui.auth.secondFactorTitle }).waitFor();
    expect(await page.getByTestId("totp-secret").count()).toBe(0);
    expect(await page.getByRole("img", { name: /QR/i }).count()).toBe(0);
    await screenshot(page, "b3-agent-second-factor-desktop");
    const second = await completeSecondFactor(page, email);
    expect(second.secondFactor).toBe("verify");
    expect(second.totpSecret).toBe(first.totpSecret);
    await waitForPath(page, "/", "after verification");
    await page.getByTestId("home-AGENT").waitFor();

    // A wrong code: an error, and the person stays on the second-factor page; the right code still works.
    await signOut(page);
    await submitPassword(page, email);
    await waitForPath(page, "/login/second-factor", "password step (third time)");
    await enterCode(page, await wrongTotpCode(app, email));
    await page.getByRole("alert").filter({ hasText: ui.errors.INVALID_SECOND_FACTOR }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/second-factor");
    await page.getByRole("heading", { name: ui.auth.secondFactorTitle }).waitFor();
    expect(await page.getByLabel(ui.auth.code, { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "b4-agent-wrong-code-desktop");

    expect((await completeSecondFactor(page, email)).secondFactor).toBe("verify");
    await waitForPath(page, "/", "after a wrong code and then the right one");
    await page.getByTestId("home-AGENT").waitFor();
  });

  const others = DEMO_ACCOUNTS.filter((account) => !["kupujacy@demo.pl", "kupujacy2@demo.pl", "agent@demo.pl"].includes(account.email));

  it.each(others.map((account) => [account.roles.join("+"), account] as const))(
    "(c) %s signs in and sees its home section",
    async (_label, account) => {
      const staff = account.roles.some((role) => STAFF_ROLES.has(role));
      // Sellers run their shop from a phone; rights holders and staff work at a desk.
      const device: Device = account.roles.includes("SELLER") ? "phone" : "desktop";
      const page = await open(device);
      const outcome = await signIn(page, account.email, { role: staff ? "staff" : "customer" });
      expect(outcome.secondFactor).toBe(staff ? "enrol" : "none");

      for (const role of account.roles) await page.getByTestId(`home-${role}`).waitFor();
      expect(await homeSections(page)).toEqual([...account.roles].sort());
      await expectGreeting(page, account.name);
      await screenshot(page, `c-${account.roles.join("-").toLowerCase()}-home-${device}`);
    },
  );

  it("(d) a wrong password shows an error and keeps the person on the sign-in page", async () => {
    const page = await open("phone");
    await submitPassword(page, "kupujacy2@demo.pl", "not-the-password");
    const alert = page.getByRole("alert").filter({ hasText: ui.errors.INVALID_CREDENTIALS });
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "d-login-wrong-password-phone");

    // An unknown e-mail reads exactly the same (no account enumeration).
    await submitPassword(page, "nobody@demo.pl", "not-the-password");
    await page.getByRole("alert").filter({ hasText: ui.errors.INVALID_CREDENTIALS }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("(e) an unauthenticated visit to / redirects to the sign-in page", async () => {
    const page = await open("phone");
    const response = await page.goto("/");
    expect(response?.ok()).toBe(true);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("redirectTo")).toBe("/");
    await page.getByRole("heading", { name: ui.auth.signInTitle }).waitFor();
    await page.getByLabel(ui.auth.email, { exact: true }).waitFor();
    await page.getByLabel(ui.auth.password, { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: ui.nav.signOut }).count()).toBe(0);
    await screenshot(page, "e-login-phone");
  });

  it("(f) /graphql serves GraphiQL in the browser and answers the signed-in viewer", async () => {
    const page = await open("desktop");
    scriptsMayFail.add(page);
    // GraphiQL is for signed-in people: an anonymous visitor is sent to sign in and come back.
    const anonymousPage = await page.goto("/graphql", { waitUntil: "domcontentloaded" });
    expect(anonymousPage?.ok()).toBe(true);
    const redirected = new URL(page.url());
    expect(redirected.pathname).toBe("/login");
    expect(redirected.searchParams.get("redirectTo")).toBe("/graphql");
    expect((await anonymousPage!.text()).toLowerCase()).not.toContain("graphiql");

    const signedInPage = await open("desktop");
    scriptsMayFail.add(signedInPage);
    await signIn(signedInPage, "kupujacy@demo.pl", { role: "customer" });
    const response = await signedInPage.goto("/graphql", { waitUntil: "domcontentloaded" });
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-type"]).toMatch(/text\/html/);
    expect((await response!.text()).toLowerCase()).toContain("graphiql");
    await screenshot(signedInPage, "f-graphiql-desktop");

    const query = "{ viewer { roles authenticatedVia user { name email } } }";
    const post = (p: Page) =>
      p.evaluate(async (q) => {
        const res = await fetch("/graphql", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ query: q }),
        });
        return { status: res.status, body: await res.json() };
      }, query);

    // Anonymous: no viewer.
    const anonymous = await post(page);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ data: { viewer: null } });

    // Signed in: the browser session's cookie makes the request act as the buyer.
    const buyer = await open("phone");
    await signIn(buyer, "kupujacy@demo.pl", { role: "customer" });
    const signedIn = await post(buyer);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.errors).toBeUndefined();
    expect(signedIn.body.data.viewer).toEqual({
      roles: ["BUYER"],
      authenticatedVia: "SESSION",
      user: { name: "Łucja Wiśniewska", email: "kupujacy@demo.pl" },
    });
  });
});
