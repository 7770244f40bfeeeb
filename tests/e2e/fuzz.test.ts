import { randomBytes } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { generate } from "otplib";
import { openDatabase } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { systemClock } from "~/infra/clock";
import { DEMO_PASSWORD, seedDemoData } from "../../prisma/seed/demo";
import { startPostgresCluster, withDatabase, type PostgresCluster } from "../support/postgres-cluster";
import { startApp, type RunningApp } from "./support/server";

// Malformed requests against the real server: /graphql (mutated and random documents, wrong variable
// types, huge strings, NUL bytes, deep nesting, many aliases, invalid ids and cursors, GET with garbage
// `variables`/`extensions`, wrong content types, bodies that are not JSON, multipart garbage) and every
// Remix form action (random and missing fields, wrong `intent`s, oversized values, NUL bytes, wrong
// content types, cross-origin Origin headers), anonymous and signed in as a buyer, a seller, an agent and
// an administrator. Deterministic: FUZZ_SEED (default 20261202) fixes every request; FUZZ_REQUESTS
// (default 2,000, at most 20,000) sets how many.
//
// The run fails on any 5xx, any GraphQL INTERNAL error, any answer slower than 2 s, and any database row
// changed by a refused request (a 4xx, a GraphQL answer with errors and no data, or a mutation answering
// a typed DomainError). The server runs on a throwaway PostgreSQL so the test can read the tables
// directly: a checksum of every domain table after each batch, and when it moved, each refused request
// of the batch is replayed alone between two checksums to find the one that wrote.

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const TOTAL = Math.min(Number(process.env.FUZZ_REQUESTS ?? 2_000), 20_000);
const SLOW_MS = 2_000;
const BATCH = 25;
// One request at a time, so an answer's time is its own.
const CONCURRENCY = 1;

// ─────────────────────────────── a seeded PRNG ───────────────────────────────

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float() {
    return this.next();
  }
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5) {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  string(max = 20) {
    const alphabets = ["abcdefghijklmnopqrstuvwxyz", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "0123456789", " \t\n", "<>\"'&;{}[]()$%\\/", "\u0000\u0001\u001f\u007f", "Иван Петров 😀\u202e\ufeff"];
    let s = "";
    const n = this.int(0, max);
    for (let i = 0; i < n; i++) {
      const alphabet = this.pick(alphabets);
      s += [...alphabet][this.int(0, [...alphabet].length - 1)];
    }
    return s;
  }
}

// ─────────────────────────────── requests ───────────────────────────────

type Who = "anonymous" | "buyer" | "seller" | "agent" | "admin";

