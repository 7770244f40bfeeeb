import { createAuthCache } from "~/infra/auth-cache.server";
import { randomUUID } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { getIntrospectionQuery } from "graphql";
import type { Database } from "~/infra/db.server";
import { createTestClock, type TestClock } from "~/infra/clock";
import type { Db } from "~/domain/context";
import type { AppServices } from "~/infra/services.server";
import { createApiToken } from "~/domain/identity/api-tokens.server";
import { createGraphQLServer } from "~graphql/yoga.server";
import { schema } from "~graphql/schema";
import { createTestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, sessionCookieFor } from "../support/services";

// The endpoint's own defences, independent of any one type: documents too large to validate cheaply,
// oversized bodies, cross-origin reads and writes, anonymous introspection and GraphiQL, malformed
// requests that must never be an INTERNAL error, and database outages that must say UNAVAILABLE.

let database: Database;
let db: Db;
let clock: TestClock;
let services: AppServices;
type User = Awaited<ReturnType<typeof createUser>>;
let buyer: User, seller: User, agent: User, admin: User;
let buyerCookie: string, sellerCookie: string, agentCookie: string, adminCookie: string;
/** An integration's token (sellers may create API tokens; buyers may not). */
let sellerToken: string;
let orderId: string;

const gid = (type: string, id: string) => encodeGlobalID(type, id);
const URL_ = "http://localhost/graphql";

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  clock = createTestClock();
  services = createTestServices(database, clock);
  buyer = await createUser(db, { roles: ["BUYER"] });
  seller = await createUser(db, { roles: ["SELLER"] });
  agent = await createUser(db, { roles: ["AGENT"] });
  admin = await createUser(db, { roles: ["ADMIN"] });
  orderId = (await createOrder(db, { buyerId: buyer.id, sellerId: seller.id })).id;
  buyerCookie = await sessionCookieFor(services, buyer.id);
  sellerCookie = await sessionCookieFor(services, seller.id);
  agentCookie = await sessionCookieFor(services, agent.id);
  adminCookie = await sessionCookieFor(services, admin.id);
  const actor = await actorFor(db, seller.id);
  const permissions = [...actor.permissions].filter((key) => key.includes("apiToken") || key.includes("notification"));
  sellerToken = (await createApiToken(contextFor(services, actor), { name: "integration", permissions })).token;
});
afterAll(async () => database?.close());

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  /** Wall-clock time of the request. */
  ms: number;
  /**
   * CPU time this process spent on it (user + system). The test machine is shared, so wall-clock time
   * also counts other processes; CPU time is the request's own cost.
   */
  cpuMs: number;
}

async function send(request: Request, server: AppServices["graphql"] = services.graphql): Promise<Answer> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const response = await server.handleRequest(request, {});
  const text = await response.text();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* HTML or empty */
  }
  return { status: response.status, headers: response.headers, body, ms, cpuMs: (used.user + used.system) / 1000 };
}

const postJson = (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) =>
  send(
    new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );

const codeOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions?.code;

