import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createTestClock, MINUTE } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import type { DomainContext } from "~/domain/context";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import { createClause } from "~/domain/consents/clauses.server";
import { answerQuestion, askAboutProduct, getQuestion, listQuestions, sendContactMessage } from "~/domain/storefront/questions.server";
import { cancelProductAlert, listProductAlerts, myProductAlerts, signUpForAlert } from "~/domain/storefront/alerts.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { contextFor, createTestServices, sessionCookieFor } from "../support/services";
import { navigationFor } from "~/lib/navigation";
import * as contactRoute from "~/routes/contact";
import * as askRoute from "~/routes/shop.offers.$offerId_.ask";
import * as alertRoute from "~/routes/shop.offers.$offerId_.alert";
import * as questionsRoute from "~/routes/questions._index";
import * as questionRoute from "~/routes/questions.$questionId";
import * as alertsRoute from "~/routes/product-alerts._index";
import * as alertPageRoute from "~/routes/product-alerts.$alertId";

// The contact form, "ask about product" and the product alerts: the consents of their positions are
// checked and recorded on the question or alert in the same transaction (exact version, type, address,
// browser; bound to the signed-in person or to nobody), the forms refuse floods and scripts, and
// questions are read and answered by the right people only.

let db: TestDatabase;
let services: AppServices;
const clock = createTestClock("2026-12-02T10:00:00.000Z");
const people: Record<string, string> = {};
const clauses: Record<string, { id: string; versionId: string }> = {};
let ipCounter = 0;
const UA = "Mozilla/5.0 (TestBrowser 1.0)";

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  for (const [who, role] of [
    ["officer", "PRIVACY_OFFICER"],
    ["buyer", "BUYER"],
    ["buyer2", "BUYER"],
    ["seller", "SELLER"],
    ["seller2", "SELLER"],
    ["agent", "AGENT"],
    ["senior", "SENIOR_AGENT"],
    ["admin", "ADMIN"],
    ["holder", "RIGHTS_HOLDER"],
  ] as const) {
    people[who] = (await createUser(db.prisma, { roles: [role], name: `Osoba ${who}` })).id;
  }
  const officer = await as("officer");
  const add = async (key: string, position: string, type: string, content: string) => {
    const clause = await createClause(officer, { description: key, position, type, active: true, priority: 10, content });
    const version = await db.prisma.clauseVersion.findFirstOrThrow({ where: { clauseId: clause.id, version: 1 } });
    clauses[key] = { id: clause.id, versionId: version.id };
  };
  await add("contact", "CONTACT_FORM", "MANDATORY_CONSENT", "<p>Zgadzam się na przetwarzanie danych w celu odpowiedzi.</p>");
  await add("contactInfo", "CONTACT_FORM", "INFORMATION_CLAUSE", "<p>Administratorem danych jest sklep.</p>");
  await add("ask", "ASK_ABOUT_PRODUCT", "MANDATORY_CONSENT", "<p>Zgoda na odpowiedź na pytanie o produkt.</p>");
  await add("price", "PRICE_ALERT", "MANDATORY_CONSENT", "<p>Zgoda na powiadomienie o zmianie ceny.</p>");
  await add("availability", "AVAILABILITY_ALERT", "OPTIONAL_CONSENT", "<p>Zgoda na powiadomienie o dostępności.</p>");
});
afterAll(async () => db?.close());

/** A request's context: a fresh client address unless one is given. */
async function as(who: string | null, ip?: string): Promise<DomainContext> {
  const actor: Actor = who ? await actorFor(db.prisma, people[who]) : anonymousActor;
  return { ...contextFor(services, actor), origin: { ipAddress: ip ?? `198.51.100.${++ipCounter}`, userAgent: UA, pageUrl: "/contact" } };
}

