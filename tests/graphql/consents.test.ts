import { createHash } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestClock, MINUTE, type TestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createUser } from "../support/factories";
import { createTestServices, graphql, sessionCookieFor } from "../support/services";

// The clause registry and consents through the API: the officer's registry, a form's clauses for anyone,
// a person's history and consents, and withdrawal with the caller's address recorded.

let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-12-01T09:00:00.000Z");
  services = createTestServices(db, clock);
  for (const [name, roles] of [
    ["officer", ["PRIVACY_OFFICER"]],
    ["buyer", ["BUYER"]],
    ["buyer2", ["BUYER"]],
    ["agent", ["AGENT"]],
  ] as const) {
    const user = await createUser(db.prisma, { roles: [...roles], name: `Konsent ${name}` });
    ids[name] = user.id;
    cookies[name] = await sessionCookieFor(services, user.id);
  }
}, 60_000);
afterAll(async () => db?.close());

const as = (who: string | null, query: string, variables?: Record<string, unknown>) => graphql(services, query, { cookie: who ? cookies[who] : undefined, variables });
const counts = async () => ({ clauses: await db.prisma.clause.count(), versions: await db.prisma.clauseVersion.count(), records: await db.prisma.consentRecord.count() });

const CLAUSE_FIELDS = `id description position type active priority version inUse versions { version type content contentHash createdAt createdByName }`;
const CREATE = /* GraphQL */ `
  mutation($input: ClauseInput!) {
    createClause(input: $input) {
      __typename
      ... on MutationCreateClauseSuccess { data { ${CLAUSE_FIELDS} } }
      ... on DomainError { code message fieldErrors { field messages } details { field code } }
    }
  }`;
const UPDATE = /* GraphQL */ `
  mutation($id: ID!, $input: ClauseUpdateInput!) {
    updateClause(id: $id, input: $input) {
      __typename
      ... on MutationUpdateClauseSuccess { data { ${CLAUSE_FIELDS} } }
      ... on DomainError { code message fieldErrors { field messages } }
    }
  }`;
const DELETE = /* GraphQL */ `
  mutation($id: ID!) {
    deleteClause(id: $id) { __typename ... on MutationDeleteClauseSuccess { data } ... on DomainError { code message } }
  }`;
const WITHDRAW = /* GraphQL */ `
  mutation($type: ConsentSubject!, $subject: ID!, $clause: ID!) {
    withdrawConsent(subjectType: $type, subjectId: $subject, clauseId: $clause) {
      __typename
      ... on MutationWithdrawConsentSuccess { data { id at } }
      ... on DomainError { code message }
    }
  }`;
const clauseInput = (over: Record<string, unknown> = {}) => ({
  description: "Zgoda na newsletter",
  position: "NEWSLETTER",
  type: "OPTIONAL_CONSENT",
  active: true,
  priority: 10,
  content: "<p>Chcę dostawać newsletter.</p>",
  ...over,
});

