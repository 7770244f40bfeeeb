import { randomUUID } from "node:crypto";
import type { AutocannonRequest } from "autocannon";
import type { SqlRunner } from "~/infra/db.server";
import { commitSessionCookie } from "~/infra/auth.server";
import type { AppServices } from "~/infra/services.server";

// What the load test's clients do: signed-in agents, buyers and sellers (sessions written straight into
// the database, second factor done, cookies signed with the server's SESSION_SECRET), and one cycle of
// requests each client repeats — queue pages, case pages and decisions, through the Remix pages and
// /graphql as a browser sends them. Every answer is checked: a status of 400 or more, a GraphQL `errors`
// entry, a mutation answered with a domain error instead of its Success type, or a page without its
// expected content is an error, counted per request kind with the first examples kept.

export interface Account {
  userId: string;
  cookie: string;
}

export interface CaseRef {
  id: string;
  buyer: Account;
  seller: Account;
}

export interface Accounts {
  agents: Account[];
  discussions: CaseRef[];
  claims: CaseRef[];
  /** Distinct users signed in, by role. */
  counts: { agents: number; buyers: number; sellers: number };
}

/** Signs users in the way the app does after the password and TOTP code: one session row each, signed cookie. */
async function signIn(sql: SqlRunner, secret: string, userIds: string[]): Promise<Map<string, Account>> {
  const unique = [...new Set(userIds)];
  const rows = await sql.query<{ id: string; userId: string; expiresAt: Date }>(
    `INSERT INTO "Session" ("userId", "createdAt", "expiresAt", "secondFactorAt", "userAgent")
     SELECT u, now(), now() + interval '1 day', now(), 'load-test'
     FROM unnest($1::uuid[]) AS u
     RETURNING id, "userId", "expiresAt"`,
    [unique],
  );
  const config = { sessionSecrets: [secret], secureCookies: false, allowedOrigins: [] } as unknown as AppServices["config"];
  const services = { config } as AppServices;
  const accounts = new Map<string, Account>();
  for (const row of rows) {
    const setCookie = await commitSessionCookie(services, row.id, new Date(row.expiresAt));
    accounts.set(row.userId, { userId: row.userId, cookie: setCookie.split(";")[0] });
  }
  return accounts;
}

/** Removes the sessions the load test created (they expire in a day anyway). */
export async function signOutAll(sql: SqlRunner): Promise<void> {
  await sql.query(`DELETE FROM "Session" WHERE "userAgent" = 'load-test'`);
}

export async function prepareAccounts(sql: SqlRunner, secret: string, options: { sample: number }): Promise<Accounts> {
  const agentIds = (
    await sql.query<{ id: string }>(
      `SELECT DISTINCT u.id FROM "User" AS u JOIN "UserRole" AS ur ON ur."userId" = u.id JOIN "Role" AS r ON r.id = ur."roleId"
       WHERE r.name IN ('AGENT', 'SENIOR_AGENT') AND u.status = 'ACTIVE' ORDER BY u.id`,
    )
  ).map((r) => r.id);
  if (!agentIds.length) throw new Error("The dataset has no active agents");
  // A fixed spread of cases (ordered by a hash of the id, so the same ones every run) with active parties.
  const active = `JOIN "User" AS b ON b.id = c."buyerId" AND b.status = 'ACTIVE' JOIN "User" AS s ON s.id = c."sellerId" AND s.status = 'ACTIVE'`;
  const discussionRows = await sql.query<{ id: string; buyerId: string; sellerId: string }>(
    `SELECT c.id, c."buyerId", c."sellerId" FROM "Discussion" AS c ${active} ORDER BY md5(c.id::text) LIMIT $1`,
    [options.sample],
  );
  const claimRows = await sql.query<{ id: string; buyerId: string; sellerId: string }>(
    `SELECT c.id, c."buyerId", c."sellerId" FROM "Claim" AS c ${active} ORDER BY md5(c.id::text) LIMIT $1`,
    [options.sample],
  );
  if (!discussionRows.length || !claimRows.length) throw new Error("The dataset has no discussions or claims");
  const people = [...discussionRows, ...claimRows];
  const accounts = await signIn(sql, secret, [...agentIds, ...people.flatMap((r) => [r.buyerId, r.sellerId])]);
  const ref = (r: { id: string; buyerId: string; sellerId: string }): CaseRef => ({ id: r.id, buyer: accounts.get(r.buyerId)!, seller: accounts.get(r.sellerId)! });
  return {
    agents: agentIds.map((id) => accounts.get(id)!),
    discussions: discussionRows.map(ref),
    claims: claimRows.map(ref),
    counts: {
      agents: agentIds.length,
      buyers: new Set(people.map((r) => r.buyerId)).size,
      sellers: new Set(people.map((r) => r.sellerId)).size,
    },
  };
}