const contactAnswers = (accept: boolean) => ({
  shown: [clauses.contact.versionId, clauses.contactInfo.versionId],
  accepted: accept ? [clauses.contact.versionId] : [],
});
const contact = (accept = true, extra: Record<string, unknown> = {}) => ({
  name: "Zofia Gęślą",
  email: "Zofia@Example.pl",
  subject: "Zwrot towaru",
  message: "Jak mogę zwrócić towar kupiony w zeszłym tygodniu?",
  consents: contactAnswers(accept),
  ...extra,
});

async function offer(sellerWho: string, status: "ACTIVE" | "ENDED" | "HIDDEN" | "SUSPENDED" = "ACTIVE", priceAmount = 12_999) {
  return db.prisma.offer.create({ data: { title: `Czajnik ${status}`, priceAmount, sellerId: people[sellerWho], status } });
}

const counts = async () => ({
  questions: await db.prisma.customerQuestion.count(),
  alerts: await db.prisma.productAlert.count(),
  records: await db.prisma.consentRecord.count(),
});

async function ask(who: string | null, offerId: string, message = "Czy czajnik ma filtr kamienia?") {
  return askAboutProduct(await as(who), offerId, {
    name: "Jan Kowalski",
    email: "jan@example.pl",
    message,
    consents: { shown: [clauses.ask.versionId], accepted: [clauses.ask.versionId] },
  });
}

describe("the contact form", () => {
  test("without the mandatory CONTACT_FORM clause: CONSENT_REQUIRED, nothing written", async () => {
    const before = await counts();
    await expect(sendContactMessage(await as(null), contact(false))).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
    expect(await counts()).toEqual(before);
  });

  test("field errors and a missing consent are refused together, nothing written", async () => {
    const before = await counts();
    const error = await sendContactMessage(await as(null), contact(false, { email: "nie-adres", message: "krótko" })).catch((e) => e);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["email", "message", `consent.${clauses.contact.versionId}`].sort());
    expect(await counts()).toEqual(before);
  });

  test("a guest's ticket keeps the exact versions, types, address and browser, bound to nobody", async () => {
    const ctx = await as(null, "203.0.113.50");
    const sent = await sendContactMessage(ctx, contact());
    expect(sent.reference).toMatch(/^Q-[0-9A-F]{8}$/);
    const question = await db.prisma.customerQuestion.findUniqueOrThrow({ where: { id: sent.id } });
    expect(question).toMatchObject({ kind: "CONTACT", status: "OPEN", userId: null, email: "zofia@example.pl", subject: "Zwrot towaru" });
    const records = await db.prisma.consentRecord.findMany({ where: { subjectType: "QUESTION", subjectId: sent.id }, orderBy: { clauseType: "asc" } });
    expect(records.map((r) => [r.clauseVersionId, r.clauseType, r.choice, r.form, r.ipAddress, r.userAgent, r.userId, r.email]).sort()).toEqual(
      [
        [clauses.contact.versionId, "MANDATORY_CONSENT", "ACCEPTED", "CONTACT", "203.0.113.50", UA, null, "zofia@example.pl"],
        [clauses.contactInfo.versionId, "INFORMATION_CLAUSE", "DISPLAYED", "CONTACT", "203.0.113.50", UA, null, "zofia@example.pl"],
      ].sort(),
    );
    expect(records.every((r) => r.at.getTime() === clock.now().getTime())).toBe(true);
  });

  test("a signed-in person's ticket and its records carry their id", async () => {
    const sent = await sendContactMessage(await as("buyer"), contact());
    expect((await db.prisma.customerQuestion.findUniqueOrThrow({ where: { id: sent.id } })).userId).toBe(people.buyer);
    const records = await db.prisma.consentRecord.findMany({ where: { subjectType: "QUESTION", subjectId: sent.id } });
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.userId === people.buyer)).toBe(true);
  });

  test("the honeypot refuses the form and nothing is written", async () => {
    const before = await counts();
    await expect(sendContactMessage(await as(null), contact(true, { trap: "http://spam.example" }))).rejects.toMatchObject({ code: "FORM_REJECTED" });
    expect(await counts()).toEqual(before);
  });

  test("20 submissions per address in the window; the 21st is refused, another address passes", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < 20; i++) await sendContactMessage(await as(null, ip), contact());
    const before = await counts();
    await expect(sendContactMessage(await as(null, ip), contact())).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    expect(await counts()).toEqual(before);
    await expect(sendContactMessage(await as(null, "192.0.2.100"), contact())).resolves.toMatchObject({ reference: expect.any(String) });
    // The next window starts afresh for the flooded address too.
    const later = { ...(await as(null, ip)), clock: createTestClock(new Date(clock.now().getTime() + 10 * MINUTE)) };
    await expect(sendContactMessage(later, contact())).resolves.toMatchObject({ reference: expect.any(String) });
  });
});