describe("the registry through the API", () => {
  test("the officer adds, edits (a new version) and deletes a clause; the list filters", async () => {
    const created = await as("officer", CREATE, { input: clauseInput() });
    expect(created.errors).toBeUndefined();
    const clause = created.data.createClause.data;
    expect(clause).toMatchObject({ position: "NEWSLETTER", type: "OPTIONAL_CONSENT", version: 1, inUse: false });
    expect(clause.versions).toEqual([
      expect.objectContaining({ version: 1, content: "<p>Chcę dostawać newsletter.</p>", contentHash: sha256("<p>Chcę dostawać newsletter.</p>"), createdByName: "Konsent officer" }),
    ]);
    clock.advance(MINUTE);
    const updated = await as("officer", UPDATE, { id: clause.id, input: { ...clauseInput({ content: "<p>Nowa treść.</p>", priority: 20 }), expectedVersion: 1 } });
    expect(updated.data.updateClause.data).toMatchObject({ version: 2, priority: 20 });
    expect(updated.data.updateClause.data.versions.map((v: { version: number; content: string }) => [v.version, v.content])).toEqual([
      [2, "<p>Nowa treść.</p>"],
      [1, "<p>Chcę dostawać newsletter.</p>"],
    ]);
    const stale = await as("officer", UPDATE, { id: clause.id, input: { ...clauseInput({ content: "<p>Stara karta.</p>" }), expectedVersion: 1 } });
    expect(stale.data.updateClause).toMatchObject({ __typename: "DomainError", code: "CONFLICT" });

    const other = (await as("officer", CREATE, { input: clauseInput({ position: "CONTACT_FORM", type: "INFORMATION_CLAUSE", active: false }) })).data.createClause.data;
    const list = await as("officer", `query($p: ClausePosition, $a: Boolean) { clauses(position: $p, active: $a, first: 50) { total { count atLeast formatted } edges { node { id position active inUse } } } }`, { p: "NEWSLETTER" });
    expect(list.errors).toBeUndefined();
    expect(list.data.clauses.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([clause.id]);
    expect(list.data.clauses.total).toEqual({ count: 1, atLeast: false, formatted: "1" });
    const inactive = await as("officer", `{ clauses(active: false) { edges { node { id } } } }`);
    expect(inactive.data.clauses.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([other.id]);
    const one = await as("officer", `query($id: ID!) { clause(id: $id) { id version versions { version } } }`, { id: clause.id });
    expect(one.data.clause).toMatchObject({ id: clause.id, version: 2 });

    const deleted = await as("officer", DELETE, { id: other.id });
    expect(deleted.data.deleteClause).toEqual({ __typename: "MutationDeleteClauseSuccess", data: other.id });
    expect(await db.prisma.clauseVersion.count({ where: { clauseId: other.id } })).toBe(0);
    const missing = await as("officer", DELETE, { id: "nonsense" });
    expect(missing.data.deleteClause).toMatchObject({ code: "NOT_FOUND" });
  });

  test("a buyer and an agent may not read or change the registry", async () => {
    const before = await counts();
    for (const who of ["buyer", "agent", null]) {
      const created = await as(who, CREATE, { input: clauseInput() });
      expect(created.errors?.[0]?.extensions?.code).toBe(who ? "FORBIDDEN" : "UNAUTHENTICATED");
      const list = await as(who, `{ clauses { edges { node { id } } } }`);
      expect(list.errors?.[0]?.extensions?.code).toBe(who ? "FORBIDDEN" : "UNAUTHENTICATED");
    }
    expect(await counts()).toEqual(before);
  });

  test("a script in the content is refused (CLAUSE_CONTENT_UNSAFE), priority 257 is VALIDATION_FAILED; nothing is written", async () => {
    const before = await counts();
    const script = await as("officer", CREATE, { input: clauseInput({ content: `<p>Zgoda</p><script>alert(1)</script>` }) });
    expect(script.data.createClause).toMatchObject({ __typename: "DomainError", code: "CLAUSE_CONTENT_UNSAFE" });
    expect(script.data.createClause.details[0]).toMatchObject({ field: "content", code: "CLAUSE_CONTENT_UNSAFE" });
    const priority = await as("officer", CREATE, { input: clauseInput({ priority: 257 }) });
    expect(priority.data.createClause).toMatchObject({ __typename: "DomainError", code: "VALIDATION_FAILED" });
    expect(priority.data.createClause.fieldErrors.map((f: { field: string }) => f.field)).toEqual(["priority"]);
    const full = await as("officer", CREATE, { input: clauseInput({ position: "NEWSLETTER_ORDER_REGISTRATION" }) });
    expect(full.data.createClause.__typename).toBe("MutationCreateClauseSuccess");
    const second = await as("officer", CREATE, { input: clauseInput({ position: "NEWSLETTER_ORDER_REGISTRATION" }) });
    expect(second.data.createClause).toMatchObject({ code: "CLAUSE_POSITION_FULL" });
    const after = await counts();
    expect(after).toEqual({ ...before, clauses: before.clauses + 1, versions: before.versions + 1 });
  });
});

describe("consents through the API", () => {
  let subscriber: string;
  let newsletterClause: string;

  beforeAll(async () => {
    // The buyer signed up for the newsletter on the newsletter form (recorded as the form's action does).
    const buyer = await db.prisma.user.findUniqueOrThrow({ where: { id: ids.buyer } });
    subscriber = (await db.prisma.newsletterSubscriber.create({ data: { email: buyer.email, userId: buyer.id, subscribedAt: clock.now() } })).id;
    const shown = await clausesForForm(db.prisma, "NEWSLETTER");
    newsletterClause = shown[0].clauseId;
    const ctx = { db: db.prisma, clock, actor: await actorFor(db.prisma, ids.buyer), requestId: "t", origin: { ipAddress: "203.0.113.5", userAgent: "Form browser", pageUrl: "/newsletter" } };
    await db.prisma.$transaction(async (tx) => {
      const checked = await checkConsents(tx, "NEWSLETTER", { shown: shown.map((c) => c.versionId), accepted: shown.map((c) => c.versionId) });
      await recordConsents(tx, ctx, checked, { newsletterSubscriberId: subscriber }, { email: buyer.email });
    });
    clock.advance(MINUTE);
  });

  test("anyone, signed in or not, reads what a form shows", async () => {
    const query = `{ formClauses(form: NEWSLETTER) { clauseId versionId position type content contentHash behindNewsletter revealsNewsletter } }`;
    for (const who of [null, "buyer"]) {
      const result = await as(who, query);
      expect(result.errors).toBeUndefined();
      expect(result.data.formClauses).toHaveLength(1);
      expect(result.data.formClauses[0]).toMatchObject({ clauseId: newsletterClause, position: "NEWSLETTER", behindNewsletter: false, revealsNewsletter: false });
      expect(result.data.formClauses[0].contentHash).toBe(sha256(result.data.formClauses[0].content));
    }
    const order = await as(null, `{ formClauses(form: ORDER) { position behindNewsletter revealsNewsletter } }`);
    expect(order.data.formClauses).toEqual([
      { position: "NEWSLETTER_ORDER_REGISTRATION", behindNewsletter: false, revealsNewsletter: true },
      { position: "NEWSLETTER", behindNewsletter: true, revealsNewsletter: false },
    ]);
  });

  test("history and consents: one's own, staff anyone's, with the wording as it was", async () => {
    const history = `query($u: ID!, $after: String) { consentHistory(userId: $u, first: 1, after: $after) { total { count atLeast } pageInfo { hasNextPage endCursor } edges { node { id choice form subjectType subjectId ipAddress userAgent pageUrl clauseVersion { version content contentHash } } } } }`;
    const own = await as("buyer", history, { u: encodeGlobalID("User", ids.buyer) });
    expect(own.errors).toBeUndefined();
    expect(own.data.consentHistory.total).toEqual({ count: 1, atLeast: false });
    expect(own.data.consentHistory.edges[0].node).toMatchObject({ choice: "ACCEPTED", form: "NEWSLETTER", subjectType: "NEWSLETTER", subjectId: subscriber, ipAddress: "203.0.113.5", userAgent: "Form browser", pageUrl: "/newsletter" });
    expect((await as("agent", history, { u: ids.buyer })).data.consentHistory.edges).toHaveLength(1);
    expect((await as("buyer2", history, { u: ids.buyer })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await as(null, history, { u: ids.buyer })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const forSubject = `query($s: ID!) { consentsFor(subjectType: NEWSLETTER, subjectId: $s) { choice clauseType clauseVersion { content } } }`;
    expect((await as("agent", forSubject, { s: subscriber })).data.consentsFor).toEqual([{ choice: "ACCEPTED", clauseType: "OPTIONAL_CONSENT", clauseVersion: { content: expect.any(String) } }]);
    expect((await as("buyer", forSubject, { s: subscriber })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const mine = await as("buyer", `{ myConsents { clauseId choice withdrawable } }`);
    expect(mine.data.myConsents).toEqual([{ clauseId: newsletterClause, choice: "ACCEPTED", withdrawable: true }]);
  });

  test("the owner withdraws (recorded with the API caller's address); another person is refused and nothing is written", async () => {
    const variables = { type: "NEWSLETTER", subject: subscriber, clause: newsletterClause };
    const before = await counts();
    const other = await as("buyer2", WITHDRAW, variables);
    expect(other.data.withdrawConsent).toMatchObject({ __typename: "DomainError", code: "FORBIDDEN" });
    expect(await counts()).toEqual(before);

    await services.authCache.settle();
    const response = await services.graphql.handleRequest(
      new Request("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", cookie: cookies.buyer, "user-agent": "Integration/2.0" },
        body: JSON.stringify({ query: WITHDRAW, variables }),
      }),
      { clientAddress: "192.0.2.55" },
    );
    const body = (await response.json()) as { data: { withdrawConsent: { __typename: string; data: { id: string } } } };
    expect(body.data.withdrawConsent.__typename).toBe("MutationWithdrawConsentSuccess");
    const record = await db.prisma.consentRecord.findUniqueOrThrow({ where: { id: BigInt(body.data.withdrawConsent.data.id) } });
    expect(record).toMatchObject({ choice: "WITHDRAWN", userId: ids.buyer, ipAddress: "192.0.2.55", userAgent: "Integration/2.0", pageUrl: "/graphql", at: clock.now() });
    expect((await db.prisma.newsletterSubscriber.findUniqueOrThrow({ where: { id: subscriber } })).unsubscribedAt).toEqual(clock.now());

    const again = await as("buyer", WITHDRAW, variables);
    expect(again.data.withdrawConsent).toMatchObject({ code: "CONSENT_NOT_WITHDRAWABLE" });
    const mine = await as("buyer", `{ myConsents { choice withdrawable } }`);
    expect(mine.data.myConsents).toEqual([{ choice: "WITHDRAWN", withdrawable: false }]);
    // The clause is evidence now: the API refuses to delete it.
    const deleted = await as("officer", DELETE, { id: newsletterClause });
    expect(deleted.data.deleteClause).toMatchObject({ code: "CLAUSE_IN_USE" });
  });
});
