import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createTestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";
import { listOrders } from "~/domain/marketplace/orders.server";
import { listOffers } from "~/domain/marketplace/offers.server";
import { listAuditLog } from "~/domain/audit/audit.server";
import * as login from "~/routes/login";
import * as secondFactor from "~/routes/login_.second-factor";
import * as setLocale from "~/routes/set-locale";
import * as inbox from "~/routes/inbox";
import * as apiTokens from "~/routes/settings.api-tokens";
import * as adminRoles from "~/routes/admin.roles";
import * as adminTerms from "~/routes/admin.program-terms/route";
import * as adminUser from "~/routes/admin.users.$userId";
import * as adminUserNew from "~/routes/admin.users.new";
import * as claimPage from "~/routes/claims.$claimId/route";
import * as claimNew from "~/routes/claims.new";
import * as discussionPage from "~/routes/discussions.$discussionId";
import * as discussionNew from "~/routes/discussions.new";
import * as orders from "~/routes/orders._index";
import * as audit from "~/routes/admin.audit";
import * as adminUsers from "~/routes/admin.users._index";
import * as offers from "~/routes/offers._index";
import * as attachment from "~/routes/attachments.$attachmentId";
import * as claimDocument from "~/routes/claims.documents.$attachmentId";

// User input on the Remix routes answers a specific 4xx, never a 500: bodies that are not forms (415),
// broken multipart bodies (400), unknown API tokens on downloads (401) and NUL bytes in search terms
// (which PostgreSQL refuses in text). The route modules are called in-process as Remix calls them.

let db: TestDatabase;
let services: AppServices;
let cookie: string;
let orderId: string;
const clock = createTestClock("2026-11-02T10:00:00.000Z");
const ID = "00000000-0000-4000-8000-000000000001";

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  const everyone = await createUser(db.prisma, { roles: ["BUYER", "SELLER", "AGENT", "SENIOR_AGENT", "ADMIN"] });
  const seller = await createUser(db.prisma, { roles: ["SELLER"] });
  orderId = (await createOrder(db.prisma, { buyerId: everyone.id, sellerId: seller.id, placedAt: new Date("2026-10-30T10:00:00Z") })).id;
  cookie = await sessionCookieFor(services, everyone.id);
});
afterAll(async () => db?.close());

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown;

/** What Remix would send: a returned or thrown Response (a thrown Error would be a 500). */
async function call(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await handler({ request, context: { services }, params } as ActionFunctionArgs & LoaderFunctionArgs);
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200 });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const actions: [string, Handler, string, Record<string, string>?][] = [
  ["login", login.action as Handler, "/login"],
  ["second factor", secondFactor.action as Handler, "/login/second-factor"],
  ["language switch", setLocale.action as Handler, "/set-locale"],
  ["inbox", inbox.action as Handler, "/inbox"],
  ["API tokens", apiTokens.action as Handler, "/settings/api-tokens"],
  ["roles", adminRoles.action as Handler, "/admin/roles"],
  ["program terms", adminTerms.action as Handler, "/admin/program-terms"],
  ["an account", adminUser.action as Handler, `/admin/users/${ID}`, { userId: ID }],
  ["a new account", adminUserNew.action as Handler, "/admin/users/new"],
  ["a claim", claimPage.action as Handler, `/claims/${ID}`, { claimId: ID }],
  ["a new claim", claimNew.action as Handler, "/claims/new"],
  ["a discussion", discussionPage.action as Handler, `/discussions/${ID}`, { discussionId: ID }],
  ["a new discussion", discussionNew.action as Handler, "/discussions/new?orderId=ORDER"],
];

const post = (path: string, headers: Record<string, string>, body: BodyInit) =>
  new Request(`http://localhost${path.replace("ORDER", orderId)}`, { method: "POST", headers: { cookie, ...headers }, body });