interface FuzzRequest {
  /** Grouping for the report, e.g. "graphql:aliases" or "form:crossOrigin". */
  kind: string;
  who: Who;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface Answer {
  status: number;
  ms: number;
  text: string;
  internal: boolean;
  refused: boolean;
}

interface Ids {
  discussions: string[];
  claims: string[];
  orders: string[];
  orderLines: string[];
  users: string[];
  attachments: string[];
  notifications: string[];
  tokens: string[];
}

const GQL_CORPUS = [
  `query Q($first: Int, $after: String, $search: String) { viewer { roles user { name email } } orders(first: $first, after: $after, filter: { search: $search }) { totalCount edges { cursor node { id number total { formatted } buyer { name email } seller { name } lines { title offer { title } } } } } }`,
  `query Q($first: Int, $search: String, $sellerId: String) { offers(first: $first, filter: { search: $search, sellerId: $sellerId }) { totalCount edges { node { id title price { amount } seller { name } } } } }`,
  `query Q($id: ID!) { node(id: $id) { id ... on User { name email phone } ... on Order { number buyerEmail } ... on Discussion { reference assignedAgent { name } timeline { type actorName } } ... on Claim { reference recovery { amount { amount } } } } }`,
  `query Q($first: Int, $sellerId: ID, $hours: Int) { discussionQueue(first: $first, filter: { sellerId: $sellerId, minWaitingHours: $hours }) { totalCount edges { node { id reference buyer { name } } } } }`,
  `query Q($first: Int, $after: String) { claimQueue(first: $first, after: $after) { totalCount edges { node { id reference maxAmount { amount } } } } }`,
  `query Q($first: Int, $status: DiscussionStatus) { myDiscussions(as: BUYER, first: $first, status: $status) { totalCount edges { node { id reference viewerActions } } } }`,
  `query Q($first: Int, $search: String, $role: String, $status: String) { users(first: $first, search: $search, role: $role, status: $status) { totalCount edges { node { id name email roles } } } }`,
  `query Q($first: Int, $type: String, $action: String, $actor: String) { auditLog(first: $first, subjectType: $type, action: $action, actorId: $actor) { edges { node { id action metadata } } } }`,
  `query Q($orderId: ID!, $lines: [ClaimLineInput!]!) { claimPrecheck(orderId: $orderId, lines: $lines) { eligible maxAmount { amount } checks { code ok } } }`,
  `query Q($sellerId: ID!) { sellerResponseRecord(sellerId: $sellerId) { discussions onTimeRate } }`,
  `query Q($from: DateTime, $to: DateTime) { claimMetrics(from: $from, to: $to) { transactions reimbursements amountPaid { amount } } discussionMetrics(from: $from, to: $to) { opened withoutInterventionShare } }`,
  `query Q($years: Int) { claimMetricsByYear(years: $years) { year transactions } fourEyesThreshold { amount } programTerms { version } roles { name permissions } }`,
  `query Q($first: Int, $unread: Boolean) { notifications(first: $first, unreadOnly: $unread) { totalCount edges { node { id kind params } } } }`,
  `mutation M($id: ID!, $body: String!) { postDiscussionMessage(discussionId: $id, body: $body) { __typename ... on DomainError { code } } }`,
  `mutation M($orderId: ID!, $description: String!) { openDiscussion(orderId: $orderId, reason: NOT_RECEIVED, description: $description) { __typename ... on DomainError { code } } }`,
  `mutation M($name: String!, $permissions: [String!]!, $days: Int) { createApiToken(name: $name, permissions: $permissions, expiresInDays: $days) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID) { markNotificationsRead(id: $id) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID!) { takeDiscussion(discussionId: $id) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID!, $amount: Int, $note: String) { approveClaim(claimId: $id, amount: $amount, note: $note) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID!, $note: String!) { rejectClaim(claimId: $id, reason: OTHER, note: $note) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID!) { revokeApiToken(id: $id) { __typename ... on DomainError { code } } }`,
  `mutation M($amount: Int!) { setFourEyesThreshold(amount: $amount) { __typename ... on DomainError { code } } }`,
  `mutation M($id: ID!, $kind: DiscussionSolution!, $amount: Int) { proposeDiscussionSolution(discussionId: $id, kind: $kind, amount: $amount) { __typename ... on DomainError { code } } }`,
  `mutation M($orderId: ID!, $lines: [ClaimLineInput!]!, $description: String!) { fileClaim(orderId: $orderId, lines: $lines, reason: DAMAGED, description: $description) { __typename ... on DomainError { code } } }`,
];

/** Every route with a Remix action, with the form fields it reads and the intents it knows. */
interface FormRoute {
  path: (ids: Ids, r: Random) => string;
  fields: string[];
  intents: string[];
  /** Signing out ends the fuzzer's own session: only anonymous callers post it. */
  anonymousOnly?: boolean;
}

const FORM_ROUTES: FormRoute[] = [
  { path: () => "/login", fields: ["email", "password", "redirectTo"], intents: [] },
  { path: () => "/login/second-factor", fields: ["code"], intents: [] },
  { path: () => "/logout", fields: [], intents: [], anonymousOnly: true },
  { path: () => "/set-locale", fields: ["locale", "redirectTo"], intents: [] },
  { path: () => "/inbox", fields: ["id", "intent"], intents: ["markAll", "markOne"] },
  { path: () => "/settings/api-tokens", fields: ["name", "permissions", "expiresInDays", "tokenId", "intent"], intents: ["create", "revoke"] },
  { path: (ids, r) => `/discussions/new?orderId=${r.bool(0.8) && ids.orders.length ? r.pick(ids.orders) : enc(r.string(40))}`, fields: ["orderId", "reason", "description", "attachments"], intents: [] },
  {
    path: (ids, r) => `/discussions/${r.bool(0.85) && ids.discussions.length ? r.pick(ids.discussions) : enc(r.string(40))}`,
    fields: ["intent", "body", "visibility", "informationRequest", "kind", "amount", "note", "outcome", "proposalId", "attachments"],
    intents: ["message", "propose", "accept", "decline", "escalate", "resolve", "take", "release", "close", "refer"],
  },
  { path: (ids, r) => `/claims/new${r.bool(0.8) && ids.orders.length ? `?orderId=${r.pick(ids.orders)}` : ""}`, fields: ["orderId", "reason", "description", "policeReport", "line", "documents"], intents: [] },
  {
    path: (ids, r) => `/claims/${r.bool(0.85) && ids.claims.length ? r.pick(ids.claims) : enc(r.string(40))}`,
    fields: ["intent", "amount", "note", "reason", "file"],
    intents: ["approveFull", "approvePartial", "reject", "requestDocuments", "provideDocuments", "secondApprove", "declineSecond"],
  },
  { path: () => "/admin/program-terms", fields: ["intent", "amount", "version", "name", "effectiveFrom", "coveredPaymentMethods", "shippingCoveredPaymentMethods", "shippingCap", "perClaimCap", "perPersonCap", "perPersonCapWindowDays", "discussionWindowDays", "claimWindowDays", "standardDecisionHours", "smartDecisionHours"], intents: ["createVersion", "setThreshold"] },
  { path: () => "/admin/roles", fields: ["role", "permissions"], intents: [] },
  { path: (ids, r) => `/admin/users/${r.bool(0.85) && ids.users.length ? r.pick(ids.users) : enc(r.string(40))}`, fields: ["intent", "roles", "tokenId"], intents: ["deactivate", "reactivate", "resetSecondFactor", "revokeToken", "setRoles"] },
  { path: () => "/admin/users/new", fields: ["email", "name", "password", "roles", "isCompany"], intents: [] },
  { path: () => "/test-support/clock", fields: ["advanceMs"], intents: [] },
  // rights protection
  {
    path: () => "/rights",
    fields: ["intent", "name", "countryCode", "companyNumber", "rightsHolderId", "email", "role", "memberId", "type", "registrationNumber", "territory", "ownerName", "onBehalf", "unexamined", "proof", "powerOfAttorney"],
    intents: ["registerHolder", "invite", "accept", "registerRight"],
  },
  {
    path: () => "/rights/notices/new",
    fields: ["intent", "rightsHolderId", "rows", "accuracyStatement", "items.0.offerId", "items.0.rightId", "items.0.kind", "items.0.explanation", "items.0.evidenceUrls", "items.0.evidence", "items.1.offerId", "csv"],
    intents: ["file", "csv"],
  },
  { path: (_ids, r) => `/rights/notices/${r.bool(0.5) ? "00000000-0000-4000-8000-000000000000" : enc(r.string(40))}`, fields: ["itemId", "note", "documents"], intents: [] },
  {
    path: (_ids, r) => `/rights/items/${r.bool(0.5) ? "00000000-0000-4000-8000-000000000000" : enc(r.string(40))}`,
    fields: ["intent", "decision", "expectedVersion", "reason", "note", "explanation", "documents", "rightId", "contested", "unexamined", "document"],
    intents: ["decide", "review", "appeal", "flags"],
  },
  { path: () => "/queue/rights", fields: ["itemIds", "decision", "reason", "note"], intents: [] },
  { path: () => "/queue/rights/verification", fields: ["intent", "id", "decision", "note", "contested", "unexamined", "document"], intents: ["holder", "right", "flags"] },
];

/** Pages read with query parameters (loaders), for garbage in search fields and filters. */
const LIST_PAGES = ["/orders", "/offers", "/discussions", "/claims", "/queue/discussions", "/queue/claims", "/admin/users", "/admin/audit", "/metrics", "/inbox", "/claims/precheck", "/rights", "/rights/my-offers", "/queue/rights", "/queue/rights/appeals", "/queue/rights/verification", "/rights/notices/new"];
const LIST_PARAMS = ["q", "status", "role", "payment", "reason", "stage", "assignment", "sellerId", "minWaitingHours", "after", "before", "mine", "smart", "breached", "as", "action", "actorId", "subjectType", "subjectId", "orderId", "lines", "from", "to"];

const HOSTILE_STRINGS = ["a\u0000", "\u0000", "%00", "' OR 1=1 --", "\\", "../../etc/passwd", "${7*7}", "<script>alert(1)</script>", "NaN", "-1", "1e309", "99999999999999999999", "null", "[]", "{}", "\ud800", "🙂".repeat(50)];

/** encodeURIComponent, with lone surrogates (which it refuses) replaced. */
function enc(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));
}