describe("documents too large to validate cheaply are refused while parsing", () => {
  const aliases = (n: number, field = "viewer { user { name } }") =>
    `query { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
  const hostile: [string, string, number][] = [
    // The reported document: 609 KB, 20,000 aliases — refused by its size before anything is parsed.
    ["20,000 aliases of viewer { user { name } } (609 KB)", aliases(20_000), 413],
    // The same attack within the body limit: one alias repeated 20,000 times (validation's worst case).
    ["20,000 repeats of one alias", `{ ${"a: viewer ".repeat(20_000)}}`, 400],
    ["100,000 tokens", `{ ${"a ".repeat(100_000)}}`, 400],
    ["depth 50", `{ ${"viewer { ".repeat(50)}__typename ${"} ".repeat(50)}}`, 400],
    ["1,000 directives", `{ __typename ${"@skip(if: false) ".repeat(1_000)}}`, 400],
    // Each limit on its own, under the others.
    ["600 aliases (over the alias limit, under the token limit)", aliases(600, "viewer { __typename }"), 400],
    ["60 directives (over the directive limit only)", `{ __typename ${"@a ".repeat(60)}}`, 400],
    ["depth 16 (over the depth limit only)", `{ ${"a { ".repeat(16)}b ${"} ".repeat(16)}}`, 400],
  ];

  test.each(hostile)("%s: a typed refusal in under 50 ms", async (_label, document, status) => {
    await postJson(document); // warm-up (JIT, first use of the rules)
    // The request's cost is the cheapest of three tries: a garbage collection or another test file's
    // thread in this process only ever adds time, so the minimum is the refusal's own price.
    const answers: Answer[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      // A comment makes the document unique, so no cache can answer for it.
      const answer = await postJson(`${document}\n# ${randomUUID()}`);
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
      expect(codeOf(answer)).toBe(status === 413 ? "REQUEST_TOO_LARGE" : "VALIDATION_FAILED");
      answers.push(answer);
    }
    expect(Math.min(...answers.map((a) => a.cpuMs))).toBeLessThan(50);
    expect(Math.min(...answers.map((a) => a.ms))).toBeLessThan(1_000);
  });

  test("the same refusal for a signed-in caller", async () => {
    const answer = await postJson(`{ ${"a: viewer ".repeat(20_000)}}`, { cookie: buyerCookie });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("VALIDATION_FAILED");
  });

  test("ordinary queries still work: the app's own, GraphiQL's introspection, a 300-field page", async () => {
    const viewer = await postJson(`{ viewer { roles user { name } } }`, { cookie: agentCookie });
    expect(viewer.body.errors).toBeUndefined();
    expect(viewer.body.data.viewer.user.name).toBe(agent.name);
    const introspection = await postJson(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), { cookie: agentCookie });
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data.__schema.queryType.name).toBe("Query");
    const wide = await postJson(`{ ${Array.from({ length: 300 }, (_, i) => `a${i}: __typename`).join(" ")} }`, { cookie: agentCookie });
    expect(wide.body.errors).toBeUndefined();
  });

  test("no field suggestions for anonymous callers", async () => {
    const answer = await postJson(`{ viewr { roles } }`);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.errors[0].message).toMatch(/Cannot query field "viewr"/);
    expect(answer.body.errors[0].message).not.toMatch(/Did you mean/);
  });
});

describe("request body size", () => {
  test("a JSON body over the limit is refused with 413 before it is read", async () => {
    const answer = await postJson(`{ __typename }`, {}, { padding: "x".repeat(300 * 1024) });
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("REQUEST_TOO_LARGE");
  });

  test("a chunked body without Content-Length is cut off at the limit", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request(URL_, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    const answer = await send(request);
    expect(answer.status).toBe(413);
    expect(sent).toBeLessThan(10);
  });

  test("a small chunked JSON body still works", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: "{ __typename }" }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const answer = await send(
      new Request(URL_, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body, duplex: "half" } as RequestInit),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ __typename: "Query" });
  });
});

