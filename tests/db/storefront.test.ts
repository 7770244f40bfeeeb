import { createTestClock, MINUTE } from "~/infra/clock";
import type { DomainContext } from "~/domain/context";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import { createClause, updateClause } from "~/domain/consents/clauses.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import type { ConsentForm } from "~/domain/consents/positions";
import { placeOrder } from "~/domain/storefront/checkout.server";
import { registerCustomer } from "~/domain/storefront/registration.server";
import { subscribeToNewsletter } from "~/domain/storefront/newsletter.server";
import { getShopOffer, listShopOffers } from "~/domain/storefront/catalogue.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";

// The shop's public forms (checkout, registration, newsletter) through their domain functions: what each
// submission records, where, and that a refused one writes nothing.

let db: TestDatabase;
const clock = createTestClock("2026-11-20T10:00:00.000Z");
let officer: Actor;
let sellerId: string;
let offerId: string;
const clause: Record<string, { id: string; version: number }> = {};
const UA = "Mozilla/5.0 (test browser)";
let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

const ctxFor = (actor: Actor, ip = nextIp()): DomainContext => ({
  ...contextFor(createTestServices(db, clock), actor),
  origin: { ipAddress: ip, userAgent: UA, pageUrl: "/shop/offers/x/order" },
});

const CLAUSES = {
  orderTerms: { position: "ORDER", type: "MANDATORY_CONSENT", priority: 20, content: "<p>Akceptuję warunki zamówienia.</p>" },
  orderInfo: { position: "ORDER", type: "INFORMATION_CLAUSE", priority: 10, content: "<p>Administratorem danych jest operator.</p>" },
  orderInactive: { position: "ORDER", type: "OPTIONAL_CONSENT", priority: 5, content: "<p>Nieaktywna.</p>", active: false },
  regOrder: { position: "REGISTRATION_ORDER", type: "MANDATORY_CONSENT", priority: 10, content: "<p>Akceptuję regulamin i mam 18 lat.</p>" },
  registration: { position: "CUSTOMER_REGISTRATION", type: "OPTIONAL_CONSENT", priority: 10, content: "<p>Zgoda na profilowanie konta.</p>" },
  reveal: { position: "NEWSLETTER_ORDER_REGISTRATION", type: "OPTIONAL_CONSENT", priority: 10, content: "<p>Chcę otrzymywać newsletter.</p>" },
  newsletter: { position: "NEWSLETTER", type: "MANDATORY_CONSENT", priority: 10, content: "<p>Zgoda na wysyłkę newslettera.</p>" },
  contact: { position: "CONTACT_FORM", type: "MANDATORY_CONSENT", priority: 10, content: "<p>Formularz kontaktowy.</p>" },
} as const;

beforeAll(async () => {
  db = await createTestDatabase();
  const officerUser = await createUser(db.prisma, { roles: ["PRIVACY_OFFICER"] });
  officer = await actorFor(db.prisma, officerUser.id);
  sellerId = (await createUser(db.prisma, { roles: ["SELLER"], name: "Sklep Testowy" })).id;
  offerId = (await db.prisma.offer.create({ data: { title: "Czajnik elektryczny", brand: "Zelmer", priceAmount: 12900, sellerId } })).id;
  for (const [key, spec] of Object.entries(CLAUSES)) {
    const created = await createClause(ctxFor(officer), { description: key, active: true, ...spec });
    clause[key] = { id: created.id, version: created.version };
  }
});
afterAll(async () => db?.close());

/** The answers a browser posts: every version the page carries, and the boxes ticked. */
async function answersFor(form: ConsentForm, options: { customerId?: string | null; newsletter?: boolean; skip?: string[] } = {}) {
  const clauses = await clausesForForm(db.prisma, form, { customerId: options.customerId });
  const skip = new Set(options.skip ?? []);
  const accepted = clauses
    .filter((c) => c.type !== "INFORMATION_CLAUSE")
    .filter((c) => (c.revealsNewsletter || c.behindNewsletter ? !!options.newsletter || form === "NEWSLETTER" : true))
    .filter((c) => !skip.has(c.clauseId))
    .map((c) => c.versionId);
  return { clauses, shown: clauses.map((c) => c.versionId), accepted };
}

const orderFields = (overrides: Record<string, unknown> = {}) => ({
  offerId,
  quantity: "2",
  name: "Zofia Gość",
  email: `gosc${++ipCounter}@example.pl`,
  phone: "",
  street: "ul. Długa 5",
  postalCode: "80-831",
  city: "Gdańsk",
  paymentMethod: "BANK_TRANSFER",
  locale: "pl",
  ...overrides,
});

