import type { Browser, Page } from "playwright-core";
import { generate } from "otplib";
import {
  enterCode,
  launchBrowser,
  newPage,
  pageProblems,
  screenshot,
  signIn,
  sleep,
  startApp,
  submitPassword,
  ui,
  waitForPath,
  type Device,
  type RunningApp,
} from "./support/server";

// Discussions in a real browser, on the adjustable clock: the buyer opens a discussion about an order from
// the demo seller, the seller does not answer, 24 hours pass (POST /test-support/clock), the overdue sweep
// tells the buyer, the buyer asks for help, an agent takes the discussion from the queue and closes it with
// an outcome and a note, and the buyer sees the decision. Also: what people type is shown as text.

const BUYER = "kupujacy@demo.pl";
const SELLER = "sprzedawca@demo.pl";
const SELLER_NAME = "Elektro-Mix Sp. z o.o.";
const AGENT = "agent@demo.pl";
const d = ui.discussions;
const HOUR = 3_600_000;

/** A 1×1 PNG: a real image, as the domain sniffs attachments by their content. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let app: RunningApp;
let browser: Browser;
let opened: Page[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  app = await startApp({ env: { TEST_CLOCK: "adjustable" } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.stop();
});

afterEach(async () => {
  const problems = opened.flatMap((page) => pageProblems(page).pageErrors);
  const assetErrors = opened.flatMap((page) => pageProblems(page).assetErrors);
  const consoleErrors = opened.flatMap((page) => pageProblems(page).consoleErrors);
  if (consoleErrors.length) console.warn(`[e2e] console errors:\n  ${consoleErrors.join("\n  ")}`);
  await Promise.all(opened.map((page) => page.context().close().catch(() => undefined)));
  opened = [];
  expect(problems, "uncaught errors in the page").toEqual([]);
  expect(assetErrors, "the app's scripts/styles failed to load (was it rebuilt while the test ran? run again)").toEqual([]);
  expect(dialogs, "no page may open a dialog").toEqual([]);
});

async function open(device: Device): Promise<Page> {
  const page = await newPage(browser, app, device);
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => undefined);
  });
  opened.push(page);
  return page;
}

/** A full-page screenshot from the top (a page scrolled to a form error would show the sticky bar mid-page). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function clock(advanceMs?: number): Promise<{ now: string; offsetMs: number }> {
  const response = await fetch(`${app.url}/test-support/clock`, {
    method: advanceMs ? "POST" : "GET",
    headers: { "Content-Type": "application/json" },
    body: advanceMs ? JSON.stringify({ advanceMs }) : undefined,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { now: string; offsetMs: number };
}

/**
 * Staff sign-in once the app's clock was moved: the server checks the TOTP code at its own time, so the
 * code is computed for that time (enrolling first when the account has not set up its app yet).
 */
async function signInStaffOnAppClock(page: Page, email: string): Promise<void> {
  await submitPassword(page, email);
  await waitForPath(page, "/login/second-factor", `password step for ${email}`);
  const secretOnPage = page.getByTestId("totp-secret");
  await page.getByLabel(ui.auth.code, { exact: true }).waitFor();
  const secret = (await secretOnPage.isVisible()) ? (await secretOnPage.innerText()).replace(/\s+/g, "") : app.totp.get(email)?.secret;
  if (!secret) throw new Error(`No TOTP secret for ${email}`);
  app.totp.set(email, { secret, lastUsedStep: -1 });
  const { offsetMs } = await clock();
  await enterCode(page, await generate({ secret, epoch: Math.floor((Date.now() + offsetMs) / 1000) }));
  await waitForPath(page, "/", `second factor for ${email}`);
}

/** The number in the page's "Dyskusja D-12" heading. */
async function discussionNumber(page: Page): Promise<number> {
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  const match = /D-(\d+)/.exec(heading);
  if (!match) throw new Error(`No discussion number in "${heading}"`);
  return Number(match[1]);
}

/** One of the buyer's orders from the demo seller without an open discussion: its page offers to open one. */
async function orderWithoutDiscussion(page: Page): Promise<string> {
  await page.goto("/orders");
  const links = await page
    .getByTestId("orders-table")
    .locator("tbody tr", { hasText: SELLER_NAME })
    .locator('a[href^="/orders/"]')
    .evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
  expect(links.length, "the demo buyer has orders from the demo seller").toBeGreaterThan(0);
  for (const href of links) {
    await page.goto(href);
    if (await page.getByTestId("open-discussion").isVisible()) return href;
  }
  throw new Error("Every order of the demo buyer from the demo seller has an open discussion");
}