describe("CORS", () => {
  const preflight = (origin: string, server = services.graphql) =>
    send(
      new Request(URL_, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      }),
      server,
    );

  test("another origin gets no Access-Control-Allow-Origin, for a preflight or a request", async () => {
    const options = await preflight("https://evil.example");
    expect(options.headers.get("access-control-allow-origin")).toBeNull();
    expect(options.headers.get("access-control-allow-credentials")).toBeNull();
    const post = await postJson(`{ viewer { roles } }`, { origin: "https://evil.example" });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("an allow-listed origin gets its own origin back, with credentials", async () => {
    const partner = createGraphQLServer({
      config: { ...services.config, allowedOrigins: ["https://partner.example"] },
      database,
      clock,
      authCache: services.authCache,
    });
    const options = await preflight("https://partner.example", partner);
    expect(options.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(options.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await preflight("https://evil.example", partner);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("same-origin requests work (and need no CORS headers)", async () => {
    const answer = await postJson(`{ viewer { roles } }`, { origin: "http://localhost", cookie: buyerCookie });
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer.roles).toEqual(["BUYER"]);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("cross-site request forgery", () => {
  const MUTATION = `mutation { createApiToken(name: "csrf", permissions: ["manage:apiToken:own"]) { __typename } }`;
  const tokenCount = () => db.apiToken.count({ where: { name: "csrf" } });

  const form = (headers: Record<string, string>, query = MUTATION) =>
    send(
      new Request(URL_, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ query }).toString(),
      }),
    );
  const multipart = (headers: Record<string, string>, query = MUTATION) => {
    const body = new FormData();
    body.append("operations", JSON.stringify({ query }));
    body.append("map", "{}");
    return send(new Request(URL_, { method: "POST", headers, body }));
  };

  test.each([
    ["a form post from another site", () => form({ cookie: sellerCookie, origin: "https://evil.example" })],
    ["a multipart post from another site", () => multipart({ cookie: sellerCookie, origin: "https://evil.example" })],
    ["a form post from another site, Referer only", () => form({ cookie: sellerCookie, referer: "https://evil.example/page" })],
    ["a form post without the CSRF header", () => form({ cookie: sellerCookie })],
    ["a multipart post without the CSRF header", () => multipart({ cookie: sellerCookie })],
    ["another site sending the CSRF header too", () => multipart({ cookie: sellerCookie, origin: "https://evil.example", "x-graphql-csrf": "1" })],
  ])("%s with a session cookie is refused and writes nothing", async (_label, request) => {
    const before = await tokenCount();
    const answer = await request();
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe("FORBIDDEN");
    expect(await tokenCount()).toBe(before);
  });

  test.each([
    ["a form post from the app with the header", () => form({ cookie: sellerCookie, origin: "http://localhost", "x-graphql-csrf": "1" })],
    ["a multipart post from the app with the header", () => multipart({ cookie: sellerCookie, origin: "http://localhost", "x-graphql-csrf": "1" })],
  ])("%s works", async (_label, request) => {
    const before = await tokenCount();
    const answer = await request();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
    expect(answer.body.data.createApiToken.__typename).toBe("MutationCreateApiTokenSuccess");
    expect(await tokenCount()).toBe(before + 1);
  });

  // Integrations: a bearer token is never sent by a browser on its own, so no header or origin is needed.
  // (Tokens cannot create tokens; they can revoke their owner's.)
  test.each([
    ["a form post", (query: string) => form({ authorization: `Bearer ${sellerToken}`, origin: "https://partner.example" }, query)],
    ["a multipart post", (query: string) => multipart({ authorization: `Bearer ${sellerToken}` }, query)],
  ])("%s with a bearer token works, from anywhere", async (_label, request) => {
    const created = await createApiToken(contextFor(services, await actorFor(db, seller.id)), { name: "to revoke", permissions: ["manage:apiToken:own"] });
    const id = gid("ApiToken", created.record.id);
    const answer = await request(`mutation { revokeApiToken(id: "${id}") { __typename } }`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.data.revokeApiToken.__typename, JSON.stringify(answer.body)).toBe("MutationRevokeApiTokenSuccess");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.record.id } })).revokedAt).not.toBeNull();
  });

  test("a JSON post needs no header (browsers preflight it)", async () => {
    const answer = await postJson(MUTATION, { cookie: sellerCookie });
    expect(answer.body.data.createApiToken.__typename).toBe("MutationCreateApiTokenSuccess");
  });
});