const versionOf = async (key: string) => (await db.prisma.clause.findUniqueOrThrow({ where: { id: clause[key].id } })).version;
const currentVersionId = async (key: string) =>
  (await db.prisma.clauseVersion.findUniqueOrThrow({ where: { clauseId_version: { clauseId: clause[key].id, version: await versionOf(key) } } })).id;

async function counts() {
  const [orders, records, users, subscribers] = await Promise.all([
    db.prisma.order.count(),
    db.prisma.consentRecord.count(),
    db.prisma.user.count(),
    db.prisma.newsletterSubscriber.count(),
  ]);
  return { orders, records, users, subscribers };
}

async function refusedWith(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

describe("shop window", () => {
  test("lists ACTIVE offers only; a taken-down offer is not found, an ended one is shown but cannot be ordered", async () => {
    const hidden = await db.prisma.offer.create({ data: { title: "Podróbka", priceAmount: 100, sellerId, status: "HIDDEN" } });
    const ended = await db.prisma.offer.create({ data: { title: "Zakończona", priceAmount: 100, sellerId, status: "ENDED" } });
    const ctx = ctxFor(anonymousActor);
    const { offers } = await listShopOffers(ctx, { take: 100 });
    expect(offers.map((o) => o.id)).toContain(offerId);
    expect(offers.map((o) => o.id)).not.toContain(hidden.id);
    expect(offers.map((o) => o.id)).not.toContain(ended.id);
    await refusedWith(getShopOffer(ctx, hidden.id), "NOT_FOUND");
    expect((await getShopOffer(ctx, ended.id)).orderable).toBe(false);
    const answers = await answersFor("ORDER");
    const before = await counts();
    await refusedWith(placeOrder(ctx, { ...orderFields({ offerId: ended.id }), consents: answers }), "CONFLICT");
    await refusedWith(placeOrder(ctx, { ...orderFields({ offerId: hidden.id }), consents: answers }), "NOT_FOUND");
    expect(await counts()).toEqual(before);
  });
});

describe("checkout", () => {
  test("a guest order without a mandatory ORDER consent is refused (CONSENT_REQUIRED) and writes nothing", async () => {
    const { shown, accepted } = await answersFor("ORDER", { skip: [clause.orderTerms.id] });
    const before = await counts();
    const refused = placeOrder(ctxFor(anonymousActor), { ...orderFields(), consents: { shown, accepted } });
    await expect(refused).rejects.toMatchObject({
      code: "CONSENT_REQUIRED",
      fieldErrors: { [`consent.${await currentVersionId("orderTerms")}`]: expect.any(Array) },
    });
    expect(await counts()).toEqual(before);
  });

  test("a guest order records the ORDER and REGISTRATION_ORDER clauses on the order: exact version, type, address, browser", async () => {
    const ip = nextIp();
    const { shown, accepted } = await answersFor("ORDER");
    const fields = orderFields();
    const placed = await placeOrder(ctxFor(anonymousActor, ip), { ...fields, consents: { shown, accepted } });
    expect(placed.number).toMatch(/^W\/2026\/\d{6}$/);
    expect(placed.account).toBeNull();
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: placed.orderId }, include: { lines: true } });
    expect(order).toMatchObject({ status: "PLACED", buyerId: null, sellerId, itemsAmount: 2 * 12900, currency: "PLN", buyerEmail: fields.email, placedAt: clock.now() });
    expect(order.lines).toMatchObject([{ position: 1, title: "Czajnik elektryczny", unitAmount: 12900, quantity: 2, offerId }]);

    const records = await db.prisma.consentRecord.findMany({ where: { subjectId: placed.orderId }, orderBy: { position: "asc" } });
    const expected = [
      { key: "orderTerms", type: "MANDATORY_CONSENT", choice: "ACCEPTED" },
      { key: "orderInfo", type: "INFORMATION_CLAUSE", choice: "DISPLAYED" },
      { key: "regOrder", type: "MANDATORY_CONSENT", choice: "ACCEPTED" },
    ];
    expect(records).toHaveLength(expected.length);
    for (const e of expected) {
      const record = records.find((r) => r.clauseId === clause[e.key].id);
      expect(record, e.key).toMatchObject({
        subjectType: "ORDER",
        clauseVersionId: await currentVersionId(e.key),
        clauseType: e.type,
        choice: e.choice,
        form: "ORDER",
        ipAddress: ip,
        userAgent: UA,
        userId: null,
        email: fields.email,
        at: clock.now(),
      });
    }
    // Nothing of the newsletter (its box was not ticked), nothing on a customer.
    expect(await db.prisma.consentRecord.count({ where: { submissionId: records[0].submissionId, subjectType: { not: "ORDER" } } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { action: "order.place", subjectId: placed.orderId } })).toBe(1);
  });

  test("a guest who creates an account with the order gets the REGISTRATION_ORDER clauses on the new customer, is signed in, and owns the order", async () => {
    const { shown, accepted } = await answersFor("ORDER");
    const fields = orderFields({ createAccount: "on", password: "dlugie-haslo-123" });
    const placed = await placeOrder(ctxFor(anonymousActor), { ...fields, consents: { shown, accepted } });
    expect(placed.account).not.toBeNull();
    const userId = placed.account!.userId;
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { roles: { include: { role: true } } } });
    expect(user).toMatchObject({ email: fields.email, name: "Zofia Gość", postalCode: "80-831" });
    expect(user.roles.map((r) => r.role.name)).toEqual(["BUYER"]);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).buyerId).toBe(userId);
    expect(await db.prisma.session.count({ where: { id: placed.account!.sessionId, userId } })).toBe(1);

    const onCustomer = await db.prisma.consentRecord.findMany({ where: { subjectType: "CUSTOMER", subjectId: userId } });
    expect(onCustomer.map((r) => [r.clauseId, r.position, r.userId])).toEqual([[clause.regOrder.id, "REGISTRATION_ORDER", userId]]);
    const onOrder = await db.prisma.consentRecord.findMany({ where: { subjectType: "ORDER", subjectId: placed.orderId } });
    expect(onOrder.map((r) => r.position).sort()).toEqual(["ORDER", "ORDER"]);
  });

  test("a guest creating an account with an address that has one is refused (EMAIL_TAKEN) and writes nothing", async () => {
    const existing = await createUser(db.prisma, { roles: ["BUYER"] });
    const { shown, accepted } = await answersFor("ORDER");
    const before = await counts();
    await refusedWith(
      placeOrder(ctxFor(anonymousActor), { ...orderFields({ email: existing.email, createAccount: "on", password: "dlugie-haslo-123" }), consents: { shown, accepted } }),
      "EMAIL_TAKEN",
    );
    expect(await counts()).toEqual(before);
  });

  test("a signed-in customer is not shown a REGISTRATION_ORDER clause accepted in its current version; after the officer edits it, it is shown again and stored on the customer", async () => {
    const customer = await createUser(db.prisma, { roles: ["BUYER"] });
    const actor = await actorFor(db.prisma, customer.id);
    // First order: the customer accepts the registration/order clause, stored on their account.
    const first = await answersFor("ORDER", { customerId: customer.id });
    expect(first.clauses.map((c) => c.clauseId)).toContain(clause.regOrder.id);
    const placedFirst = await placeOrder(ctxFor(actor), { ...orderFields({ email: customer.email }), consents: first });
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: placedFirst.orderId } })).buyerId).toBe(customer.id);
    const firstVersion = await currentVersionId("regOrder");
    expect(await db.prisma.consentRecord.findMany({ where: { subjectType: "CUSTOMER", subjectId: customer.id }, select: { clauseVersionId: true } })).toEqual([
      { clauseVersionId: firstVersion },
    ]);

    // Accepted in this version: not shown again, and the order goes through without it.
    const second = await answersFor("ORDER", { customerId: customer.id });
    expect(second.clauses.map((c) => c.clauseId)).not.toContain(clause.regOrder.id);
    await placeOrder(ctxFor(actor), { ...orderFields({ email: customer.email }), consents: second });

    // The officer changes the wording: a new version, shown again, and its acceptance lands on the customer.
    const current = await db.prisma.clause.findUniqueOrThrow({ where: { id: clause.regOrder.id } });
    await updateClause(ctxFor(officer), clause.regOrder.id, {
      description: current.description,
      position: current.position,
      type: current.type,
      active: true,
      priority: current.priority,
      content: "<p>Akceptuję nowy regulamin i mam 18 lat.</p>",
      expectedVersion: current.version,
    });
    const newVersion = await currentVersionId("regOrder");
    expect(newVersion).not.toBe(firstVersion);
    const third = await answersFor("ORDER", { customerId: customer.id });
    expect(third.clauses.find((c) => c.clauseId === clause.regOrder.id)?.versionId).toBe(newVersion);
    const placedThird = await placeOrder(ctxFor(actor), { ...orderFields({ email: customer.email }), consents: third });
    const onCustomer = await db.prisma.consentRecord.findMany({ where: { subjectType: "CUSTOMER", subjectId: customer.id }, orderBy: { id: "asc" } });
    expect(onCustomer.map((r) => [r.clauseVersionId, r.choice, r.userId])).toEqual([
      [firstVersion, "ACCEPTED", customer.id],
      [newVersion, "ACCEPTED", customer.id],
    ]);
    expect(await db.prisma.consentRecord.count({ where: { subjectType: "ORDER", subjectId: placedThird.orderId, position: "REGISTRATION_ORDER" } })).toBe(0);
  });

  test("with the newsletter box ticked the address joins the list and the NEWSLETTER clause is recorded on it; the box itself is not recorded", async () => {
    const answers = await answersFor("ORDER", { newsletter: true });
    const fields = orderFields();
    const placed = await placeOrder(ctxFor(anonymousActor), { ...fields, consents: answers });
    const subscriber = await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { email: fields.email } });
    expect(subscriber.unsubscribedAt).toBeNull();
    const submission = (await db.prisma.consentRecord.findFirstOrThrow({ where: { subjectId: placed.orderId } })).submissionId;
    const records = await db.prisma.consentRecord.findMany({ where: { submissionId: submission } });
    expect(records.filter((r) => r.subjectType === "NEWSLETTER")).toMatchObject([
      { clauseId: clause.newsletter.id, subjectId: subscriber.id, choice: "ACCEPTED", clauseVersionId: await currentVersionId("newsletter") },
    ]);
    expect(records.some((r) => r.clauseId === clause.reveal.id)).toBe(false);
  });

  test("without the box ticked nothing of the newsletter is recorded, even when the newsletter clause is posted as accepted", async () => {
    const answers = await answersFor("ORDER");
    const newsletterVersion = await currentVersionId("newsletter");
    expect(answers.shown).toContain(newsletterVersion);
    const fields = orderFields();
    const placed = await placeOrder(ctxFor(anonymousActor), { ...fields, consents: { shown: answers.shown, accepted: [...answers.accepted, newsletterVersion] } });
    const submission = (await db.prisma.consentRecord.findFirstOrThrow({ where: { subjectId: placed.orderId } })).submissionId;
    expect(await db.prisma.consentRecord.count({ where: { submissionId: submission, position: { in: ["NEWSLETTER", "NEWSLETTER_ORDER_REGISTRATION"] } } })).toBe(0);
    expect(await db.prisma.newsletterSubscriber.count({ where: { email: fields.email } })).toBe(0);
  });

  test.each([
    ["a forged clause version id", async () => "00000000-0000-4000-8000-000000000000"],
    ["an inactive clause", async () => currentVersionId("orderInactive")],
    ["a clause of another position", async () => currentVersionId("contact")],
  ])("%s is refused (CONSENT_NOT_OFFERED) and nothing is written", async (_label, versionOf) => {
    const answers = await answersFor("ORDER");
    const stray = await versionOf();
    const before = await counts();
    await refusedWith(
      placeOrder(ctxFor(anonymousActor), { ...orderFields({ createAccount: "on", password: "dlugie-haslo-123" }), consents: { shown: [...answers.shown, stray], accepted: [...answers.accepted, stray] } }),
      "CONSENT_NOT_OFFERED",
    );
    expect(await counts()).toEqual(before);
  });
});