/**
 * Cases in a decidable state, handed out one at a time so no two clients decide the same case:
 * escalated unassigned discussions (an agent takes one, later releases it: it goes back to the pool) and
 * submitted claims (an agent rejects one: used up).
 */
export interface DecisionPools {
  discussions: string[];
  claims: string[];
  claimsAtStart: number;
  discussionsAtStart: number;
}

export async function prepareDecisionPools(sql: SqlRunner): Promise<DecisionPools> {
  const discussions = (
    await sql.query<{ id: string }>(
      `SELECT id FROM "Discussion" WHERE status = 'ESCALATED' AND "assignedAgentId" IS NULL ORDER BY "escalatedAt", id LIMIT 5000`,
    )
  ).map((r) => r.id);
  const claims = (
    await sql.query<{ id: string }>(`SELECT id FROM "Claim" WHERE status = 'SUBMITTED' ORDER BY "decisionDueAt", id`)
  ).map((r) => r.id);
  return { discussions, claims, discussionsAtStart: discussions.length, claimsAtStart: claims.length };
}

// ───────────────────────────── checking answers ─────────────────────────────

export type Kind =
  | "queue page: GraphQL discussionQueue"
  | "queue page: GraphQL claimQueue"
  | "queue page: Remix /queue/discussions"
  | "queue page: Remix /queue/claims"
  | "case page: Remix discussion"
  | "case page: Remix claim"
  | "case page: GraphQL discussion timeline"
  | "decision: GraphQL takeDiscussion"
  | "decision: Remix form release"
  | "decision: GraphQL rejectClaim"
  | "decision: Remix form reject claim";

export interface KindStats {
  count: number;
  errors: number;
  statuses: Record<string, number>;
  examples: string[];
  latencies: number[];
}

export class Tally {
  readonly kinds = new Map<Kind, KindStats>();
  /** Decisions that could not be sent because the pool of decidable cases was empty (a read was sent instead). */
  starved = 0;

  record(kind: Kind, status: number, ms: number, problem: string | null) {
    let stats = this.kinds.get(kind);
    if (!stats) this.kinds.set(kind, (stats = { count: 0, errors: 0, statuses: {}, examples: [], latencies: [] }));
    stats.count++;
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    stats.latencies.push(ms);
    if (problem) {
      stats.errors++;
      if (stats.examples.length < 3) stats.examples.push(`${status}: ${problem.slice(0, 300)}`);
    }
  }

  get errors() {
    return [...this.kinds.values()].reduce((n, k) => n + k.errors, 0);
  }
}

type Check = (status: number, body: string, headers: Record<string, string | string[]>) => string | null;

const statusProblem = (status: number, body: string) => (status >= 400 || status < 200 ? `HTTP ${status} ${body.slice(0, 200)}` : null);