describe("GraphiQL and introspection are for signed-in callers", () => {
  const page = (headers: Record<string, string> = {}) => send(new Request(URL_, { method: "GET", headers: { accept: "text/html", ...headers } }));

  test("an anonymous browser is sent to sign in; a signed-in one gets GraphiQL", async () => {
    const anonymous = await page();
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Fgraphql");
    expect(String(anonymous.body)).not.toMatch(/graphiql/i);
    const signedIn = await page({ cookie: buyerCookie });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("content-type")).toMatch(/text\/html/);
    expect(String(signedIn.body).toLowerCase()).toContain("graphiql");
  });

  test.each([
    ["__schema", `{ __schema { types { name } } }`],
    ["__type", `{ __type(name: "User") { fields { name } } }`],
    ["__type in a fragment", `query { ...F } fragment F on Query { __type(name: "Mutation") { name } }`],
    ["the full introspection query", getIntrospectionQuery()],
  ])("anonymous %s is refused with a typed error", async (_label, query) => {
    const answer = await postJson(query);
    expect(answer.status).toBeLessThan(500);
    expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    expect(answer.body.data ?? null).toBeNull();
  });

  test("a session or an API token may introspect; __typename stays open", async () => {
    const query = `{ __schema { queryType { name } } }`;
    expect((await postJson(query, { cookie: buyerCookie })).body.data.__schema.queryType.name).toBe("Query");
    expect((await postJson(query, { authorization: `Bearer ${sellerToken}` })).body.data.__schema.queryType.name).toBe("Query");
    expect((await postJson(`{ __typename }`)).body).toEqual({ data: { __typename: "Query" } });
  });
});

