import type { Browser, Page } from "playwright-core";
import { openDatabase, type Database } from "~/infra/db.server";
import { systemClock } from "~/infra/clock";
import { migrate } from "~/infra/migrate.server";
import { seedDemoData } from "../../prisma/seed/demo";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import type { PermissionKey, RoleName } from "~/domain/identity/permissions";
import type { DomainContext } from "~/domain/context";
import { createClause } from "~/domain/consents/clauses.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { askAboutProduct } from "~/domain/storefront/questions.server";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { launchBrowser, newPage, pageProblems, screenshot, signIn, startApp, ui, type RunningApp } from "./support/server";

// A walk through the shop's question and alert forms and the staff pages, on a real server over
// PostgreSQL (so this test can write the clauses while the app runs): a guest is refused without the
// contact form's mandatory consent and then sends it; asks about a product; signs up for a price alert;
// an agent finds the question, answers it and sees the consents given with it. Screenshots at both sizes.

let cluster: PostgresCluster;
let app: RunningApp;
let db: Database;
let browser: Browser;
let offerId: string;
let endedOfferId: string;

async function actorOf(email: string): Promise<Actor> {
  const user = await db.prisma.user.findUniqueOrThrow({
    where: { email },
    include: { roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } } },
  });
  const permissions = new Set<PermissionKey>();
  for (const ur of user.roles) for (const rp of ur.role.permissions) permissions.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}` as PermissionKey);
  return { type: "user", userId: user.id, sessionId: "e2e", roles: user.roles.map((r) => r.role.name as RoleName), permissions };
}

const ctx = (actor: Actor): DomainContext => ({
  db: db.prisma,
  clock: systemClock,
  actor,
  requestId: "e2e-setup",
  origin: { ipAddress: "198.51.100.20", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130", pageUrl: "/shop" },
});

beforeAll(async () => {
  cluster = await startPostgresCluster();
  db = await openDatabase({ url: cluster.url, poolSize: 2, transactionOptions: { maxWait: 30_000, timeout: 120_000 } });
  await db.session((sql) => migrate(sql));
  await seedDemoData(db, systemClock);
  app = await startApp({ env: { DATABASE_URL: cluster.url, RUN_WORKERS: "false" } });
  const officer = ctx(await actorOf("iod@demo.pl"));
  const clause = (position: string, type: string, priority: number, content: string) =>
    createClause(officer, { description: `${position} ${type}`, position, type, active: true, priority, content });
  await clause("CONTACT_FORM", "MANDATORY_CONSENT", 20, "<p>Wyrażam zgodę na przetwarzanie moich danych w celu udzielenia odpowiedzi na wiadomość.</p>");
  await clause("CONTACT_FORM", "INFORMATION_CLAUSE", 10, '<p>Administratorem danych jest sklep. Szczegóły w <a href="/pages/privacy-policy">polityce prywatności</a>.</p>');
  await clause("ASK_ABOUT_PRODUCT", "MANDATORY_CONSENT", 10, "<p>Wyrażam zgodę na przekazanie pytania sprzedawcy i przetwarzanie danych w celu odpowiedzi.</p>");
  await clause("PRICE_ALERT", "MANDATORY_CONSENT", 10, "<p>Wyrażam zgodę na jednorazowe powiadomienie e-mail o zmianie ceny.</p>");
  await clause("PRICE_ALERT", "OPTIONAL_CONSENT", 5, "<p>Chcę też otrzymywać informacje o promocjach tego sprzedawcy.</p>");
  const seller = await db.prisma.user.findUniqueOrThrow({ where: { email: "sprzedawca@demo.pl" } });
  offerId = (await db.prisma.offer.create({ data: { title: "Czajnik elektryczny Zelmer 1,7 l, stal szlachetna", priceAmount: 18_999, sellerId: seller.id, status: "ACTIVE" } })).id;
  endedOfferId = (await db.prisma.offer.create({ data: { title: "Ekspres przelewowy Clatronic", priceAmount: 12_900, sellerId: seller.id, status: "ENDED" } })).id;
  // A product question already waiting, so the staff list has both kinds.
  // Answered as the form would be: every clause it shows (the demo seed's and these), each consent ticked.
  const asked = await clausesForForm(db.prisma, "ASK_ABOUT_PRODUCT");
  await askAboutProduct(ctx(anonymousActor), offerId, {
    name: "Marianna Wróbel",
    email: "marianna@example.pl",
    message: "Czy czajnik ma filtr kamienia i czy można go myć w zmywarce?",
    consents: { shown: asked.map((c) => c.versionId), accepted: asked.filter((c) => c.type !== "INFORMATION_CLAUSE").map((c) => c.versionId) },
  });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await db?.close();
  await app?.stop();
  cluster?.stop();
});

/** Ticks every consent the form shows (the demo seed's clauses and this walk's). */
async function tickAll(page: Page) {
  for (const box of await page.locator("input[name=consentAccepted]").all()) await box.check();
}

async function noProblems(page: Page) {
  const problems = pageProblems(page);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.assetErrors).toEqual([]);
}

test("a guest: the contact form refused without its consent, then sent; ask about product; a price alert", async () => {
  for (const device of ["desktop", "phone"] as const) {
    const page = await newPage(browser, app, device);
    await page.goto("/contact");
    await page.getByLabel(ui.questions.common.name, { exact: true }).fill("Zofia Gęślą");
    await page.getByLabel(ui.questions.common.email, { exact: true }).fill("zofia@example.pl");
    await page.getByLabel(ui.questions.contact.subject, { exact: true }).fill("Zwrot towaru");
    await page.getByLabel(ui.questions.common.message, { exact: true }).fill("Jak mogę zwrócić towar kupiony w zeszłym tygodniu?");
    // The browser would stop an unticked required box: send the form as a script-free client would.
    await page.locator("input[name=consentAccepted]").evaluate((box) => box.removeAttribute("required"));
    await page.getByRole("button", { name: ui.questions.contact.send }).click();
    await page.getByTestId("form-error").waitFor();
    expect(await page.getByTestId("form-error").getAttribute("data-code")).toBe("CONSENT_REQUIRED");
    await screenshot(page, `questions-contact-error-${device}`);
    await page.locator("input[name=consentAccepted]").check();
    await page.getByRole("button", { name: ui.questions.contact.send }).click();
    await page.getByTestId("contact-sent").waitFor();
    await screenshot(page, `questions-contact-sent-${device}`);

    await page.goto(`/shop/offers/${offerId}/ask`);
    await page.getByTestId("ask-form").waitFor();
    await screenshot(page, `questions-ask-${device}`);

    await page.goto(`/shop/offers/${offerId}/alert?kind=PRICE_CHANGE`);
    await page.getByTestId("alert-form").waitFor();
    await screenshot(page, `questions-alert-${device}`);
    await page.getByLabel(ui.questions.common.email, { exact: true }).fill("zofia@example.pl");
    await tickAll(page);
    await page.getByRole("button", { name: ui.questions.alert.send }).click();
    await page.getByTestId("alert-sent").waitFor();
    await screenshot(page, `questions-alert-sent-${device}`);

    await page.goto(`/shop/offers/${endedOfferId}/alert?kind=PRICE_CHANGE`);
    await page.getByTestId("switch-kind").waitFor();
    await screenshot(page, `questions-alert-ended-${device}`);
    await noProblems(page);
    await page.context().close();
  }
  expect(await db.prisma.productAlert.count({ where: { offerId, email: "zofia@example.pl" } })).toBe(1);
}, 300_000);

test("an agent finds the question, answers it and sees the consents given with it", async () => {
  const page = await newPage(browser, app, "desktop");
  await signIn(page, "agent@demo.pl", { role: "staff" });
  await page.goto("/questions");
  await page.getByTestId("questions-table").waitFor();
  await screenshot(page, "questions-list-desktop");
  await page.getByRole("link", { name: /Czajnik elektryczny/ }).first().click();
  await page.getByTestId("consents-panel").waitFor();
  await screenshot(page, "questions-detail-desktop");
  await page.getByLabel(ui.questions.detail.answerLabel).fill("Tak, czajnik ma wyjmowany filtr; nie należy go myć w zmywarce.");
  await page.getByRole("button", { name: ui.questions.detail.answerSubmit }).click();
  await page.getByTestId("answer-text").waitFor();
  await screenshot(page, "questions-detail-answered-desktop");
  await page.goto("/product-alerts");
  await page.getByTestId("product-alerts-page").waitFor();
  await screenshot(page, "questions-product-alerts-desktop");
  await page.getByTestId("alert-link").first().click();
  await page.getByTestId("consents-panel").waitFor();
  await screenshot(page, "questions-product-alert-desktop");
  await noProblems(page);

  const phone = await newPage(browser, app, "phone");
  await signIn(phone, "agent@demo.pl", { role: "staff" });
  await phone.goto("/questions");
  await phone.getByTestId("questions-table").waitFor();
  await screenshot(phone, "questions-list-phone");
  await phone.getByRole("link", { name: /Czajnik elektryczny/ }).first().click();
  await phone.getByTestId("consents-panel").waitFor();
  await screenshot(phone, "questions-detail-phone");
  await noProblems(phone);
}, 300_000);

test("a signed-in customer: the forms come prefilled; their questions and alerts, and cancelling an alert", async () => {
  const page = await newPage(browser, app, "phone");
  await signIn(page, "kupujacy@demo.pl", { role: "customer" });
  await page.goto("/contact");
  expect(await page.getByLabel(ui.questions.common.email, { exact: true }).inputValue()).toBe("kupujacy@demo.pl");
  await page.getByLabel(ui.questions.contact.subject, { exact: true }).fill("Faktura");
  await page.getByLabel(ui.questions.common.message, { exact: true }).fill("Proszę o fakturę na firmę do ostatniego zamówienia.");
  await page.locator("input[name=consentAccepted]").check();
  await page.getByRole("button", { name: ui.questions.contact.send }).click();
  await page.getByTestId("contact-sent").waitFor();
  await page.goto(`/shop/offers/${offerId}/alert?kind=PRICE_CHANGE`);
  await tickAll(page);
  await page.getByRole("button", { name: ui.questions.alert.send }).click();
  await page.getByTestId("alert-sent").waitFor();
  await page.goto("/questions");
  await page.getByTestId("my-alerts").waitFor();
  await screenshot(page, "questions-customer-phone");
  await page.getByTestId("cancel-alert").first().click();
  await page.waitForURL(/cancelled=1/);
  await screenshot(page, "questions-customer-cancelled-phone");
  await noProblems(page);
  const alert = await db.prisma.productAlert.findFirstOrThrow({ where: { offerId, email: "kupujacy@demo.pl" } });
  expect(alert.cancelledAt).not.toBeNull();
}, 300_000);