/** A GraphQL answer: 200, no `errors`, and every mutation field answered with its Success type. */
const graphqlCheck =
  (mutationField?: string): Check =>
  (status, body) => {
    const bad = statusProblem(status, body);
    if (bad) return bad;
    let parsed: { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      parsed = JSON.parse(body);
    } catch {
      return `not JSON: ${body.slice(0, 200)}`;
    }
    if (parsed.errors?.length) return `errors: ${parsed.errors.map((e) => `${e.extensions?.code ?? ""} ${e.message}`).join("; ")}`;
    if (!parsed.data) return "no data";
    if (mutationField) {
      const result = parsed.data[mutationField];
      if (!result?.__typename?.endsWith("Success")) return `${mutationField} answered ${JSON.stringify(result).slice(0, 250)}`;
    }
    return null;
  };

/** A Remix document: 200 HTML that holds `marker` (and is not an error boundary). */
const pageCheck =
  (marker: RegExp): Check =>
  (status, body) => {
    const bad = statusProblem(status, body);
    if (bad) return bad;
    if (status !== 200) return `expected 200, got ${status}`;
    if (!marker.test(body)) return `page without ${marker}: ${body.slice(0, 200)}`;
    return null;
  };

/** A form post without JavaScript: the action's redirect to `location`, or the page re-rendered with the result. */
const formCheck =
  (expect: { redirect: RegExp } | { page: RegExp }): Check =>
  (status, body, headers) => {
    const bad = statusProblem(status, body);
    if (bad) return bad;
    if ("redirect" in expect) {
      const location = String(headers.location ?? headers.Location ?? "");
      return status >= 300 && status < 400 && expect.redirect.test(location) ? null : `expected a redirect to ${expect.redirect}, got ${status} ${location}`;
    }
    if (status !== 200) return `expected 200, got ${status}`;
    return expect.page.test(body) ? null : `page without ${expect.page}: ${body.slice(0, 200)}`;
  };

// ───────────────────────────── the cycle ─────────────────────────────

const OFFSETS = [0, 9, 1, 10, 2, 11, 3, 12, 4, 13, 14, 15];

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

const DISCUSSION_QUEUE = `query DiscussionQueue($filter: DiscussionQueueFilter) {
  discussionQueue(first: 25, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { id number reason status openedAt escalatedAt sellerOverdue
      order { number paymentMethod total { amount } } buyer { name smartMember } seller { name } assignedAgent { name } } }
  }
}`;

const CLAIM_QUEUE = `query ClaimQueue {
  claimQueue(first: 25) {
    pageInfo { hasNextPage endCursor }
    edges { node { id number status reason filedAt decisionDueAt maxAmount { amount }
      order { number } buyer { name smartMember } seller { name } lines { quantity } } }
  }
}`;

const TIMELINE = `query Discussion($id: ID!) {
  node(id: $id) { ... on Discussion { id number status reason timeline { id at kind type actorRole actorName body data } } }
}`;

const TAKE = `mutation Take($id: ID!) { takeDiscussion(discussionId: $id) { __typename ... on MutationTakeDiscussionSuccess { data { id status } } } }`;
const REJECT = `mutation Reject($id: ID!, $note: String!) {
  rejectClaim(claimId: $id, reason: INSUFFICIENT_EVIDENCE, note: $note) { __typename ... on MutationRejectClaimSuccess { data { id status } } }
}`;

export interface CycleOptions {
  origin: string;
  accounts: Accounts;
  pools: DecisionPools;
  tally: Tally;
}

interface Step {
  kind: Kind;
  build(context: Record<string, any>): { method: "GET" | "POST"; path: string; account: Account; body?: string; form?: boolean } | null;
  check: Check;
  after?(context: Record<string, any>, ok: boolean): void;
  /** When build returns null (an empty pool), this read is sent instead. */
  fallback?: Kind;
}

/**
 * One client's cycle of 16 requests: 6 queue pages, 7 case pages, 3 decisions (about a fifth of the
 * requests change state). The agent, the cases and the parties rotate from cycle to cycle and client to
 * client, so requests come from many users and touch many cases.
 */
