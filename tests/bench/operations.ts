import type { Database } from "~/infra/db.server";
import type { AppServices } from "~/infra/services.server";
import { graphql } from "../support/services";
import type { BenchOperation } from "./harness";
import { claimSuite, discussionSuite, overdueSweepSuite } from "./cases";
import { rightsSuite } from "./rights-cases";
import { consentsSuite } from "./consents-cases";
import { SESSION_SQL, withSession } from "./session-sql";

export { SESSION_SQL, withSession };

// The operations the benchmark times, as suites of (GraphQL request, equivalent raw SQL). Each
// feature adds a suite to `operationSuites`.

export interface BenchContext {
  db: Database;
  services: AppServices;
  agent: BenchAccount;
  buyer: BenchAccount;
  /** The busiest seller (about 2% of all orders). */
  seller: BenchAccount;
}

export interface BenchAccount {
  userId: string;
  sessionId: string;
  /** The signed session cookie ("tsb_session=…"). */
  cookie: string;
}

export type OperationSuite = (ctx: BenchContext) => Promise<BenchOperation[]> | BenchOperation[];

/** Calls GraphQL and fails loudly on errors (a timing of an error response would be meaningless). */
async function gql<T = any>(ctx: BenchContext, query: string, cookie: string) {
  const result = await graphql<T>(ctx.services, query, { cookie, settle: false });
  if (result.errors?.length || result.status !== 200) {
    throw new Error(`GraphQL failed (${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result;
}

const decodeGlobalId = (id: string) => {
  const decoded = Buffer.from(id, "base64").toString("utf8");
  return decoded.includes(":") ? decoded.slice(decoded.indexOf(":") + 1) : id;
};

interface NormalizedOrder {
  id: string;
  number: string;
  placedAt: string;
  total: number;
  buyer: string | null;
  seller: string;
  lines: { title: string; quantity: number; unitAmount: number }[];
}

interface GqlOrders {
  viewer: { roles: string[]; user: { name: string } };
  orders: {
    edges: {
      node: {
        id: string;
        number: string;
        placedAt: string;
        total: { amount: number };
        buyer: { name: string } | null;
        seller: { name: string };
        lines: { title: string; quantity: number; unitPrice: { amount: number } }[];
      };
    }[];
  };
}

interface SqlOrderRow {
  id: string;
  number: string;
  placedAt: Date | string;
  total: number;
  buyer_name: string | null;
  seller_name: string;
  lines: { title: string; quantity: number; unitAmount: number }[] | string;
  viewer_name: string;
  viewer_roles: string[];
}

const fromGraphQL = (data: GqlOrders): NormalizedOrder[] =>
  data.orders.edges.map(({ node }) => ({
    id: decodeGlobalId(node.id),
    number: node.number,
    placedAt: new Date(node.placedAt).toISOString(),
    total: node.total.amount,
    buyer: node.buyer?.name ?? null,
    seller: node.seller.name,
    lines: node.lines.map((l) => ({ title: l.title, quantity: l.quantity, unitAmount: l.unitPrice.amount })),
  }));

const fromSql = (rows: SqlOrderRow[]): NormalizedOrder[] =>
  rows.map((row) => ({
    id: row.id,
    number: row.number,
    placedAt: new Date(row.placedAt).toISOString(),
    total: Number(row.total),
    buyer: row.buyer_name,
    seller: row.seller_name,
    lines: (typeof row.lines === "string" ? JSON.parse(row.lines) : row.lines).map((l: { title: string; quantity: number; unitAmount: number }) => ({
      title: l.title,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
    })),
  }));

/** The GraphQL of foundation operation (b), with an optional filter. */
export function ordersQuery(first: number, filter?: string): string {
  return `{ viewer { roles user { name } } orders(first: ${first}${filter ? `, filter: ${filter}` : ""}) { edges { node { id number placedAt total { amount } buyer { name } seller { name } lines { title quantity unitPrice { amount } } } } } }`;
}

/**
 * ONE hand-written statement returning the same page: the session check (withSession), then the orders
 * (visible to the viewer, newest first) with buyer, seller and the lines as JSON.
 */
export function ordersSql(where: string, from = `(SELECT * FROM "Order" WHERE ${where} ORDER BY "placedAt" DESC, id ASC LIMIT $1)`): string {
  return `SELECT o.id, o.number, o."placedAt", o."itemsAmount" + o."shippingAmount" AS total,
       b.name AS buyer_name, s.name AS seller_name,
       (SELECT json_agg(json_build_object('title', l.title, 'quantity', l.quantity, 'unitAmount', l."unitAmount") ORDER BY l.position)
          FROM "OrderLine" AS l WHERE l."orderId" = o.id) AS lines
FROM ${from} AS o
LEFT JOIN "User" AS b ON b.id = o."buyerId"
JOIN "User" AS s ON s.id = o."sellerId"
ORDER BY o."placedAt" DESC, o.id ASC`;
}

function ordersOperation(
  ctx: BenchContext,
  options: { name: string; first: number; who: "agent" | "buyer" | "seller"; filter?: string; where?: string; from?: string; extraParams?: unknown[] },
): BenchOperation {
  const account = ctx[options.who];
  const query = ordersQuery(options.first, options.filter);
  const { text, params } = withSession(ordersSql(options.where ?? "true", options.from), [options.first, ...(options.extraParams ?? [])], account.sessionId);
  const runSql = () => ctx.db.sql.query<SqlOrderRow>(text, params);
  return {
    name: options.name,
    kind: "list",
    graphql: () => gql(ctx, query, account.cookie),
    sql: runSql,
    rawStatement: { text, params },
    verify: async () => {
      const [g, s] = await Promise.all([gql<GqlOrders>(ctx, query, account.cookie), runSql()]);
      const a = fromGraphQL(g.data!);
      const b = fromSql(s);
      if (a.length !== b.length) return `row count differs: GraphQL ${a.length}, SQL ${b.length}`;
      if (a.length === 0) return "no rows (the dataset holds nothing for this operation)";
      if (g.data!.viewer.user.name !== s[0].viewer_name) return "viewer differs";
      for (let i = 0; i < a.length; i++) {
        if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return `row ${i} differs: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`;
      }
      return null;
    },
  };
}

function viewerOperation(ctx: BenchContext): BenchOperation {
  const query = "{ viewer { roles permissions user { name } } }";
  const params = [ctx.agent.sessionId];
  const runSql = () => ctx.db.sql.query<{ name: string; roles: string[]; permissions: string[] }>(SESSION_SQL, params);
  return {
    name: "viewer { roles permissions user { name } } — agent (authentication only)",
    kind: "single",
    graphql: () => gql(ctx, query, ctx.agent.cookie),
    sql: runSql,
    rawStatement: { text: SESSION_SQL, params },
    verify: async () => {
      const [g, [s]] = await Promise.all([gql<{ viewer: { roles: string[]; permissions: string[]; user: { name: string } } }>(ctx, query, ctx.agent.cookie), runSql()]);
      const v = g.data!.viewer;
      const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
      if (!s) return "session not found by SQL";
      if (v.user.name !== s.name || !same(v.roles, s.roles) || !same(v.permissions, s.permissions)) return "viewer differs";
      return null;
    },
  };
}

/**
 * "Orders I bought or sold", as an expert writes it: each side read in index order
 * ((buyerId, placedAt) and (sellerId, placedAt)), merged, cut to the page. The ORM's
 * `buyerId = $1 OR sellerId = $1` must instead fetch and sort every order of the party.
 */
const OWN_ORDERS = `(SELECT * FROM (
    (SELECT * FROM "Order" WHERE "buyerId" = viewer_session.user_id ORDER BY "placedAt" DESC, id ASC LIMIT $1)
    UNION ALL
    (SELECT * FROM "Order" WHERE "sellerId" = viewer_session.user_id AND "buyerId" IS DISTINCT FROM viewer_session.user_id ORDER BY "placedAt" DESC, id ASC LIMIT $1)
  ) AS mine ORDER BY "placedAt" DESC, id ASC LIMIT $1)`;

/** Foundation: viewer + orders connection with nested relations; page sizes; buyer's view; filters. */
export const foundationSuite: OperationSuite = async (ctx) => {
  // A whole order number, as an agent pastes it from a ticket into the search box (the search is exact).
  const [sample] = await ctx.db.sql.query<{ number: string }>(
    `SELECT number FROM "Order" WHERE "placedAt" < (SELECT max("placedAt") FROM "Order") - interval '200 days' ORDER BY "placedAt" DESC LIMIT 1`,
  );
  const orderNumber = sample ? sample.number : "2025/01/00000";
  return [
    viewerOperation(ctx),
    ordersOperation(ctx, { name: "viewer + orders(first: 50) nested — agent", first: 50, who: "agent", where: "true" }),
    ordersOperation(ctx, { name: "viewer + orders(first: 10) nested — agent", first: 10, who: "agent", where: "true" }),
    ordersOperation(ctx, { name: "viewer + orders(first: 100) nested — agent", first: 100, who: "agent", where: "true" }),
    ordersOperation(ctx, { name: "viewer + orders(first: 50) nested — buyer (own orders)", first: 50, who: "buyer", from: OWN_ORDERS }),
    ordersOperation(ctx, { name: "viewer + orders(first: 50) nested — top seller (own orders)", first: 50, who: "seller", from: OWN_ORDERS }),
    ordersOperation(ctx, {
      name: "orders(first: 50, paymentMethod: BANK_TRANSFER) — agent",
      first: 50,
      who: "agent",
      filter: "{ paymentMethod: BANK_TRANSFER }",
      where: `"paymentMethod" = 'BANK_TRANSFER'`,
    }),
    ordersOperation(ctx, {
      name: `orders(first: 50, search: "${orderNumber}") — agent`,
      first: 50,
      who: "agent",
      filter: `{ search: ${JSON.stringify(orderNumber)} }`,
      where: `number = $2`,
      extraParams: [orderNumber],
    }),
  ];
};

/**
 * Every suite the benchmark runs, in order. The overdue sweep writes (and resets) 100,000 discussions: it
 * runs last, so it cannot disturb the reads.
 */
export const operationSuites: OperationSuite[] = [foundationSuite, discussionSuite, claimSuite, rightsSuite, consentsSuite, overdueSweepSuite];