function hostile(r: Random, max = 40): string {
  const roll = r.float();
  if (roll < 0.35) return r.pick(HOSTILE_STRINGS);
  if (roll < 0.45) return "x".repeat(r.int(10_000, 120_000));
  if (roll < 0.55) return r.string(max) + "\u0000" + r.string(5);
  return r.string(max);
}

function randomId(r: Random, ids: Ids): string {
  const roll = r.float();
  const raw = r.pick([...ids.discussions, ...ids.claims, ...ids.orders, ...ids.users, ...ids.notifications, ...ids.tokens, "00000000-0000-0000-0000-000000000000"]);
  if (roll < 0.4) return Buffer.from(`${r.pick(["User", "Order", "Discussion", "Claim", "Offer", "Notification", "ApiToken", "Nope", ""])}:${raw}`).toString("base64");
  if (roll < 0.55) return raw;
  if (roll < 0.7) return Buffer.from(`${r.pick(["User", "Order", "Claim"])}:${hostile(r, 30)}`).toString("base64");
  if (roll < 0.8) return Buffer.from(`GPC:S:${hostile(r, 20)}`).toString("base64");
  return hostile(r, 60);
}

/** A JSON value of a random type (the wrong one, most of the time). */
function randomValue(r: Random, ids: Ids, depth = 0): unknown {
  switch (r.int(0, depth > 2 ? 5 : 8)) {
    case 0:
      return r.int(-3, 100);
    case 1:
      return r.pick([2 ** 31, -(2 ** 53), 1.5, 1e308, -0]);
    case 2:
      return hostile(r);
    case 3:
      return randomId(r, ids);
    case 4:
      return r.bool();
    case 5:
      return null;
    case 6:
      return Array.from({ length: r.int(0, 4) }, () => randomValue(r, ids, depth + 1));
    case 7:
      return { orderLineId: r.pick([...ids.orderLines, hostile(r)]), quantity: r.pick([1, 0, -1, 1e9, "1"]) };
    default:
      return Object.fromEntries(Array.from({ length: r.int(0, 3) }, () => [r.string(8), randomValue(r, ids, depth + 1)]));
  }
}

