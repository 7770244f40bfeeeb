import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createTestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import type { RoleName } from "~/domain/identity/permissions";
import { anonymousActor, type Actor } from "~/domain/identity/actor";
import type { DomainContext } from "~/domain/context";
import { createClause } from "~/domain/consents/clauses.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { consentPermissions } from "~/domain/consents/permissions";
import type { ConsentForm, ConsentSubjects } from "~/domain/consents/positions";
import { openDiscussion } from "~/domain/discussions/discussions.server";
import { fileClaim } from "~/domain/claims/claims.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, sessionCookieFor } from "../support/services";
import * as privacyPage from "~/routes/privacy._index";
import * as personConsents from "~/routes/privacy.people.$userId.consents";
import * as newsletterList from "~/routes/privacy.newsletter._index";
import * as newsletterDetail from "~/routes/privacy.newsletter.$subscriberId";
import * as orderPage from "~/routes/orders.$orderId";
import * as userPage from "~/routes/admin.users.$userId";
import * as discussionPage from "~/routes/discussions.$discussionId";
import * as claimPage from "~/routes/claims.$claimId/route";

// Where people and staff see consents: the person's privacy page (their consents as they stand, the
// withdrawal, the full history), a person's history for staff, the order's and the customer's consents
// panels, the newsletter address list. The Remix loaders and actions are called in-process, as Remix does.

let db: TestDatabase;
let services: AppServices;
const clock = createTestClock("2026-12-01T10:00:00.000Z");
const people: Record<string, string> = {};
const cookies: Record<string, string> = {};
const clauses: Record<string, string> = {};
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const ROLES: Record<string, RoleName> = {
  buyer: "BUYER",
  otherBuyer: "BUYER",
  seller: "SELLER",
  holder: "RIGHTS_HOLDER",
  agent: "AGENT",
  senior: "SENIOR_AGENT",
  officer: "PRIVACY_OFFICER",
  admin: "ADMIN",
};

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  for (const [who, role] of Object.entries(ROLES)) {
    people[who] = (await createUser(db.prisma, { roles: [role], name: `Osoba ${who}` })).id;
    cookies[who] = await sessionCookieFor(services, people[who]);
  }
  const officer = await as("officer");
  const add = async (key: string, position: string, type: string, content: string) => {
    clauses[key] = (await createClause(officer, { description: key, position, type, active: true, priority: 10, content })).id;
  };
  await add("orderTerms", "ORDER", "MANDATORY_CONSENT", "<p>Akceptuję regulamin sklepu.</p>");
  await add("orderMarketing", "ORDER", "OPTIONAL_CONSENT", "<p>Zgadzam się na informacje handlowe o moich zamówieniach.</p>");
  await add("orderInfo", "ORDER", "INFORMATION_CLAUSE", `<p>${"Administratorem danych jest sklep. ".repeat(12)}</p>`);
  await add("registrationOrder", "REGISTRATION_ORDER", "MANDATORY_CONSENT", "<p>Zakładam konto / składam zamówienie.</p>");
  await add("registrationProfile", "CUSTOMER_REGISTRATION", "OPTIONAL_CONSENT", "<p>Zgoda na profilowanie.</p>");
  await add("discussion", "OPEN_DISCUSSION", "INFORMATION_CLAUSE", "<p>Dane z dyskusji przetwarza serwis.</p>");
});
afterAll(async () => db?.close());

const as = async (who: string): Promise<DomainContext> => contextFor(services, await actorFor(db.prisma, people[who]));

/** A form sent with every consent ticked (or none of the optional ones), recorded as the form's action does. */
async function submit(actor: Actor, form: ConsentForm, subjects: ConsentSubjects, person: { userId?: string; email?: string }, optional = true) {
  const shown = await clausesForForm(db.prisma, form, { customerId: person.userId });
  const answers = {
    shown: shown.map((c) => c.versionId),
    accepted: shown.filter((c) => c.type === "MANDATORY_CONSENT" || (optional && c.type === "OPTIONAL_CONSENT")).map((c) => c.versionId),
  };
  const ctx = { clock, actor, origin: { ipAddress: "203.0.113.7", userAgent: UA, pageUrl: "/checkout" } };
  return db.prisma.$transaction(async (tx) => {
    const checked = await checkConsents(tx, form, answers, { customerId: person.userId });
    return recordConsents(tx, ctx, checked, subjects, person);
  });
}