describe("registration", () => {
  const registration = (overrides: Record<string, unknown> = {}) => ({
    name: "Jan Nowy",
    email: `nowy${++ipCounter}@example.pl`,
    password: "dlugie-haslo-123",
    passwordAgain: "dlugie-haslo-123",
    isCompany: "on",
    locale: "en",
    ...overrides,
  });

  test("creates a BUYER account in the page's language, records CUSTOMER_REGISTRATION and REGISTRATION_ORDER clauses on it, the newsletter ones on the list, and signs in", async () => {
    const answers = await answersFor("REGISTRATION", { newsletter: true });
    const input = registration();
    const result = await registerCustomer(ctxFor(anonymousActor), { ...input, consents: answers });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: result.userId }, include: { roles: { include: { role: true } } } });
    expect(user).toMatchObject({ email: input.email, isCompany: true, locale: "en" });
    expect(user.roles.map((r) => r.role.name)).toEqual(["BUYER"]);
    expect(await db.prisma.session.count({ where: { id: result.sessionId, userId: result.userId } })).toBe(1);
    const records = await db.prisma.consentRecord.findMany({ where: { userId: result.userId } });
    const subscriber = await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { email: input.email } });
    expect(subscriber.userId).toBe(result.userId);
    expect(records.map((r) => [r.position, r.subjectType, r.subjectId]).sort()).toEqual(
      [
        ["CUSTOMER_REGISTRATION", "CUSTOMER", result.userId],
        ["NEWSLETTER", "NEWSLETTER", subscriber.id],
        ["REGISTRATION_ORDER", "CUSTOMER", result.userId],
      ].sort(),
    );
  });

  test("an address that has an account is refused (EMAIL_TAKEN) and nothing is written", async () => {
    const existing = await createUser(db.prisma, { roles: ["BUYER"] });
    const answers = await answersFor("REGISTRATION", { newsletter: true });
    const before = await counts();
    await refusedWith(registerCustomer(ctxFor(anonymousActor), { ...registration({ email: existing.email }), consents: answers }), "EMAIL_TAKEN");
    expect(await counts()).toEqual(before);
  });

  test("a missing mandatory consent and invalid fields are reported together, nothing written", async () => {
    const answers = await answersFor("REGISTRATION", { skip: [clause.regOrder.id] });
    const before = await counts();
    // Read before the command runs: its rejection must meet `rejects` at once, not after another await.
    const terms = await currentVersionId("regOrder");
    const refused = registerCustomer(ctxFor(anonymousActor), { ...registration({ passwordAgain: "inne-haslo-123" }), consents: answers });
    await expect(refused).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldErrors: { passwordAgain: ["The passwords differ"], [`consent.${terms}`]: expect.any(Array) },
    });
    expect(await counts()).toEqual(before);
  });
});

