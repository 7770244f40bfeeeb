import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createTestClock, HOUR } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { inTransaction } from "~/domain/context";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { contentHash } from "~/domain/consents/sanitize.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { contextFor, createTestServices, sessionCookieFor } from "../support/services";
import * as listPage from "~/routes/privacy.clauses._index";
import * as newPage from "~/routes/privacy.clauses.new";
import * as editPage from "~/routes/privacy.clauses.$clauseId";
import * as infoPagesList from "~/routes/privacy.pages._index";
import * as infoPageEdit from "~/routes/privacy.pages.$slug";
import * as publicPage from "~/routes/pages.$slug";

// The privacy officer's clause registry through its pages: the loaders and actions are called in-process
// as Remix calls them, with a signed-in browser's cookie. The rules are the domain's; these tests prove the
// pages reach them and report their answers (the version history, the refused delete, the unsafe content,
// the review-service switches).

let db: TestDatabase;
let services: AppServices;
const clock = createTestClock("2026-12-02T09:00:00.000Z");
const people: Record<string, string> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  people.officer = (await createUser(db.prisma, { roles: ["PRIVACY_OFFICER"], name: "Halina Inspektorka" })).id;
  people.admin = (await createUser(db.prisma, { roles: ["ADMIN"], name: "Adam Administrator" })).id;
  people.buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  for (const who of Object.keys(people)) cookies[who] = await sessionCookieFor(services, people[who]);
});
afterAll(async () => db?.close());

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