describe("malformed requests get a typed error, never INTERNAL or a 5xx", () => {
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    send(new Request(`${URL_}?${new URLSearchParams(params)}`, { method: "GET", headers: { accept: "application/json", ...headers } }));

  const expectTyped = (answer: Answer) => {
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
    for (const error of answer.body?.errors ?? []) {
      expect(error.extensions?.code, JSON.stringify(error)).toBeTruthy();
      expect(error.extensions?.code, JSON.stringify(error)).not.toBe("INTERNAL");
    }
  };

  test.each([
    ["non-JSON variables", { query: "{ viewer { roles } }", variables: "{not json" }],
    ["non-JSON extensions", { query: "{ viewer { roles } }", extensions: "nope" }],
    ["variables that are a JSON array", { query: "{ viewer { roles } }", variables: "[1,2]" }],
    ["variables that are a JSON string", { query: "{ viewer { roles } }", variables: '"x"' }],
  ])("GET with %s is a 400", async (_label, params) => {
    const answer = await get(params as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("VALIDATION_FAILED");
  });

  test("anonymous node(id:) of a user is null, like every other node", async () => {
    const answer = await postJson(`query($id: ID!) { node(id: $id) { id ... on User { name } } }`, {}, { id: gid("User", buyer.id) });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.node).toBeNull();
  });

  const ORDERS = `query($first: Int, $after: String) { orders(first: $first, after: $after) { totalCount } }`;
  test.each([
    ["a string for an Int", ORDERS, { first: "five" }],
    ["an Int over 32 bits", ORDERS, { first: 2 ** 40 }],
    ["a float for an Int", ORDERS, { first: 1.5 }],
    ["an object for an Int", ORDERS, { first: { $gt: 1 } }],
    ["a garbage cursor", ORDERS, { first: 1, after: "garbage" }],
    ["a cursor of another shape", ORDERS, { first: 1, after: Buffer.from("GPC:S:x").toString("base64") }],
    ["an Int literal over 32 bits", `{ orders(first: 99999999999) { totalCount } }`, {}],
    ["an unknown enum value", `mutation { openDiscussion(orderId: "x", reason: ALIENS, description: "x") { __typename } }`, {}],
    ["a NUL byte in a variable", `query($s: String) { users(search: $s) { totalCount } }`, { s: "Kowal\u0000ski" }],
    ["a NUL byte in a literal", `{ users(search: "Kowal\\u0000ski") { totalCount } }`, {}],
    ["a NUL byte in a list variable", `mutation($p: [String!]!) { createApiToken(name: "x", permissions: $p) { __typename } }`, { p: ["read:order:own\u0000"] }],
    ["a NUL byte in an input object", `mutation($o: ID!) { fileClaim(orderId: $o, reason: NOT_RECEIVED, description: "a\u0000b", lines: []) { __typename } }`, { o: "x" }],
  ])("%s", async (_label, query, variables) => {
    for (const headers of [{ cookie: adminCookie }, { cookie: agentCookie }, {}] as Record<string, string>[]) {
      expectTyped(await postJson(query, headers, variables));
    }
  });

  const ORDER_EDGES = `query($after: String) { orders(first: 1, after: $after) { edges { node { id } } } }`;
  const OFFER_EDGES = `query($after: String) { offers(first: 1, after: $after) { edges { node { id } } } }`;
  test.each([
    ["an orders cursor naming an empty id", ORDER_EDGES, "GPC:S:"],
    ["an orders cursor naming no uuid", ORDER_EDGES, "GPC:S:x"],
    ["an offers cursor naming an empty id", OFFER_EDGES, "GPC:S:"],
  ])("%s is VALIDATION_FAILED", async (_label, query, cursor) => {
    const answer = await postJson(query, { cookie: agentCookie }, { after: Buffer.from(cursor).toString("base64") });
    expectTyped(answer);
    expect(codeOf(answer)).toBe("VALIDATION_FAILED");
  });

  test.each([["null"], ["[]"], ["5"], ['"x"'], ["[null]"]])("multipart operations %s with a file map is a 4xx", async (operations) => {
    const body = new FormData();
    body.append("operations", operations);
    body.append("map", JSON.stringify({ 0: ["variables.file"] }));
    body.append("0", new Blob(["x"]), "a.txt");
    const answer = await send(new Request(URL_, { method: "POST", headers: { authorization: `Bearer ${sellerToken}` }, body }));
    expectTyped(answer);
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });

  test("a NUL byte is refused with VALIDATION_FAILED before anything runs", async () => {
    const answer = await postJson(`mutation($n: String!) { createApiToken(name: $n, permissions: []) { __typename } }`, { cookie: buyerCookie }, { n: "a\u0000" });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("VALIDATION_FAILED");
    expect(await db.apiToken.count({ where: { name: { startsWith: "a" } } })).toBe(0);
  });

  // Every root field, called with malformed ids (every ID argument), NUL bytes in every String argument and
  // huge numbers: each answer is typed. Arguments are derived from the schema, so new fields are covered.
  const BAD_IDS = () => ["garbage", gid("Order", "1 OR 1=1"), gid("Spaceship", randomUUID()), gid("User", orderId)];
  type Variant = "id" | "nul" | "huge";

  // The schema's type objects, read structurally (the test and the schema may load different copies of
  // the graphql package, so its type predicates cannot be used here).
  interface SchemaType {
    constructor: { name: string };
    name?: string;
    ofType?: SchemaType;
    getFields?: () => Record<string, { name: string; type: SchemaType }>;
    getValues?: () => { value: unknown }[];
    toString(): string;
  }
  interface RootField {
    name: string;
    type: SchemaType;
    args: readonly { name: string; type: SchemaType }[];
  }
  const kindOf = (type: SchemaType) => type.constructor.name;

  function valueFor(type: SchemaType, variant: Variant, badId: string, depth = 0): unknown {
    const inner = kindOf(type) === "GraphQLNonNull" ? type.ofType! : type;
    switch (kindOf(inner)) {
      case "GraphQLList":
        return [valueFor(inner.ofType!, variant, badId, depth + 1)];
      case "GraphQLInputObjectType":
        if (depth > 3) return {};
        return Object.fromEntries(Object.values(inner.getFields!()).map((field) => [field.name, valueFor(field.type, variant, badId, depth + 1)]));
      case "GraphQLEnumType":
        return inner.getValues!()[0].value;
    }
    switch (inner.name) {
      case "ID":
        return badId;
      case "String":
        return variant === "nul" ? "x\u0000y" : "x";
      case "Int":
        return variant === "huge" ? 2_147_483_647 : 1;
      case "MinorUnits":
        return variant === "huge" ? Number.MAX_SAFE_INTEGER : 100;
      case "Boolean":
        return true;
      case "DateTime":
        return variant === "huge" ? "+275760-09-13T00:00:00.000Z" : "2026-01-01T00:00:00.000Z";
      case "File":
        return null;
      default:
        return "x";
    }
  }

  function callsOf(rootType: "query" | "mutation") {
    const root = (rootType === "query" ? schema.getQueryType() : schema.getMutationType()) as unknown as { getFields(): Record<string, RootField> };
    return Object.values(root.getFields())
      .filter((field) => field.args.length > 0)
      .map((field) => [`${rootType} ${field.name}`, rootType, field] as const);
  }

  function selectionFor(field: RootField) {
    let named = field.type;
    while (named.ofType) named = named.ofType;
    return kindOf(named) === "GraphQLScalarType" || kindOf(named) === "GraphQLEnumType" ? "" : "{ __typename }";
  }

  test.each([...callsOf("query"), ...callsOf("mutation")])("%s with malformed arguments", async (_label, rootType, field) => {
    const definitions = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(", ");
    const query = `${rootType}(${definitions}) { ${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(", ")}) ${selectionFor(field)} }`;
    for (const variant of ["id", "nul", "huge"] as Variant[]) {
      for (const badId of variant === "id" ? BAD_IDS() : ["garbage"]) {
        const variables = Object.fromEntries(field.args.map((arg) => [arg.name, valueFor(arg.type, variant, badId)]));
        for (const headers of [{ cookie: adminCookie }, { cookie: buyerCookie }, {}] as Record<string, string>[]) {
          const answer = await postJson(query, headers, variables);
          expectTyped(answer);
        }
      }
    }
  });
});

