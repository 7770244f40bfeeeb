import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { en } from "~/i18n/en/index";
import { launchBrowser, newPage, pageProblems, signIn, startApp, ui, type Device, type RunningApp } from "./support/server";

// Rights protection in a real browser, end to end: the demo rights holder (its organisation verified by the
// demo seed) registers a right with its proof → an agent verifies it → the holder files a two-offer notice (after seeing its field
// errors, in Polish and in English) → the agent takes one offer down and rejects the other → the holder
// sees both outcomes → the seller appeals → the agent who decided cannot review it; another agent
// reinstates → the offer is back on the marketplace. Every page is photographed into /tmp/shots-rights/.

const SHOTS = process.env.RIGHTS_SHOTS_DIR ?? "/tmp/shots-rights";

let app: RunningApp;
let browser: Browser;
const opened: Page[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  const problems = opened.flatMap((page) => pageProblems(page).pageErrors);
  // A stylesheet request the browser cancelled itself (net::ERR_ABORTED: the page moved on while a route's
  // <link> was loading) is not a broken asset; a 4xx or a failed load is.
  const assetErrors = opened.flatMap((page) => pageProblems(page).assetErrors).filter((error) => !/^net::ERR_ABORTED .*\.css$/.test(error));
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

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  // From the top: a sticky bar photographed mid-page would cover the content.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAABJRU5ErkJggg==", "base64");
const HOLDER = "Marki Polskie S.A.";
const RIGHT = "ELEKTROMAX";
const SELLER = "Elektro-Mix Sp. z o.o.";
// The demo seed's own notices (prisma/seed/demo-rights.ts) sit beside this walk's: everything is found by its own reference.

describe("rights protection in the browser", () => {
  it(
    "register a right → verified → a two-offer notice → one taken down, one rejected → the holder sees both → the seller appeals → another agent reinstates → the offer is back",
    { timeout: 420_000 },
    async () => {
      // ── 1. The rights holder registers a right with its proof. ──
      const holder = await open("desktop");
      await signIn(holder, "prawa@demo.pl", { role: "customer" });
      await holder.getByRole("link", { name: ui.nav.rights }).first().click();
      await holder.waitForURL((url) => url.pathname === "/rights");
      await holder.getByTestId("holder").getByRole("heading", { name: HOLDER }).waitFor();
      await holder.getByTestId("holder").getByText(ui.rights.verification.VERIFIED).waitFor();
      await shot(holder, "01-holder-home-before");

      const rightForm = holder.getByTestId("register-right");
      await rightForm.getByLabel(ui.rights.rights.name, { exact: true }).fill(RIGHT);
      await rightForm.getByLabel(ui.rights.rights.registrationNumber, { exact: false }).fill("EUTM 018765432");
      await rightForm.getByLabel(ui.rights.rights.territory, { exact: true }).fill("EU");
      // Without the proof the right is refused, the field says why.
      await holder.getByTestId("register-right-submit").click();
      await rightForm.getByText(ui.rights.fieldErrors.attachProof).waitFor();
      await rightForm.getByLabel(ui.rights.rights.name, { exact: true }).fill(RIGHT);
      await rightForm.getByLabel(ui.rights.rights.registrationNumber, { exact: false }).fill("EUTM 018765432");
      await rightForm.getByLabel(ui.rights.rights.territory, { exact: true }).fill("EU");
      await rightForm.getByLabel(ui.rights.rights.proof, { exact: true }).setInputFiles({ name: "swiadectwo-rejestracji.pdf", mimeType: "application/pdf", buffer: PDF });
      await holder.getByTestId("register-right-submit").click();
      await holder.locator(`[data-testid="right-${RIGHT}"][data-status="PENDING"]`).waitFor();
      await shot(holder, "02-holder-right-pending");

      // ── 2. An agent verifies the right (with its proof document). ──
      const agent = await open("desktop");
      await signIn(agent, "agent@demo.pl", { role: "staff" });
      await agent.getByRole("link", { name: ui.nav.rightsQueue }).first().click();
      await agent.getByTestId("rights-tab-verification").click();
      await agent.waitForURL((url) => url.pathname === "/queue/rights/verification");
      const rightCard = agent.getByTestId(`right-${RIGHT}`);
      const proofLink = rightCard.getByRole("link", { name: "swiadectwo-rejestracji.pdf" });
      const download = await agent.request.get((await proofLink.getAttribute("href"))!);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-type"]).toBe("application/pdf");
      expect(download.headers()["content-security-policy"]).toContain("sandbox");
      await shot(agent, "03-agent-verification-queue");
      await agent.getByTestId(`right-${RIGHT}`).getByTestId("right-decision-verify").click();
      await agent.waitForURL((url) => url.searchParams.get("done") === "rightVerified");
      await agent.getByTestId(`right-${RIGHT}`).waitFor({ state: "detached" });
      await shot(agent, "04-agent-verified");

      // ── 3. The holder finds two of the seller's offers and files a notice for them. ──
      await holder.goto("/rights");
      await holder.locator(`[data-testid="right-${RIGHT}"][data-status="VERIFIED"]`).waitFor();
      const offers: { id: string; title: string }[] = [];
      for (let page = 1; page <= 10 && offers.length < 2; page++) {
        await holder.goto(`/offers?status=ACTIVE&page=${page}`);
        const rows = holder.getByTestId("offers-table").locator("tbody tr", { hasText: SELLER });
        for (const row of await rows.all()) {
          if (offers.length >= 2) break;
          const id = await row.getByTestId("report-offer").getAttribute("data-offer-id");
          const title = (await row.getByTestId("report-offer").getAttribute("data-offer-title")) ?? "";
          if (id) offers.push({ id, title });
        }
      }
      expect(offers, `two active offers of ${SELLER}`).toHaveLength(2);
      await shot(holder, "05-holder-offers");
      await holder.goto(`/rights/notices/new?offerId=${offers[0].id}`);
      const form = holder.getByTestId("notice-form");
      await form.waitFor();
      expect(await holder.locator('[name="items.0.offerId"]').inputValue()).toBe(offers[0].id);

      const rightValue = await holder.locator('[name="items.0.rightId"] option', { hasText: RIGHT }).getAttribute("value");
      expect(rightValue).toMatch(/^[0-9a-f-]{36}$/);
      // Sent with problems: refused field by field, each next to its row, nothing filed.
      const fillWrong = async () => {
        await holder.locator('[name="items.0.offerId"]').fill(offers[0].id);
        await holder.locator('[name="items.0.explanation"]').fill("Podróbka.");
        await holder.locator('[name="items.1.offerId"]').fill("00000000-0000-4000-8000-000000000000");
        await holder.locator('[name="items.1.kind"]').selectOption("COUNTERFEIT");
        await holder.locator('[name="items.1.explanation"]').fill("Oferta sprzedaje podrobione produkty z logo ELEKTROMAX na opakowaniu.");
        await holder.locator('[name="items.1.evidenceUrls"]').fill("ftp://dowody.example/1");
        await holder.getByTestId("file-notice").click();
        await holder.getByTestId("notice-errors").waitFor();
      };
      await fillWrong();
      const errors = holder.getByTestId("notice-errors");
      expect(await errors.getAttribute("data-code")).toBe("NOTICE_INVALID");
      const row0 = holder.getByTestId("row-0");
      await row0.getByText(ui.rights.fieldErrors.chooseKind).waitFor();
      await row0.getByText(ui.rights.fieldErrors.explanation).waitFor();
      await holder.getByTestId("row-1").getByText(ui.rights.fieldErrors.httpOnly).waitFor();
      await holder.getByTestId("accuracy-error").getByText(ui.rights.fieldErrors.accuracy).waitFor();
      expect(new URL(holder.url()).pathname).toBe("/rights/notices/new");
      await shot(holder, "06-holder-notice-errors-pl");

      // The same in English.
      await holder.getByRole("button", { name: "EN", exact: true }).click();
      await holder.getByRole("heading", { level: 1, name: en.rights.newNotice.title }).waitFor();
      await fillWrong();
      await holder.getByTestId("row-0").getByText(en.rights.fieldErrors.chooseKind).waitFor();
      await holder.getByTestId("accuracy-error").getByText(en.rights.fieldErrors.accuracy).waitFor();
      await shot(holder, "07-holder-notice-errors-en");
      await holder.getByRole("button", { name: "PL", exact: true }).click();
      await holder.getByRole("heading", { level: 1, name: ui.rights.newNotice.title }).waitFor();

      // Now complete: two offers, evidence as a link and as a file, and the statement.
      await holder.locator('[name="items.0.offerId"]').fill(offers[0].id);
      await holder.locator('[name="items.0.rightId"]').selectOption(rightValue!);
      await holder.locator('[name="items.1.rightId"]').selectOption(rightValue!);
      // A trademark misuse (2 points): with the demo seller's earlier counterfeit takedown (3 points, a
      // warning) it stays under the suspension threshold (6), so the reinstated offer goes back on sale.
      await holder.locator('[name="items.0.kind"]').selectOption("TRADEMARK_MISUSE");
      await holder.locator('[name="items.0.explanation"]').fill("Tytuł oferty używa znaku ELEKTROMAX dla produktu innego producenta, co wprowadza kupujących w błąd.");
      await holder.locator('[name="items.0.evidenceUrls"]').fill("https://dowody.example/zakup-kontrolny/1");
      await holder.locator('[name="items.1.offerId"]').fill(offers[1].id);
      await holder.locator('[name="items.1.kind"]').selectOption("COPYRIGHT_PHOTOS");
      await holder.locator('[name="items.1.explanation"]').fill("Zdjęcia w ofercie pochodzą z naszej sesji produktowej, bez licencji.");
      await holder.locator('[name="items.1.evidenceUrls"]').fill("");
      await holder.locator('[name="items.1.evidence"]').setInputFiles({ name: "oryginalne-zdjecie.png", mimeType: "image/png", buffer: PNG });
      await holder.getByLabel(ui.rights.newNotice.accuracyStatement).first().check();
      await shot(holder, "08-holder-notice-filled");
      await holder.getByTestId("file-notice").click();
      await holder.waitForURL((url) => /^\/rights\/notices\/[0-9a-f-]{36}$/.test(url.pathname) && url.searchParams.get("receipt") === "1", { timeout: 30_000 });
      const noticePath = new URL(holder.url()).pathname;
      const receipt = holder.getByTestId("receipt");
      await receipt.waitFor();
      const itemRefs = (await receipt.getByRole("link").allInnerTexts()).map((text) => text.trim());
      const noticeNumber = /N-(\d+)/.exec(await holder.getByRole("heading", { level: 1 }).innerText())?.[1];
      expect(noticeNumber).toBeTruthy();
      expect(itemRefs).toHaveLength(2);
      await shot(holder, "09-holder-receipt");

      // ── 4. The agent takes the first offer down and rejects the second. ──
      await agent.goto("/queue/rights");
      const queue = agent.getByTestId("item-queue");
      await queue.getByRole("link", { name: itemRefs[0], exact: true }).waitFor();
      await shot(agent, "10-agent-item-queue");
      await queue.getByRole("link", { name: itemRefs[0], exact: true }).click();
      await agent.waitForURL((url) => /^\/rights\/items\/[0-9a-f-]{36}$/.test(url.pathname));
      const downPath = new URL(agent.url()).pathname;
      await agent.getByTestId("decision-panel").waitFor();
      await shot(agent, "11-agent-item-before-decision");
      await agent.getByTestId("take-down").locator("summary").click();
      await agent.getByRole("button", { name: ui.rights.decide.takeDownYes }).click();
      await agent.waitForURL((url) => url.searchParams.get("done") === "TAKE_DOWN");
      await agent.locator('[data-testid="item-page"][data-status="TAKEN_DOWN"]').waitFor();
      await agent.locator('[data-testid="statement"][data-decision="TAKE_DOWN"]').waitFor();
      await agent.locator('[data-testid="offer-now-status"][data-status="HIDDEN"]').waitFor();
      await shot(agent, "12-agent-taken-down");

      await agent.goto("/queue/rights");
      await queue.getByRole("link", { name: itemRefs[1], exact: true }).click();
      await agent.waitForURL((url) => /^\/rights\/items\/[0-9a-f-]{36}$/.test(url.pathname));
      // The same item open twice (a colleague's screen): the first decision wins, the other is told so.
      const stale = await agent.context().newPage();
      await stale.goto(new URL(agent.url()).pathname);
      await stale.getByTestId("decision-panel").waitFor();
      await agent.locator("#reject-reason").selectOption("INSUFFICIENT_EVIDENCE");
      await agent.locator("#reject-note").fill("Zdjęcia sprzedającego różnią się od sesji zgłaszającego (inne tło i kadr).");
      await agent.getByTestId("reject").click();
      await agent.waitForURL((url) => url.searchParams.get("done") === "REJECT");
      await agent.locator('[data-testid="item-page"][data-status="REJECTED"]').waitFor();
      await shot(agent, "13-agent-rejected");
      await stale.getByTestId("take-down").locator("summary").click();
      await stale.getByRole("button", { name: ui.rights.decide.takeDownYes }).click();
      await stale.getByTestId("conflict").waitFor();
      await shot(stale, "13b-agent-conflict");
      await stale.goto(new URL(agent.url()).pathname);
      await stale.locator('[data-testid="item-page"][data-status="REJECTED"]').waitFor();
      await stale.close();

      // The taken-down offer has left the listings.
      await holder.goto(`/offers?q=${encodeURIComponent(offers[0].title)}`);
      await holder.getByTestId("offers-table").or(holder.getByText(ui.offers.noMatches)).first().waitFor();
      expect(await holder.locator(`[data-offer-id="${offers[0].id}"]`).count()).toBe(0);

      // ── 5. The holder sees both outcomes, the rejection with its reason and the agent's note. ──
      await holder.goto(noticePath);
      const first = holder.getByTestId(`item-${itemRefs[0].replace("IP-", "")}`);
      const second = holder.getByTestId(`item-${itemRefs[1].replace("IP-", "")}`);
      expect(await first.getByTestId("item-status").getAttribute("data-status")).toBe("TAKEN_DOWN");
      expect(await second.getByTestId("item-status").getAttribute("data-status")).toBe("REJECTED");
      expect(await second.getByTestId("rejection-reason").innerText()).toBe(ui.rights.rejectionReasons.INSUFFICIENT_EVIDENCE);
      await second.getByTestId("agent-note").getByText("inne tło i kadr", { exact: false }).waitFor();
      await shot(holder, "14-holder-notice-outcomes");
      await holder.goto("/rights");
      const counts = holder.getByTestId(`outcomes-${noticeNumber}`);
      await counts.locator('[data-status="TAKEN_DOWN"][data-count="1"]').waitFor();
      await counts.locator('[data-status="REJECTED"][data-count="1"]').waitFor();
      expect(await counts.locator('[data-status="PENDING"]').count()).toBe(0);
      await shot(holder, "15-holder-home");

      // ── 6. The seller (on a phone) reads the statement of reasons and appeals. ──
      const seller = await open("phone");
      await signIn(seller, "sprzedawca@demo.pl", { role: "customer" });
      await seller.goto("/rights/my-offers");
      await seller.locator(`[data-testid="my-item-${itemRefs[0].replace("IP-", "")}"][data-status="TAKEN_DOWN"]`).waitFor();
      expect(await seller.locator(`[data-testid="my-item-${itemRefs[1].replace("IP-", "")}"]`).count()).toBe(0);
      await shot(seller, "16-seller-reported-offers-phone");
      await seller.goto(downPath);
      await seller.locator('[data-testid="statement"][data-decision="TAKE_DOWN"]').waitFor();
      const lastDay = await seller.getByTestId("appeal-deadline").getAttribute("data-last-day");
      expect(lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await shot(seller, "17-seller-statement-phone");
      await seller.locator("#appeal-reason").selectOption("AUTHORISED_BY_OWNER");
      await seller.locator("#appeal-explanation").fill("Jesteśmy autoryzowanym dystrybutorem ELEKTROMAX; w załączeniu umowa dystrybucyjna.");
      await seller.locator("#appeal-files").setInputFiles({ name: "umowa.pdf", mimeType: "application/pdf", buffer: PDF });
      await seller.getByTestId("send-appeal").click();
      await seller.waitForURL((url) => url.searchParams.get("done") === "APPEAL");
      await seller.getByTestId("appeal").waitFor();
      await shot(seller, "18-seller-appealed-phone");

      // ── 7. The agent who decided sees the appeal but may not review it. ──
      await agent.goto("/queue/rights/appeals");
      await agent.getByTestId("appeal-queue").getByRole("link", { name: itemRefs[0], exact: true }).waitFor();
      await shot(agent, "19-agent-appeal-queue");
      await agent.goto(downPath);
      await agent.getByTestId("review-not-you").waitFor();
      expect(await agent.getByTestId("reinstate").count()).toBe(0);
      await shot(agent, "20-agent-may-not-review");
      const forged = await agent.request.post(downPath, { form: { intent: "review", decision: "REINSTATE", note: "x" } });
      expect(forged.status()).toBeGreaterThanOrEqual(400);
      expect(forged.status()).toBeLessThan(500);

      // ── 8. Another agent reinstates the offer. ──
      const senior = await open("desktop");
      await signIn(senior, "starszy.agent@demo.pl", { role: "staff" });
      await senior.goto("/queue/rights/appeals");
      await senior.getByTestId("appeal-queue").getByRole("link", { name: itemRefs[0], exact: true }).click();
      await senior.waitForURL((url) => url.pathname === downPath);
      await senior.getByTestId("review-panel").waitFor();
      await senior.getByTestId("offer-judged").waitFor();
      await senior.getByTestId("appeal-documents").getByRole("link", { name: "umowa.pdf" }).waitFor();
      await shot(senior, "21-senior-review");
      await senior.locator("#review-note").fill("Umowa dystrybucyjna sprawdzona u zgłaszającego.");
      await senior.getByTestId("reinstate").click();
      await senior.waitForURL((url) => url.searchParams.get("done") === "REINSTATE");
      await senior.locator('[data-testid="item-page"][data-status="REINSTATED"]').waitFor();
      await senior.locator('[data-testid="offer-now-status"][data-status="ACTIVE"]').waitFor();
      await senior.locator('[data-testid="statement"][data-decision="REINSTATEMENT"]').waitFor();
      await shot(senior, "22-senior-reinstated");

      // ── 9. The offer is back: in the listings, for the seller, and the holder is told. ──
      await holder.goto(`/offers?q=${encodeURIComponent(offers[0].title)}`);
      await holder.locator(`[data-offer-id="${offers[0].id}"]`).first().waitFor();
      await shot(holder, "23-offer-back-in-listings");
      await holder.goto(noticePath);
      expect(await first.getByTestId("item-status").getAttribute("data-status")).toBe("REINSTATED");
      await shot(holder, "24-holder-notice-reinstated");
      await holder.goto("/inbox");
      await holder.getByText(ui.notifications.rights.itemReinstated.replace("{{number}}", itemRefs[0].replace("IP-", ""))).waitFor();
      await shot(holder, "25-holder-inbox");
      await seller.goto("/rights/my-offers");
      await seller.locator(`[data-testid="my-item-${itemRefs[0].replace("IP-", "")}"][data-status="REINSTATED"]`).waitFor();
      await shot(seller, "26-seller-reinstated-phone");
      await seller.goto(downPath);
      await seller.locator('[data-testid="item-page"][data-status="REINSTATED"]').waitFor();
      await shot(seller, "27-seller-item-reinstated-phone");
    },
  );
});