describe("newsletter", () => {
  test("a second sign-up of an address on the list records the new consents and answers the same", async () => {
    const email = `lista${++ipCounter}@example.pl`;
    const answers = await answersFor("NEWSLETTER");
    expect(await subscribeToNewsletter(ctxFor(anonymousActor), { email, consents: answers })).toEqual({ subscribed: true });
    await db.prisma.newsletterSubscriber.update({ where: { email }, data: { unsubscribedAt: clock.now() } });
    expect(await subscribeToNewsletter(ctxFor(anonymousActor), { email, consents: answers })).toEqual({ subscribed: true });
    expect(await subscribeToNewsletter(ctxFor(anonymousActor), { email, consents: answers })).toEqual({ subscribed: true });
    const subscriber = await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { email } });
    expect(subscriber.unsubscribedAt).toBeNull();
    const records = await db.prisma.consentRecord.findMany({ where: { subjectType: "NEWSLETTER", subjectId: subscriber.id } });
    expect(records).toHaveLength(3);
    expect(new Set(records.map((r) => r.submissionId)).size).toBe(3);
    expect(records.every((r) => r.form === "NEWSLETTER" && r.email === email)).toBe(true);
  });

  test("the mandatory newsletter consent must be ticked", async () => {
    const answers = await answersFor("NEWSLETTER", { skip: [clause.newsletter.id] });
    const before = await counts();
    await refusedWith(subscribeToNewsletter(ctxFor(anonymousActor), { email: "ktos@example.pl", consents: answers }), "CONSENT_REQUIRED");
    expect(await counts()).toEqual(before);
  });
});