describe("a database outage is UNAVAILABLE (503), not INTERNAL", () => {
  const outage = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  // Every call through it fails the way pg fails when the server is down.
  const failing: any = new Proxy(function () {}, {
    get: (_target, property) => (property === "then" ? undefined : failing),
    apply: () => Promise.reject(outage()),
  });

  /** The test database, with Prisma failing except for the calls named in `working` (e.g. the session read). */
  function downExcept(working: string[]) {
    const prisma = new Proxy(database.prisma, {
      get: (target, property, receiver) =>
        typeof property === "string" && working.includes(property) ? Reflect.get(target, property, receiver) : failing,
    });
    const broken: Database = { ...database, prisma, sql: { exec: failing, query: failing }, session: failing };
    return createGraphQLServer({ config: services.config, database: broken, clock, authCache: createAuthCache(broken) });
  }

  const ask = (server: AppServices["graphql"], query: string, headers: Record<string, string>) =>
    send(new Request(URL_, { method: "POST", headers: { "content-type": "application/json", accept: "application/json", ...headers }, body: JSON.stringify({ query }) }), server);

  test("while reading the session (building the context)", async () => {
    const server = downExcept([]);
    for (const headers of [{ cookie: buyerCookie }, { authorization: `Bearer ${sellerToken}` }] as Record<string, string>[]) {
      const answer = await ask(server, `{ viewer { roles } }`, headers);
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(codeOf(answer)).toBe("UNAVAILABLE");
    }
  });

  test("in a resolver, for queries and mutations", async () => {
    const server = downExcept(["$queryRaw"]); // the session still loads; everything else is down
    const query = await ask(server, `{ viewer { user { name } } }`, { cookie: agentCookie });
    expect(query.status, JSON.stringify(query.body)).toBe(503);
    expect(codeOf(query)).toBe("UNAVAILABLE");
    const orders = await ask(server, `{ orders(first: 5) { totalCount edges { node { id } } } }`, { cookie: agentCookie });
    expect(orders.status, JSON.stringify(orders.body)).toBe(503);
    expect(codeOf(orders)).toBe("UNAVAILABLE");
    const mutation = await ask(server, `mutation { markNotificationsRead { __typename } }`, { cookie: buyerCookie });
    expect(mutation.status, JSON.stringify(mutation.body)).toBe(503);
    expect(codeOf(mutation)).toBe("UNAVAILABLE");
  });
});