/** What the form shows, every consent ticked: the answers a person sends with a case form. */
async function formAnswers(form: ConsentForm) {
  const shown = await clausesForForm(db.prisma, form);
  return { shown: shown.map((c) => c.versionId), accepted: shown.filter((c) => c.type !== "INFORMATION_CLAUSE").map((c) => c.versionId) };
}
const FORM_ORIGIN = { ipAddress: "203.0.113.7", userAgent: UA, pageUrl: "/discussions/new" };

async function buyerOrder(who = "buyer") {
  const order = await createOrder(db.prisma, { buyerId: people[who], sellerId: people.seller });
  await submit(await actorFor(db.prisma, people[who]), "ORDER", { orderId: order.id, customerId: people[who] }, { userId: people[who] });
  return order;
}

function request(who: string | null, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (who) headers.set("cookie", cookies[who]);
  return new Request(`http://localhost${url}`, { ...init, headers });
}

/** A loader's answer: its JSON and status, also when it throws a response (403, 404, redirects). */
async function load(loader: (args: LoaderFunctionArgs) => unknown, who: string, url: string, params: Record<string, string> = {}) {
  try {
    const response = (await loader({ request: request(who, url), context: { services }, params } as LoaderFunctionArgs)) as Response;
    return { status: response.status, body: await response.json() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.json().catch(() => null), location: thrown.headers.get("location") };
    throw thrown;
  }
}

async function post(action: (args: ActionFunctionArgs) => unknown, who: string, url: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  const response = (await action({
    request: request(who, url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
    context: { services },
    params: {},
  } as ActionFunctionArgs)) as Response;
  return { status: response.status, location: response.headers.get("location"), body: response.status < 300 ? await response.json() : null };
}

describe("the person's privacy page", () => {
  test("shows the buyer's consents grouped, withdraws an optional one, and the withdrawal shows in the history", async () => {
    const order = await buyerOrder();
    await submit(await actorFor(db.prisma, people.buyer), "REGISTRATION", { customerId: people.buyer }, { userId: people.buyer });

    const before = (await load(privacyPage.loader, "buyer", "/privacy")).body;
    const marketing = before.standing.find((r: { clauseId: string; subjectId: string }) => r.clauseId === clauses.orderMarketing && r.subjectId === order.id);
    expect(marketing).toMatchObject({ choice: "ACCEPTED", withdrawable: true, subjectType: "ORDER" });
    expect(marketing.clauseVersion.content).toContain("informacje handlowe");
    expect(before.orderNumbers[order.id]).toBe(order.number);
    // A mandatory consent and an information clause stand, but cannot be withdrawn.
    const terms = before.standing.find((r: { clauseId: string }) => r.clauseId === clauses.orderTerms);
    expect(terms).toMatchObject({ choice: "ACCEPTED", withdrawable: false });
    expect(before.standing.find((r: { clauseId: string }) => r.clauseId === clauses.orderInfo)).toMatchObject({ choice: "DISPLAYED", withdrawable: false });
    expect(before.standing.find((r: { clauseId: string }) => r.clauseId === clauses.registrationProfile)).toMatchObject({ subjectType: "CUSTOMER", withdrawable: true });
    // The person sees their own records with the address and browser they came from.
    expect(before.history[0]).toMatchObject({ ipAddress: "203.0.113.7", userAgent: UA });
    const recordsBefore = await db.prisma.consentRecord.count({ where: { userId: people.buyer } });

    const answer = await post(privacyPage.action, "buyer", "/privacy", { subjectType: "ORDER", subjectId: order.id, clauseId: clauses.orderMarketing, recordId: marketing.id });
    expect(answer).toMatchObject({ status: 302, location: "/privacy?withdrawn=1" });
    const written = await db.prisma.consentRecord.findMany({ where: { userId: people.buyer, choice: "WITHDRAWN" } });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ clauseId: clauses.orderMarketing, subjectType: "ORDER", subjectId: order.id, form: "PRIVACY_SETTINGS" });
    expect(await db.prisma.consentRecord.count({ where: { userId: people.buyer } })).toBe(recordsBefore + 1);

    const after = (await load(privacyPage.loader, "buyer", "/privacy?withdrawn=1")).body;
    const standing = after.standing.find((r: { clauseId: string; subjectId: string }) => r.clauseId === clauses.orderMarketing && r.subjectId === order.id);
    expect(standing).toMatchObject({ choice: "WITHDRAWN", withdrawable: false });
    expect(after.standing.filter((r: { withdrawable: boolean }) => r.withdrawable).map((r: { clauseId: string }) => r.clauseId)).toEqual([clauses.registrationProfile]);
    expect(after.history[0]).toMatchObject({ choice: "WITHDRAWN", form: "PRIVACY_SETTINGS" });
    // The acceptance is still there: records are never changed.
    expect(after.history.filter((r: { choice: string; position: string }) => r.position === "ORDER" && r.choice === "ACCEPTED").length).toBeGreaterThan(0);

    // Withdrawing twice is a translated error, not a second record.
    const again = await post(privacyPage.action, "buyer", "/privacy", { subjectType: "ORDER", subjectId: order.id, clauseId: clauses.orderMarketing });
    expect(again.status).toBe(400);
    expect(await db.prisma.consentRecord.count({ where: { userId: people.buyer, choice: "WITHDRAWN" } })).toBe(1);
  });

  test("a person cannot withdraw another person's consent: 403 and nothing written", async () => {
    const order = await buyerOrder("buyer");
    const count = await db.prisma.consentRecord.count();
    const answer = await post(privacyPage.action, "otherBuyer", "/privacy", { subjectType: "ORDER", subjectId: order.id, clauseId: clauses.orderMarketing });
    expect(answer.status).toBe(403);
    expect(await db.prisma.consentRecord.count()).toBe(count);
    // Nor does the other person see it on their page.
    const page = (await load(privacyPage.loader, "otherBuyer", "/privacy")).body;
    expect(page.standing.some((r: { subjectId: string }) => r.subjectId === order.id)).toBe(false);
    expect(page.history.some((r: { subjectId: string }) => r.subjectId === order.id)).toBe(false);
  });

  test("a person without records sees an empty page", async () => {
    const page = await load(privacyPage.loader, "seller", "/privacy");
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ standing: [], history: [], total: { count: 0, atLeast: false } });
  });
});