export function buildCycle({ origin, accounts, pools, tally }: CycleOptions): AutocannonRequest[] {
  let rotation = 0;
  const pick = <T>(list: T[], context: Record<string, any>, offset: number) => list[(context.seed + offset) % list.length];
  const ensure = (context: Record<string, any>) => {
    if (context.seed === undefined) {
      const n = rotation++;
      context.seed = n * 7919;
      context.agent = accounts.agents[n % accounts.agents.length];
      // Clients start their cycles at different steps, so a short run still sends the whole mix. The take
      // (step 4) must come before its release (step 8) within one cycle: offsets 5–8 would split them.
      context.offset = OFFSETS[n % OFFSETS.length];
    }
  };
  const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

  const steps: Step[] = [
    {
      kind: "queue page: GraphQL discussionQueue",
      build: (c) => ({ method: "POST", path: "/graphql", account: c.agent, body: gql(DISCUSSION_QUEUE, { filter: { assignment: "UNASSIGNED" } }) }),
      check: graphqlCheck(),
    },
    {
      kind: "case page: Remix discussion",
      build: (c) => {
        const d = pick(accounts.discussions, c, 1);
        return { method: "GET", path: `/discussions/${d.id}`, account: d.buyer };
      },
      check: pageCheck(/D-\d+/),
    },
    {
      kind: "case page: GraphQL discussion timeline",
      build: (c) => {
        const d = pick(accounts.discussions, c, 2);
        return { method: "POST", path: "/graphql", account: d.seller, body: gql(TIMELINE, { id: globalId("Discussion", d.id) }) };
      },
      check: graphqlCheck(),
    },
    {
      kind: "queue page: Remix /queue/discussions",
      build: (c) => ({ method: "GET", path: "/queue/discussions?assignment=UNASSIGNED", account: c.agent }),
      check: pageCheck(/D-\d+/),
    },
    {
      kind: "decision: GraphQL takeDiscussion",
      build: (c) => {
        const id = pools.discussions.shift();
        if (!id) return null;
        c.taking = id;
        return { method: "POST", path: "/graphql", account: c.agent, body: gql(TAKE, { id: globalId("Discussion", id) }) };
      },
      check: graphqlCheck("takeDiscussion"),
      after: (c, ok) => {
        if (ok) c.taken = c.taking;
        else if (c.taking) pools.discussions.push(c.taking);
        c.taking = undefined;
      },
      fallback: "case page: GraphQL discussion timeline",
    },
    {
      kind: "case page: Remix discussion",
      // The agent opens the discussion just taken (or another one).
      build: (c) => ({ method: "GET", path: `/discussions/${c.taken ?? pick(accounts.discussions, c, 3).id}`, account: c.agent }),
      check: pageCheck(/D-\d+/),
    },
    {
      kind: "queue page: GraphQL claimQueue",
      build: (c) => ({ method: "POST", path: "/graphql", account: c.agent, body: gql(CLAIM_QUEUE, {}) }),
      check: graphqlCheck(),
    },
    {
      kind: "case page: Remix claim",
      build: (c) => {
        const claim = pick(accounts.claims, c, 4);
        return { method: "GET", path: `/claims/${claim.id}`, account: claim.buyer };
      },
      check: pageCheck(/C-\d+/),
    },
    {
      kind: "decision: Remix form release",
      build: (c) => {
        if (!c.taken) return null;
        return { method: "POST", path: `/discussions/${c.taken}`, account: c.agent, body: "intent=release", form: true };
      },
      // The page comes back with the action's result (no error status, the "released" notice).
      check: formCheck({ page: /data-testid="notice"/ }),
      after: (c, ok) => {
        // Released: the discussion is decidable again, for any client.
        if (ok && c.taken) pools.discussions.push(c.taken);
        c.taken = undefined;
      },
      fallback: "case page: Remix discussion",
    },
    {
      kind: "queue page: Remix /queue/claims",
      build: (c) => ({ method: "GET", path: "/queue/claims", account: c.agent }),
      check: pageCheck(/C-\d+/),
    },
    {
      kind: "case page: Remix claim",
      build: (c) => ({ method: "GET", path: `/claims/${pick(accounts.claims, c, 5).id}`, account: c.agent }),
      check: pageCheck(/C-\d+/),
    },
    {
      kind: "decision: GraphQL rejectClaim",
      build: (c) => {
        const id = pools.claims.shift();
        if (!id) return null;
        return { method: "POST", path: "/graphql", account: c.agent, body: gql(REJECT, { id: globalId("Claim", id), note: "Brak potwierdzenia reklamacji u sprzedającego (test obciążenia)." }) };
      },
      check: graphqlCheck("rejectClaim"),
      fallback: "case page: GraphQL discussion timeline",
    },
    {
      kind: "case page: GraphQL discussion timeline",
      build: (c) => ({ method: "POST", path: "/graphql", account: c.agent, body: gql(TIMELINE, { id: globalId("Discussion", pick(accounts.discussions, c, 6).id) }) }),
      check: graphqlCheck(),
    },
    {
      kind: "queue page: GraphQL discussionQueue",
      build: (c) => ({ method: "POST", path: "/graphql", account: c.agent, body: gql(DISCUSSION_QUEUE, { filter: { assignment: "UNASSIGNED", reason: "NOT_RECEIVED" } }) }),
      check: graphqlCheck(),
    },
    {
      kind: "case page: Remix discussion",
      build: (c) => {
        const d = pick(accounts.discussions, c, 7);
        return { method: "GET", path: `/discussions/${d.id}`, account: d.seller };
      },
      check: pageCheck(/D-\d+/),
    },
    {
      kind: "decision: Remix form reject claim",
      build: (c) => {
        const id = pools.claims.shift();
        if (!id) return null;
        const path = `/claims/${id}`;
        const body = new URLSearchParams({ intent: "reject", reason: "INSUFFICIENT_EVIDENCE", note: "Brak dokumentów potwierdzających szkodę (test obciążenia)." }).toString();
        return { method: "POST", path, account: c.agent, body, form: true };
      },
      check: formCheck({ redirect: /\?done=reject$/ }),
      fallback: "case page: Remix claim",
    },
  ];

  if (steps.length !== 16) throw new Error("OFFSETS assume a cycle of 16 steps");
  const fallbackOf = (kind: Kind) => steps.find((s) => s.kind === kind && !s.fallback)!;

  return steps.map((_slot, slot): AutocannonRequest => ({
    setupRequest: (request, context) => {
      ensure(context);
      const step = steps[(slot + context.offset) % steps.length];
      let chosen = step;
      let built = step.build(context);
      if (!built && step.fallback) {
        // An empty pool (or a take that failed): send a read instead and say so in the report.
        if (step.kind !== "decision: Remix form release") tally.starved++;
        chosen = fallbackOf(step.fallback);
        built = chosen.build(context);
      }
      if (!built) throw new Error(`${step.kind}: nothing to send`);
      context.step = chosen;
      context.sentAt = performance.now();
      const headers: Record<string, string> = { cookie: built.account.cookie, accept: "text/html,application/json", "x-request-id": randomUUID() };
      if (built.method === "POST") {
        headers.origin = origin;
        headers["content-type"] = built.form ? "application/x-www-form-urlencoded" : "application/json";
      }
      return { ...request, method: built.method, path: built.path, headers, body: built.body ?? "" };
    },
    onResponse: (status, body, context, headers) => {
      const chosen: Step | undefined = context.step;
      if (!chosen) {
        // Cannot happen (each response follows its request's setup); counted rather than hidden if it does.
        tally.record(steps[slot].kind, status, 0, "a response without the request it answers");
        return;
      }
      const problem = chosen.check(status, body, headers);
      tally.record(chosen.kind, status, performance.now() - (context.sentAt ?? performance.now()), problem);
      chosen.after?.(context, problem === null);
    },
  }));
}