describe("public forms against floods", () => {
  test("the 21st submission from one address in a window is refused while another address passes; the next window passes again", async () => {
    const flood = nextIp();
    const answers = await answersFor("NEWSLETTER");
    const start = new Date("2026-11-21T12:00:00.000Z");
    clock.set(start);
    try {
      for (let i = 0; i < 20; i++) {
        await subscribeToNewsletter(ctxFor(anonymousActor, flood), { email: `flood${i}@example.pl`, consents: answers });
      }
      const before = await counts();
      await refusedWith(subscribeToNewsletter(ctxFor(anonymousActor, flood), { email: "flood21@example.pl", consents: answers }), "TOO_MANY_ATTEMPTS");
      expect(await counts()).toEqual(before);
      await subscribeToNewsletter(ctxFor(anonymousActor, nextIp()), { email: "other@example.pl", consents: answers });
      // A script's honeypot answer counts too, and is refused as such.
      await refusedWith(subscribeToNewsletter(ctxFor(anonymousActor), { email: "bot@example.pl", consents: answers, trapped: true }), "FORM_REJECTED");
      clock.advance(10 * MINUTE);
      await subscribeToNewsletter(ctxFor(anonymousActor, flood), { email: "flood22@example.pl", consents: answers });
    } finally {
      clock.set("2026-11-20T10:00:00.000Z");
    }
  });
});
