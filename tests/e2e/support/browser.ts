import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { generate } from "otplib";
import { pl } from "~/i18n/pl/index";
import { DEMO_PASSWORD } from "../../../prisma/seed/demo";
import type { RunningApp } from "./server";

// Browser helpers for end-to-end tests: Debian's chromium driven by playwright-core, pages bound to a
// running app instance, sign-in (password + TOTP enrolment/verification) and screenshots.
// Elements are found by accessible role, label, text (the Polish UI text, imported from the app's
// own translations) or data-testid — never by CSS class, so restyling does not break the tests.

/** The app's Polish UI text; pages are opened with a Polish browser locale. */
export const ui = pl;

/** The password of every demo account (prisma/seed/demo.ts). */
export { DEMO_PASSWORD };

export const VIEWPORTS = {
  /** buyers and sellers on a phone */
  phone: { width: 390, height: 844 },
  /** staff at a desk */
  desktop: { width: 1280, height: 800 },
} as const;
export type Device = keyof typeof VIEWPORTS;

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../screenshots");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

const appOfContext = new WeakMap<BrowserContext, RunningApp>();
const problemsOfPage = new WeakMap<Page, PageProblems>();

export interface PageProblems {
  /** Uncaught exceptions in the page (hydration crashes, broken scripts). */
  pageErrors: string[];
  /** console.error output, failed resource loads included. */
  consoleErrors: string[];
  /**
   * The app's own scripts/styles (/build/…) that failed to load: the page is unstyled or not
   * interactive. Usually the app was rebuilt while its server kept running the previous build.
   */
  assetErrors: string[];
}

/**
 * A fresh browser context (own cookies) and page for `app`, sized for the device, in Polish,
 * with requests to anything but the app itself blocked (the machine has no internet; it also keeps
 * tests deterministic).
 */
export async function newPage(browser: Browser, app: RunningApp, device: Device): Promise<Page> {
  const context = await browser.newContext({
    baseURL: app.url,
    viewport: VIEWPORTS[device],
    deviceScaleFactor: device === "phone" ? 2 : 1,
    isMobile: device === "phone",
    hasTouch: device === "phone",
    locale: "pl-PL",
    timezoneId: "Europe/Warsaw",
    serviceWorkers: "block",
  });
  appOfContext.set(context, app);
  const appOrigin = new URL(app.url).origin;
  await context.route(
    (url) => (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:" || url.protocol === "wss:") && url.origin !== appOrigin,
    (route) => route.abort("blockedbyclient"),
  );
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], assetErrors: [] };
  problemsOfPage.set(page, problems);
  const isAppAsset = (url: string) => {
    const parsed = new URL(url);
    return parsed.origin === appOrigin && parsed.pathname.startsWith("/build/");
  };
  page.on("response", (response) => {
    if (response.status() >= 400 && isAppAsset(response.url())) problems.assetErrors.push(`${response.status()} ${response.url()}`);
  });
  page.on("requestfailed", (request) => {
    if (isAppAsset(request.url())) problems.assetErrors.push(`${request.failure()?.errorText ?? "failed"} ${request.url()}`);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

export function pageProblems(page: Page): PageProblems {
  return problemsOfPage.get(page) ?? { pageErrors: [], consoleErrors: [], assetErrors: [] };
}

function appOf(page: Page): RunningApp {
  const app = appOfContext.get(page.context());
  if (!app) throw new Error("This page was not opened with newPage(browser, app, device)");
  return app;
}

/** Full-page PNG in tests/e2e/screenshots/<name>.png; returns the file path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts?.ready).catch(() => undefined);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  return file;
}

// ---------------------------------------------------------------- signing in

export type AccountKind = "customer" | "staff";

export interface SignInOptions {
  role: AccountKind;
  password?: string;
  /** Where the person should land (default "/"). */
  expectPath?: string;
}

export interface SignInOutcome {
  /** Which second-factor step the sign-in went through. */
  secondFactor: "none" | "enrol" | "verify";
  /** The staff member's TOTP secret (as enrolled in this app instance). */
  totpSecret?: string;
}

/** Fills in the sign-in form and submits it; does not wait for the outcome. */
export async function submitPassword(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(ui.auth.email, { exact: true }).fill(email);
  await page.getByLabel(ui.auth.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: ui.auth.signIn, exact: true }).click();
}

/**
 * Signs in like a person: e-mail and password, then for staff the second factor — enrolment on the
 * first sign-in (reads the secret shown on the page and remembers it for this app instance) or a
 * fresh code from the remembered secret on later sign-ins.
 */