describe("ask about product", () => {
  test("a question about a visible offer is kept with the offer and its consents", async () => {
    const o = await offer("seller");
    const sent = await ask(null, o.id);
    const question = await db.prisma.customerQuestion.findUniqueOrThrow({ where: { id: sent.id } });
    expect(question).toMatchObject({ kind: "PRODUCT", offerId: o.id, subject: o.title });
    expect(await db.prisma.consentRecord.count({ where: { subjectType: "QUESTION", subjectId: sent.id, clauseVersionId: clauses.ask.versionId } })).toBe(1);
    // The seller hears of it in their inbox.
    expect(await db.prisma.outboxMessage.count({ where: { recipientId: people.seller, kind: "question.received" } })).toBeGreaterThan(0);
  });

  test("HIDDEN and SUSPENDED offers are not in the shop: OFFER_NOT_FOUND, nothing written", async () => {
    for (const status of ["HIDDEN", "SUSPENDED"] as const) {
      const o = await offer("seller", status);
      const before = await counts();
      await expect(ask(null, o.id)).rejects.toMatchObject({ code: "OFFER_NOT_FOUND" });
      await expect(ask("buyer", o.id)).rejects.toMatchObject({ code: "OFFER_NOT_FOUND" });
      expect(await counts()).toEqual(before);
    }
    await expect(ask(null, "not-a-uuid")).rejects.toMatchObject({ code: "OFFER_NOT_FOUND" });
  });
});