describe("a person's consent history for staff", () => {
  const allowed = new Set<string>(consentPermissions.find((p) => p.key === "read:consent:any")!.defaultRoles);

  test("every role: staff who may read any consent see it; buyers, sellers and rights holders are refused", async () => {
    await buyerOrder();
    expect([...allowed].sort()).toEqual(["ADMIN", "AGENT", "PRIVACY_OFFICER", "SENIOR_AGENT"]);
    for (const [who, role] of Object.entries(ROLES)) {
      const page = await load(personConsents.loader, who, `/privacy/people/${people.buyer}/consents`, { userId: people.buyer });
      if (allowed.has(role)) {
        expect(page.status, who).toBe(200);
        expect(page.body.person).toMatchObject({ id: people.buyer, name: "Osoba buyer" });
        expect(page.body.records.length, who).toBeGreaterThan(0);
        expect(page.body.records[0].clauseVersion.contentHash).toMatch(/^[0-9a-f]{64}$/);
      } else {
        expect(page.status, who).toBe(403);
        expect(JSON.stringify(page.body)).not.toContain("informacje handlowe");
      }
    }
    // Not even their own history through the staff page: they have /privacy.
    expect((await load(personConsents.loader, "buyer", `/privacy/people/${people.buyer}/consents`, { userId: people.buyer })).status).toBe(403);
  });

  test("filters by form and choice, and pages 50 at a time with a capped total", async () => {
    const who = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
    for (let i = 0; i < 18; i++) {
      const order = await createOrder(db.prisma, { buyerId: who, sellerId: people.seller });
      await submit(await actorFor(db.prisma, who), "ORDER", { orderId: order.id, customerId: who }, { userId: who }, i % 2 === 0);
    }
    // 18 orders × 3 order clauses, plus the registration/order clause once (on the customer).
    const url = `/privacy/people/${who}/consents`;
    const all = (await load(personConsents.loader, "agent", url, { userId: who })).body;
    expect(all.total).toEqual({ count: 55, atLeast: false });
    expect(all.records).toHaveLength(50);
    const second = (await load(personConsents.loader, "agent", `${url}?page=2`, { userId: who })).body;
    expect(second.records).toHaveLength(5);
    const declined = (await load(personConsents.loader, "agent", `${url}?choice=DECLINED`, { userId: who })).body;
    expect(declined.total.count).toBe(9);
    expect(new Set(declined.records.map((r: { choice: string }) => r.choice))).toEqual(new Set(["DECLINED"]));
    const registration = (await load(personConsents.loader, "agent", `${url}?form=REGISTRATION`, { userId: who })).body;
    expect(registration.total.count).toBe(0);
    // A filter value that is not one is ignored, not a 500.
    expect((await load(personConsents.loader, "agent", `${url}?form=%27%3B--&choice=x`, { userId: who })).body.total.count).toBe(55);
  });

  test("an unknown or malformed person id is 404", async () => {
    expect((await load(personConsents.loader, "agent", "/privacy/people/nope/consents", { userId: "nope" })).status).toBe(404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await load(personConsents.loader, "agent", `/privacy/people/${unknown}/consents`, { userId: unknown })).status).toBe(404);
  });
});

