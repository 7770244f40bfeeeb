import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, pageProblems, screenshot, signIn, startApp, ui, type Device, type RunningApp } from "./support/server";

// Buyer protection in a real browser, end to end: the buyer (on a phone) files a claim from the discussion
// that an agent sent on to a claim, seeing the advisory precheck before sending; an agent approves it in
// full; the amount is above the four-eyes threshold, so it waits for a senior agent — whom the first
// approver cannot replace; the senior approves, the payout executes, and the buyer sees the claim paid.

let app: RunningApp;
let browser: Browser;
const opened: Page[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  const problems = opened.flatMap((page) => pageProblems(page).pageErrors);
  const assetErrors = opened.flatMap((page) => pageProblems(page).assetErrors);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  expect(problems, "uncaught errors in the page").toEqual([]);
  expect(assetErrors, "the app's scripts/styles failed to load (was it rebuilt while the test ran? run again)").toEqual([]);
});

async function open(device: Device): Promise<Page> {
  const page = await newPage(browser, app, device);
  opened.push(page);
  return page;
}

/** "3 694,98 zł" (Polish formatting, with narrow or plain spaces) → grosze. */
function grosze(text: string): number {
  const match = /(\d[\d\s\u00a0\u202f]*),(\d{2})/.exec(text);
  if (!match) throw new Error(`No amount in "${text}"`);
  return Number(match[1].replace(/[\s\u00a0\u202f]/g, "")) * 100 + Number(match[2]);
}

/** The seed's four-eyes threshold: approvals above 5,000 PLN need a second, senior agent. */
const DEFAULT_FOUR_EYES = 500_000;