describe("discussions in the browser", () => {
  it("the seller does not answer, the buyer asks for help after 24 hours, an agent decides", async () => {
    // ── The buyer opens a discussion about an order, on a phone.
    const buyer = await open("phone");
    await signIn(buyer, BUYER, { role: "customer" });
    await shot(buyer, "discussions-01-buyer-home");
    const orderHref = await orderWithoutDiscussion(buyer);
    await shot(buyer, "discussions-02-buyer-order");
    await buyer.getByTestId("open-discussion").click();
    await waitForPath(buyer, "/discussions/new", "opening the form");
    await expect.poll(() => buyer.getByText(d.new.descriptionHint).isVisible()).toBe(true);

    // Nothing chosen, nothing typed: translated errors per field.
    await buyer.getByTestId("open-discussion-submit").click();
    await buyer.getByText(d.fieldErrors.chooseReason).waitFor();
    await shot(buyer, "discussions-03-buyer-form-errors");

    // A file above 10 MB: the translated ATTACHMENT_TOO_LARGE message, and what was typed stays.
    const description = "Paczka dotarła zgnieciona, obudowa pęknięta. W załączniku zdjęcie.";
    await buyer.getByLabel(d.new.reason, { exact: true }).selectOption("DAMAGED");
    await buyer.getByLabel(d.new.description, { exact: true }).fill(description);
    await buyer.getByTestId("attachments-input").setInputFiles({ name: "duze-zdjecie.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
    await buyer.getByTestId("open-discussion-submit").click();
    await buyer.getByText(d.fieldErrors.tooLarge.replace("{{file}}", "duze-zdjecie.jpg")).waitFor();
    expect(await buyer.getByLabel(d.new.description, { exact: true }).inputValue()).toBe(description);
    expect(await buyer.getByLabel(d.new.reason, { exact: true }).inputValue()).toBe("DAMAGED");
    await shot(buyer, "discussions-04-buyer-file-too-large");

    // With a real photo the discussion opens.
    await buyer.getByTestId("attachments-input").setInputFiles({ name: "paczka.png", mimeType: "image/png", buffer: PNG });
    await buyer.getByTestId("open-discussion-submit").click();
    await buyer.waitForURL((url) => /^\/discussions\/[0-9a-f-]{36}$/.test(url.pathname));
    await buyer.getByTestId("notice").waitFor();
    const discussionPath = new URL(buyer.url()).pathname;
    const number = await discussionNumber(buyer);
    expect(await buyer.getByTestId("message-body").first().innerText()).toBe(description);
    expect(await buyer.getByTestId("attachment-link").first().innerText()).toContain("paczka.png");
    // Before 24 hours, "Ask for help" is there but disabled, saying when it becomes possible; the seller's countdown runs.
    expect(await buyer.getByTestId("escalate-disabled").isDisabled()).toBe(true);
    expect(await buyer.getByTestId("escalate-when").innerText()).toContain(d.buyerActions.escalateAvailableAt.split("{{date}}")[0].trim());
    await buyer.getByTestId("seller-countdown").first().waitFor();
    await shot(buyer, "discussions-05-buyer-opened");

    // The order now links to its open discussion.
    await buyer.goto(orderHref);
    await buyer.getByTestId("order-discussion-link").waitFor();

    // ── The seller sees it first in their list, with the 24-hour countdown, and does not answer.
    const seller = await open("phone");
    await signIn(seller, SELLER, { role: "customer" });
    await seller.goto("/discussions");
    const mine = seller.getByTestId("discussions-table").locator("tbody tr", { has: seller.getByText(`D-${number}`, { exact: true }) });
    await mine.getByTestId("seller-countdown").waitFor();
    expect(await seller.getByTestId("seller-waiting").isVisible()).toBe(true);
    await shot(seller, "discussions-06-seller-list");

    // ── 24 hours pass. The overdue sweep (every 30 s) marks the discussion and the buyer is told.
    await clock(24 * HOUR + 60_000);
    const overdueText = ui.notifications.discussion.sellerOverdue.replace("{{number}}", String(number));
    const deadline = Date.now() + 120_000;
    for (;;) {
      await buyer.goto("/inbox");
      if (await buyer.getByTestId("inbox-list").getByText(overdueText).isVisible()) break;
      if (Date.now() > deadline) throw new Error(`No "${overdueText}" in the buyer's inbox after 2 minutes`);
      await sleep(3_000);
    }
    await shot(buyer, "discussions-07-buyer-inbox");
    await buyer.goto(discussionPath);
    await buyer.getByTestId("overdue-badge").first().waitFor();
    await shot(buyer, "discussions-08-buyer-can-ask-for-help");

    // The buyer asks the platform for help.
    await buyer.getByTestId("escalate").click();
    await buyer.getByTestId("with-platform").waitFor();
    expect(await buyer.getByTestId("discussion-page").getAttribute("data-status")).toBe("ESCALATED");
    await shot(buyer, "discussions-09-buyer-escalated");

    // ── An agent (desktop) takes it from the queue and closes it with an outcome and a note.
    const agent = await open("desktop");
    await signInStaffOnAppClock(agent, AGENT);
    await agent.getByTestId("home-discussions-unassigned").waitFor();
    await shot(agent, "discussions-10-agent-home");
    await agent.goto("/queue/discussions?assignment=UNASSIGNED");
    await agent.getByTestId("discussion-metrics").waitFor();
    const row = agent.getByTestId("queue-table").locator("tbody tr", { hasText: `D-${number}` });
    await row.getByTestId("overdue-badge").waitFor();
    await shot(agent, "discussions-11-agent-queue");
    await row.getByTestId("queue-discussion-link").click();
    await waitForPath(agent, discussionPath, "opening the discussion from the queue");
    await agent.getByTestId("party-history").waitFor();
    await agent.getByTestId("take-discussion").click();
    await agent.getByTestId("assigned-to-me").waitFor();

    // A malformed amount is a translated field error; the note typed stays.
    const note = "Sprzedający nie odpowiedział w ciągu 24 godzin. Zwraca kupującemu część ceny za uszkodzenie.";
    await agent.getByLabel(d.agent.outcome, { exact: true }).selectOption("PARTIAL_REFUND");
    await agent.getByLabel(d.agent.amount, { exact: true }).fill("dziesięć");
    await agent.getByLabel(d.agent.note, { exact: true }).fill(note);
    await agent.getByTestId("close-discussion").click();
    await agent.getByText(d.fieldErrors.amountFormat).waitFor();
    expect(await agent.getByLabel(d.agent.note, { exact: true }).inputValue()).toBe(note);
    await shot(agent, "discussions-12-agent-amount-error");
    await agent.getByLabel(d.agent.amount, { exact: true }).fill("10,50");
    await agent.getByTestId("close-discussion").click();
    await agent.getByTestId("closed-summary").waitFor();
    await shot(agent, "discussions-13-agent-closed");

    // ── The buyer sees the decision: outcome, amount (10,50 zł from "10,50"), the agent's note, and the way to a claim.
    await buyer.goto(discussionPath);
    await buyer.getByTestId("closed-summary").waitFor();
    expect(await buyer.getByTestId("outcome").innerText()).toBe(d.outcomes.PARTIAL_REFUND);
    expect(await buyer.getByTestId("closing-note").innerText()).toBe(note);
    expect((await buyer.getByTestId("closed-summary").innerText()).replace(/\s/g, " ")).toMatch(/10,50\s?zł/);
    expect(await buyer.getByTestId("discussion-page").getAttribute("data-status")).toBe("CLOSED");
    expect(await buyer.getByTestId("claim-link").getAttribute("href")).toContain(`discussionId=`);
    // Parties see agents as "the platform", never by name.
    expect(await buyer.getByTestId("discussion-timeline").innerText()).not.toContain("Józef");
    expect(await buyer.getByTestId("discussion-timeline").innerText()).toContain(d.roles.platform);
    await shot(buyer, "discussions-14-buyer-decision");
  }, 360_000);

  it("shows what people type as text: a <script> in a message opens no dialog", async () => {
    const buyer = await open("phone");
    await signIn(buyer, BUYER, { role: "customer" });
    await buyer.goto("/discussions?status=OPEN");
    await buyer.getByTestId("discussion-link").first().click();
    await buyer.getByTestId("composer").waitFor();
    const body = "<script>alert(1)</script> <img src=x onerror=alert(2)> Proszę o odpowiedź.";
    await buyer.getByLabel(d.composer.body, { exact: true }).fill(body);
    await buyer.getByTestId("send-message").click();
    await buyer.getByTestId("notice").waitFor();
    await buyer.reload();
    const shown = buyer.getByTestId("message-body").filter({ hasText: "<script>alert(1)</script>" });
    expect(await shown.innerText()).toBe(body);
    expect(await buyer.locator("main script").count()).toBe(0);
    expect(await buyer.locator("main img[src='x']").count()).toBe(0);
    await sleep(500);
    expect(dialogs).toEqual([]);
    await shot(buyer, "discussions-15-message-as-text");
  });

  it("answers bad addresses with the not-found page and keeps the queue for agents", async () => {
    const buyer = await open("phone");
    await signIn(buyer, BUYER, { role: "customer" });
    for (const path of ["/discussions/not-a-discussion", "/discussions/00000000-0000-4000-8000-000000000000", "/discussions/new?orderId=nope"]) {
      const response = await buyer.goto(path);
      expect(response?.status(), path).toBe(404);
      await buyer.getByTestId("error-404").waitFor();
    }
    const queue = await buyer.goto("/queue/discussions");
    expect(queue?.status()).toBe(403);
    await buyer.getByTestId("error-403").waitFor();
  });
});