describe("answering and reading questions", () => {
  test("the offer's seller answers; another seller is FORBIDDEN; an agent answers any", async () => {
    const o = await offer("seller");
    const first = await ask("buyer", o.id);
    await expect(answerQuestion(await as("seller2"), first.id, { answer: "Tak, ma filtr." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const answered = await answerQuestion(await as("seller"), first.id, { answer: "Tak, ma filtr." });
    expect(answered).toMatchObject({ status: "ANSWERED", answeredById: people.seller, answer: "Tak, ma filtr." });
    expect(answered.answeredAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await db.prisma.auditLog.count({ where: { action: "question.answer", subjectId: first.id } })).toBe(1);
    // The asker is told, and sees the answer as the seller's.
    expect(await db.prisma.outboxMessage.count({ where: { recipientId: people.buyer, kind: "question.answered" } })).toBe(1);
    const seen = await getQuestion(await as("buyer"), first.id);
    expect(seen.answer).toMatchObject({ text: "Tak, ma filtr.", bySeller: true, byName: null });
    // The first answer stands.
    await expect(answerQuestion(await as("agent"), first.id, { answer: "Inna odpowiedź" })).rejects.toMatchObject({ code: "QUESTION_ALREADY_ANSWERED" });

    const second = await ask(null, o.id);
    const ticket = await sendContactMessage(await as(null), contact());
    await expect(answerQuestion(await as("agent"), second.id, { answer: "Odpowiada obsługa." })).resolves.toMatchObject({ status: "ANSWERED" });
    await expect(answerQuestion(await as("agent"), ticket.id, { answer: "Prosimy o numer zamówienia." })).resolves.toMatchObject({ status: "ANSWERED" });
    // A seller cannot answer a contact ticket, nor a buyer anything.
    const ticket2 = await sendContactMessage(await as(null), contact());
    await expect(answerQuestion(await as("seller"), ticket2.id, { answer: "Nie moje" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const third = await ask("buyer", o.id);
    await expect(answerQuestion(await as("buyer"), third.id, { answer: "Sam sobie" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a buyer reads their own questions, never another buyer's", async () => {
    const mine = await sendContactMessage(await as("buyer"), contact());
    const theirs = await sendContactMessage(await as("buyer2"), contact());
    await expect(getQuestion(await as("buyer"), mine.id)).resolves.toMatchObject({ asked: true, question: { id: mine.id } });
    await expect(getQuestion(await as("buyer"), theirs.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const listed = await listQuestions(await as("buyer"), {});
    expect(listed.staff).toBe(false);
    expect(listed.questions.every((q) => q.mine)).toBe(true);
    expect(listed.questions.map((q) => q.id)).toContain(mine.id);
    expect(listed.questions.map((q) => q.id)).not.toContain(theirs.id);
  });

  test("a seller lists the product questions about their own offers only, without the askers' e-mails", async () => {
    const mineOffer = await offer("seller");
    const otherOffer = await offer("seller2");
    const aboutMine = await ask(null, mineOffer.id);
    const aboutOther = await ask(null, otherOffer.id);
    const listed = await listQuestions(await as("seller"), { kind: "PRODUCT" });
    const ids = listed.questions.map((q) => q.id);
    expect(ids).toContain(aboutMine.id);
    expect(ids).not.toContain(aboutOther.id);
    expect(listed.questions.every((q) => q.aboutMyOffer && q.email === null)).toBe(true);
    expect((await listQuestions(await as("seller"), { kind: "CONTACT" })).questions).toEqual([]);
    await expect(getQuestion(await as("seller2"), aboutMine.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("staff list every question, newest first, filtered by kind and status, with a capped count", async () => {
    const listed = await listQuestions(await as("agent"), { kind: "CONTACT", status: "OPEN" }, { take: 5 });
    expect(listed.staff).toBe(true);
    expect(listed.questions.length).toBe(5);
    expect(listed.questions.every((q) => q.kind === "CONTACT" && q.status === "OPEN")).toBe(true);
    expect(listed.total.count).toBe(await db.prisma.customerQuestion.count({ where: { kind: "CONTACT", status: "OPEN" } }));
    const times = listed.questions.map((q) => q.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

describe("product alerts", () => {
  const priceAlert = (email = "ala@example.pl", accept = true) => ({
    kind: "PRICE_CHANGE",
    email,
    consents: { shown: [clauses.price.versionId], accepted: accept ? [clauses.price.versionId] : [] },
  });
  const availabilityAlert = (email = "ala@example.pl") => ({ kind: "AVAILABILITY", email, consents: { shown: [clauses.availability.versionId], accepted: [] } });

  test("a price alert stores the offer's price and the consents on the alert", async () => {
    const o = await offer("seller", "ACTIVE", 45_900);
    const result = await signUpForAlert(await as(null, "203.0.113.77"), o.id, priceAlert("Ala@Example.pl"));
    expect(result).toMatchObject({ created: true });
    const alert = await db.prisma.productAlert.findFirstOrThrow({ where: { offerId: o.id } });
    expect(alert).toMatchObject({ kind: "PRICE_CHANGE", email: "ala@example.pl", priceAmount: 45_900, currency: "PLN", userId: null });
    const records = await db.prisma.consentRecord.findMany({ where: { subjectType: "PRODUCT_ALERT", subjectId: alert.id } });
    expect(records.map((r) => [r.clauseVersionId, r.choice, r.ipAddress, r.form])).toEqual([[clauses.price.versionId, "ACCEPTED", "203.0.113.77", "PRICE_ALERT"]]);
  });

  test("a price alert on an ENDED offer and an availability alert on an ACTIVE one are refused", async () => {
    const ended = await offer("seller", "ENDED");
    const active = await offer("seller", "ACTIVE");
    const before = await counts();
    await expect(signUpForAlert(await as(null), ended.id, priceAlert())).rejects.toMatchObject({ code: "ALERT_PRICE_OFFER_NOT_ACTIVE" });
    await expect(signUpForAlert(await as(null), active.id, availabilityAlert())).rejects.toMatchObject({ code: "ALERT_AVAILABILITY_OFFER_NOT_ENDED" });
    expect(await counts()).toEqual(before);
    await expect(signUpForAlert(await as(null), ended.id, availabilityAlert())).resolves.toMatchObject({ created: true });
    const hidden = await offer("seller", "HIDDEN");
    await expect(signUpForAlert(await as(null), hidden.id, priceAlert())).rejects.toMatchObject({ code: "OFFER_NOT_FOUND" });
  });

  test("a second sign-up for the same address, offer and kind writes nothing", async () => {
    const o = await offer("seller");
    await signUpForAlert(await as(null), o.id, priceAlert("bob@example.pl"));
    const before = await counts();
    const again = await signUpForAlert(await as("buyer"), o.id, priceAlert("BOB@example.pl"));
    expect(again).toMatchObject({ created: false });
    expect(await counts()).toEqual(before);
    // The mandatory consent is still required on a repeated sign-up.
    await expect(signUpForAlert(await as(null), o.id, priceAlert("bob@example.pl", false))).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
  });

  test("a signed-in person cancels their own alert; someone else's does not exist for them", async () => {
    const o = await offer("seller");
    await signUpForAlert(await as("buyer"), o.id, priceAlert("kupujacy@example.pl"));
    const alert = (await myProductAlerts(await as("buyer"))).find((a) => a.offerId === o.id)!;
    expect(alert.userId).toBe(people.buyer);
    await expect(cancelProductAlert(await as("buyer2"), alert.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelProductAlert(await as("buyer"), alert.id)).resolves.toMatchObject({ id: alert.id });
    await expect(cancelProductAlert(await as("buyer"), alert.id)).rejects.toMatchObject({ code: "ALERT_NOT_ACTIVE" });
    // Once cancelled, the address may sign up again.
    await expect(signUpForAlert(await as("buyer"), o.id, priceAlert("kupujacy@example.pl"))).resolves.toMatchObject({ created: true });
  });

  test("staff with read:productAlert list alerts; others are FORBIDDEN", async () => {
    const listed = await listProductAlerts(await as("officer"), { kind: "PRICE_CHANGE" });
    expect(listed.alerts.length).toBeGreaterThan(0);
    expect(listed.alerts.every((a) => a.kind === "PRICE_CHANGE" && a.offer)).toBe(true);
    await expect(listProductAlerts(await as("seller"), {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the pages, for every role", () => {
  const ROLES = ["buyer", "buyer2", "seller", "seller2", "holder", "officer", "agent", "senior", "admin"] as const;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    for (const who of ROLES) cookies[who] = await sessionCookieFor(services, people[who]);
  });

  /** A route's loader or action called in-process as Remix calls it: its status and JSON (thrown responses too). */
  async function call(fn: (args: never) => unknown, who: string | null, url: string, params: Record<string, string> = {}, body?: Record<string, string | string[]>) {
    const headers: Record<string, string> = { "user-agent": UA };
    if (who) headers.cookie = cookies[who];
    let init: RequestInit = { headers };
    if (body) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) for (const v of [value].flat()) form.append(key, v);
      init = { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" }, body: form };
    }
    const args = { request: new Request(`http://localhost${url}`, init), context: { services, clientAddress: "203.0.113.200" }, params } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
    let response: Response;
    try {
      response = (await fn(args as never)) as Response;
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      response = thrown;
    }
    const json = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    return { status: response.status, json, location: response.headers.get("location") };
  }

  const statuses = async (fn: (args: never) => unknown, url: string, params: Record<string, string> = {}) =>
    Object.fromEntries(await Promise.all(ROLES.map(async (who) => [who, (await call(fn, who, url, params)).status] as const)));

  test("/questions: everyone signed in; customer service sees all, the others their own", async () => {
    expect((await call(questionsRoute.loader, null, "/questions")).status).toBe(302);
    // Sent after the file's other tickets (they share one moment), so it is on the first page for staff.
    const ticket = await sendContactMessage({ ...(await as("buyer")), clock: createTestClock(new Date(clock.now().getTime() + 60 * MINUTE)) }, contact());
    for (const who of ROLES) {
      const page = await call(questionsRoute.loader, who, "/questions?kind=CONTACT");
      expect(page.status, who).toBe(200);
      const staff = ["agent", "senior", "admin"].includes(who);
      expect(page.json.staff, who).toBe(staff);
      const ids = page.json.questions.map((q: { id: string }) => q.id);
      expect(ids.includes(ticket.id), who).toBe(staff || who === "buyer");
    }
  });

  test("a question's page: its asker, the offer's seller and customer service; the consent panel only with read:consent", async () => {
    // Sent after the file's other tickets (they share one moment), so it is on the first page for staff.
    const ticket = await sendContactMessage({ ...(await as("buyer")), clock: createTestClock(new Date(clock.now().getTime() + 60 * MINUTE)) }, contact());
    const o = await offer("seller");
    const product = await ask(null, o.id);
    expect(await statuses(questionRoute.loader, `/questions/${ticket.id}`, { questionId: ticket.id })).toEqual({
      buyer: 200, buyer2: 403, seller: 403, seller2: 403, holder: 403, officer: 403, agent: 200, senior: 200, admin: 200,
    });
    expect(await statuses(questionRoute.loader, `/questions/${product.id}`, { questionId: product.id })).toEqual({
      buyer: 403, buyer2: 403, seller: 200, seller2: 403, holder: 403, officer: 403, agent: 200, senior: 200, admin: 200,
    });
    const agentView = await call(questionRoute.loader, "agent", `/questions/${product.id}`, { questionId: product.id });
    expect(agentView.json.consents.map((c: { choice: string; ipAddress: string }) => c.choice)).toEqual(["ACCEPTED"]);
    expect(agentView.json.question.email).toBe("jan@example.pl");
    expect(agentView.json.canAnswer).toBe(true);
    const sellerView = await call(questionRoute.loader, "seller", `/questions/${product.id}`, { questionId: product.id });
    expect(sellerView.json.consents).toBeNull();
    expect(sellerView.json.question.email).toBeNull();
    expect(sellerView.json.canAnswer).toBe(true);
    const buyerView = await call(questionRoute.loader, "buyer", `/questions/${ticket.id}`, { questionId: ticket.id });
    expect(buyerView.json.canAnswer).toBe(false);
    expect(buyerView.json.consents).toBeNull();
    expect((await call(questionRoute.loader, "agent", "/questions/nope", { questionId: "nope" })).status).toBe(404);

    // Answering through the page: another seller and a buyer are refused; the offer's seller answers.
    expect((await call(questionRoute.action, "seller2", `/questions/${product.id}`, { questionId: product.id }, { answer: "Nie moja oferta" })).status).toBe(403);
    expect((await call(questionRoute.action, "buyer", `/questions/${product.id}`, { questionId: product.id }, { answer: "Kupujący" })).status).toBe(403);
    const answered = await call(questionRoute.action, "seller", `/questions/${product.id}`, { questionId: product.id }, { answer: "Tak, ma filtr." });
    expect(answered.status).toBe(302);
    expect((await db.prisma.customerQuestion.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("ANSWERED");
  });

  test("/product-alerts and an alert's page: read:productAlert only, with the consents given", async () => {
    const o = await offer("seller");
    await signUpForAlert(await as(null), o.id, { kind: "PRICE_CHANGE", email: "strona@example.pl", consents: { shown: [clauses.price.versionId], accepted: [clauses.price.versionId] } });
    const alert = await db.prisma.productAlert.findFirstOrThrow({ where: { offerId: o.id } });
    const allowed = { buyer: 403, buyer2: 403, seller: 403, seller2: 403, holder: 403, officer: 200, agent: 200, senior: 200, admin: 200 };
    expect(await statuses(alertsRoute.loader, "/product-alerts")).toEqual(allowed);
    expect(await statuses(alertPageRoute.loader, `/product-alerts/${alert.id}`, { alertId: alert.id })).toEqual(allowed);
    const page = await call(alertPageRoute.loader, "officer", `/product-alerts/${alert.id}`, { alertId: alert.id });
    expect(page.json.consents.map((c: { clauseVersion: { version: number }; choice: string }) => [c.clauseVersion.version, c.choice])).toEqual([[1, "ACCEPTED"]]);
  });

  test("navigation: Questions for everyone who reads questions, Product alerts for read:productAlert", async () => {
    for (const who of ROLES) {
      const to = navigationFor(await actorFor(db.prisma, people[who])).map((item) => item.to);
      expect(to.includes("/questions"), who).toBe(true);
      expect(to.includes("/product-alerts"), who).toBe(["officer", "agent", "senior", "admin"].includes(who));
    }
  });

  test("the public forms through their routes: a guest sends the contact form; hidden offers answer 404", async () => {
    expect((await call(contactRoute.loader, null, "/contact")).status).toBe(200);
    const prefilled = await call(contactRoute.loader, "buyer", "/contact");
    expect(prefilled.json.person.name).toBe("Osoba buyer");
    const sent = await call(contactRoute.action, null, "/contact", {}, {
      name: "Gość Sklepu",
      email: "gosc@example.pl",
      subject: "Pytanie ogólne",
      message: "Czy wysyłacie za granicę?",
      consentShown: [clauses.contact.versionId, clauses.contactInfo.versionId],
      consentAccepted: clauses.contact.versionId,
    });
    expect(sent.status).toBe(302);
    const reference = new URL(sent.location!, "http://localhost").searchParams.get("sent")!;
    const question = await db.prisma.customerQuestion.findFirstOrThrow({ where: { email: "gosc@example.pl" } });
    expect(reference).toBe(`Q-${question.id.slice(0, 8).toUpperCase()}`);
    const records = await db.prisma.consentRecord.findMany({ where: { subjectType: "QUESTION", subjectId: question.id } });
    expect(records.map((r) => [r.ipAddress, r.userAgent, r.pageUrl])).toEqual([
      ["203.0.113.200", UA, "/contact"],
      ["203.0.113.200", UA, "/contact"],
    ]);
    const refused = await call(contactRoute.action, null, "/contact", {}, { name: "G", email: "x", subject: "", message: "", consentShown: [clauses.contact.versionId, clauses.contactInfo.versionId] });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe("VALIDATION_FAILED");

    const hidden = await offer("seller", "HIDDEN");
    expect((await call(askRoute.loader, null, `/shop/offers/${hidden.id}/ask`, { offerId: hidden.id })).status).toBe(404);
    expect((await call(alertRoute.loader, null, `/shop/offers/${hidden.id}/alert`, { offerId: hidden.id })).status).toBe(404);
    const ended = await offer("seller", "ENDED");
    const priceOnEnded = await call(alertRoute.loader, null, `/shop/offers/${ended.id}/alert?kind=PRICE_CHANGE`, { offerId: ended.id });
    expect(priceOnEnded.json.refusal).toBe("ALERT_PRICE_OFFER_NOT_ACTIVE");
  });
});