describe("consents panels on the order, the customer and a case", () => {
  test("the order page shows staff the order's records, a guest's registration/order clauses included; the buyer gets no panel", async () => {
    const order = await buyerOrder();
    const agentView = (await load(orderPage.loader, "agent", `/orders/${order.id}`, { orderId: order.id })).body;
    expect(agentView.consents.length).toBe(3);
    expect(new Set(agentView.consents.map((r: { subjectType: string }) => r.subjectType))).toEqual(new Set(["ORDER"]));
    expect(agentView.consents[0]).toMatchObject({ ipAddress: "203.0.113.7", userAgent: UA });
    const buyerView = await load(orderPage.loader, "buyer", `/orders/${order.id}`, { orderId: order.id });
    expect(buyerView.status).toBe(200);
    expect(buyerView.body.consents).toBeNull();

    const guestOrder = await createOrder(db.prisma, { buyerId: null, sellerId: people.seller, buyerEmail: "gosc@test.example.pl" });
    await submit(anonymousActor, "ORDER", { orderId: guestOrder.id }, { email: "gosc@test.example.pl" });
    const guest = (await load(orderPage.loader, "admin", `/orders/${guestOrder.id}`, { orderId: guestOrder.id })).body;
    expect(guest.consents.map((r: { position: string }) => r.position).sort()).toEqual(["ORDER", "ORDER", "ORDER", "REGISTRATION_ORDER"]);
    expect(guest.consents[0].email).toBe("gosc@test.example.pl");
  });

  test("the admin's user page shows the registration consents and links to the history", async () => {
    const page = (await load(userPage.loader, "admin", `/admin/users/${people.buyer}`, { userId: people.buyer })).body;
    expect(page.consents.map((r: { position: string }) => r.position)).toEqual(expect.arrayContaining(["CUSTOMER_REGISTRATION", "REGISTRATION_ORDER"]));
    expect(new Set(page.consents.map((r: { subjectType: string }) => r.subjectType))).toEqual(new Set(["CUSTOMER"]));
  });

  test("a discussion's consents are in the agent's page and not in the parties'", async () => {
    const order = await createOrder(db.prisma, { buyerId: people.buyer, sellerId: people.seller, placedAt: new Date("2026-11-25T10:00:00Z") });
    const d = await openDiscussion(
      { ...(await as("buyer")), origin: FORM_ORIGIN },
      { orderId: order.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła", consents: await formAnswers("OPEN_DISCUSSION") },
    );
    const agent = (await load(discussionPage.loader, "agent", `/discussions/${d.id}`, { discussionId: d.id })).body;
    expect(agent.consents).toHaveLength(1);
    expect(agent.consents[0]).toMatchObject({ subjectType: "DISCUSSION", choice: "DISPLAYED" });
    for (const who of ["buyer", "seller"]) {
      expect((await load(discussionPage.loader, who, `/discussions/${d.id}`, { discussionId: d.id })).body.consents, who).toBeNull();
    }
  });

  test("a claim's consents are in the agent's view of the claim and not in the parties'", async () => {
    await createClause(await as("officer"), { description: "claim", position: "FILE_CLAIM", type: "INFORMATION_CLAUSE", active: true, priority: 1, content: "<p>Dane z wniosku przetwarza serwis.</p>" });
    const order = await createOrder(db.prisma, { buyerId: people.buyer, sellerId: people.seller, placedAt: new Date("2026-11-20T10:00:00Z") });
    // A claim follows a discussion that ran its 24 hours.
    const twoDaysAgo = contextFor(createTestServices(db, createTestClock("2026-11-29T10:00:00.000Z")), await actorFor(db.prisma, people.buyer));
    await openDiscussion(
      { ...twoDaysAgo, origin: FORM_ORIGIN },
      { orderId: order.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła", consents: await formAnswers("OPEN_DISCUSSION") },
    );
    const claim = await fileClaim(
      { ...(await as("buyer")), origin: FORM_ORIGIN },
      {
        orderId: order.id,
        lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
        reason: "NOT_RECEIVED",
        description: "Przesyłka nie dotarła",
        consents: await formAnswers("FILE_CLAIM"),
      },
    );
    const agent = (await load(claimPage.loader, "agent", `/claims/${claim.id}`, { claimId: claim.id })).body;
    expect(agent.agent.consents).toHaveLength(1);
    expect(agent.agent.consents[0]).toMatchObject({ subjectType: "CLAIM", position: "FILE_CLAIM" });
    for (const who of ["buyer", "seller"]) {
      const page = (await load(claimPage.loader, who, `/claims/${claim.id}`, { claimId: claim.id })).body;
      expect(page.agent, who).toBeNull();
      expect(JSON.stringify(page), who).not.toContain("Dane z wniosku");
    }
  });
});

describe("the newsletter address list", () => {
  const emails = ["ab%c@lista.example.pl", "abxc@lista.example.pl", "a_b@lista.example.pl", "axb@lista.example.pl", "Anna.Kowalska@lista.example.pl"];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [i, email] of emails.entries()) {
      const row = await db.prisma.newsletterSubscriber.create({
        data: { email, subscribedAt: new Date(Date.UTC(2026, 10, 1 + i)), unsubscribedAt: i === 1 ? new Date("2026-11-20T10:00:00Z") : null },
      });
      ids[email] = row.id;
    }
  });

  const list = async (query: string, who = "officer") => load(newsletterList.loader, who, `/privacy/newsletter${query}`);
  const found = (body: { subscribers: { email: string }[] }) => body.subscribers.map((s) => s.email).sort();

  test("a one-character search is not run: the answer says so and the list is unfiltered", async () => {
    const { body } = await list("?q=a");
    expect(body.searchTooShort).toBe(true);
    expect(found(body)).toEqual([...emails].sort());
  });

  test("the search is a case-insensitive prefix; % and _ are plain characters", async () => {
    expect(found((await list(`?q=${encodeURIComponent("ab%")}`)).body)).toEqual(["ab%c@lista.example.pl"]);
    expect(found((await list(`?q=${encodeURIComponent("a_")}`)).body)).toEqual(["a_b@lista.example.pl"]);
    expect(found((await list("?q=aN")).body)).toEqual(["Anna.Kowalska@lista.example.pl"]);
    expect(found((await list(`?q=${encodeURIComponent("%")}%25`)).body)).toEqual([]);
    expect((await list("?q=lista")).body.subscribers).toEqual([]);
  });

  test("the status filter", async () => {
    expect(found((await list("?status=UNSUBSCRIBED")).body)).toEqual(["abxc@lista.example.pl"]);
    expect(found((await list("?status=SUBSCRIBED&q=ab")).body)).toEqual(["ab%c@lista.example.pl"]);
  });

  test("only those who keep the list open it; the detail shows the address's newsletter consents", async () => {
    for (const who of ["agent", "buyer", "senior"]) expect((await list("", who)).status, who).toBe(403);
    expect((await list("", "admin")).status).toBe(200);
    const id = ids["axb@lista.example.pl"];
    await createClause(await as("officer"), { description: "nl", position: "NEWSLETTER", type: "OPTIONAL_CONSENT", active: true, priority: 1, content: "<p>Chcę dostawać newsletter.</p>" });
    await submit(anonymousActor, "NEWSLETTER", { newsletterSubscriberId: id }, { email: "axb@lista.example.pl" });
    const detail = (await load(newsletterDetail.loader, "officer", `/privacy/newsletter/${id}`, { subscriberId: id })).body;
    expect(detail.subscriber.email).toBe("axb@lista.example.pl");
    expect(detail.records).toHaveLength(1);
    expect(detail.records[0]).toMatchObject({ subjectType: "NEWSLETTER", choice: "ACCEPTED", position: "NEWSLETTER" });
    expect(detail.records[0].clauseVersion.content).toContain("newsletter");
    expect((await load(newsletterDetail.loader, "agent", `/privacy/newsletter/${id}`, { subscriberId: id })).status).toBe(403);
    expect((await load(newsletterDetail.loader, "officer", "/privacy/newsletter/x", { subscriberId: "x" })).status).toBe(404);
  });
});