export async function signIn(page: Page, email: string, options: SignInOptions): Promise<SignInOutcome> {
  const expectPath = options.expectPath ?? "/";
  await submitPassword(page, email, options.password);
  if (options.role === "customer") {
    await waitForPath(page, expectPath, `signing in as ${email}`);
    return { secondFactor: "none" };
  }
  await waitForPath(page, "/login/second-factor", `password step for ${email}`);
  const outcome = await completeSecondFactor(page, email);
  await waitForPath(page, expectPath, `second factor for ${email}`);
  return outcome;
}

/** On the second-factor page: enrols (first time) or verifies with a fresh code. */
export async function completeSecondFactor(page: Page, email: string): Promise<SignInOutcome> {
  const app = appOf(page);
  const codeField = page.getByLabel(ui.auth.code, { exact: true });
  await codeField.waitFor({ state: "visible" });
  const secretOnPage = page.getByTestId("totp-secret");
  let secondFactor: SignInOutcome["secondFactor"] = "verify";
  if (await secretOnPage.isVisible()) {
    const secret = (await secretOnPage.innerText()).replace(/\s+/g, "");
    if (!secret) throw new Error(`Empty TOTP secret on the enrolment page for ${email}`);
    const known = app.totp.get(email);
    app.totp.set(email, { secret, lastUsedStep: known?.secret === secret ? known.lastUsedStep : -1 });
    secondFactor = "enrol";
  } else if (!app.totp.has(email)) {
    throw new Error(`${email} is already enrolled in this app instance, but no test saw its TOTP secret`);
  }
  await enterCode(page, await freshTotpCode(app, email));
  return { secondFactor, totpSecret: app.totp.get(email)!.secret };
}

/** Types a code on the second-factor page and submits it. */
export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel(ui.auth.code, { exact: true }).fill(code);
  await page.getByRole("button", { name: ui.auth.verify, exact: true }).click();
}

const TOTP_STEP_SECONDS = 30;

/**
 * A current code for an enrolled account that was not used yet: when a code of the current 30-second
 * step was already submitted in this run, waits for the next step (servers may reject replays).
 */
export async function freshTotpCode(app: RunningApp, email: string): Promise<string> {
  const entry = app.totp.get(email);
  if (!entry) throw new Error(`No TOTP secret known for ${email}`);
  let now = Date.now() / 1000;
  if (Math.floor(now / TOTP_STEP_SECONDS) <= entry.lastUsedStep) {
    const nextStepStart = (entry.lastUsedStep + 1) * TOTP_STEP_SECONDS;
    await sleep((nextStepStart - now) * 1000 + 300);
    now = Date.now() / 1000;
  }
  const epoch = Math.floor(now);
  entry.lastUsedStep = Math.floor(epoch / TOTP_STEP_SECONDS);
  return generate({ secret: entry.secret, epoch });
}

/** A 6-digit code that is certainly wrong now (not valid in this step or the neighbouring ones). */
export async function wrongTotpCode(app: RunningApp, email: string): Promise<string> {
  const entry = app.totp.get(email);
  if (!entry) throw new Error(`No TOTP secret known for ${email}`);
  const epoch = Math.floor(Date.now() / 1000);
  const valid = new Set<string>();
  for (const offset of [-2, -1, 0, 1, 2]) valid.add(await generate({ secret: entry.secret, epoch: epoch + offset * TOTP_STEP_SECONDS }));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 111111) % 1_000_000).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

/** Signs out through the page's sign-out button (opening a menu first if the layout hides it). */
export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole("button", { name: ui.nav.signOut, exact: true });
  if (!(await button.first().isVisible())) {
    const menu = page.getByRole("button", { name: /menu|konto|account|użytkownik/i });
    if (await menu.first().isVisible()) await menu.first().click();
  }
  await button.first().click();
  await waitForPath(page, "/login", "signing out");
}

/** Waits until the page shows `pathname`; on failure reports where it is and any alert shown. */
export async function waitForPath(page: Page, pathname: string, what: string, timeout = 30_000): Promise<void> {
  try {
    await page.waitForURL((url) => url.pathname === pathname, { timeout });
  } catch (error) {
    const alerts = await page
      .getByRole("alert")
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `${what}: expected ${pathname}, still on ${page.url()}${alerts.length ? ` (alert: ${alerts.join(" | ")})` : ""}\n${(error as Error).message}`,
    );
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