describe("form actions refuse bodies that are not forms", () => {
  test.each(actions)("%s: JSON is 415", async (_name, action, path, params) => {
    const response = await call(action, post(path, { "content-type": "application/json" }, JSON.stringify({ email: "a@b.pl" })), params);
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  test.each(actions)("%s: plain text is 415", async (_name, action, path, params) => {
    const response = await call(action, post(path, { "content-type": "text/plain" }, "email=a@b.pl"), params);
    expect(response.status).toBe(415);
  });

  test.each(actions)("%s: no content type is 415", async (_name, action, path, params) => {
    const request = new Request(`http://localhost${path.replace("ORDER", orderId)}`, { method: "POST", headers: { cookie }, body: new Uint8Array([1, 2, 3]) });
    const response = await call(action, request, params);
    expect(response.status).toBe(415);
  });

  test.each(actions)("%s: a broken multipart body is 400", async (_name, action, path, params) => {
    const body = '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc'; // no closing boundary
    const response = await call(action, post(path, { "content-type": "multipart/form-data; boundary=xyz" }, body), params);
    expect(response.status).toBe(400);
  });

  test.each(actions)("%s: multipart without a boundary is 400", async (_name, action, path, params) => {
    const response = await call(action, post(path, { "content-type": "multipart/form-data" }, "garbage"), params);
    expect(response.status).toBe(400);
  });
});

describe("downloads with an API token that is not valid answer 401", () => {
  test.each([
    ["a discussion attachment", attachment.loader as Handler, `/attachments/${ID}`],
    ["a claim document", claimDocument.loader as Handler, `/claims/documents/${ID}`],
  ])("%s", async (_name, loader, path) => {
    for (const token of ["tsb_not-a-real-token", "nonsense", "tsb_" + "x".repeat(200)]) {
      const request = new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });
      const response = await call(loader, request, { attachmentId: ID });
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    }
  });
});

describe("a NUL byte in a search term", () => {
  test("the order list route answers 200", async () => {
    for (const q of ["a%00", "%00", "TSB-1%00%01"]) {
      const response = await call(orders.loader as Handler, new Request(`http://localhost/orders?q=${q}`, { headers: { cookie } }));
      expect(response.status).toBe(200);
    }
  });

  test("the other list routes with free-text filters answer 200", async () => {
    const urls: [Handler, string][] = [
      [audit.loader as Handler, "/admin/audit?action=a%00&subjectType=%00&subjectId=x%00&actorId=%00y"],
      [adminUsers.loader as Handler, "/admin/users?q=a%00"],
      [offers.loader as Handler, "/offers?q=a%00"],
    ];
    for (const [loader, url] of urls) {
      const response = await call(loader, new Request(`http://localhost${url}`, { headers: { cookie } }));
      expect(response.status).toBe(200);
    }
  });

  test("the domain strips it for every adapter", async () => {
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    const ctx = contextFor(services, await actorFor(db.prisma, order.buyerId!));
    const found = await listOrders(ctx, { search: `${order.number}\u0000` });
    expect(found.orders.map((o) => o.id)).toEqual([orderId]);
    await expect(listOffers(ctx, { search: "a\u0000" })).resolves.toBeTruthy();
    await expect(listAuditLog(ctx, { action: "\u0000", subjectType: "a\u0000", subjectId: "\u0000", actorId: "\u0000x" })).resolves.toBeTruthy();
  });

  test("GraphQL orders(search:) answers without INTERNAL", async () => {
    const result = await graphql(services, `query ($search: String) { orders(first: 5, filter: { search: $search }) { totalCount edges { node { id } } } }`, {
      variables: { search: "a\u0000" },
      cookie,
    });
    // GraphQL refuses a NUL byte in any argument before running (VALIDATION_FAILED); never INTERNAL.
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["VALIDATION_FAILED"]);
  });

  test("GraphQL users(search:, role:) answers without INTERNAL", async () => {
    const result = await graphql(services, `query ($search: String, $role: String) { users(first: 5, search: $search, role: $role) { edges { node { id } } } }`, {
      variables: { search: "a\u0000", role: "ADMIN\u0000" },
      cookie,
    });
    // GraphQL refuses a NUL byte in any argument before running (VALIDATION_FAILED); never INTERNAL.
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["VALIDATION_FAILED"]);
  });
});

describe("signing in again after a long query string", () => {
  test("the way back to the page keeps a short target and drops a query of many kilobytes", async () => {
    const short = await call(orders.loader as Handler, new Request("http://localhost/orders?q=TSB-1&page=2"));
    expect(short.status).toBe(302);
    expect(short.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/orders?q=TSB-1&page=2")}`);
    const long = await call(orders.loader as Handler, new Request(`http://localhost/orders?q=${"x".repeat(9_000)}`));
    expect(long.status).toBe(302);
    // An encoded target this long would overflow the header limits of browsers and proxies (16 KB in Node).
    expect(long.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/orders")}`);
  });
});