// A 1×1 PNG: a real image, so the upload passes the content check.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("buyer protection claims in the browser", () => {
  it(
    "a claim above the four-eyes threshold: filed with a precheck, approved by an agent, second-approved by a senior, paid",
    { timeout: 300_000 },
    async () => {
      // ── 1. The buyer, on a phone, goes from the discussion the platform sent on to a claim. ──
      const buyer = await open("phone");
      await signIn(buyer, "kupujacy@demo.pl", { role: "customer" });
      await buyer.goto("/discussions");
      const discussionLinks = await buyer
        .locator('a[href^="/discussions/"]')
        .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href") ?? ""))].filter((href) => /^\/discussions\/[0-9a-f-]{36}$/.test(href)));
      // Every discussion that offers a claim; the walk takes the one the precheck covers for the most — the
      // demo buyer's most expensive order, whose discussion an agent sent on to a claim.
      const candidates: { discussion: string; claimLink: string }[] = [];
      for (const href of discussionLinks) {
        await buyer.goto(href);
        const link = await buyer
          .locator('a[href^="/claims/new"]')
          .first()
          .getAttribute("href", { timeout: 1_000 })
          .catch(() => null);
        if (link) candidates.push({ discussion: href, claimLink: link });
      }
      expect(candidates.length, "a discussion of kupujacy@demo.pl links to /claims/new").toBeGreaterThan(0);
      let best: { discussion: string; claimLink: string; max: number } | null = null;
      for (const candidate of candidates) {
        await buyer.goto(candidate.claimLink);
        const covered = await buyer.getByTestId("precheck").getByText(ui.claims.precheck.covered, { exact: true }).count();
        const max = grosze(await buyer.getByTestId("precheck-max").innerText());
        if (covered && (!best || max > best.max)) best = { ...candidate, max };
      }
      expect(best, "one of the buyer's discussions leads to a claim the precheck covers").not.toBeNull();
      await buyer.goto(best!.discussion);
      await screenshot(buyer, "claims-1-buyer-discussion-phone");
      await buyer.locator('a[href^="/claims/new"]').first().click();
      await buyer.waitForURL((url) => url.pathname === "/claims/new");

      // The precheck is on the page before anything is sent: covered, why, the maximum and how it is made up.
      const precheck = buyer.getByTestId("precheck");
      await precheck.getByRole("heading", { name: ui.claims.precheck.title }).waitFor();
      await precheck.getByText(ui.claims.precheck.covered, { exact: true }).waitFor();
      for (const code of ["ORDER_PAID", "PAYMENT_METHOD", "WINDOW", "DISCUSSION", "LINES"]) {
        expect(await precheck.locator(`[data-check="${code}"]`).getAttribute("data-ok"), code).toBe("true");
      }
      await precheck.getByText(ui.claims.precheck.items).waitFor();
      await precheck.getByText(ui.claims.precheck.claimCap).waitFor();
      // kupujacy@demo.pl is a SMART member: 12 hours instead of 5 days.
      await precheck.getByText(ui.claims.precheck.decisionHours_many.replace("{{count}}", "12")).waitFor();
      const maxAmount = grosze(await buyer.getByTestId("precheck-max").innerText());
      expect(maxAmount).toBeGreaterThan(0);
      expect(maxAmount).toBeLessThanOrEqual(1_000_000); // the 10,000 PLN cap per claim
      await screenshot(buyer, "claims-2-buyer-form-precheck-phone");

      // Sending without a reason: a clear error, nothing filed.
      await buyer.getByTestId("file-claim").click();
      await buyer.getByRole("alert").filter({ hasText: ui.errors.VALIDATION_FAILED }).waitFor();
      expect(new URL(buyer.url()).pathname).toBe("/claims/new");

      await buyer.getByLabel(ui.claims.new.reason, { exact: true }).selectOption("NOT_RECEIVED");
      await buyer
        .getByLabel(ui.claims.new.description, { exact: true })
        .fill("Paczka nie dotarła, a sprzedający nie wykazał wysyłki. Numer śledzenia nie działa.");
      await buyer.getByLabel(ui.claims.new.policeReport).check();
      await buyer.getByLabel(ui.claims.documents.label, { exact: true }).setInputFiles({ name: "potwierdzenie.png", mimeType: "image/png", buffer: PNG });
      await buyer.getByTestId("file-claim").click();
      await buyer.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 30_000 });
      const claimPath = new URL(buyer.url()).pathname;
      await buyer.getByTestId("claim-filed").waitFor();
      await buyer.locator('[data-testid="claim-page"][data-status="SUBMITTED"]').waitFor();
      const claimTitle = await buyer.getByRole("heading", { level: 1 }).innerText();
      const claimRef = /C-\d+/.exec(claimTitle)?.[0];
      expect(claimRef).toBeTruthy();
      // The document is listed and downloads with safe headers.
      const documentLink = buyer.getByTestId("claim-documents").getByRole("link", { name: "potwierdzenie.png" });
      const download = await buyer.request.get((await documentLink.getAttribute("href"))!);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-type"]).toBe("image/png");
      expect(download.headers()["x-content-type-options"]).toContain("nosniff");
      expect(download.headers()["content-security-policy"]).toContain("sandbox");
      await screenshot(buyer, "claims-3-buyer-filed-phone");

      // ── 2. The demo order is worth less than the seed's 5,000 PLN threshold: an administrator lowers it. ──
      if (maxAmount <= DEFAULT_FOUR_EYES) {
        const admin = await open("desktop");
        await signIn(admin, "admin@demo.pl", { role: "staff" });
        await admin.goto("/admin/program-terms");
        const threshold = Math.max(1, Math.floor(maxAmount / 200)); // half the maximum, in złoty
        await admin.getByLabel(ui.terms.thresholdPln, { exact: true }).fill(String(threshold));
        await admin.getByTestId("save-threshold").click();
        await admin.getByText(ui.terms.thresholdSaved).waitFor();
        await screenshot(admin, "claims-4-admin-four-eyes-desktop");
      }

      // ── 3. An agent finds the claim in the queue and approves it in full. ──
      const agent = await open("desktop");
      await signIn(agent, "agent@demo.pl", { role: "staff" });
      await agent.goto("/queue/claims");
      await agent.getByTestId("claim-queue").getByRole("link", { name: claimRef!, exact: true }).click();
      await agent.waitForURL((url) => url.pathname === claimPath);
      const agentPrecheck = agent.getByTestId("precheck");
      await agentPrecheck.getByRole("heading", { name: ui.claims.precheck.title }).waitFor();
      expect(grosze(await agentPrecheck.getByTestId("precheck-max").innerText())).toBe(maxAmount);
      await agent.getByTestId("buyer-history").waitFor();
      await agent.getByTestId("seller-record").waitFor();
      await screenshot(agent, "claims-5-agent-claim-desktop");
      await agent.getByTestId("approve-full").locator("summary").click();
      await agent.getByRole("button", { name: new RegExp(ui.claims.agent.approveFullYes) }).click();
      await agent.waitForURL((url) => url.searchParams.get("done") === "approveFull");
      await agent.locator('[data-testid="claim-page"][data-status="AWAITING_SECOND_APPROVAL"]').waitFor();

      // The first approver cannot give the second approval: no button, the rule said, and a forged request is refused.
      await agent.getByTestId("second-approval").waitFor();
      await agent.getByTestId("four-eyes-rule").waitFor();
      await agent.getByTestId("first-approver-note").waitFor();
      expect(await agent.getByTestId("second-approve").count()).toBe(0);
      await screenshot(agent, "claims-6-agent-awaiting-second-desktop");
      const forged = await agent.request.post(claimPath, { form: { intent: "secondApprove" } });
      expect(forged.status()).toBeGreaterThanOrEqual(400);
      expect(forged.status()).toBeLessThan(500);
      await agent.reload();
      await agent.locator('[data-testid="claim-page"][data-status="AWAITING_SECOND_APPROVAL"]').waitFor();

      // ── 4. A senior agent sees it waiting on the home page and gives the second approval. ──
      const senior = await open("desktop");
      await signIn(senior, "starszy.agent@demo.pl", { role: "staff" });
      const tile = senior.getByTestId("home-claims-second-approval");
      await tile.waitFor();
      expect(Number(/\d+/.exec(await tile.innerText())?.[0] ?? 0)).toBeGreaterThanOrEqual(1);
      await tile.click();
      await senior.getByTestId("claim-queue").getByRole("link", { name: claimRef!, exact: true }).click();
      await senior.waitForURL((url) => url.pathname === claimPath);
      await senior.getByTestId("four-eyes-rule").waitFor();
      await screenshot(senior, "claims-7-senior-second-approval-desktop");
      await senior.getByTestId("second-approve").locator("summary").click();
      await senior.getByRole("button", { name: ui.claims.agent.secondYes }).click();
      await senior.waitForURL((url) => url.searchParams.get("done") === "secondApprove");
      // The payout runs at once, exactly once.
      await senior.locator('[data-testid="claim-page"][data-status="PAID"]').waitFor();
      await screenshot(senior, "claims-8-senior-paid-desktop");

      // ── 5. The buyer sees the claim paid, with the amount. ──
      await buyer.goto(claimPath);
      await buyer.locator('[data-testid="claim-page"][data-status="PAID"]').waitFor();
      const paid = await buyer.getByTestId("claim-paid").innerText();
      expect(grosze(paid)).toBe(maxAmount);
      expect(grosze(await buyer.getByTestId("claim-paid-amount").innerText())).toBe(maxAmount);
      await screenshot(buyer, "claims-9-buyer-paid-phone");
      await buyer.goto("/claims");
      const row = buyer.getByTestId("my-claims").locator("tr", { hasText: claimRef! });
      await row.getByText(ui.claims.status.PAID).waitFor();
      await screenshot(buyer, "claims-10-buyer-list-phone");
    },
  );

  it(
    "a discussion the agent closed with a full refund: the precheck shows that refund instead of \"without agreement\", and nothing is left to claim unless it did not arrive",
    { timeout: 240_000 },
    async () => {
      // kupujacy2@demo.pl has a discussion an agent closed with a full refund (the demo seed).
      const buyer = await open("desktop");
      await signIn(buyer, "kupujacy2@demo.pl", { role: "customer" });
      await buyer.goto("/discussions");
      const discussionLinks = await buyer
        .locator('a[href^="/discussions/"]')
        .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href") ?? ""))].filter((href) => /^\/discussions\/[0-9a-f-]{36}$/.test(href)));
      let claimLink: string | null = null;
      for (const href of discussionLinks) {
        await buyer.goto(href);
        const outcome = await buyer.getByTestId("outcome").innerText({ timeout: 1_000 }).catch(() => null);
        if (outcome !== ui.discussions.outcomes.REFUND) continue;
        claimLink = await buyer.getByTestId("claim-link").getAttribute("href", { timeout: 1_000 }).catch(() => null);
        if (claimLink) break;
      }
      expect(claimLink, "a discussion of kupujacy2@demo.pl closed with a full refund links to /claims/new").not.toBeNull();
      await buyer.goto(claimLink!);

      const precheck = buyer.getByTestId("precheck");
      await precheck.getByRole("heading", { name: ui.claims.precheck.title }).waitFor();
      // The discussion's outcome, not "lasted 24 hours without agreement".
      const discussionCheck = precheck.locator('[data-check="DISCUSSION"]');
      expect(await discussionCheck.getAttribute("data-ok")).toBe("true");
      const discussionText = await discussionCheck.innerText();
      expect(discussionText).not.toContain("bez porozumienia");
      expect(discussionText).toContain(ui.discussions.outcomes.REFUND);
      expect(discussionText).toContain(ui.claims.precheck.checks.decidedByAgent);
      // Already settled: the refund, who decided it, and nothing left to pay.
      const settled = precheck.locator('[data-check="SETTLED"]');
      expect(await settled.getAttribute("data-ok")).toBe("false");
      expect(await settled.innerText()).toContain(ui.claims.precheck.checks.decidedByAgent);
      const refunded = grosze(await settled.innerText());
      expect(refunded).toBeGreaterThan(0);
      expect(grosze(await buyer.getByTestId("precheck-settled").innerText())).toBe(refunded);
      expect(grosze(await buyer.getByTestId("precheck-max").innerText())).toBe(0);
      await precheck.getByText(ui.claims.precheck.notCovered, { exact: true }).waitFor();
      await screenshot(buyer, "claims-settled-1-precheck-desktop");

      // Sending anyway: refused with the specific reason, nothing filed.
      await buyer.getByLabel(ui.claims.new.reason, { exact: true }).selectOption("NOT_RECEIVED");
      await buyer.getByLabel(ui.claims.new.description, { exact: true }).fill("Zwrot ustalony w dyskusji.");
      await buyer.getByTestId("file-claim").click();
      await buyer.locator('[data-testid="claim-error"][data-code="CLAIM_SETTLED_IN_DISCUSSION"]').waitFor();
      expect(new URL(buyer.url()).pathname).toBe("/claims/new");

      // "The agreed refund did not arrive": the refund is no longer deducted, the maximum comes back.
      await buyer.getByLabel(ui.claims.new.refundNotReceived).check();
      await precheck.locator('[data-check="SETTLED"][data-ok="true"]').waitFor();
      await buyer.waitForFunction(() => !/^\s*0,00/.test(document.querySelector('[data-testid="precheck-max"]')?.textContent ?? ""));
      expect(grosze(await buyer.getByTestId("precheck-max").innerText())).toBeGreaterThan(0);
      await precheck.getByText(ui.claims.precheck.settledNotDeducted).waitFor();
      await screenshot(buyer, "claims-settled-2-refund-not-received-desktop");

      // Filed with the flag; the agent is warned to check the refund before approving.
      await buyer.getByTestId("file-claim").click();
      await buyer.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 30_000 });
      const claimPath = new URL(buyer.url()).pathname;
      const agent = await open("desktop");
      await signIn(agent, "agent@demo.pl", { role: "staff" });
      await agent.goto(claimPath);
      await agent.getByTestId("decision-panel").getByTestId("refund-not-received-warning").waitFor();
      expect(await agent.getByTestId("refund-not-received-warning").first().innerText()).toContain(ui.claims.precheck.refundWarningTitle);
      await screenshot(agent, "claims-settled-3-agent-warning-desktop");

      // Nothing left to claim on the order: the form shows the claim instead of an empty form.
      await buyer.goto(claimLink!);
      await buyer.getByTestId("all-claimed").waitFor();
      expect(await buyer.getByTestId("file-claim").count()).toBe(0);
      expect(await buyer.getByTestId("existing-claim").first().getAttribute("href")).toBe(claimPath);
      await screenshot(buyer, "claims-settled-4-all-claimed-desktop");
    },
  );
});
