import { createHash, randomUUID } from "node:crypto";
import { createTestClock, HOUR, MINUTE, type TestClock } from "~/infra/clock";
import type { DomainContext, RequestOrigin } from "~/domain/context";
import { createClause, deleteClause, getClause, listClauses, updateClause } from "~/domain/consents/clauses.server";
import { clausesForForm, REVIEW_INTEGRATIONS_SETTING } from "~/domain/consents/form-clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { withdrawConsent } from "~/domain/consents/withdraw.server";
import { consentHistory, myConsents } from "~/domain/consents/queries.server";
import type { ConsentForm, ConsentSubjects } from "~/domain/consents/positions";
import type { ClauseInput } from "~/domain/consents/schemas";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";

// Every rule of the clause and consent registry that lives in app/domain/consents (issue 12, DESIGN.md §5):
// the registry, what forms show and accept, the records, withdrawal and the history. Each test fails when
// its rule breaks.

let db: TestDatabase;
let clock: TestClock;
const origin: RequestOrigin = { ipAddress: "203.0.113.77", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Test/1.0", pageUrl: "/checkout?offer=42" };
const users = {} as Record<"officer" | "buyer" | "buyer2" | "agent", string>;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-12-01T09:00:00.000Z");
  users.officer = (await createUser(db.prisma, { roles: ["PRIVACY_OFFICER"], name: "Inspektor Danych" })).id;
  users.buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  users.buyer2 = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  users.agent = (await createUser(db.prisma, { roles: ["AGENT"] })).id;
});
afterAll(async () => db?.close());

async function ctxOf(who: keyof typeof users, over: Partial<DomainContext> = {}): Promise<DomainContext> {
  return { db: db.prisma, clock, actor: await actorFor(db.prisma, users[who]), requestId: randomUUID(), origin, ...over };
}
const officer = () => ctxOf("officer");
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const input = (over: Partial<ClauseInput> = {}): ClauseInput => ({
  description: "Zgoda na kontakt",
  position: "CONTACT_FORM",
  type: "OPTIONAL_CONSENT",
  active: true,
  priority: 10,
  content: "<p>Zgadzam się na kontakt w sprawie mojego zgłoszenia.</p>",
  ...over,
});
const counts = async () => ({
  clauses: await db.prisma.clause.count(),
  versions: await db.prisma.clauseVersion.count(),
  records: await db.prisma.consentRecord.count(),
  audit: await db.prisma.auditLog.count(),
});
async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error, "expected a refusal").not.toBeNull();
  return error as { code: string; fieldErrors?: Record<string, string[]>; details?: { field: string; code: string }[]; params?: Record<string, unknown> };
}
const newClause = async (over: Partial<ClauseInput> = {}) => createClause(await officer(), input(over));
const currentVersion = (clauseId: string) => db.prisma.clause.findUniqueOrThrow({ where: { id: clauseId } }).then((c) => db.prisma.clauseVersion.findUniqueOrThrow({ where: { clauseId_version: { clauseId, version: c.version } } }));

/** Forms start from an empty registry: every clause made by earlier tests is switched off. */
const registryOff = () => db.prisma.clause.updateMany({ data: { active: false } });

/** The newsletter–order/registration box (the position holds one clause): made once, switched on. */
async function revealBox() {
  const existing = await db.prisma.clause.findFirst({ where: { position: "NEWSLETTER_ORDER_REGISTRATION" } });
  if (existing) {
    await db.prisma.clause.update({ where: { id: existing.id }, data: { active: true } });
    return existing;
  }
  return newClause({ position: "NEWSLETTER_ORDER_REGISTRATION", type: "OPTIONAL_CONSENT", content: "<p>Chcę otrzymywać newsletter</p>" });
}

/** Renders the form now and answers it: every shown version, and those `accept` picks as ticked. */
async function answer(form: ConsentForm, accept: (c: { clauseId: string; type: string; revealsNewsletter: boolean }) => boolean, customerId?: string) {
  const shown = await clausesForForm(db.prisma, form, { customerId });
  return { shown: shown.map((c) => c.versionId), accepted: shown.filter(accept).map((c) => c.versionId) };
}

/** Checks and records one submission in one transaction, as a form's action does. */
async function submit(ctx: DomainContext, form: ConsentForm, answers: unknown, subjects: ConsentSubjects, person: { userId?: string | null; email?: string | null } = {}, customerId?: string) {
  return db.prisma.$transaction(async (tx) => {
    const checked = await checkConsents(tx, form, answers, { customerId });
    const count = await recordConsents(tx, ctx, checked, subjects, person);
    return { checked, count };
  });
}
const anonymous = (): DomainContext => ({ db: db.prisma, clock, actor: { type: "anonymous" }, requestId: randomUUID(), origin });

// ─────────────────────────────── the registry ───────────────────────────────