/** Calls a loader or action as Remix does; thrown responses (redirects, 403) are returned. */
async function call(handler: Handler, who: string | null, url: string, options: { params?: Record<string, string>; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = who ? { cookie: cookies[who] } : {};
  const init: RequestInit = options.form
    ? { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(options.form).toString() }
    : { headers };
  try {
    return (await handler({ request: new Request(`http://localhost${url}`, init), context: { services }, params: options.params ?? {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const clauseForm = (overrides: Record<string, string> = {}) => ({
  description: "Regulamin sklepu – zamówienie",
  position: "ORDER",
  type: "MANDATORY_CONSENT",
  active: "yes",
  priority: "10",
  content: '<p>Akceptuję <a href="/pages/terms">regulamin</a> sklepu.</p>',
  ...overrides,
});

async function createViaPage(overrides: Record<string, string> = {}) {
  const response = await call(newPage.action as Handler, "officer", "/privacy/clauses/new", { form: clauseForm(overrides) });
  expect(response.status, await response.clone().text()).toBe(302);
  const id = response.headers.get("Location")!.match(/\/privacy\/clauses\/([0-9a-f-]{36})/)![1];
  return id;
}

const editData = async (id: string) => (await call(editPage.loader as Handler, "officer", `/privacy/clauses/${id}?tab=history`, { params: { clauseId: id } })).json();

test("a privacy officer creates a clause and edits it; the history tab lists both versions with their hashes", async () => {
  const id = await createViaPage();
  const first = await editData(id);
  expect(first.clause).toMatchObject({ position: "ORDER", type: "MANDATORY_CONSENT", active: true, priority: 10, version: 1 });
  expect(first.versions).toHaveLength(1);
  expect(first.pages.map((p: { slug: string }) => p.slug)).toContain("privacy-policy");

  clock.advance(HOUR);
  const newText = '<p>Akceptuję <strong>nowy</strong> <a href="/pages/privacy-policy">regulamin</a>.</p>';
  const saved = await call(editPage.action as Handler, "officer", `/privacy/clauses/${id}`, {
    params: { clauseId: id },
    form: clauseForm({ content: newText, priority: "20", expectedVersion: "1" }),
  });
  expect(saved.status).toBe(302);
  expect(saved.headers.get("Location")).toBe(`/privacy/clauses/${id}?saved=2`);

  const after = await editData(id);
  expect(after.clause).toMatchObject({ version: 2, priority: 20, content: newText });
  expect(after.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
    [2, true],
    [1, false],
  ]);
  expect(after.versions[0]).toMatchObject({ content: newText, contentHash: contentHash(newText), createdByName: "Halina Inspektorka", type: "MANDATORY_CONSENT" });
  expect(after.versions[1].content).toBe(clauseForm().content);
  expect(after.versions[1].contentHash).toBe(contentHash(clauseForm().content));

  // An editor opened on version 1 no longer saves over version 2.
  const stale = await call(editPage.action as Handler, "officer", `/privacy/clauses/${id}`, {
    params: { clauseId: id },
    form: clauseForm({ content: "<p>Stara karta</p>", expectedVersion: "1" }),
  });
  expect(stale.status).toBe(409);
  expect(await stale.json()).toMatchObject({ ok: false, code: "CONFLICT", params: { version: 2 } });
  expect((await editData(id)).versions).toHaveLength(2);

  const list = await (await call(listPage.loader as Handler, "officer", "/privacy/clauses?position=ORDER&active=yes")).json();
  expect(list.clauses.find((c: { id: string }) => c.id === id)).toMatchObject({ priority: 20, version: 2, inUse: false });
  const inactive = await (await call(listPage.loader as Handler, "officer", "/privacy/clauses?active=no")).json();
  expect(inactive.clauses.some((c: { id: string }) => c.id === id)).toBe(false);
});

test("field errors come back beside their fields, and nothing is written", async () => {
  const before = await db.prisma.clause.count();
  const outOfRange = await call(newPage.action as Handler, "officer", "/privacy/clauses/new", { form: clauseForm({ priority: "257", description: "" }) });
  expect(outOfRange.status).toBe(400);
  const body = await outOfRange.json();
  expect(body.code).toBe("VALIDATION_FAILED");
  expect(Object.keys(body.fieldErrors).sort()).toEqual(["description", "priority"]);
  expect(body.values).toMatchObject({ priority: "257" });

  const unknownPage = await call(newPage.action as Handler, "officer", "/privacy/clauses/new", { form: clauseForm({ content: '<p><a href="/pages/nope">x</a></p>' }) });
  expect(await unknownPage.json()).toMatchObject({ code: "CLAUSE_LINK_UNKNOWN_PAGE", params: { page: "nope" } });

  await createViaPage({ position: "NEWSLETTER_ORDER_REGISTRATION", type: "OPTIONAL_CONSENT", content: "<p>Chcę newsletter</p>" });
  const second = await call(newPage.action as Handler, "officer", "/privacy/clauses/new", {
    form: clauseForm({ position: "NEWSLETTER_ORDER_REGISTRATION", type: "OPTIONAL_CONSENT", content: "<p>Drugi</p>" }),
  });
  expect(await second.json()).toMatchObject({ code: "CLAUSE_POSITION_FULL", fieldErrors: { position: expect.any(Array) } });
  expect(await db.prisma.clause.count()).toBe(before + 1);
});

test("a script in the content is refused as CLAUSE_CONTENT_UNSAFE and nothing is written", async () => {
  const id = await createViaPage({ description: "Klauzula do ataku" });
  const [clauses, versions] = [await db.prisma.clause.count(), await db.prisma.clauseVersion.count()];
  const created = await call(newPage.action as Handler, "officer", "/privacy/clauses/new", { form: clauseForm({ content: "<p>Hej</p><script>alert(1)</script>" }) });
  expect(created.status).toBe(400);
  const body = await created.json();
  expect(body).toMatchObject({ ok: false, code: "CLAUSE_CONTENT_UNSAFE" });
  expect(body.details.map((d: { message: string }) => d.message)).toContain("tag: script");

  const edited = await call(editPage.action as Handler, "officer", `/privacy/clauses/${id}`, {
    params: { clauseId: id },
    form: clauseForm({ content: '<p><img src=x onerror="alert(1)">x</p>', expectedVersion: "1" }),
  });
  expect(await edited.json()).toMatchObject({ code: "CLAUSE_CONTENT_UNSAFE" });
  expect([await db.prisma.clause.count(), await db.prisma.clauseVersion.count()]).toEqual([clauses, versions]);
  expect((await db.prisma.clause.findUniqueOrThrow({ where: { id } })).version).toBe(1);
});

test("a clause nobody accepted can be deleted; one somebody accepted is not, and nothing changes", async () => {
  const unused = await createViaPage({ position: "CONTACT_FORM", description: "Do usunięcia" });
  const deleted = await call(listPage.action as Handler, "officer", "/privacy/clauses", { form: { intent: "delete", clauseId: unused } });
  expect(deleted.status).toBe(302);
  expect(await db.prisma.clause.findUnique({ where: { id: unused } })).toBeNull();

  const used = await createViaPage({ position: "CONTACT_FORM", description: "Zaakceptowana" });
  const guest = { ...contextFor(services, { type: "anonymous" } as never), origin: { ipAddress: "203.0.113.9", userAgent: "test" } };
  const shown = await clausesForForm(db.prisma, "CONTACT");
  const version = shown.find((c) => c.clauseId === used)!.versionId;
  await inTransaction(guest, async (tx) => {
    const checked = await checkConsents(tx, "CONTACT", { shown: shown.map((c) => c.versionId), accepted: shown.map((c) => c.versionId) });
    await recordConsents(tx, guest, checked, { questionId: randomUUID() }, { email: "gosc@example.pl" });
  });

  const list = await (await call(listPage.loader as Handler, "officer", "/privacy/clauses?position=CONTACT_FORM")).json();
  expect(list.clauses.find((c: { id: string }) => c.id === used)).toMatchObject({ inUse: true });
  const refused = await call(listPage.action as Handler, "officer", "/privacy/clauses", { form: { intent: "delete", clauseId: used } });
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ ok: false, code: "CLAUSE_IN_USE", intent: "delete", clauseId: used });
  expect(await db.prisma.clause.findUnique({ where: { id: used } })).not.toBeNull();
  expect(await db.prisma.clauseVersion.findUnique({ where: { id: version } })).not.toBeNull();
  expect(await db.prisma.consentRecord.count({ where: { clauseId: used } })).toBe(1);
});

test("people without manage:clause get 403 from every registry page; a guest is sent to sign in", async () => {
  const id = await createViaPage({ description: "Dla uprawnień" });
  for (const [handler, url, params] of [
    [listPage.loader, "/privacy/clauses", {}],
    [newPage.loader, "/privacy/clauses/new", {}],
    [editPage.loader, `/privacy/clauses/${id}`, { clauseId: id }],
    [infoPagesList.loader, "/privacy/pages", {}],
    [infoPageEdit.loader, "/privacy/pages/privacy-policy", { slug: "privacy-policy" }],
  ] as const) {
    expect((await call(handler as Handler, "buyer", url, { params })).status, url).toBe(403);
  }
  const before = await db.prisma.clause.count();
  expect((await call(newPage.action as Handler, "buyer", "/privacy/clauses/new", { form: clauseForm() })).status).toBe(403);
  expect((await call(listPage.action as Handler, "buyer", "/privacy/clauses", { form: { intent: "delete", clauseId: id } })).status).toBe(403);
  expect(await db.prisma.clause.count()).toBe(before);
  const guest = await call(listPage.loader as Handler, null, "/privacy/clauses");
  expect(guest.status).toBe(302);
  expect(guest.headers.get("Location")).toMatch(/^\/login/);
});

test("the review-service switches decide whether the order form shows the Opineo clause; only an admin changes them", async () => {
  const opineo = await createViaPage({ position: "ORDER_OPINEO", type: "OPTIONAL_CONSENT", description: "Opineo", content: "<p>Zgoda na ankietę Opineo</p>" });
  const onForm = async () => (await clausesForForm(db.prisma, "ORDER")).some((c) => c.clauseId === opineo);
  expect(await onForm()).toBe(false);

  // The officer sees how they stand but cannot switch them.
  const officerView = await (await call(listPage.loader as Handler, "officer", "/privacy/clauses")).json();
  expect(officerView).toMatchObject({ canSwitchIntegrations: false, integrations: { opineo: false, ceneo: false, updatedAt: null } });
  const refused = await call(listPage.action as Handler, "officer", "/privacy/clauses", { form: { intent: "integrations", opineo: "on" } });
  expect(refused.status).toBe(403);
  expect(await onForm()).toBe(false);

  const switched = await call(listPage.action as Handler, "admin", "/privacy/clauses", { form: { intent: "integrations", opineo: "on" } });
  expect(switched.status).toBe(302);
  expect(await onForm()).toBe(true);
  const adminView = await (await call(listPage.loader as Handler, "admin", "/privacy/clauses")).json();
  expect(adminView).toMatchObject({ canSwitchIntegrations: true, integrations: { opineo: true, ceneo: false, updatedByName: "Adam Administrator" } });
  expect(await db.prisma.auditLog.count({ where: { action: "reviewIntegrations.update", actorId: people.admin } })).toBe(1);

  await call(listPage.action as Handler, "admin", "/privacy/clauses", { form: { intent: "integrations" } });
  expect(await onForm()).toBe(false);
});

test("information pages: the officer edits one (sanitized by the server); anyone reads it, signed in or not", async () => {
  const list = await (await call(infoPagesList.loader as Handler, "officer", "/privacy/pages")).json();
  expect(list.pages.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining(["privacy-policy", "terms"]));

  const unsafe = await call(infoPageEdit.action as Handler, "officer", "/privacy/pages/terms", {
    params: { slug: "terms" },
    form: { title: "Regulamin", content: '<p onclick="x()">Regulamin</p>' },
  });
  expect(await unsafe.json()).toMatchObject({ code: "CLAUSE_CONTENT_UNSAFE" });
  const saved = await call(infoPageEdit.action as Handler, "officer", "/privacy/pages/terms", {
    params: { slug: "terms" },
    form: { title: "Regulamin sklepu", content: "<h2>Zasady</h2><p>Nowy <strong>regulamin</strong>.</p>" },
  });
  expect(saved.status).toBe(302);

  for (const who of [null, "buyer"]) {
    const page = await (await call(publicPage.loader as Handler, who, "/pages/terms", { params: { slug: "terms" } })).json();
    expect(page.page).toMatchObject({ title: "Regulamin sklepu", content: "<h2>Zasady</h2><p>Nowy <strong>regulamin</strong>.</p>" });
  }
  expect((await call(publicPage.loader as Handler, null, "/pages/nope", { params: { slug: "nope" } })).status).toBe(404);
});

test("an id that is not a clause's answers 404, never a 500", async () => {
  for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000001"]) {
    expect((await call(editPage.loader as Handler, "officer", `/privacy/clauses/${id}`, { params: { clauseId: id } })).status, id).toBe(404);
    const save = await call(editPage.action as Handler, "officer", `/privacy/clauses/${id}`, { params: { clauseId: id }, form: clauseForm({ expectedVersion: "1" }) });
    expect(save.status, id).toBe(404);
    const remove = await call(listPage.action as Handler, "officer", "/privacy/clauses", { form: { intent: "delete", clauseId: id } });
    expect(remove.status, id).toBe(404);
  }
});

test("an officer's actor has the registry's permissions (the test's premise)", async () => {
  const actor = await actorFor(db.prisma, people.officer);
  expect([...actor.permissions]).toEqual(expect.arrayContaining(["manage:clause:any", "manage:infoPage:any"]));
  expect([...actor.permissions]).not.toContain("manage:reviewIntegration:any");
});