function mutateDocument(r: Random, doc: string): string {
  let s = doc;
  for (let i = r.int(1, 4); i > 0; i--) {
    const at = r.int(0, s.length);
    switch (r.int(0, 3)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + r.int(1, 8));
        break;
      case 1:
        s = s.slice(0, at) + r.pick(["{", "}", "(", ")", "$", "...", "@include", ":", "\u0000", '"', "#", "__typename", "node(id: 1)", "fragment"]) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + r.string(6) + s.slice(at);
        break;
      default:
        s = s.replace(/first: \$first/, `first: ${r.pick(["-1", "100000", '"ten"', "null", "1.5"])}`);
    }
  }
  return s;
}

function gqlVariables(r: Random, ids: Ids): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const name of ["first", "after", "search", "sellerId", "hours", "id", "status", "role", "type", "action", "actor", "orderId", "lines", "from", "to", "years", "unread", "body", "description", "name", "permissions", "days", "amount", "note", "kind"]) {
    if (r.bool(0.6)) v[name] = randomValue(r, ids);
  }
  return v;
}

/** Deep selections: valid (inline fragments on Query inside each other) or not (selections under a leaf). */
function nested(r: Random, depth: number): string {
  if (r.bool()) return `{ ${"... on Query { ".repeat(depth)} viewer { roles } ${"} ".repeat(depth)}}`;
  return `{ viewer { user { ${"name { ".repeat(depth)}x${" }".repeat(depth)} } } }`;
}