describe("the registry", () => {
  test("the list filters by position, type and active, and says which clauses are in use", async () => {
    const a = await newClause({ position: "PRICE_ALERT", type: "MANDATORY_CONSENT" });
    const b = await newClause({ position: "PRICE_ALERT", type: "OPTIONAL_CONSENT", active: false });
    const c = await newClause({ position: "AVAILABILITY_ALERT", type: "INFORMATION_CLAUSE" });
    const ctx = await officer();
    const byPosition = await listClauses(ctx, { position: "PRICE_ALERT" });
    expect(byPosition.every((x) => x.position === "PRICE_ALERT")).toBe(true);
    expect(byPosition.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(byPosition.map((x) => x.id)).not.toContain(c.id);
    const byType = await listClauses(ctx, { type: "INFORMATION_CLAUSE" });
    expect(byType.every((x) => x.type === "INFORMATION_CLAUSE")).toBe(true);
    expect(byType.map((x) => x.id)).toContain(c.id);
    expect(byType.map((x) => x.id)).not.toContain(a.id);
    const inactive = await listClauses(ctx, { active: false });
    expect(inactive.every((x) => !x.active)).toBe(true);
    expect(inactive.map((x) => x.id)).toContain(b.id);
    expect(inactive.map((x) => x.id)).not.toContain(a.id);
    const both = await listClauses(ctx, { position: "PRICE_ALERT", active: true });
    expect(both.map((x) => x.id)).toContain(a.id);
    expect(both.map((x) => x.id)).not.toContain(b.id);
    expect(byPosition.find((x) => x.id === a.id)?.inUse).toBe(false);
    // Staff without manage:clause:any do not read the registry.
    expect((await refused(listClauses(await ctxOf("agent"), {}))).code).toBe("FORBIDDEN");
  });

  test("priority 0 and 256 are accepted; -1 and 257 are refused and nothing is written", async () => {
    expect((await newClause({ priority: 0 })).priority).toBe(0);
    expect((await newClause({ priority: 256 })).priority).toBe(256);
    const before = await counts();
    for (const priority of [-1, 257]) {
      const error = await refused(newClause({ priority }));
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.fieldErrors?.priority).toBeDefined();
    }
    const kept = await newClause({ priority: 5 });
    const change = await refused(updateClause(await officer(), kept.id, { ...input({ priority: 257 }), expectedVersion: 1 }));
    expect(change.code).toBe("VALIDATION_FAILED");
    expect((await db.prisma.clause.findUniqueOrThrow({ where: { id: kept.id } })).priority).toBe(5);
    const after = await counts();
    expect({ ...after, clauses: after.clauses - 1, versions: after.versions - 1, audit: after.audit - 1 }).toEqual(before);
  });

  test("a description is required", async () => {
    const before = await counts();
    const error = await refused(newClause({ description: "   " }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fieldErrors?.description).toBeDefined();
    expect(await counts()).toEqual(before);
  });

  test("the newsletter–order/registration position holds one clause: a second is refused, when added and when moved there", async () => {
    await revealBox();
    const before = await counts();
    const second = await refused(newClause({ position: "NEWSLETTER_ORDER_REGISTRATION" }));
    expect(second.code).toBe("CLAUSE_POSITION_FULL");
    expect(await counts()).toEqual(before);
    const other = await newClause({ position: "NEWSLETTER" });
    const moved = await refused(updateClause(await officer(), other.id, { ...input({ position: "NEWSLETTER_ORDER_REGISTRATION" }), expectedVersion: 1 }));
    expect(moved.code).toBe("CLAUSE_POSITION_FULL");
    expect((await db.prisma.clause.findUniqueOrThrow({ where: { id: other.id } })).position).toBe("NEWSLETTER");
    expect(await db.prisma.clause.count({ where: { position: "NEWSLETTER_ORDER_REGISTRATION" } })).toBe(1);
    // Other positions hold any number.
    await newClause({ position: "NEWSLETTER" });
    expect(await db.prisma.clause.count({ where: { position: "NEWSLETTER" } })).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ["a script", `<p>Zgoda</p><script>fetch("/steal")</script>`],
    ["an event handler", `<p onclick="steal()">Zgoda</p>`],
    ["a javascript: link", `<p><a href="javascript:alert(1)">regulamin</a></p>`],
    ["a data: link", `<p><a href="data:text/html,x">regulamin</a></p>`],
    ["a frame", `<iframe src="https://evil.example"></iframe><p>Zgoda</p>`],
    ["a protocol-relative link", `<p><a href="//evil.example/x">regulamin</a></p>`],
  ])("content with %s is refused (CLAUSE_CONTENT_UNSAFE) and nothing is written", async (_what, content) => {
    const existing = await newClause();
    const before = await counts();
    const error = await refused(newClause({ content }));
    expect(error.code).toBe("CLAUSE_CONTENT_UNSAFE");
    expect(error.fieldErrors?.content).toBeDefined();
    const edit = await refused(updateClause(await officer(), existing.id, { ...input({ content }), expectedVersion: 1 }));
    expect(edit.code).toBe("CLAUSE_CONTENT_UNSAFE");
    expect(await counts()).toEqual(before);
    expect((await db.prisma.clause.findUniqueOrThrow({ where: { id: existing.id } })).version).toBe(1);
  });

  test("links: an unknown information page is refused, the privacy policy and http(s) links are kept", async () => {
    const before = await counts();
    const error = await refused(newClause({ content: `<p>Zob. <a href="/pages/missing">zasady</a></p>` }));
    expect(error.code).toBe("CLAUSE_LINK_UNKNOWN_PAGE");
    expect(error.params?.page).toBe("missing");
    expect(await counts()).toEqual(before);
    const ok = await newClause({ content: `<p>Zob. <a href="/pages/privacy-policy">politykę prywatności</a> i <a href="https://uodo.gov.pl">UODO</a></p>` });
    const version = await currentVersion(ok.id);
    expect(version.content).toContain(`href="/pages/privacy-policy"`);
    // External links open apart and pass nothing about the form along.
    expect(version.content).toContain(`href="https://uodo.gov.pl" target="_blank" rel="noopener noreferrer"`);
  });

  test("a new wording becomes version 2, the first kept with its hash; priority alone makes no version; a type change does", async () => {
    const first = "<p>Wersja pierwsza klauzuli.</p>";
    const clause = await newClause({ content: first });
    const v1 = await currentVersion(clause.id);
    expect(v1).toMatchObject({ version: 1, content: first, contentHash: sha256(first), type: "OPTIONAL_CONSENT", createdById: users.officer });
    clock.advance(MINUTE);
    const second = "<p>Wersja druga klauzuli.</p>";
    const saved = await updateClause(await officer(), clause.id, { ...input({ content: second }), expectedVersion: 1 });
    expect(saved.version).toBe(2);
    const versions = await db.prisma.clauseVersion.findMany({ where: { clauseId: clause.id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.content, v.contentHash])).toEqual([
      [1, first, sha256(first)],
      [2, second, sha256(second)],
    ]);
    expect(versions[0]).toEqual(v1);
    expect(versions[1].createdAt).toEqual(clock.now());
    // Priority, description and active change in place.
    await updateClause(await officer(), clause.id, { ...input({ content: second, priority: 99, description: "Inny opis", active: false }), expectedVersion: 2 });
    const after = await db.prisma.clause.findUniqueOrThrow({ where: { id: clause.id } });
    expect(after).toMatchObject({ version: 2, priority: 99, description: "Inny opis", active: false });
    expect(await db.prisma.clauseVersion.count({ where: { clauseId: clause.id } })).toBe(2);
    // The type is part of what a person was shown: a new version.
    await updateClause(await officer(), clause.id, { ...input({ content: second, type: "MANDATORY_CONSENT" }), expectedVersion: 2 });
    const v3 = await currentVersion(clause.id);
    expect(v3).toMatchObject({ version: 3, type: "MANDATORY_CONSENT", content: second });
    const history = await getClause(await officer(), clause.id);
    expect(history.versions.map((v) => [v.version, v.type, v.createdByName])).toEqual([
      [3, "MANDATORY_CONSENT", "Inspektor Danych"],
      [2, "OPTIONAL_CONSENT", "Inspektor Danych"],
      [1, "OPTIONAL_CONSENT", "Inspektor Danych"],
    ]);
  });

  test("an editor opened on an older version is refused (CONFLICT) and changes nothing", async () => {
    const clause = await newClause();
    await updateClause(await officer(), clause.id, { ...input({ content: "<p>Zmiana kolegi</p>" }), expectedVersion: 1 });
    const before = await counts();
    const error = await refused(updateClause(await officer(), clause.id, { ...input({ content: "<p>Moja zmiana</p>" }), expectedVersion: 1 }));
    expect(error.code).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
    expect((await currentVersion(clause.id)).content).toBe("<p>Zmiana kolegi</p>");
  });

  test("a clause nobody met is deleted with its versions; one with any record is refused (CLAUSE_IN_USE) and stays whole", async () => {
    const unused = await newClause();
    await updateClause(await officer(), unused.id, { ...input({ content: "<p>Druga</p>" }), expectedVersion: 1 });
    await deleteClause(await officer(), unused.id);
    expect(await db.prisma.clause.count({ where: { id: unused.id } })).toBe(0);
    expect(await db.prisma.clauseVersion.count({ where: { clauseId: unused.id } })).toBe(0);

    await registryOff();
    // Only displayed (an information clause): still evidence.
    const shownOnly = await newClause({ position: "ASK_ABOUT_PRODUCT", type: "INFORMATION_CLAUSE" });
    await submit(anonymous(), "ASK_ABOUT_PRODUCT", await answer("ASK_ABOUT_PRODUCT", () => false), { questionId: randomUUID() });
    expect((await listClauses(await officer(), { position: "ASK_ABOUT_PRODUCT" })).find((c) => c.id === shownOnly.id)?.inUse).toBe(true);
    const before = await counts();
    const error = await refused(deleteClause(await officer(), shownOnly.id));
    expect(error.code).toBe("CLAUSE_IN_USE");
    expect(await counts()).toEqual(before);
    expect(await db.prisma.clauseVersion.count({ where: { clauseId: shownOnly.id } })).toBe(1);
    expect((await getClause(await officer(), shownOnly.id)).inUse).toBe(true);
    // An id that names nothing.
    expect((await refused(deleteClause(await officer(), randomUUID()))).code).toBe("NOT_FOUND");
    expect((await refused(deleteClause(await officer(), "not-a-uuid"))).code).toBe("NOT_FOUND");
    expect((await refused(updateClause(await officer(), "not-a-uuid", { ...input(), expectedVersion: 1 }))).code).toBe("NOT_FOUND");
  });

  test("the database refuses to change a clause version or to change or delete a consent record", async () => {
    await registryOff();
    const clause = await newClause({ position: "CONTACT_FORM", type: "OPTIONAL_CONSENT" });
    await submit(anonymous(), "CONTACT", await answer("CONTACT", () => true), { questionId: randomUUID() });
    const version = await currentVersion(clause.id);
    const record = await db.prisma.consentRecord.findFirstOrThrow({ where: { clauseId: clause.id } });
    await expect(db.prisma.$executeRawUnsafe(`UPDATE "ClauseVersion" SET "content" = 'x' WHERE "id" = '${version.id}'`)).rejects.toThrow(/never changed/);
    await expect(db.prisma.$executeRawUnsafe(`UPDATE "ConsentRecord" SET "choice" = 'DECLINED' WHERE "id" = ${record.id}`)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "ConsentRecord" WHERE "id" = ${record.id}`)).rejects.toThrow(/append-only/);
    expect(await currentVersion(clause.id)).toEqual(version);
    expect(await db.prisma.consentRecord.findUniqueOrThrow({ where: { id: record.id } })).toEqual(record);
  });
});

// ─────────────────────────────── forms ───────────────────────────────

describe("what forms show and accept", () => {
  beforeEach(async () => {
    await registryOff();
    await db.prisma.setting.deleteMany({ where: { key: REVIEW_INTEGRATIONS_SETTING } });
  });

  test("a form shows its active clauses by its positions' order, then priority (higher first); inactive ones are left out", async () => {
    const regOrder = await newClause({ position: "REGISTRATION_ORDER", priority: 250, type: "MANDATORY_CONSENT" });
    const orderLow = await newClause({ position: "ORDER", priority: 5, type: "INFORMATION_CLAUSE" });
    const orderHigh = await newClause({ position: "ORDER", priority: 100, type: "MANDATORY_CONSENT" });
    await newClause({ position: "ORDER", priority: 200, active: false });
    const reveal = await revealBox();
    const newsletter = await newClause({ position: "NEWSLETTER", priority: 1 });
    const contact = await newClause({ position: "CONTACT_FORM", priority: 256 });
    const shown = await clausesForForm(db.prisma, "ORDER");
    expect(shown.map((c) => c.clauseId)).toEqual([orderHigh.id, orderLow.id, regOrder.id, reveal.id, newsletter.id]);
    expect(shown.map((c) => c.clauseId)).not.toContain(contact.id);
    const byId = Object.fromEntries(shown.map((c) => [c.clauseId, c]));
    expect(byId[newsletter.id]).toMatchObject({ behindNewsletter: true, revealsNewsletter: false });
    expect(byId[reveal.id]).toMatchObject({ behindNewsletter: false, revealsNewsletter: true });
    expect(byId[orderHigh.id]).toMatchObject({ version: 1, type: "MANDATORY_CONSENT", contentHash: sha256(byId[orderHigh.id].content) });
    // The newsletter form shows the newsletter clauses themselves, not behind any box.
    expect((await clausesForForm(db.prisma, "NEWSLETTER")).map((c) => [c.clauseId, c.behindNewsletter])).toEqual([[newsletter.id, false]]);
    // Without the box, the order form offers no newsletter at all.
    await db.prisma.clause.update({ where: { id: reveal.id }, data: { active: false } });
    expect((await clausesForForm(db.prisma, "ORDER")).map((c) => c.clauseId)).toEqual([orderHigh.id, orderLow.id, regOrder.id]);
  });

  test("the Opineo and Ceneo clauses are shown only while their integration is switched on", async () => {
    const order = await newClause({ position: "ORDER" });
    const opineo = await newClause({ position: "ORDER_OPINEO" });
    const ceneo = await newClause({ position: "ORDER_CENEO" });
    const ids = async () => (await clausesForForm(db.prisma, "ORDER")).map((c) => c.clauseId);
    expect(await ids()).toEqual([order.id]);
    await db.prisma.setting.create({ data: { key: REVIEW_INTEGRATIONS_SETTING, value: { opineo: true } } });
    expect(await ids()).toEqual([order.id, opineo.id]);
    await db.prisma.setting.update({ where: { key: REVIEW_INTEGRATIONS_SETTING }, data: { value: { opineo: false, ceneo: true } } });
    expect(await ids()).toEqual([order.id, ceneo.id]);
    // An answer naming a switched-off integration's clause is not offered.
    const ceneoVersion = await currentVersion(ceneo.id);
    await db.prisma.setting.update({ where: { key: REVIEW_INTEGRATIONS_SETTING }, data: { value: { ceneo: false } } });
    const orderVersion = await currentVersion(order.id);
    const error = await refused(checkConsents(db.prisma, "ORDER", { shown: [orderVersion.id, ceneoVersion.id], accepted: [ceneoVersion.id] }));
    expect(error.code).toBe("CONSENT_NOT_OFFERED");
  });

  test("a mandatory consent not given is refused with a detail for each such clause", async () => {
    const a = await newClause({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT", priority: 20 });
    const b = await newClause({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT", priority: 10 });
    const optional = await newClause({ position: "CONTACT_FORM", type: "OPTIONAL_CONSENT" });
    const [va, vb] = [await currentVersion(a.id), await currentVersion(b.id)];
    const before = await counts();
    const none = await refused(submit(anonymous(), "CONTACT", await answer("CONTACT", () => false), { questionId: randomUUID() }));
    expect(none.code).toBe("CONSENT_REQUIRED");
    expect(none.details?.map((d) => [d.field, d.code])).toEqual([
      [`consent.${va.id}`, "CONSENT_REQUIRED"],
      [`consent.${vb.id}`, "CONSENT_REQUIRED"],
    ]);
    const one = await refused(submit(anonymous(), "CONTACT", await answer("CONTACT", (c) => c.clauseId === a.id), { questionId: randomUUID() }));
    expect(one.details?.map((d) => d.field)).toEqual([`consent.${vb.id}`]);
    expect(await counts()).toEqual(before);
    // Both given, the optional one not: sent.
    const sent = await submit(anonymous(), "CONTACT", await answer("CONTACT", (c) => c.clauseId !== optional.id), { questionId: randomUUID() });
    expect(sent.count).toBe(3);
  });

  test("forged, inactive and other positions' clause versions are not offered; nothing is written", async () => {
    const shown = await newClause({ position: "CONTACT_FORM" });
    const inactive = await newClause({ position: "CONTACT_FORM", active: false });
    const elsewhere = await newClause({ position: "PRICE_ALERT" });
    const base = await answer("CONTACT", () => true);
    const before = await counts();
    for (const stray of [randomUUID(), (await currentVersion(inactive.id)).id, (await currentVersion(elsewhere.id)).id]) {
      for (const answers of [
        { shown: [...base.shown, stray], accepted: base.accepted },
        { shown: base.shown, accepted: [...base.accepted, stray] },
      ]) {
        const error = await refused(submit(anonymous(), "CONTACT", answers, { questionId: randomUUID() }));
        expect(error.code).toBe("CONSENT_NOT_OFFERED");
      }
    }
    // Not even a uuid: a malformed answer.
    expect((await refused(submit(anonymous(), "CONTACT", { shown: ["1 OR 1=1"], accepted: [] }, { questionId: randomUUID() }))).code).toBe("VALIDATION_FAILED");
    expect(await counts()).toEqual(before);
    expect(shown.id).toBeTruthy();
  });

  test("an older version of a shown clause, or a clause added after the page was shown, is outdated", async () => {
    const clause = await newClause({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT" });
    const page = await answer("CONTACT", () => true);
    await updateClause(await officer(), clause.id, { ...input({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT", content: "<p>Nowe brzmienie</p>" }), expectedVersion: 1 });
    const before = await counts();
    expect((await refused(submit(anonymous(), "CONTACT", page, { questionId: randomUUID() }))).code).toBe("CONSENT_OUTDATED");
    // Rendered again: accepted.
    const fresh = await answer("CONTACT", () => true);
    // A clause added after this page was rendered: the person never saw it.
    await newClause({ position: "CONTACT_FORM", type: "INFORMATION_CLAUSE" });
    expect((await refused(submit(anonymous(), "CONTACT", fresh, { questionId: randomUUID() }))).code).toBe("CONSENT_OUTDATED");
    expect((await counts()).records).toBe(before.records);
    expect((await submit(anonymous(), "CONTACT", await answer("CONTACT", () => true), { questionId: randomUUID() })).count).toBe(2);
    // A clause deleted after the page was rendered: the form changed under the person too.
    const doomed = await newClause({ position: "CONTACT_FORM", type: "OPTIONAL_CONSENT" });
    const withDoomed = await answer("CONTACT", () => true);
    await deleteClause(await officer(), doomed.id);
    const recordsBefore = await db.prisma.consentRecord.count();
    expect((await refused(submit(anonymous(), "CONTACT", withDoomed, { questionId: randomUUID() }))).code).toBe("CONSENT_OUTDATED");
    expect(await db.prisma.consentRecord.count()).toBe(recordsBefore);
  });

  test("the newsletter clauses count only once the box is ticked, and the box itself is never recorded", async () => {
    const order = await newClause({ position: "ORDER", type: "MANDATORY_CONSENT" });
    const reveal = await revealBox();
    const mandatoryNews = await newClause({ position: "NEWSLETTER", type: "MANDATORY_CONSENT" });
    const optionalNews = await newClause({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT" });
    const orderRow = await createOrder(db.prisma, { buyerId: null, sellerId: users.buyer2, buyerEmail: "gosc@example.pl" });
    const subscriber = await db.prisma.newsletterSubscriber.create({ data: { email: `n${randomUUID()}@example.pl`, subscribedAt: clock.now() } });
    const subjects = { orderId: orderRow.id, newsletterSubscriberId: subscriber.id };

    // Box unticked: the newsletter's mandatory clause is not required, ticks on newsletter clauses count for nothing.
    const unticked = await answer("ORDER", (c) => c.clauseId === order.id || c.clauseId === optionalNews.id);
    const plain = await db.prisma.$transaction(async (tx) => checkConsents(tx, "ORDER", unticked));
    expect(plain.wantsNewsletter).toBe(false);
    expect(plain.choices.map((c) => c.clause.clauseId)).toEqual([order.id]);

    // Box ticked: the newsletter's mandatory clause is required.
    const ticked = await answer("ORDER", (c) => c.clauseId === order.id || c.clauseId === reveal.id);
    const error = await refused(db.prisma.$transaction(async (tx) => checkConsents(tx, "ORDER", ticked)));
    expect(error.code).toBe("CONSENT_REQUIRED");
    expect(error.details?.map((d) => d.field)).toEqual([`consent.${(await currentVersion(mandatoryNews.id)).id}`]);

    const all = await answer("ORDER", (c) => c.clauseId !== optionalNews.id);
    const { checked, count } = await submit(anonymous(), "ORDER", all, subjects, { email: "gosc@example.pl" });
    expect(checked.wantsNewsletter).toBe(true);
    expect(count).toBe(3);
    const rows = await db.prisma.consentRecord.findMany({ where: { submissionId: (await db.prisma.consentRecord.findFirstOrThrow({ where: { subjectId: orderRow.id } })).submissionId } });
    expect(rows.map((r) => [r.clauseId, r.choice, r.subjectType, r.subjectId]).sort()).toEqual(
      [
        [order.id, "ACCEPTED", "ORDER", orderRow.id],
        [mandatoryNews.id, "ACCEPTED", "NEWSLETTER", subscriber.id],
        [optionalNews.id, "DECLINED", "NEWSLETTER", subscriber.id],
      ].sort(),
    );
    expect(await db.prisma.consentRecord.count({ where: { clauseId: reveal.id } })).toBe(0);

    // A newsletter clause reworded after the page was shown, box unticked: the page carried the old
    // wording, so the person reads the form again (outdated, not "not offered").
    const page = await answer("ORDER", (c) => c.clauseId === order.id);
    await updateClause(await officer(), optionalNews.id, { ...input({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT", content: "<p>Nowy newsletter</p>" }), expectedVersion: 1 });
    expect((await refused(db.prisma.$transaction(async (tx) => checkConsents(tx, "ORDER", page)))).code).toBe("CONSENT_OUTDATED");
  });

  test("a submission records one row per clause shown: the exact version, its type then, the time, address, browser, page and person", async () => {
    const mandatory = await newClause({ position: "ORDER", type: "MANDATORY_CONSENT", priority: 30 });
    const optional = await newClause({ position: "ORDER", type: "OPTIONAL_CONSENT", priority: 20 });
    const declined = await newClause({ position: "ORDER", type: "OPTIONAL_CONSENT", priority: 10 });
    const info = await newClause({ position: "ORDER", type: "INFORMATION_CLAUSE", priority: 0 });
    const regOrder = await newClause({ position: "REGISTRATION_ORDER", type: "MANDATORY_CONSENT" });
    const orderRow = await createOrder(db.prisma, { buyerId: users.buyer, sellerId: users.buyer2 });
    clock.advance(HOUR);
    const ctx = await ctxOf("buyer");
    const answers = await answer("ORDER", (c) => c.clauseId !== declined.id, users.buyer);
    const { count } = await submit(ctx, "ORDER", answers, { orderId: orderRow.id, customerId: users.buyer }, { email: "kupujacy@example.pl" }, users.buyer);
    expect(count).toBe(5);
    const rows = await db.prisma.consentRecord.findMany({ where: { clauseId: { in: [mandatory.id, optional.id, declined.id, info.id, regOrder.id] } }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.submissionId)).size).toBe(1);
    const expected: Record<string, [string, string, string, string]> = {
      [mandatory.id]: ["MANDATORY_CONSENT", "ACCEPTED", "ORDER", orderRow.id],
      [optional.id]: ["OPTIONAL_CONSENT", "ACCEPTED", "ORDER", orderRow.id],
      [declined.id]: ["OPTIONAL_CONSENT", "DECLINED", "ORDER", orderRow.id],
      [info.id]: ["INFORMATION_CLAUSE", "DISPLAYED", "ORDER", orderRow.id],
      // A signed-in customer's registration/order consent is kept on the customer.
      [regOrder.id]: ["MANDATORY_CONSENT", "ACCEPTED", "CUSTOMER", users.buyer],
    };
    for (const row of rows) {
      const version = await currentVersion(row.clauseId);
      expect([row.clauseType, row.choice, row.subjectType, row.subjectId]).toEqual(expected[row.clauseId]);
      expect(row).toMatchObject({
        clauseVersionId: version.id,
        form: "ORDER",
        at: clock.now(),
        ipAddress: origin.ipAddress,
        userAgent: origin.userAgent,
        pageUrl: origin.pageUrl,
        userId: users.buyer,
        email: "kupujacy@example.pl",
      });
    }
    // A guest's registration/order consent goes to the order; no one's id.
    const guestOrder = await createOrder(db.prisma, { buyerId: null, sellerId: users.buyer2 });
    await submit(anonymous(), "ORDER", await answer("ORDER", (c) => c.clauseId !== declined.id), { orderId: guestOrder.id });
    const guest = await db.prisma.consentRecord.findFirstOrThrow({ where: { clauseId: regOrder.id, subjectId: guestOrder.id } });
    expect(guest).toMatchObject({ subjectType: "ORDER", userId: null });
    // Without the request's origin nothing is recorded.
    await expect(submit({ ...anonymous(), origin: undefined }, "ORDER", await answer("ORDER", () => true), { orderId: guestOrder.id })).rejects.toThrow(/origin/);
  });

  test("the exact accepted wording survives later edits: the record's version keeps its text and hash", async () => {
    const original = `<p>Zgadzam się na przetwarzanie danych (<a href="/pages/privacy-policy">polityka</a>).</p>`;
    const clause = await newClause({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT", content: original });
    const questionId = randomUUID();
    await submit(anonymous(), "CONTACT", await answer("CONTACT", () => true), { questionId });
    const accepted = await db.prisma.consentRecord.findFirstOrThrow({ where: { subjectId: questionId }, include: { clauseVersion: true } });
    const hashThen = accepted.clauseVersion.contentHash;
    expect(hashThen).toBe(sha256(original));
    await updateClause(await officer(), clause.id, { ...input({ position: "CONTACT_FORM", type: "MANDATORY_CONSENT", content: "<p>Całkiem nowe brzmienie.</p>" }), expectedVersion: 1 });
    await updateClause(await officer(), clause.id, { ...input({ position: "CONTACT_FORM", type: "OPTIONAL_CONSENT", content: "<p>Trzecie brzmienie.</p>" }), expectedVersion: 2 });
    const later = await db.prisma.consentRecord.findUniqueOrThrow({ where: { id: accepted.id }, include: { clauseVersion: true } });
    expect(later.clauseVersion.content).toBe(original);
    expect(later.clauseVersion.contentHash).toBe(sha256(later.clauseVersion.content));
    expect(later.clauseVersion.contentHash).toBe(hashThen);
    expect(later.clauseType).toBe("MANDATORY_CONSENT");
    expect((await currentVersion(clause.id)).contentHash).not.toBe(hashThen);
  });

  test("a signed-in customer is not shown a registration/order clause accepted in its current version: again after a new version or a withdrawal", async () => {
    const regOrder = await newClause({ position: "REGISTRATION_ORDER", type: "OPTIONAL_CONSENT", content: "<p>Zgoda na profilowanie ofert.</p>" });
    const customer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
    const ctx: DomainContext = { db: db.prisma, clock, actor: await actorFor(db.prisma, customer), requestId: randomUUID(), origin };
    const shown = async (id = customer) => (await clausesForForm(db.prisma, "ORDER", { customerId: id })).map((c) => c.clauseId);
    expect(await shown()).toEqual([regOrder.id]);
    // Declined: shown again next time.
    const order1 = await createOrder(db.prisma, { buyerId: customer, sellerId: users.buyer2 });
    await submit(ctx, "ORDER", await answer("ORDER", () => false, customer), { orderId: order1.id, customerId: customer }, {}, customer);
    expect(await shown()).toEqual([regOrder.id]);
    clock.advance(MINUTE);
    const order2 = await createOrder(db.prisma, { buyerId: customer, sellerId: users.buyer2 });
    await submit(ctx, "ORDER", await answer("ORDER", () => true, customer), { orderId: order2.id, customerId: customer }, {}, customer);
    expect(await shown()).toEqual([]);
    // Others still see it; so does a guest.
    expect(await shown(users.buyer2)).toEqual([regOrder.id]);
    expect((await clausesForForm(db.prisma, "ORDER")).map((c) => c.clauseId)).toEqual([regOrder.id]);
    // The form sent without it (it was not shown) is complete.
    const order3 = await createOrder(db.prisma, { buyerId: customer, sellerId: users.buyer2 });
    expect((await submit(ctx, "ORDER", await answer("ORDER", () => true, customer), { orderId: order3.id, customerId: customer }, {}, customer)).count).toBe(0);
    // A new version: shown again, accepted again, kept on the customer.
    clock.advance(MINUTE);
    await updateClause(await officer(), regOrder.id, { ...input({ position: "REGISTRATION_ORDER", type: "OPTIONAL_CONSENT", content: "<p>Zgoda na profilowanie ofert (v2).</p>" }), expectedVersion: 1 });
    expect(await shown()).toEqual([regOrder.id]);
    clock.advance(MINUTE);
    await submit(ctx, "ORDER", await answer("ORDER", () => true, customer), { orderId: order3.id, customerId: customer }, {}, customer);
    expect(await shown()).toEqual([]);
    const latest = await db.prisma.consentRecord.findFirstOrThrow({ where: { clauseId: regOrder.id, subjectId: customer }, orderBy: { id: "desc" } });
    expect(latest).toMatchObject({ subjectType: "CUSTOMER", choice: "ACCEPTED", clauseVersionId: (await currentVersion(regOrder.id)).id });
    // Withdrawn: shown again.
    clock.advance(MINUTE);
    await withdrawConsent(ctx, { subjectType: "CUSTOMER", subjectId: customer, clauseId: regOrder.id });
    expect(await shown()).toEqual([regOrder.id]);
  });
});

// ─────────────────────────────── withdrawal ───────────────────────────────

describe("withdrawal", () => {
  let person: string;
  let ctx: DomainContext;
  let subscriber: string;
  let orderId: string;
  let newsA: string;
  let newsB: string;
  let terms: string;
  let info: string;

  beforeAll(async () => {
    await registryOff();
    const user = await createUser(db.prisma, { roles: ["BUYER"] });
    person = user.id;
    ctx = { db: db.prisma, clock, actor: await actorFor(db.prisma, person), requestId: randomUUID(), origin: { ipAddress: "198.51.100.4", userAgent: "Privacy page", pageUrl: "/privacy" } };
    newsA = (await newClause({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT", priority: 3 })).id;
    newsB = (await newClause({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT", priority: 2 })).id;
    info = (await newClause({ position: "NEWSLETTER", type: "INFORMATION_CLAUSE", priority: 0 })).id;
    // Accepting an order's terms is not a consent one withdraws.
    terms = (await newClause({ position: "ORDER", type: "MANDATORY_CONSENT" })).id;
    subscriber = (await db.prisma.newsletterSubscriber.create({ data: { email: user.email, userId: person, subscribedAt: clock.now() } })).id;
    orderId = (await createOrder(db.prisma, { buyerId: person, sellerId: users.buyer2 })).id;
    clock.advance(MINUTE);
    await submit(ctx, "NEWSLETTER", await answer("NEWSLETTER", () => true), { newsletterSubscriberId: subscriber }, { email: user.email });
    await submit(ctx, "ORDER", await answer("ORDER", () => true), { orderId });
    clock.advance(MINUTE);
  });

  test("the owner withdraws an accepted optional consent: a WITHDRAWN record naming the same version; the acceptance stays as it was", async () => {
    const acceptance = await db.prisma.consentRecord.findFirstOrThrow({ where: { clauseId: newsA, subjectId: subscriber } });
    const result = await withdrawConsent(ctx, { subjectType: "NEWSLETTER", subjectId: subscriber, clauseId: newsA });
    const withdrawal = await db.prisma.consentRecord.findUniqueOrThrow({ where: { id: BigInt(result.id) } });
    expect(withdrawal).toMatchObject({
      choice: "WITHDRAWN",
      form: "PRIVACY_SETTINGS",
      clauseVersionId: acceptance.clauseVersionId,
      clauseType: "OPTIONAL_CONSENT",
      subjectType: "NEWSLETTER",
      subjectId: subscriber,
      userId: person,
      at: clock.now(),
      ipAddress: "198.51.100.4",
      userAgent: "Privacy page",
      pageUrl: "/privacy",
    });
    expect(await db.prisma.consentRecord.findUniqueOrThrow({ where: { id: acceptance.id } })).toEqual(acceptance);
    // One consent still given: still subscribed.
    expect((await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { id: subscriber } })).unsubscribedAt).toBeNull();
  });

  test("an order's terms (mandatory), an information clause or a consent already withdrawn cannot be withdrawn", async () => {
    const before = await counts();
    for (const [subjectType, subjectId, clauseId] of [
      ["ORDER", orderId, terms],
      ["NEWSLETTER", subscriber, info],
      ["NEWSLETTER", subscriber, newsA],
    ] as const) {
      const error = await refused(withdrawConsent(ctx, { subjectType, subjectId, clauseId }));
      expect(error.code).toBe("CONSENT_NOT_WITHDRAWABLE");
    }
    expect(await counts()).toEqual(before);
  });

  test("another person's consent is refused (FORBIDDEN) and nothing is written", async () => {
    const before = await counts();
    const other = await ctxOf("buyer2");
    expect((await refused(withdrawConsent(other, { subjectType: "NEWSLETTER", subjectId: subscriber, clauseId: newsB }))).code).toBe("FORBIDDEN");
    expect((await refused(withdrawConsent(other, { subjectType: "CUSTOMER", subjectId: person, clauseId: newsB }))).code).toBe("FORBIDDEN");
    // Staff do not withdraw for people either.
    expect((await refused(withdrawConsent(await ctxOf("agent"), { subjectType: "NEWSLETTER", subjectId: subscriber, clauseId: newsB }))).code).toBe("FORBIDDEN");
    expect((await refused(withdrawConsent(anonymous(), { subjectType: "NEWSLETTER", subjectId: subscriber, clauseId: newsB }))).code).toBe("UNAUTHENTICATED");
    expect(await counts()).toEqual(before);
  });

  test("myConsents shows each consent's latest state and whether it can be withdrawn", async () => {
    const mine = await myConsents(ctx);
    const byClause = Object.fromEntries(mine.filter((c) => c.subjectId === subscriber || c.subjectId === orderId).map((c) => [c.clauseId, c]));
    expect(Object.keys(byClause).sort()).toEqual([newsA, newsB, info, terms].sort());
    expect(byClause[newsA]).toMatchObject({ choice: "WITHDRAWN", withdrawable: false });
    expect(byClause[newsB]).toMatchObject({ choice: "ACCEPTED", withdrawable: true });
    expect(byClause[terms]).toMatchObject({ choice: "ACCEPTED", withdrawable: false });
    expect(byClause[info]).toMatchObject({ choice: "DISPLAYED", withdrawable: false });
    expect(byClause[newsB].clauseVersion.contentHash).toBe(sha256(byClause[newsB].clauseVersion.content));
    // Another person sees none of it.
    expect((await myConsents(await ctxOf("buyer2"))).filter((c) => c.subjectId === subscriber)).toEqual([]);
  });

  test("withdrawing the last newsletter consent ends the subscription", async () => {
    clock.advance(MINUTE);
    await withdrawConsent(ctx, { subjectType: "NEWSLETTER", subjectId: subscriber, clauseId: newsB });
    expect((await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { id: subscriber } })).unsubscribedAt).toEqual(clock.now());

    // A subscriber signed up without an account: owned through the e-mail address it was signed up with.
    await registryOff();
    const only = (await newClause({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT" })).id;
    const user = await createUser(db.prisma, { roles: ["BUYER"] });
    const own: DomainContext = { ...ctx, actor: await actorFor(db.prisma, user.id) };
    const sub = (await db.prisma.newsletterSubscriber.create({ data: { email: user.email, subscribedAt: clock.now() } })).id;
    await submit(anonymous(), "NEWSLETTER", await answer("NEWSLETTER", () => true), { newsletterSubscriberId: sub }, { email: user.email });
    clock.advance(MINUTE);
    await withdrawConsent(own, { subjectType: "NEWSLETTER", subjectId: sub, clauseId: only });
    expect((await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { id: sub } })).unsubscribedAt).toEqual(clock.now());
  });
});

describe("withdrawing an alert's consent", () => {
  test("a product alert exists by its consent: withdrawing the mandatory consent cancels the alert", async () => {
    await registryOff();
    const clause = await newClause({ position: "AVAILABILITY_ALERT", type: "MANDATORY_CONSENT" });
    const user = await createUser(db.prisma, { roles: ["BUYER"] });
    const own: DomainContext = { db: db.prisma, clock, actor: await actorFor(db.prisma, user.id), requestId: randomUUID(), origin };
    const seller = await createUser(db.prisma, { roles: ["SELLER"] });
    const offer = await db.prisma.offer.create({ data: { title: "Rower", priceAmount: 129_900, sellerId: seller.id, status: "ENDED" } });
    const alert = await db.prisma.productAlert.create({
      data: { kind: "AVAILABILITY", offerId: offer.id, userId: user.id, email: user.email, priceAmount: 129_900, createdAt: clock.now() },
    });
    await submit(own, "AVAILABILITY_ALERT", await answer("AVAILABILITY_ALERT", () => true), { productAlertId: alert.id });
    clock.advance(MINUTE);
    await withdrawConsent(own, { subjectType: "PRODUCT_ALERT", subjectId: alert.id, clauseId: clause.id });
    expect((await db.prisma.productAlert.findUniqueOrThrow({ where: { id: alert.id } })).cancelledAt).toEqual(clock.now());
  });
});

// ─────────────────────────────── history ───────────────────────────────

describe("consent history", () => {
  test("one's own history, another's only with read:consent:any; newest first, page by page", async () => {
    await registryOff();
    const clause = await newClause({ position: "PRICE_ALERT", type: "OPTIONAL_CONSENT" });
    const user = await createUser(db.prisma, { roles: ["BUYER"] });
    const own: DomainContext = { db: db.prisma, clock, actor: await actorFor(db.prisma, user.id), requestId: randomUUID(), origin };
    const alerts: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE);
      const alertId = randomUUID();
      alerts.push(alertId);
      await submit(own, "PRICE_ALERT", await answer("PRICE_ALERT", () => i % 2 === 0), { productAlertId: alertId });
    }
    const mine = await consentHistory(own, user.id, { take: 2 });
    expect(mine.total).toEqual({ count: 5, atLeast: false });
    expect(mine.records.map((r) => r.subjectId)).toEqual([alerts[4], alerts[3]]);
    const next = await consentHistory(own, user.id, { skip: 2, take: 2 });
    expect(next.records.map((r) => r.subjectId)).toEqual([alerts[2], alerts[1]]);
    const last = await consentHistory(own, user.id, { skip: 4, take: 2 });
    expect(last.records.map((r) => [r.subjectId, r.choice])).toEqual([[alerts[0], "ACCEPTED"]]);
    expect(mine.records[0]).toMatchObject({ clauseId: clause.id, clauseVersion: { version: 1 }, ipAddress: origin.ipAddress });
    expect(typeof mine.records[0].id).toBe("string");

    const agent = await consentHistory(await ctxOf("agent"), user.id, { take: 10 });
    expect(agent.records).toHaveLength(5);
    expect((await refused(consentHistory(await ctxOf("buyer"), user.id))).code).toBe("FORBIDDEN");
    expect((await refused(consentHistory(anonymous(), user.id))).code).toBe("UNAUTHENTICATED");
  });
});