function graphqlRequest(r: Random, ids: Ids, who: Who): FuzzRequest {
  const json = (kind: string, payload: unknown, extraHeaders: Record<string, string> = {}): FuzzRequest => ({
    kind,
    who,
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...extraHeaders },
    body: JSON.stringify(payload),
  });
  const doc = r.pick(GQL_CORPUS);
  switch (r.int(0, 15)) {
    case 0:
    case 1:
      return json("graphql:mutatedDocument", { query: mutateDocument(r, doc), variables: gqlVariables(r, ids) });
    case 2:
      return json("graphql:randomDocument", { query: Array.from({ length: r.int(1, 30) }, () => r.pick(["{", "}", "query", "mutation", "viewer", "node", "(", ")", ":", "$x", "...", "on", "User", "id", r.string(5)])).join(" ") });
    case 3:
    case 4:
      return json("graphql:wrongVariableTypes", { query: doc, variables: gqlVariables(r, ids) });
    case 5:
      return json("graphql:hugeString", { query: doc, variables: { search: "x".repeat(r.int(50_000, 300_000)), body: "ż".repeat(r.int(10_000, 100_000)), id: "A".repeat(r.int(1_000, 50_000)), first: 1 } });
    case 6:
      return json("graphql:nulBytes", { query: r.bool() ? doc : doc.replace("{", "{\u0000"), variables: { search: `a${"\u0000".repeat(r.int(1, 3))}`, id: `\u0000${randomId(r, ids)}`, body: "a\u0000b", name: "\u0000", first: 5 } });
    case 7:
      return json("graphql:deepNesting", { query: nested(r, r.int(5, 300)) });
    case 8: {
      const n = r.int(100, r.bool(0.3) ? 5_000 : 1_000);
      const field = r.pick(["viewer { roles }", "programTerms { version }", "offers(first: 1) { totalCount }", "__typename"]);
      return json("graphql:aliases", { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }` });
    }
    case 9:
      return json("graphql:invalidIdsAndCursors", {
        query: r.pick([
          `query($id: ID!) { node(id: $id) { id ... on User { name email } ... on Order { number } } }`,
          `query($after: String) { orders(first: 2, after: $after) { edges { cursor } } offers(first: 2, after: $after) { edges { cursor } } }`,
          `query($id: ID!) { sellerResponseRecord(sellerId: $id) { discussions } }`,
          `query($after: String) { notifications(first: 2, after: $after, before: $after) { totalCount } }`,
        ]),
        variables: { id: randomId(r, ids), after: randomId(r, ids) },
      });
    case 10: {
      const params = new URLSearchParams();
      if (r.bool(0.9)) params.set("query", r.bool() ? doc.replace(/^mutation/, "query") : mutateDocument(r, doc));
      if (r.bool(0.8)) params.set("variables", r.pick(["{", "not json", "[1,2]", "null", '"str"', "{\"first\": \"x\"}", "%00", hostile(r)]));
      if (r.bool(0.5)) params.set("extensions", r.pick(["{", "[]", "garbage", '{"persistedQuery": 1}', hostile(r)]));
      if (r.bool(0.3)) params.set("operationName", hostile(r, 10));
      return { kind: "graphql:getGarbage", who, method: "GET", path: `/graphql?${params}`, headers: { accept: r.pick(["application/json", "text/html", "*/*", "application/graphql-response+json"]) } };
    }
    case 11:
      return {
        kind: "graphql:wrongContentType",
        who,
        method: "POST",
        path: "/graphql",
        headers: { "content-type": r.pick(["text/plain", "application/xml", "application/x-www-form-urlencoded", "application/graphql", "application/json; charset=latin1", "image/png", "multipart/form-data"]), accept: "application/json" },
        body: r.bool() ? JSON.stringify({ query: doc }) : `query=${enc(doc)}`,
      };
    case 12:
      return {
        kind: "graphql:notJson",
        who,
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: r.pick(["{", "[", "null", "1", '"x"', "[{}, {}]", "{\"query\": 1}", "{\"query\": null}", "{\"query\": [\"a\"]}", "{\"variables\": []}", new Uint8Array(randomBytes(r.int(1, 300)))]) as string | Uint8Array,
      };
    case 13: {
      const boundary = `----fuzz${r.int(0, 1e6)}`;
      const parts = [
        r.bool(0.8) ? `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${r.pick([JSON.stringify({ query: GQL_CORPUS[13], variables: { id: randomId(r, ids), body: "x", attachments: [null] } }), "{", "null", "[]"])}\r\n` : "",
        r.bool(0.8) ? `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${r.pick(['{"0":["variables.attachments.0"]}', '{"0":["variables.x.y.z"]}', "{", '{"0":"nope"}', '{"9":["variables.id"]}'])}\r\n` : "",
        r.bool(0.7) ? `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${hostile(r, 20).replace(/[\r\n"]/g, "")}"\r\nContent-Type: application/pdf\r\n\r\n${r.string(200)}\r\n` : "",
        r.bool(0.8) ? `--${boundary}--\r\n` : "",
      ];
      return { kind: "graphql:multipartGarbage", who, method: "POST", path: "/graphql", headers: { "content-type": `multipart/form-data; boundary=${r.bool(0.85) ? boundary : "other"}`, accept: "application/json", "graphql-preflight": "1", "x-graphql-yoga-csrf": "1" }, body: parts.join("") };
    }
    case 14:
      return json("graphql:batch", Array.from({ length: r.int(0, 30) }, () => ({ query: r.pick(GQL_CORPUS), variables: gqlVariables(r, ids) })));
    default:
      return json("graphql:garbageBearer", { query: doc, variables: gqlVariables(r, ids) }, { authorization: r.pick([`Bearer ${hostile(r, 30).replace(/[\u0000-\u001f\u007f-\uffff]/g, "")}`, "Bearer tsb_" + "A".repeat(r.int(1, 200)), "Basic Zm9vOmJhcg==", "Bearer", "tsb_x"]) });
  }
}

function formRequest(r: Random, ids: Ids, who: Who, origin: string): FuzzRequest {
  const routes = FORM_ROUTES.filter((route) => who === "anonymous" || !route.anonymousOnly);
  const route = r.pick(routes);
  const path = route.path(ids, r);
  const fields = new URLSearchParams();
  const kind = r.pick(["random", "random", "missingFields", "wrongIntent", "oversized", "nulBytes", "wrongContentType", "crossOrigin"] as const);
  if (kind !== "missingFields") {
    for (const field of route.fields) {
      if (r.bool(0.25)) continue;
      const value =
        field === "intent"
          ? kind === "wrongIntent" ? r.pick(["", "DROP", "approve", "__proto__", "constructor", hostile(r, 15)]) : r.pick([...route.intents, hostile(r, 10)])
          : kind === "oversized" ? "ą".repeat(r.int(20_000, 60_000))
          : kind === "nulBytes" ? `${r.string(5)}\u0000${r.string(5)}`
          : r.bool(0.3) ? randomId(r, ids) : String(randomValue(r, ids));
      fields.append(field, value);
      if (r.bool(0.1)) fields.append(field, hostile(r, 10));
    }
    if (r.bool(0.2)) fields.append(r.string(10) || "x", hostile(r));
  }
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin, accept: "text/html" };
  let body: string | Uint8Array = fields.toString();
  if (kind === "wrongContentType") {
    headers["content-type"] = r.pick(["application/json", "text/plain", "application/xml", "multipart/form-data", "multipart/form-data; boundary=zzz", "application/octet-stream"]);
    body = r.pick([JSON.stringify(Object.fromEntries(fields)), body, "{", new Uint8Array(randomBytes(64))]) as string | Uint8Array;
  }
  if (kind === "crossOrigin") headers.origin = r.pick(["https://evil.example", "null", "http://127.0.0.1.evil.example", "http://localhost:1"]);
  if (r.bool(0.15)) {
    // Remix's data requests (useFetcher / single fetch) go to ?_data=<route id>.
    return { kind: `form:${kind}`, who, method: "POST", path: `${path}${path.includes("?") ? "&" : "?"}_data=${enc(r.pick(["routes/discussions.$discussionId", "root", "routes/login", hostile(r, 10)]))}`, headers, body };
  }
  return { kind: `form:${kind}`, who, method: "POST", path, headers, body };
}

function pageRequest(r: Random, ids: Ids, who: Who): FuzzRequest {
  if (r.bool(0.3)) {
    // Downloads: unknown or foreign ids, and integrations' bearer tokens that are not tokens.
    const id = r.bool(0.6) && ids.attachments.length ? r.pick(ids.attachments) : hostile(r, 40);
    const headers: Record<string, string> = {};
    if (r.bool(0.6)) headers.authorization = r.pick(["Bearer nope", "Bearer tsb_" + "x".repeat(r.int(1, 150)), "Bearer ", "Basic eA==", `Bearer tsb_${r.string(8).replace(/[^\x20-\x7e]/g, "")}`]);
    return { kind: "download:garbage", who, method: "GET", path: `/${r.pick(["attachments", "claims/documents", "rights/documents"])}/${enc(id)}`, headers };
  }
  const params = new URLSearchParams();
  for (let i = r.int(1, 4); i > 0; i--) params.append(r.pick(LIST_PARAMS), r.bool(0.3) ? randomId(r, ids) : hostile(r, 30));
  return { kind: "page:queryGarbage", who, method: "GET", path: `${r.pick(LIST_PAGES)}?${params}`, headers: { accept: "text/html" } };
}

// ─────────────────────────────── the database's state ───────────────────────────────

// Tables and columns that a refused request may legitimately change, left out of the checksum:
// - Session: sign-in attempts create (half-open) sessions; requests may end them;
// - User.failedLoginCount / lockedUntil / lastLoginAt: the sign-in throttle and lockout count refusals;
// - AuditLog rows with action auth.*: failed sign-ins and second-factor attempts are audited on purpose;
// - ApiToken.lastUsedAt: a valid token is marked used even when the request it carried is refused.
// Everything else is a domain table, and a refusal must leave it exactly as it was.
const EXCLUDED_TABLES = new Set(["Session", "_prisma_migrations"]);
const EXCLUDED_COLUMNS: Record<string, string[]> = { User: ["failedLoginCount", "lockedUntil", "lastLoginAt"], ApiToken: ["lastUsedAt"] };
const EXCLUDED_ROWS: Record<string, string> = { AuditLog: `WHERE t.action NOT LIKE 'auth.%'` };

async function checksums(client: pg.Client): Promise<Map<string, string>> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.name).filter((t) => !EXCLUDED_TABLES.has(t));
  const parts = tables.map((table) => {
    const value = `(to_jsonb(t)${(EXCLUDED_COLUMNS[table] ?? []).map((c) => ` - '${c}'`).join("")})::text`;
    return `SELECT '${table}' AS name, md5(coalesce(string_agg(${value}, ',' ORDER BY ${value}), '')) AS sum FROM "${table}" t ${EXCLUDED_ROWS[table] ?? ""}`;
  });
  const rows = (await client.query<{ name: string; sum: string }>(parts.join(" UNION ALL "))).rows;
  return new Map(rows.map((r) => [r.name, r.sum]));
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

const changedTables = (a: Map<string, string>, b: Map<string, string>) => [...b.keys()].filter((k) => a.get(k) !== b.get(k));

// ─────────────────────────────── the run ───────────────────────────────

let cluster: PostgresCluster | undefined;
let app: RunningApp | undefined;
let client: pg.Client | undefined;
const cookies: Partial<Record<Who, string>> = {};

function cookieOf(response: Response): string | undefined {
  const header = response.headers.getSetCookie?.() ?? [];
  return header.map((c) => c.split(";")[0]).find((c) => c.includes("="));
}

async function signInOverHttp(email: string): Promise<string> {
  const form = new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" });
  const login = await fetch(`${app!.url}/login`, { method: "POST", body: form, redirect: "manual", headers: { origin: app!.url } });
  await login.arrayBuffer();
  const cookie = cookieOf(login);
  if (login.status !== 302 || !cookie) throw new Error(`sign-in of ${email} answered ${login.status}`);
  if (!login.headers.get("location")?.includes("second-factor")) return cookie;
  // Staff: enrol TOTP with the secret the page shows, then send a code.
  const page = await (await fetch(`${app!.url}/login/second-factor`, { headers: { cookie } })).text();
  const secret = /data-testid="totp-secret"[^>]*>([\s\S]*?)<\/code>/.exec(page)?.[1]?.replace(/<!--.*?-->|\s+/g, "");
  if (!secret) throw new Error(`no TOTP secret on the enrolment page of ${email}`);
  const done = await fetch(`${app!.url}/login/second-factor`, { method: "POST", body: new URLSearchParams({ code: await generate({ secret }) }), redirect: "manual", headers: { cookie, origin: app!.url } });
  await done.arrayBuffer();
  if (done.status !== 302) throw new Error(`second factor of ${email} answered ${done.status}`);
  return cookie;
}

function httpRequest(request: FuzzRequest, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : typeof request.body === "string" ? Buffer.from(request.body, "utf8") : Buffer.from(request.body);
    const req = http.request(
      { host: "127.0.0.1", port: app!.port, path: request.path, method: request.method, agent: false, headers: { ...headers, ...(body ? { "content-length": String(body.byteLength) } : {}) }, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 30 s")));
    // The server may answer (and close the connection) before reading a large body: writing the rest then
    // fails (EPIPE, ECONNRESET), but the answer it sent counts. Only without any answer is it an error.
    req.on("error", (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE" || code === "ECONNRESET") setTimeout(() => reject(new Error(`connection closed without an answer (${code})`)), 1_000);
      else reject(error);
    });
    if (body) req.write(body);
    req.end();
  });
}

async function send(request: FuzzRequest): Promise<Answer> {
  const headers = { ...request.headers };
  const cookie = cookies[request.who];
  if (cookie) headers.cookie = cookie;
  const started = performance.now();
  let status = 0;
  let text = "";
  // A fresh connection per request (no keep-alive): an answer sent before a large body was read must not
  // stall the next request on the same socket. A network error is tried once more; a second one is
  // reported as "no answer".
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      ({ status, text } = await httpRequest(request, headers));
      break;
    } catch (error) {
      status = 0;
      text = `request failed: ${(error as Error).message}`;
    }
  }
  const ms = performance.now() - started;
  let internal = false;
  let refused = status >= 400;
  if (request.path.startsWith("/graphql") && (text.startsWith("{") || text.startsWith("["))) {
    try {
      const parsed = JSON.parse(text);
      for (const body of Array.isArray(parsed) ? parsed : [parsed]) {
        if (body?.errors?.some((e: any) => e?.extensions?.code === "INTERNAL")) internal = true;
        const values = body?.data && typeof body.data === "object" ? Object.values(body.data) : [];
        const noData = body?.data === null || body?.data === undefined || values.every((v) => v === null);
        const typedErrors = values.length > 0 && values.every((v: any) => v?.__typename === "DomainError");
        if ((body?.errors?.length && noData) || typedErrors) refused = true;
      }
    } catch {
      /* not JSON: judged by the status */
    }
  }
  return { status, ms, text, internal, refused };
}

function describe_(request: FuzzRequest, answer: Answer): string {
  const body = request.body === undefined ? "" : typeof request.body === "string" ? request.body : `<${request.body.byteLength} bytes>`;
  const printable = (s: string, n: number) => JSON.stringify(s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  return [
    `${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}…` : request.path}  [as ${request.who}]`,
    `  headers: ${JSON.stringify(request.headers)}`,
    `  body: ${printable(body, 300)}`,
    `  → ${answer.status} in ${Math.round(answer.ms)} ms: ${printable(answer.text, 300)}`,
  ].join("\n");
}

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("CREATE DATABASE fuzz");
  await admin.end();
  const url = withDatabase(cluster.url, "fuzz");
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await database.session((sql) => migrate(sql));
    await seedDemoData(database, systemClock);
  } finally {
    await database.close();
  }
  app = await startApp({ env: { DATABASE_URL: url, RUN_WORKERS: "false", SESSION_SECRET: randomBytes(24).toString("hex") } });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  cookies.buyer = await signInOverHttp("kupujacy@demo.pl");
  cookies.seller = await signInOverHttp("sprzedawca@demo.pl");
  cookies.agent = await signInOverHttp("agent@demo.pl");
  cookies.admin = await signInOverHttp("admin@demo.pl");
}, 240_000);

afterAll(async () => {
  await client?.end().catch(() => undefined);
  await app?.stop();
  cluster?.stop();
});

test(`fuzz: ${TOTAL} malformed requests (seed ${SEED}) — no 5xx, no INTERNAL, none slower than 2 s, refusals write nothing`, async () => {
  const q = async (sql: string) => (await client!.query(sql)).rows.map((row) => Object.values(row)[0] as string);
  const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");
  // Ids of real records to aim at; the fuzzing identities' own accounts are left out of the user ids, so
  // the administrator's random commands cannot end the fuzzer's sessions.
  const ids: Ids = {
    discussions: await q(`SELECT id FROM "Discussion" ORDER BY id LIMIT 20`),
    claims: await q(`SELECT id FROM "Claim" ORDER BY id LIMIT 20`),
    orders: await q(`SELECT id FROM "Order" ORDER BY id LIMIT 20`),
    orderLines: await q(`SELECT id FROM "OrderLine" ORDER BY id LIMIT 20`),
    users: await q(`SELECT id FROM "User" WHERE email NOT IN ('kupujacy@demo.pl','sprzedawca@demo.pl','agent@demo.pl','admin@demo.pl') ORDER BY id LIMIT 20`),
    attachments: await q(`SELECT id FROM "Attachment" ORDER BY id LIMIT 20`),
    notifications: await q(`SELECT id FROM "Notification" ORDER BY id LIMIT 10`),
    tokens: await q(`SELECT id FROM "ApiToken" ORDER BY id LIMIT 10`),
  };
  // GraphQL takes global ids; the fuzzer mixes both forms (randomId encodes some of them).
  ids.discussions.push(...ids.discussions.slice(0, 5).map((id) => gid("Discussion", id)));
  ids.claims.push(...ids.claims.slice(0, 5).map((id) => gid("Claim", id)));

  const r = new Random(SEED);
  const whos: Who[] = ["anonymous", "anonymous", "buyer", "seller", "agent", "admin"];
  // Made batch by batch from the one seeded generator (the same sequence as making them all up front),
  // so 20,000 requests with their large bodies never sit in memory at once.
  const nextRequest = (): FuzzRequest => {
    const who = r.pick(whos);
    const roll = r.float();
    return roll < 0.5 ? graphqlRequest(r, ids, who) : roll < 0.85 ? formRequest(r, ids, who, app!.url) : pageRequest(r, ids, who);
  };

  const failures = new Map<string, string[]>();
  const fail = (cls: string, text: string) => failures.set(cls, [...(failures.get(cls) ?? []), text]);
  const counts = { requests: 0, refused: 0, serverErrors: 0, internal: 0, slow: 0, writesOnRefusal: 0, resets: 0 };
  let slowest = { ms: 0, what: "" };
  const perKind = new Map<string, number>();
  const times = new Map<string, number[]>();

  const replays = { batches: 0, tables: new Set<string>() };
  let before = await checksums(client!);
  for (let start = 0; start < TOTAL; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, TOTAL - start) }, nextRequest);
    const answers: Answer[] = new Array(batch.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batch.length) {
          const i = next++;
          answers[i] = await send(batch[i]);
        }
      }),
    );
    batch.forEach((request, i) => {
      const answer = answers[i];
      counts.requests++;
      perKind.set(request.kind, (perKind.get(request.kind) ?? 0) + 1);
      if (!times.has(request.kind)) times.set(request.kind, []);
      times.get(request.kind)!.push(answer.ms);
      if (answer.refused) counts.refused++;
      if (answer.ms > slowest.ms) slowest = { ms: answer.ms, what: `${request.kind} ${request.method} ${request.path.slice(0, 80)}` };
      if (answer.status === 0 && /connection closed without an answer/.test(answer.text)) {
        // The server answered before reading a large body and closed the connection; the kernel's reset
        // can discard that answer before the client reads it. Not a server error: counted, not failed.
        counts.resets++;
      } else if (answer.status >= 500 || answer.status === 0) {
        counts.serverErrors++;
        fail(`${answer.status || "no answer"} on ${request.kind}`, describe_(request, answer));
      }
      if (answer.internal) {
        counts.internal++;
        fail(`INTERNAL on ${request.kind}`, describe_(request, answer));
      }
    });
    // A slow answer is timed again, alone: on a loaded machine one request can stall for reasons of its
    // neighbours (a pause, a starved CPU); a handler that is slow for this input is slow twice.
    for (const [i, request] of batch.entries()) {
      if (answers[i].ms <= SLOW_MS) continue;
      const again = await send(request);
      if (again.ms > SLOW_MS) {
        counts.slow++;
        fail(`slower than ${SLOW_MS} ms on ${request.kind}`, `${describe_(request, answers[i])}\n  (again: ${Math.round(again.ms)} ms)`);
      }
    }
    const after = await checksums(client!);
    const changed = changedTables(before, after);
    if (changed.length) {
      replays.batches++;
      for (const table of changed) replays.tables.add(table);
      // Something wrote: replay each refused request of the batch alone to find any refusal that did.
      let current = after;
      for (const [i, request] of batch.entries()) {
        if (!answers[i].refused) continue;
        const replay = await send(request);
        const now = await checksums(client!);
        const moved = changedTables(current, now);
        current = now;
        if (replay.refused && moved.length) {
          counts.writesOnRefusal++;
          fail(`refused request changed ${moved.join(", ")} (${request.kind})`, describe_(request, replay));
        }
      }
      before = current;
    } else {
      before = after;
    }
  }

  const summary = [
    `fuzz seed ${SEED}: ${counts.requests} requests (${counts.refused} refused), ${counts.serverErrors} 5xx, ${counts.internal} INTERNAL, ${counts.slow} slower than ${SLOW_MS} ms, ${counts.writesOnRefusal} refusals that wrote, ${counts.resets} connections reset after an early answer; slowest ${Math.round(slowest.ms)} ms (${slowest.what})`,
    `  batches where an accepted request wrote (refusals replayed one by one): ${replays.batches} (${[...replays.tables].join(", ")})`,
    `  by kind (count, median ms): ${[...perKind].sort().map(([k, n]) => `${k} ${n} ${Math.round(median(times.get(k)!))}`).join(", ")}`,
  ].join("\n");
  console.log(summary);
  // One section per class of failure, with up to three requests to reproduce each.
  const report = [...failures]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([cls, list]) => `■ ${cls} — ${list.length}×\n${list.slice(0, 3).join("\n")}`)
    .join("\n\n");
  if (report) console.log(`\n${report}`);
  // A request without an answer may mean the server died: show what it printed last.
  const alive = await fetch(`${app!.url}/login`).then((res) => res.status, () => 0);
  if (alive !== 200) fail("the server no longer answers", app!.output().slice(-4_000));
  expect([...failures.keys()].map((cls) => `${cls} (${failures.get(cls)!.length}×)`), `${summary}\n\n${report}`).toEqual([]);
}, 900_000);
