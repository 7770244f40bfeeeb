import type { SqlRunner } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import type { PrismaClient } from "~/generated/prisma/client";
import {
  AGENT_COUNT,
  SENIOR_AGENT_NUMBERS,
  CLAIM_DESCRIPTION_VARIANTS,
  DESCRIPTION_VARIANTS,
  DISCUSSION_REASONS,
  Params,
  REFERENCE_LENGTH,
  addressSql,
  asciiLocalPart,
  benchUuid,
  daysBefore,
  h,
  personSql,
  phoneSql,
  pick,
  u,
  uuidSql,
} from "./sql-kit";
import { rightsStep } from "./rights-generate";
import { consentsStep } from "./consents-generate";

// The benchmark dataset: a marketplace of realistic size, generated with set-based SQL
// (INSERT … SELECT over generate_series), never row by row. Ids are derived from row numbers
// (uuidSql), so a foreign key is an expression, not a lookup. Later features (discussions, claims)
// append their own GenerationStep to `generationSteps`.

// 2: discussions (with messages, proposals and their timeline) and buyer-protection claims (lines,
//    payouts, seller recoveries, documents, timeline); more agents.
// 3: rights protection (holders, notices, items, decisions, statements, strikes, their timelines); as
//    many offers as orders (1,000,000 at 1M orders).
// 4: the clause and consent registry (40 clauses with their versions, 10 consent records per order, the
//    customers who gave them).
export const GENERATOR_VERSION = 4;

export interface DatasetSize {
  orders: number;
  buyers: number;
  sellers: number;
  offers: number;
  /** The dataset's "now": dates are spread over the two years before it. */
  asOf: Date;
}

export interface GenerationStep {
  name: string;
  /** Tables the step fills; their indexes and foreign keys are dropped during generation and rebuilt after. */
  tables?: string[];
  /** `log` prints progress of a long step (e.g. each chunk of a bulk insert). */
  run(sql: SqlRunner, size: DatasetSize, log?: (line: string) => void): Promise<void>;
}

export function datasetSize(orders: number, asOf = new Date()): DatasetSize {
  const sellers = Math.max(5, Math.round(orders / 400));
  return {
    orders,
    buyers: Math.max(20, Math.round(orders / 8)),
    sellers,
    offers: Math.max(sellers * 5, orders),
    asOf,
  };
}

/** The accounts the benchmark acts as. */
export const BENCH_AGENT_ID = benchUuid("agent", 1);
export const BENCH_AGENT_EMAIL = "agent.benchmark@backoffice.example.pl";
/** Buyer number 1: a regular generated buyer with a known id and a heavier order history. */
export const BENCH_BUYER_ID = benchUuid("buyer", 1);

/** Seller number 1: the busiest seller (the seller choice is skewed towards low numbers, ~2% of orders). */
export const BENCH_SELLER_ID = benchUuid("seller", 1);

/** Every n-th order belongs to the benchmark buyer (about 1,000 orders at 1M, at least 50 for small sets). */
export function benchBuyerStep(size: DatasetSize): number {
  return Math.max(2, Math.min(1000, Math.floor(size.orders / 100)));
}

/** Discussions: one in five orders (200,000 at 1M orders), at most one per order. */
export function discussionCount(size: DatasetSize): number {
  return Math.max(100, Math.round(size.orders * 0.2));
}

/** Claims: one per four discussions (50,000 at 1M orders), on covered orders with a qualifying discussion. */
export function claimTarget(size: DatasetSize): number {
  return Math.round(discussionCount(size) / 4);
}

export { AGENT_COUNT, SENIOR_AGENT_NUMBERS } from "./sql-kit";

const offersPerSeller = (size: DatasetSize) => Math.floor(size.offers / size.sellers);
const ORDER_CHUNK = 200_000;

// ───────────────────────────── steps ─────────────────────────────

export const usersStep: GenerationStep = {
  name: "users (buyers, sellers, agent) + roles",
  tables: ["User", "UserRole"],
  async run(sql, size) {
    // Buyers: people, ~15% with an active SMART membership and ~5% with an expired one.
    {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const person = personSql(p, "k", 100);
      const address = addressSql(p, "k", 110);
      await sql.query(
        `INSERT INTO "User" (id, email, name, "isCompany", phone, street, "postalCode", city, status, "smartUntil", "createdAt", "updatedAt")
         SELECT ${uuidSql("buyer", "k")},
                ${asciiLocalPart("first || ' ' || surname")} || '.' || k || '@' || ${p.pickRef("mailDomains", "k", 120)},
                first || ' ' || surname, false, phone, street, "postalCode", city,
                CASE WHEN k > 1 AND ${u("k", 121)} < 0.005 THEN 'DEACTIVATED' ELSE 'ACTIVE' END::"UserStatus",
                CASE WHEN smart < 0.15 THEN ${asOf} + (1 + smart * 2400) * interval '1 day'
                     WHEN smart < 0.20 THEN ${asOf} - (1 + (smart - 0.15) * 7000) * interval '1 day' END,
                created, created
         FROM (
           SELECT k, ${person.first} AS first, ${person.surname} AS surname, ${phoneSql("k", 130)} AS phone,
                  ${address.street} AS street, ${address.postalCode} AS "postalCode", ${address.city} AS city,
                  ${u("k", 140)} AS smart, ${daysBefore(asOf, `30 + ${u("k", 141)} * 1800`)} AS created
           FROM generate_series(1, ${size.buyers}) AS k
         ) AS b`,
        p.values,
      );
    }
    // Sellers: ~45% companies (the first ones from the reference list, then generated names), the rest people.
    {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const person = personSql(p, "k", 200);
      const address = addressSql(p, "k", 210);
      const companyName = `CASE WHEN k <= ${REFERENCE_LENGTH.companies} THEN (${p.ref("companies")})[k]
        ELSE replace(replace(${p.pickRef("companyPatterns", "k", 220)}, '{S}', surname_m), '{C}', city) END`;
      await sql.query(
        `INSERT INTO "User" (id, email, name, "isCompany", phone, street, "postalCode", city, "createdAt", "updatedAt")
         SELECT ${uuidSql("seller", "k")}, ${asciiLocalPart("name")} || '.' || k || '@sklep.example.pl',
                name, company, phone, street, "postalCode", city, created, created
         FROM (
           SELECT *, CASE WHEN company THEN ${companyName} ELSE first || ' ' || surname END AS name
           FROM (
             SELECT k, ${u("k", 230)} < 0.45 AS company, ${person.first} AS first, ${person.surname} AS surname,
                    ${p.pickRef("surnameM", "k", 231)} AS surname_m, ${phoneSql("k", 232)} AS phone,
                    ${address.street} AS street, ${address.postalCode} AS "postalCode", ${address.city} AS city,
                    ${daysBefore(asOf, `800 + ${u("k", 233)} * 2500`)} AS created
             FROM generate_series(1, ${size.sellers}) AS k
           ) AS s0
         ) AS s`,
        p.values,
      );
    }
    // The agent the benchmark signs in as.
    await sql.query(
      `INSERT INTO "User" (id, email, name, "isCompany", street, "postalCode", city, "createdAt", "updatedAt")
       VALUES ($1::uuid, $2, 'Józef Benchmarkowy', false, 'ul. Marszałkowska 1', '00-001', 'Warszawa', $3::timestamptz, $3::timestamptz)`,
      [BENCH_AGENT_ID, BENCH_AGENT_EMAIL, size.asOf],
    );
    // Roles: buyers BUYER; sellers SELLER + BUYER (as in the demo seed); the agent AGENT.
    await sql.query(
      `INSERT INTO "UserRole" ("userId", "roleId", "grantedAt")
       SELECT ${uuidSql("buyer", "k")}, (SELECT id FROM "Role" WHERE name = 'BUYER'), $1::timestamptz - interval '1000 days'
       FROM generate_series(1, ${size.buyers}) AS k
       UNION ALL
       SELECT ${uuidSql("seller", "k")}, r.id, $1::timestamptz - interval '1000 days'
       FROM generate_series(1, ${size.sellers}) AS k CROSS JOIN (SELECT id FROM "Role" WHERE name IN ('SELLER', 'BUYER')) AS r
       UNION ALL
       SELECT $2::uuid, (SELECT id FROM "Role" WHERE name = 'AGENT'), $1::timestamptz`,
      [size.asOf, BENCH_AGENT_ID],
    );
  },
};

export const offersStep: GenerationStep = {
  name: "offers",
  tables: ["Offer"],
  async run(sql, size) {
    // Offer j belongs to seller ((j - 1) mod sellers) + 1: every seller has offersPerSeller offers.
    const p = new Params();
    const asOf = p.value(size.asOf, "timestamptz");
    const product = pick("j", 300, REFERENCE_LENGTH.productTitles);
    await sql.query(
      `INSERT INTO "Offer" (id, title, brand, "priceAmount", currency, "sellerId", status, "createdAt")
       SELECT ${uuidSql("offer", "j")}, (${p.ref("productTitles")})[prod], (${p.ref("productBrands")})[prod],
              -- a price inside the product's range, ending in ,99 zł
              greatest(99, (min_p + ${h("j", 301)} % (max_p - min_p + 1)) / 100 * 100 - 1),
              'PLN', ${uuidSql("seller", "((j - 1) % " + size.sellers + ") + 1")},
              CASE WHEN ${u("j", 302)} < 0.85 THEN 'ACTIVE' WHEN ${u("j", 302)} < 0.97 THEN 'ENDED' ELSE 'HIDDEN' END::"OfferStatus",
              ${daysBefore(asOf, `800 * ${u("j", 303)}`)}
       FROM (
         SELECT j, prod, (${p.ref("productMinPrices")})[prod] AS min_p, (${p.ref("productMaxPrices")})[prod] AS max_p
         FROM (SELECT j, ${product} AS prod FROM generate_series(1, ${size.offers}) AS j) AS j0
       ) AS o`,
      p.values,
    );
  },
};

const ordersStep: GenerationStep = {
  name: "orders + order lines",
  tables: ["Order", "OrderLine"],
  async run(sql, size) {
    const perSeller = offersPerSeller(size);
    const buyerStep = benchBuyerStep(size);
    for (let lo = 1; lo <= size.orders; lo += ORDER_CHUNK) {
      const hi = Math.min(size.orders, lo + ORDER_CHUNK - 1);
      await sql.exec(`DROP TABLE IF EXISTS bench_order; DROP TABLE IF EXISTS bench_line;`);

      // 1. The plan of each order: parties, payment, timeline. Popular sellers sell more (quadratic skew);
      //    ~10% guest orders; recent months hold more orders than old ones (a growing marketplace).
      {
        const p = new Params();
        const asOf = p.value(size.asOf, "timestamptz");
        await sql.query(
          `CREATE TEMP TABLE bench_order AS
           SELECT i, seller_no, buyer_no, method, line_count, placed_at,
                  CASE WHEN cancelled THEN NULL WHEN method = 'CASH_ON_DELIVERY' THEN delivered_at ELSE paid_at END AS paid_at,
                  shipped_at, delivered_at,
                  CASE WHEN cancelled THEN 'CANCELLED' WHEN delivered_at IS NOT NULL THEN 'DELIVERED'
                       WHEN shipped_at IS NOT NULL THEN 'SHIPPED'
                       WHEN method <> 'CASH_ON_DELIVERY' AND paid_at IS NOT NULL THEN 'PAID' ELSE 'PLACED' END AS status
           FROM (
             SELECT *, CASE WHEN shipped_at IS NOT NULL AND delivered0 < ${asOf} AND ${u("i", 20)} < 0.97 THEN delivered0 END AS delivered_at
             FROM (
               SELECT *, CASE WHEN NOT cancelled AND shipped0 < ${asOf} THEN shipped0 END AS shipped_at,
                         CASE WHEN NOT cancelled AND paid0 < ${asOf} THEN paid0 END AS paid_at
               FROM (
                 SELECT i, seller_no, buyer_no, method, line_count, placed_at, cancelled,
                        placed_at + (5 + ${u("i", 21)} * 240) * interval '1 minute' AS paid0,
                        placed_at + (0.6 + ${u("i", 22)} * 2) * interval '1 day' AS shipped0,
                        placed_at + (2.5 + ${u("i", 22)} * 2 + ${u("i", 23)} * 3) * interval '1 day' AS delivered0
                 FROM (
                   SELECT i,
                          1 + floor(${size.sellers} * power(${u("i", 10)}, 2))::int AS seller_no,
                          CASE WHEN i % ${buyerStep} = 0 THEN 1
                               WHEN ${u("i", 11)} < 0.10 THEN NULL
                               ELSE 1 + ${h("i", 12)} % ${size.buyers} END AS buyer_no,
                          CASE WHEN ${u("i", 13)} < 0.62 THEN 'PLATFORM_PAY' WHEN ${u("i", 13)} < 0.88 THEN 'BANK_TRANSFER' ELSE 'CASH_ON_DELIVERY' END AS method,
                          CASE WHEN ${u("i", 14)} < 0.75 THEN 1 ELSE 2 + ${h("i", 15)} % 2 END AS line_count,
                          ${daysBefore(asOf, `730 * power(${u("i", 16)}, 1.25)`)} AS placed_at,
                          ${u("i", 17)} < 0.02 AS cancelled
                   FROM generate_series(${lo}, ${hi}) AS i
                 ) AS a
               ) AS b
             ) AS c
           ) AS d`,
          p.values,
        );
      }

      // 2. Lines: 1–3 distinct offers of the order's seller; cheap items sometimes in quantities.
      await sql.exec(
        `CREATE TEMP TABLE bench_line AS
         SELECT bo.i, l.pos, off.id AS offer_id, off.title, off."priceAmount" AS unit_amount,
                CASE WHEN off."priceAmount" < 20000 THEN 1 + ${h("bo.i * 4 + l.pos", 30)} % 3 ELSE 1 END AS quantity
         FROM bench_order AS bo
         CROSS JOIN LATERAL generate_series(1, bo.line_count) AS l(pos)
         JOIN "Offer" AS off ON off.id = ${uuidSql("offer", `bo.seller_no + ${size.sellers} * ((${h("bo.i", 31)} + l.pos) % ${perSeller})`)}`,
      );

      // 3. Orders. A registered buyer's contact data and address are copied from the account (as at the
      //    time of purchase); a guest's exist only on the order.
      {
        const p = new Params();
        const guest = personSql(p, "i", 40);
        const address = addressSql(p, "i", 50);
        const forGuest = (expr: string) => `CASE WHEN buyer_no IS NULL THEN ${expr} END`;
        await sql.query(
          `INSERT INTO "Order" (id, number, "buyerId", "sellerId", status, "paymentMethod", currency, "itemsAmount", "shippingAmount",
                                "buyerName", "buyerEmail", "buyerPhone", "shipStreet", "shipPostalCode", "shipCity",
                                "placedAt", "paidAt", "shippedAt", "deliveredAt")
           SELECT ${uuidSql("order", "bo.i")},
                  to_char(bo.placed_at AT TIME ZONE 'UTC', 'YYYY/MM/') || lpad(bo.i::text, 7, '0'),
                  b.id, ${uuidSql("seller", "bo.seller_no")}, bo.status::"OrderStatus", bo.method::"PaymentMethod", 'PLN',
                  l.items_amount, ${p.pickRef("shippingCosts", "bo.i", 60)},
                  coalesce(b.name, bo.g_name), coalesce(b.email, ${asciiLocalPart("bo.g_name")} || '.gosc' || bo.i || '@' || ${p.pickRef("mailDomains", "bo.i", 61)}),
                  coalesce(b.phone, bo.g_phone), coalesce(b.street, bo.g_street), coalesce(b."postalCode", bo.g_postal), coalesce(b.city, bo.g_city),
                  bo.placed_at, bo.paid_at, bo.shipped_at, bo.delivered_at
           FROM (
             SELECT *, ${forGuest(`(${guest.first}) || ' ' || (${guest.surname})`)} AS g_name, ${forGuest(phoneSql("i", 62))} AS g_phone,
                    ${forGuest(address.street)} AS g_street, ${forGuest(address.postalCode)} AS g_postal, ${forGuest(address.city)} AS g_city
             FROM bench_order
           ) AS bo
           JOIN (SELECT i, sum(unit_amount * quantity)::int AS items_amount FROM bench_line GROUP BY i) AS l ON l.i = bo.i
           LEFT JOIN "User" AS b ON bo.buyer_no IS NOT NULL AND b.id = ${uuidSql("buyer", "bo.buyer_no")}`,
          p.values,
        );
      }

      await sql.exec(
        `INSERT INTO "OrderLine" (id, "orderId", "offerId", position, title, "unitAmount", quantity)
         SELECT gen_random_uuid(), ${uuidSql("order", "i")}, offer_id, pos, title, unit_amount, quantity FROM bench_line;
         DROP TABLE bench_order; DROP TABLE bench_line;`,
      );
    }
  },
};

const shipmentsStep: GenerationStep = {
  name: "shipments with labels",
  tables: ["Shipment"],
  async run(sql) {
    // One parcel per shipped order; the label is the document the seller printed (recipient's address).
    const p = new Params();
    const key = `hashtext(o.number)`;
    await sql.query(
      `INSERT INTO "Shipment" (id, "orderId", carrier, "trackingNumber", label, "shippedAt", "deliveredAt")
       SELECT gen_random_uuid(), id, carrier, tracking,
              'Odbiorca: ' || "buyerName" || E'\\n' || "shipStreet" || E'\\n' || "shipPostalCode" || ' ' || "shipCity" ||
              E'\\nTel. ' || coalesce("buyerPhone", '-') || E'\\nPrzesyłka ' || tracking || ' (' || carrier || ')',
              "shippedAt", "deliveredAt"
       FROM (
         SELECT o.*, ${p.pickRef("carriers", key, 70)} AS carrier,
                lpad(${h(key, 71)}::text, 10, '0') || lpad((${h(key, 72)} % 1000000)::text, 6, '0') AS tracking
         FROM "Order" AS o WHERE o."shippedAt" IS NOT NULL
       ) AS s`,
      p.values,
    );
  },
};

const invoicesStep: GenerationStep = {
  name: "invoices",
  tables: ["Invoice"],
  async run(sql) {
    await sql.exec(
      `INSERT INTO "Invoice" (id, "orderId", number, "issuedAt", "totalAmount", currency, "billedTo")
       SELECT gen_random_uuid(), id, 'FV/' || number, "paidAt", "itemsAmount" + "shippingAmount", currency,
              "buyerName" || ', ' || "shipStreet" || ', ' || "shipPostalCode" || ' ' || "shipCity"
       FROM "Order" WHERE "paidAt" IS NOT NULL`,
    );
  },
};

// ───────────────────────────── discussions ─────────────────────────────

/**
 * The agents beside the benchmark agent (agent 1): agents 2..AGENT_COUNT and the senior agents who give
 * second approvals on large claims.
 */
async function insertAgents(sql: SqlRunner, size: DatasetSize) {
  const p = new Params();
  const asOf = p.value(size.asOf, "timestamptz");
  const person = personSql(p, "k", 400);
  const last = Math.max(...SENIOR_AGENT_NUMBERS);
  await sql.query(
    `INSERT INTO "User" (id, email, name, "isCompany", street, "postalCode", city, "createdAt", "updatedAt")
     SELECT ${uuidSql("agent", "k")}, 'agent.' || k || '@backoffice.example.pl', first || ' ' || surname, false,
            'ul. Marszałkowska 1', '00-001', 'Warszawa', ${asOf} - interval '900 days', ${asOf} - interval '900 days'
     FROM (SELECT k, ${person.first} AS first, ${person.surname} AS surname FROM generate_series(2, ${last}) AS k) AS a`,
    p.values,
  );
  await sql.query(
    `INSERT INTO "UserRole" ("userId", "roleId", "grantedAt")
     SELECT ${uuidSql("agent", "k")}, (SELECT id FROM "Role" WHERE name = CASE WHEN k = ANY($2::int[]) THEN 'SENIOR_AGENT' ELSE 'AGENT' END),
            $1::timestamptz - interval '900 days'
     FROM generate_series(2, ${last}) AS k`,
    [size.asOf, SENIOR_AGENT_NUMBERS],
  );
}

/**
 * Discussions over existing orders, at most one per order. The mix (of all discussions): ~60% closed by the
 * parties (agreement on a seller's proposal, or the buyer's word), ~15% escalated and waiting in the
 * agents' queue (30% of them taken by an agent, a quarter of those by the benchmark agent), ~10% closed by
 * an agent (an outcome, or referred to a claim), the rest open. Open and escalated discussions are recent
 * (orders of the last 45 days); closed ones are about orders older than 60 days. Every discussion has 2–8
 * messages (the buyer's description first; the seller's first answer, when there is one, sets
 * sellerRespondedAt; agents write only after taking an escalated discussion) and the timeline events the
 * service would have written (OPENED, MESSAGE_POSTED, SELLER_OVERDUE, SOLUTION_PROPOSED, ESCALATED,
 * ASSIGNED, PROPOSAL_ACCEPTED / CLOSED_AS_RESOLVED / CLOSED_BY_AGENT / REFERRED_TO_CLAIM). Discussions whose
 * 24 hours passed without a seller message are already marked overdue, as the sweep would have done.
 */
const discussionsStep: GenerationStep = {
  name: "discussions + messages + proposals + events",
  tables: ["Discussion", "DiscussionMessage", "DiscussionProposal", "CaseEvent"],
  async run(sql, size) {
    await sql.exec(
      `TRUNCATE "CaseEvent" RESTART IDENTITY;
       DROP TABLE IF EXISTS bench_disc_pick; DROP TABLE IF EXISTS bench_disc; DROP TABLE IF EXISTS bench_msg; DROP TABLE IF EXISTS bench_event;`,
    );
    await insertAgents(sql, size);
    const total = discussionCount(size);
    const recentWanted = Math.round(total * 0.3);

    // 1. Which orders: paid orders of registered buyers; recent ones for open/escalated discussions.
    const pick0 = async (pool: "A" | "B", where: string, limit: number, into: string) => {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const kind =
        pool === "A"
          ? `CASE WHEN ${u("i", 501)} < 0.6 AND base < ${asOf} - interval '2 days' THEN 'ESCALATED' ELSE 'OPEN' END`
          : `CASE WHEN ${u("i", 501)} < 0.857 THEN 'PARTIES' ELSE 'AGENT' END`;
      await sql.query(
        `${into}
         SELECT i, order_id, buyer_id, seller_id, placed_at, base, order_total, ${kind} AS kind
         FROM (
           SELECT split_part(o.number, '/', 3)::int AS i, o.id AS order_id, o."buyerId" AS buyer_id, o."sellerId" AS seller_id,
                  o."placedAt" AS placed_at, coalesce(o."deliveredAt", o."shippedAt", o."paidAt") AS base,
                  o."itemsAmount" + o."shippingAmount" AS order_total
           FROM "Order" AS o
           WHERE o."buyerId" IS NOT NULL AND o."paidAt" IS NOT NULL AND ${where.replace(/\$asOf/g, asOf)}
           ORDER BY ${h("split_part(o.number, '/', 3)::int", 500)}
           LIMIT ${p.value(limit, "int")}
         ) AS o`,
        p.values,
      );
    };
    await pick0("A", `o."placedAt" >= $asOf - interval '45 days'`, recentWanted, "CREATE TEMP TABLE bench_disc_pick AS");
    const [{ n: recent }] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_disc_pick`);
    await pick0("B", `o."placedAt" < $asOf - interval '60 days'`, total - recent, "INSERT INTO bench_disc_pick");

    // 2. The life of each discussion, numbered in the order they were opened.
    {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const reasonNo = `(1 + CASE WHEN ${u("i", 510)} < 0.30 THEN 0 WHEN ${u("i", 510)} < 0.55 THEN 1 WHEN ${u("i", 510)} < 0.73 THEN 2
                                  WHEN ${u("i", 510)} < 0.83 THEN 3 WHEN ${u("i", 510)} < 0.92 THEN 4 ELSE 5 END)`;
      await sql.query(
        `CREATE TEMP TABLE bench_disc AS
         SELECT row_number() OVER (ORDER BY opened_at, i)::int AS n, l5.*,
                CASE kind WHEN 'OPEN' THEN 'OPEN' WHEN 'ESCALATED' THEN 'ESCALATED' ELSE 'CLOSED' END AS status,
                CASE WHEN resolution = 'AGREEMENT' THEN seller_responded_at + (closed_at - seller_responded_at) * 0.5 END AS proposal_at
         FROM (
           SELECT l4.*,
                  CASE WHEN sa0 < end_at THEN sa0 END AS seller_responded_at,
                  CASE WHEN opened_at + interval '24 hours' <= end_at AND (sa0 IS NULL OR sa0 >= end_at OR sa0 > least(ov0, end_at))
                       THEN least(ov0, end_at) END AS overdue_at
           FROM (
             SELECT l3.*, coalesce(closed_at, ${asOf}) AS end_at,
                    CASE WHEN resolution = 'AGREEMENT' THEN opened_at + (closed_at - opened_at) * (0.05 + 0.4 * ${u("i", 511)})
                         WHEN ${u("i", 512)} < 0.72 THEN opened_at + (0.5 + ${u("i", 513)} * 21) * interval '1 hour'
                         WHEN ${u("i", 512)} < 0.85 THEN opened_at + (25 + ${u("i", 513)} * 40) * interval '1 hour' END AS sa0,
                    opened_at + interval '24 hours' + (1 + 4 * ${u("i", 514)}) * interval '1 minute' AS ov0
             FROM (
               SELECT l2.*,
                      CASE kind WHEN 'PARTIES' THEN opened_at + (0.05 + ${u("i", 508)} * 6) * interval '1 day'
                                WHEN 'AGENT' THEN assigned_at + (0.1 + ${u("i", 508)} * 3) * interval '1 day' END AS closed_at
               FROM (
                 SELECT l1.*,
                        CASE WHEN agent_no IS NULL THEN NULL
                             WHEN kind = 'ESCALATED' THEN escalated_at + ${u("i", 507)} * (${asOf} - escalated_at)
                             ELSE escalated_at + ${u("i", 507)} * interval '2 days' END AS assigned_at,
                        CASE WHEN outcome = 'PARTIAL_REFUND' THEN greatest(1, least(order_total - 1, round(order_total * (0.1 + 0.6 * ${u("i", 515)}))::int)) END AS outcome_amount
                 FROM (
                   SELECT l0.*,
                          CASE resolution
                            WHEN 'AGREEMENT' THEN CASE WHEN ${u("i", 517)} < 0.35 THEN 'REFUND' WHEN ${u("i", 517)} < 0.65 THEN 'PARTIAL_REFUND'
                                                       WHEN ${u("i", 517)} < 0.85 THEN 'REPLACEMENT' ELSE 'RETURN_AND_REFUND' END
                            WHEN 'AGENT_DECISION' THEN CASE WHEN ${u("i", 517)} < 0.35 THEN 'REFUND' WHEN ${u("i", 517)} < 0.50 THEN 'PARTIAL_REFUND'
                                                            WHEN ${u("i", 517)} < 0.60 THEN 'REPLACEMENT' WHEN ${u("i", 517)} < 0.75 THEN 'RETURN_AND_REFUND'
                                                            ELSE 'NO_ACTION' END END AS outcome,
                          CASE kind WHEN 'ESCALATED' THEN opened_at + interval '24 hours' + ${u("i", 503)} * 0.8 * (${asOf} - opened_at - interval '24 hours')
                                    WHEN 'AGENT' THEN opened_at + interval '24 hours' + ${u("i", 503)} * interval '3 days' END AS escalated_at
                   FROM (
                     SELECT pk.*, ${reasonNo} AS reason_no,
                            (${p.ref("discussionDescriptions")})[(${reasonNo} - 1) * ${DESCRIPTION_VARIANTS} + ${pick("i", 516, DESCRIPTION_VARIANTS)}] AS description,
                            CASE kind WHEN 'PARTIES' THEN CASE WHEN ${u("i", 509)} < 0.55 THEN 'AGREEMENT' ELSE 'BUYER_RESOLVED' END
                                      WHEN 'AGENT' THEN CASE WHEN ${u("i", 509)} < 0.75 THEN 'AGENT_DECISION' ELSE 'REFERRED_TO_CLAIM' END END AS resolution,
                            CASE WHEN kind = 'AGENT' OR (kind = 'ESCALATED' AND ${u("i", 504)} < 0.3)
                                 THEN CASE WHEN ${u("i", 505)} < 0.25 THEN 1 ELSE 2 + ${h("i", 506)} % ${AGENT_COUNT - 1} END END AS agent_no,
                            2 + ${h("i", 520)} % 7 AS m,
                            CASE kind WHEN 'OPEN' THEN greatest(base + (${asOf} - base) * 0.1, ${asOf} - ${u("i", 502)} * interval '10 days')
                                      WHEN 'ESCALATED' THEN greatest(base + (${asOf} - base) * 0.1, ${asOf} - (1.2 + ${u("i", 502)} * 14) * interval '1 day')
                                      ELSE base + (0.2 + ${u("i", 502)} * 25) * interval '1 day' END AS opened_at
                     FROM bench_disc_pick AS pk
                     OFFSET 0
                   ) AS l0
                   OFFSET 0
                 ) AS l1
                 OFFSET 0
               ) AS l2
               OFFSET 0
             ) AS l3
             OFFSET 0
           ) AS l4
           OFFSET 0
         ) AS l5`,
        p.values,
      );
    }

    // 3. Messages: the buyer's description, then (when the seller answers) the seller's first answer, then an
    //    exchange until the discussion closed (or now); the assigned agent joins after taking it.
    {
      const p = new Params();
      const k = "(d.n::bigint * 16 + g.j)";
      await sql.query(
        `CREATE TEMP TABLE bench_msg AS
         SELECT x.*,
                CASE author_role WHEN 'BUYER' THEN buyer_id WHEN 'SELLER' THEN seller_id ELSE ${uuidSql("agent", "agent_no")} END AS author_id,
                CASE WHEN kind = 'INFO_REQUEST' THEN CASE WHEN ${h("k", 532)} % 2 = 0 THEN 'BUYER' ELSE 'SELLER' END ELSE 'ALL' END AS visibility,
                CASE WHEN j = 1 THEN description
                     WHEN author_role = 'BUYER' THEN ${p.pickRef("buyerMessages", "k", 533)}
                     WHEN author_role = 'SELLER' THEN ${p.pickRef("sellerMessages", "k", 534)}
                     WHEN kind = 'INFO_REQUEST' THEN ${p.pickRef("agentInfoRequests", "k", 535)}
                     ELSE ${p.pickRef("agentMessages", "k", 536)} END AS body
         FROM (
           SELECT w.*, CASE WHEN author_role = 'AGENT' AND ${h("k", 531)} % 4 = 0 THEN 'INFO_REQUEST' ELSE 'MESSAGE' END AS kind
           FROM (
             SELECT v.*,
                    CASE WHEN j = 1 THEN 'BUYER'
                         WHEN answered AND j = 2 THEN 'SELLER'
                         WHEN agent_no IS NOT NULL AND created_at >= assigned_at
                           THEN CASE j % 3 WHEN 0 THEN 'AGENT' WHEN 1 THEN CASE WHEN answered THEN 'SELLER' ELSE 'BUYER' END ELSE 'BUYER' END
                         WHEN answered THEN CASE WHEN j % 2 = 0 THEN 'SELLER' ELSE 'BUYER' END
                         ELSE 'BUYER' END AS author_role
             FROM (
               SELECT d.n, d.buyer_id, d.seller_id, d.agent_no, d.assigned_at, d.description, g.j, ${k} AS k,
                      d.seller_responded_at IS NOT NULL AS answered,
                      CASE WHEN g.j = 1 THEN d.opened_at
                           WHEN d.seller_responded_at IS NOT NULL AND g.j = 2 THEN d.seller_responded_at
                           WHEN d.seller_responded_at IS NOT NULL
                             THEN d.seller_responded_at + (d.end_at - d.seller_responded_at) * ((g.j - 3) + 0.2 + 0.6 * ${u(k, 530)}) / (d.m - 2)
                           ELSE d.opened_at + (d.end_at - d.opened_at) * ((g.j - 2) + 0.2 + 0.6 * ${u(k, 530)}) / (d.m - 1) END AS created_at
               FROM bench_disc AS d CROSS JOIN LATERAL generate_series(1, d.m) AS g(j)
               OFFSET 0
             ) AS v
             OFFSET 0
           ) AS w
           OFFSET 0
         ) AS x`,
        p.values,
      );
    }

    // 4. The rows.
    {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const reasons = p.value([...DISCUSSION_REASONS], "text[]");
      const note = `CASE WHEN d.resolution = 'REFERRED_TO_CLAIM' THEN (${p.ref("closingNotes")})[4]
                         WHEN d.outcome = 'NO_ACTION' THEN (${p.ref("closingNotes")})[3]
                         ELSE (${p.ref("closingNotes")})[(ARRAY[1, 2, 5])[${pick("d.n", 540, 3)}]] END`;
      await sql.query(
        `INSERT INTO "Discussion" (id, number, "orderId", "openOrderId", "buyerId", "sellerId", reason, description, status, "openedAt",
                                   "sellerResponseDueAt", "sellerRespondedAt", "sellerOverdueAt", "escalatedAt", "assignedAgentId", "assignedAt",
                                   "closedAt", resolution, outcome, "outcomeAmount", "closingNote", "lastActivityAt")
         SELECT ${uuidSql("discussion", "d.n")}, d.n, d.order_id, CASE WHEN d.status <> 'CLOSED' THEN d.order_id END, d.buyer_id, d.seller_id,
                (${reasons})[d.reason_no]::"DiscussionReason", d.description, d.status::"DiscussionStatus", d.opened_at,
                d.opened_at + interval '24 hours', d.seller_responded_at, d.overdue_at, d.escalated_at,
                CASE WHEN d.agent_no IS NOT NULL THEN ${uuidSql("agent", "d.agent_no")} END, d.assigned_at, d.closed_at,
                d.resolution::"DiscussionResolution", d.outcome::"DiscussionOutcome", d.outcome_amount,
                CASE WHEN d.kind = 'AGENT' THEN ${note} END,
                least(${asOf}, greatest(d.opened_at, d.seller_responded_at, d.overdue_at, d.escalated_at, d.assigned_at, d.closed_at, d.proposal_at, m.last_at))
         FROM bench_disc AS d JOIN (SELECT n, max(created_at) AS last_at FROM bench_msg GROUP BY n) AS m ON m.n = d.n
         ORDER BY d.n`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "DiscussionMessage" (id, "discussionId", "authorId", "authorRole", kind, body, visibility, "createdAt")
       SELECT ${uuidSql("dmsg", "k")}, ${uuidSql("discussion", "n")}, author_id, author_role::"DiscussionParty", kind, body,
              visibility::"MessageVisibility", created_at
       FROM bench_msg ORDER BY created_at`,
    );
    {
      const p = new Params();
      await sql.query(
        `INSERT INTO "DiscussionProposal" (id, "discussionId", "proposedById", "proposedByRole", kind, amount, note, status, "createdAt", "decidedAt")
         SELECT ${uuidSql("dprop", "n")}, ${uuidSql("discussion", "n")}, seller_id, 'SELLER', outcome::"DiscussionOutcome", outcome_amount,
                ${p.pickRef("proposalNotes", "n", 541)}, 'ACCEPTED', proposal_at, closed_at
         FROM bench_disc WHERE resolution = 'AGREEMENT'`,
        p.values,
      );
    }

    // 5. The timeline, inserted in time order (ids grow with time, as in production).
    {
      const p = new Params();
      const reasons = p.value([...DISCUSSION_REASONS], "text[]");
      const id = uuidSql("discussion", "n");
      const agent = uuidSql("agent", "agent_no");
      await sql.query(
        `CREATE TEMP TABLE bench_event AS
         SELECT ${id} AS case_id, 'OPENED' AS type, buyer_id::text AS actor_id, 'BUYER' AS actor_role, opened_at AS at,
                jsonb_build_object('reason', (${reasons})[reason_no], 'messageId', ${uuidSql("dmsg", "n::bigint * 16 + 1")}, 'attachments', 0) AS data
         FROM bench_disc
         UNION ALL
         SELECT ${id}, CASE kind WHEN 'INFO_REQUEST' THEN 'INFORMATION_REQUESTED' ELSE 'MESSAGE_POSTED' END, author_id::text, author_role, created_at,
                jsonb_build_object('visibility', visibility, 'firstSellerAnswer', author_role = 'SELLER' AND j = 2, 'messageId', ${uuidSql("dmsg", "k")}, 'attachments', 0)
         FROM bench_msg WHERE j > 1
         UNION ALL
         SELECT ${id}, 'SELLER_OVERDUE', NULL, 'SYSTEM', overdue_at, '{}'::jsonb FROM bench_disc WHERE overdue_at IS NOT NULL
         UNION ALL
         SELECT ${id}, 'SOLUTION_PROPOSED', seller_id::text, 'SELLER', proposal_at,
                jsonb_build_object('proposalId', ${uuidSql("dprop", "n")}, 'kind', outcome, 'amount', outcome_amount, 'supersedes', NULL)
         FROM bench_disc WHERE resolution = 'AGREEMENT'
         UNION ALL
         SELECT ${id}, 'ESCALATED', buyer_id::text, 'BUYER', escalated_at,
                jsonb_build_object('sellerAnswered', coalesce(seller_responded_at < escalated_at, false))
         FROM bench_disc WHERE escalated_at IS NOT NULL
         UNION ALL
         SELECT ${id}, 'ASSIGNED', ${agent}::text, 'AGENT', assigned_at, jsonb_build_object('agentId', ${agent})
         FROM bench_disc WHERE assigned_at IS NOT NULL
         UNION ALL
         SELECT ${id},
                CASE resolution WHEN 'AGREEMENT' THEN 'PROPOSAL_ACCEPTED' WHEN 'BUYER_RESOLVED' THEN 'CLOSED_AS_RESOLVED'
                                WHEN 'AGENT_DECISION' THEN 'CLOSED_BY_AGENT' ELSE 'REFERRED_TO_CLAIM' END,
                CASE WHEN kind = 'PARTIES' THEN buyer_id::text ELSE ${agent}::text END, CASE WHEN kind = 'PARTIES' THEN 'BUYER' ELSE 'AGENT' END, closed_at,
                CASE resolution WHEN 'AGREEMENT' THEN jsonb_build_object('proposalId', ${uuidSql("dprop", "n")}, 'outcome', outcome, 'amount', outcome_amount)
                                WHEN 'AGENT_DECISION' THEN jsonb_build_object('outcome', outcome, 'amount', outcome_amount)
                                ELSE '{}'::jsonb END
         FROM bench_disc WHERE closed_at IS NOT NULL`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at, data)
       SELECT 'DISCUSSION', case_id, type, CASE WHEN actor_role = 'SYSTEM' THEN 'SYSTEM' ELSE 'USER' END,
              CASE WHEN actor_role = 'SYSTEM' THEN 'discussion-overdue-sweep' ELSE actor_id END, actor_role, at, data
       FROM bench_event ORDER BY at;
       SELECT setval(pg_get_serial_sequence('"Discussion"', 'number'), greatest(1, (SELECT max(number) FROM "Discussion")));
       DROP TABLE bench_disc_pick; DROP TABLE bench_disc; DROP TABLE bench_msg; DROP TABLE bench_event;`,
    );
  },
};

// ───────────────────────────── buyer-protection claims ─────────────────────────────

const CLAIM_REASONS = ["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED"];
const REJECTION_REASONS = ["INSUFFICIENT_EVIDENCE", "ITEM_AS_DESCRIBED", "RESOLVED_WITH_SELLER", "DUPLICATE", "SUSPECTED_ABUSE", "OTHER"];

/**
 * Claims on covered orders (the payment methods of the default terms version '2017-08') whose discussion
 * qualifies (24 hours old, not ended by agreement or by the buyer): first every discussion an agent closed
 * (referred to a claim, or decided), then open and escalated ones. Amounts follow the compensation rules: the claimed lines (all of them, or one line), shipping up to
 * the cap only for platform pay, the whole capped per claim. Claims filed in the last 20 days may still be
 * in the queue (SUBMITTED — SMART ones with 12-hour deadlines, some past them — AWAITING_DOCUMENTS,
 * AWAITING_SECOND_APPROVAL above the four-eyes threshold, and any filed too recently for its decision time);
 * older ones are decided: ~62% paid (payout executed once, seller recovery opened), the rest rejected. Time to
 * decision and refund: 0.5–9.5 days standard (mean ~5), 1–23 h SMART (mean ~12 h).
 * About 8% of claims carry 1–2 documents (20–400 kB). Every claim has its timeline.
 */
const claimsStep: GenerationStep = {
  name: "claims + lines + payouts + recoveries + events",
  tables: ["Claim", "ClaimLine", "Payout", "SellerRecovery", "Attachment"],
  async run(sql, size) {
    await sql.exec(`DROP TABLE IF EXISTS bench_claim_pick; DROP TABLE IF EXISTS bench_claim_line; DROP TABLE IF EXISTS bench_claim;`);
    const [terms] = await sql.query<{ id: string }>(`SELECT id FROM "ProgramTerms" WHERE version = '2017-08'`);
    if (!terms) throw new Error("The default program terms version '2017-08' is missing (the buyer-protection migration inserts it)");

    // 1. Which discussions.
    await sql.query(
      `CREATE TEMP TABLE bench_claim_pick AS
       SELECT d.id AS d_id, d.number AS dn, d."orderId" AS order_id, d."buyerId" AS buyer_id, d."sellerId" AS seller_id,
              d.reason::text AS d_reason, d.status::text AS d_status, d."openedAt" AS opened_at, d."escalatedAt" AS escalated_at,
              d."closedAt" AS closed_at, o."paymentMethod" AS method, o."shippingAmount" AS order_shipping, b."smartUntil" AS smart_until
       FROM "Discussion" AS d
       JOIN "Order" AS o ON o.id = d."orderId"
       JOIN "User" AS b ON b.id = d."buyerId"
       CROSS JOIN (SELECT * FROM "ProgramTerms" WHERE version = '2017-08') AS t
       WHERE o."paymentMethod" = ANY(t."coveredPaymentMethods") AND o."paidAt" IS NOT NULL
         AND (d.resolution IS NULL OR d.resolution IN ('AGENT_DECISION', 'REFERRED_TO_CLAIM'))
         AND d."openedAt" <= $1::timestamptz - interval '25 hours'
       ORDER BY d.resolution IS NOT DISTINCT FROM 'REFERRED_TO_CLAIM' DESC, d.status = 'CLOSED' DESC, ${h("d.number", 600)}
       LIMIT $2`,
      [size.asOf, claimTarget(size)],
    );

    // 2. The claimed lines: every line (70%, and always for one-line orders) or one of them; sometimes one
    //    piece of several.
    await sql.exec(
      `CREATE TEMP TABLE bench_claim_line AS
       SELECT dn, order_line_id, unit_amount,
              CASE WHEN ordered > 1 AND ${u("dn::bigint * 8 + position", 612)} < 0.3 THEN 1 ELSE ordered END AS quantity
       FROM (
         SELECT p.dn, ol.id AS order_line_id, ol.position, ol."unitAmount" AS unit_amount, ol.quantity AS ordered,
                count(*) OVER (PARTITION BY p.dn) AS line_count
         FROM bench_claim_pick AS p JOIN "OrderLine" AS ol ON ol."orderId" = p.order_id
         OFFSET 0
       ) AS x
       WHERE line_count = 1 OR ${u("dn", 610)} < 0.7 OR position = 1 + ${h("dn", 611)} % line_count`,
    );

    // 3. The life of each claim, numbered in filing order.
    {
      const p = new Params();
      const asOf = p.value(size.asOf, "timestamptz");
      const rejection = `(1 + CASE WHEN ${u("dn", 647)} < 0.35 THEN 0 WHEN ${u("dn", 647)} < 0.60 THEN 1 WHEN ${u("dn", 647)} < 0.75 THEN 2
                                   WHEN ${u("dn", 647)} < 0.80 THEN 3 WHEN ${u("dn", 647)} < 0.85 THEN 4 ELSE 5 END)`;
      await sql.query(
        `CREATE TEMP TABLE bench_claim AS
         SELECT l7.*, ${uuidSql("claim", "n")} AS claim_id,
                'TRF-' || upper(substr(encode(sha256(convert_to('claim:' || ${uuidSql("claim", "n")} || ':payout', 'UTF8')), 'hex'), 1, 20)) AS transfer_ref
         FROM (
           SELECT row_number() OVER (ORDER BY filed_at, dn)::int AS n, l6.*,
                  CASE WHEN status = 'PAID' THEN CASE WHEN four_eyes THEN filed_at + (decided_at - filed_at) * 0.6 ELSE decided_at END
                       WHEN status = 'AWAITING_SECOND_APPROVAL' THEN filed_at + ${u("dn", 644)} * (${asOf} - filed_at) END AS first_approved_at,
                  CASE WHEN status = 'PAID' AND four_eyes THEN decided_at END AS second_approved_at,
                  CASE WHEN status = 'AWAITING_DOCUMENTS' THEN filed_at + ${u("dn", 645)} * (least(${asOf}, decision_due_at) - filed_at) END AS paused_at,
                  CASE WHEN status = 'PAID' THEN decided_at + (2 + 58 * ${u("dn", 646)}) * interval '1 second' END AS executed_at,
                  CASE WHEN status = 'REJECTED' THEN ${rejection} END AS rejection_no,
                  CASE WHEN ${u("dn", 650)} < 0.08 THEN 1 + ${h("dn", 651)} % 2 ELSE 0 END AS documents
           FROM (
             SELECT l5.*, approved_amount > threshold AS four_eyes
             FROM (
               SELECT l4.*,
                      filed_at + decision_hours * interval '1 hour' AS decision_due_at,
                      CASE WHEN status IN ('PAID', 'REJECTED')
                           THEN greatest(filed_at + interval '1 minute', least(filed_at + d_proc, ${asOf} - interval '5 minutes')) END AS decided_at,
                      CASE status WHEN 'PAID' THEN CASE WHEN ${u("dn", 640)} < 0.8 THEN max_amount
                                                        ELSE greatest(1, least(max_amount - 1, round(max_amount * (0.3 + 0.6 * ${u("dn", 641)}))::int)) END
                                  WHEN 'AWAITING_SECOND_APPROVAL' THEN max_amount END AS approved_amount
               FROM (
                 SELECT l3.*, CASE WHEN smart THEN smart_hours ELSE standard_hours END AS decision_hours
                 FROM (
                   SELECT l2.*, smart_until IS NOT NULL AND smart_until > filed_at AS smart
                   FROM (
                     SELECT l1.*,
                            CASE WHEN status IN ('SUBMITTED', 'AWAITING_DOCUMENTS', 'AWAITING_SECOND_APPROVAL')
                                 THEN greatest(e, ${asOf} - ${u("dn", 631)} * 1.3 * (CASE WHEN smart_e THEN smart_hours ELSE standard_hours END) * interval '1 hour')
                                 ELSE e + ${u("dn", 631)} * greatest(interval '0', ${asOf} - e - d_proc - interval '10 minutes') END AS filed_at
                     FROM (
                       -- A claim filed too recently for the longest decision time is still waiting (so the decision
                       -- times of decided claims are not biased towards the short ones).
                       SELECT l0.*,
                              CASE WHEN status0 IN ('PAID', 'REJECTED')
                                        AND ${asOf} - e < CASE WHEN smart_e THEN interval '23 hours 10 minutes' ELSE interval '9 days 12 hours 10 minutes' END
                                   THEN 'SUBMITTED' ELSE status0 END AS status
                       FROM (
                       SELECT l0.*,
                              CASE WHEN NOT recent THEN CASE WHEN ${u("dn", 630)} < 0.62 THEN 'PAID' ELSE 'REJECTED' END
                                   WHEN ${u("dn", 630)} < 0.10 THEN 'SUBMITTED'
                                   WHEN ${u("dn", 630)} < 0.16 THEN 'AWAITING_DOCUMENTS'
                                   WHEN ${u("dn", 630)} < 0.22 THEN CASE WHEN max_amount > threshold THEN 'AWAITING_SECOND_APPROVAL' ELSE 'SUBMITTED' END
                                   WHEN ${u("dn", 630)} < 0.55 THEN 'REJECTED'
                                   ELSE 'PAID' END AS status0,
                              CASE WHEN smart_e THEN (1 + 22 * ${u("dn", 632)}) * interval '1 hour' ELSE (0.5 + 9 * ${u("dn", 632)}) * interval '1 day' END AS d_proc
                       FROM (
                         SELECT a.*, least(a.items_amount + a.shipping_amount, a.per_claim_cap) AS max_amount,
                                a.items_amount + a.shipping_amount > a.per_claim_cap AS cap_applied,
                                a.e >= ${asOf} - interval '20 days' AS recent,
                                a.smart_until IS NOT NULL AND a.smart_until > a.e AS smart_e
                         FROM (
                           SELECT p.*, l.items_amount,
                                  CASE WHEN p.method = ANY(t."shippingCoveredPaymentMethods") THEN least(p.order_shipping, t."shippingCap") ELSE 0 END AS shipping_amount,
                                  t."perClaimCap" AS per_claim_cap, t."smartDecisionHours" AS smart_hours, t."standardDecisionHours" AS standard_hours,
                                  coalesce((SELECT (value #>> '{}')::int FROM "Setting" WHERE key = 'claims.fourEyesThreshold'), 500000) AS threshold,
                                  CASE WHEN p.d_reason = 'OTHER' THEN 'NOT_AS_DESCRIBED' ELSE p.d_reason END AS reason,
                                  least(CASE WHEN p.d_status = 'CLOSED' THEN p.closed_at + (0.05 + 2 * ${u("p.dn", 620)}) * interval '1 day'
                                             ELSE p.opened_at + (24.5 + 24 * ${u("p.dn", 620)}) * interval '1 hour' END,
                                        ${asOf} - interval '30 minutes') AS e
                           FROM bench_claim_pick AS p
                           JOIN (SELECT dn, sum(unit_amount * quantity)::int AS items_amount FROM bench_claim_line GROUP BY dn) AS l ON l.dn = p.dn
                           CROSS JOIN (SELECT * FROM "ProgramTerms" WHERE version = '2017-08') AS t
                           OFFSET 0
                         ) AS a
                         OFFSET 0
                       ) AS l0
                       OFFSET 0
                       ) AS l0
                       OFFSET 0
                     ) AS l1
                     OFFSET 0
                   ) AS l2
                   OFFSET 0
                 ) AS l3
                 OFFSET 0
               ) AS l4
               OFFSET 0
             ) AS l5
             OFFSET 0
           ) AS l6
           OFFSET 0
         ) AS l7`,
        p.values,
      );
    }

    // 4. The rows.
    {
      const p = new Params();
      const claimReasons = p.value(CLAIM_REASONS, "text[]");
      const rejections = p.value(REJECTION_REASONS, "text[]");
      const description = `(${p.ref("claimDescriptions")})[(array_position(${claimReasons}, c.reason) - 1) * ${CLAIM_DESCRIPTION_VARIANTS} + ${pick("c.dn", 653, CLAIM_DESCRIPTION_VARIANTS)}]`;
      const agent = (expr: string) => uuidSql("agent", expr);
      const firstAgent = `1 + ${h("c.dn", 642)} % ${AGENT_COUNT}`;
      const senior = `(${p.value(SENIOR_AGENT_NUMBERS, "int[]")})[${pick("c.dn", 643, SENIOR_AGENT_NUMBERS.length)}]`;
      await sql.query(
        `INSERT INTO "Claim" (id, number, "orderId", "buyerId", "sellerId", "discussionId", "termsId", reason, description, "policeReport", status,
                              "filedAt", "smartAtFiling", "decisionDueAt", "pausedAt", "itemsAmount", "shippingAmount", "maxAmount", "capApplied",
                              currency, "approvedAmount", "firstApproverId", "firstApprovedAt", "secondApproverId", "secondApprovedAt", "decidedAt",
                              "rejectionReason", "decisionNote", "lastActivityAt")
         SELECT c.claim_id, c.n, c.order_id, c.buyer_id, c.seller_id, c.d_id, ${p.value(terms.id, "uuid")}, c.reason::"ClaimReason", ${description},
                c.reason = 'NOT_RECEIVED' AND ${u("c.dn", 652)} < 0.15, c.status::"ClaimStatus", c.filed_at, c.smart, c.decision_due_at, c.paused_at,
                c.items_amount, c.shipping_amount, c.max_amount, c.cap_applied, 'PLN', c.approved_amount,
                CASE WHEN c.first_approved_at IS NOT NULL THEN ${agent(firstAgent)} END, c.first_approved_at,
                CASE WHEN c.second_approved_at IS NOT NULL THEN ${agent(senior)} END, c.second_approved_at, c.decided_at,
                (${rejections})[c.rejection_no]::"ClaimRejectionReason",
                CASE WHEN c.status = 'REJECTED' THEN (${p.ref("rejectionNotes")})[c.rejection_no]
                     WHEN c.approved_amount < c.max_amount THEN 'Częściowa rekompensata: część towaru była zgodna z opisem.' END,
                greatest(c.filed_at, c.paused_at, c.first_approved_at, c.decided_at, c.executed_at)
         FROM bench_claim AS c ORDER BY c.n`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "ClaimLine" (id, "claimId", "orderLineId", quantity, amount)
       SELECT gen_random_uuid(), c.claim_id, l.order_line_id, l.quantity, l.unit_amount * l.quantity
       FROM bench_claim AS c JOIN bench_claim_line AS l ON l.dn = c.dn;

       INSERT INTO "Payout" (id, "claimId", "orderId", "buyerId", amount, currency, "idempotencyKey", status, "createdAt", "executedAt", "transferReference")
       SELECT ${uuidSql("payout", "n")}, claim_id, order_id, buyer_id, approved_amount, 'PLN', 'claim:' || claim_id || ':payout', 'EXECUTED',
              decided_at, executed_at, transfer_ref
       FROM bench_claim WHERE status = 'PAID';

       INSERT INTO "SellerRecovery" (id, "claimId", "payoutId", "sellerId", amount, currency, status, "createdAt")
       SELECT gen_random_uuid(), claim_id, ${uuidSql("payout", "n")}, seller_id, approved_amount, 'PLN',
              CASE WHEN executed_at < $$${size.asOf.toISOString()}$$::timestamptz - interval '14 days' AND ${u("dn", 648)} < 0.85 THEN 'RECOVERED' ELSE 'OPEN' END::"RecoveryStatus",
              executed_at
       FROM bench_claim WHERE status = 'PAID';`,
    );
    {
      // Documents: photos and scans the buyer attached when filing (content of the stated size).
      const p = new Params();
      await sql.query(
        `INSERT INTO "Attachment" (id, "claimId", "uploadedById", "fileName", "contentType", "sizeBytes", sha256, content, "createdAt")
         SELECT gen_random_uuid(), claim_id, buyer_id, file_name,
                CASE WHEN file_name LIKE '%.pdf' THEN 'application/pdf' ELSE 'image/jpeg' END, octet_length(content),
                encode(sha256(content), 'hex'), content, filed_at
         FROM (
           SELECT c.claim_id, c.buyer_id, c.filed_at, ${p.pickRef("documentNames", "c.n::bigint * 4 + g.k", 661)} AS file_name,
                  convert_to(left(repeat(md5((c.n::bigint * 4 + g.k)::text), 12500), 20000 + ${h("c.n::bigint * 4 + g.k", 660)} % 380000), 'UTF8') AS content
           FROM bench_claim AS c CROSS JOIN LATERAL generate_series(1, c.documents) AS g(k)
           OFFSET 0
         ) AS d`,
        p.values,
      );
    }

    // 5. The timeline.
    {
      const p = new Params();
      const rejections = p.value(REJECTION_REASONS, "text[]");
      const firstAgent = uuidSql("agent", `1 + ${h("dn", 642)} % ${AGENT_COUNT}`);
      const senior = uuidSql("agent", `(${p.value(SENIOR_AGENT_NUMBERS, "int[]")})[${pick("dn", 643, SENIOR_AGENT_NUMBERS.length)}]`);
      await sql.query(
        `INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at, data)
         SELECT 'CLAIM', claim_id, type, CASE WHEN actor_role = 'SYSTEM' THEN 'SYSTEM' ELSE 'USER' END, actor_id, actor_role, at, data
         FROM (
           SELECT claim_id, 'FILED' AS type, buyer_id::text AS actor_id, 'BUYER' AS actor_role, filed_at AS at,
                  jsonb_build_object('maxAmount', max_amount, 'termsVersion', '2017-08', 'smart', smart, 'documents', documents) AS data
           FROM bench_claim
           UNION ALL
           SELECT claim_id, 'DOCUMENTS_REQUESTED', ${firstAgent}::text, 'AGENT', paused_at,
                  jsonb_build_object('note', 'Proszę o dosłanie zdjęć i potwierdzenia nadania.')
           FROM bench_claim WHERE paused_at IS NOT NULL
           UNION ALL
           SELECT claim_id, CASE WHEN four_eyes THEN 'APPROVED_PENDING_SECOND' WHEN approved_amount < max_amount THEN 'APPROVED_PARTIALLY' ELSE 'APPROVED' END,
                  ${firstAgent}::text, 'AGENT', first_approved_at,
                  jsonb_build_object('amount', approved_amount, 'maxAmount', max_amount, 'fourEyes', four_eyes)
           FROM bench_claim WHERE first_approved_at IS NOT NULL
           UNION ALL
           SELECT claim_id, 'SECOND_APPROVAL_GIVEN', ${senior}::text, 'SENIOR_AGENT', second_approved_at, jsonb_build_object('amount', approved_amount)
           FROM bench_claim WHERE second_approved_at IS NOT NULL
           UNION ALL
           SELECT claim_id, 'PAID', 'payout-executor', 'SYSTEM', executed_at, jsonb_build_object('amount', approved_amount, 'transferReference', transfer_ref)
           FROM bench_claim WHERE executed_at IS NOT NULL
           UNION ALL
           SELECT claim_id, 'REJECTED', ${firstAgent}::text, 'AGENT', decided_at, jsonb_build_object('reason', (${rejections})[rejection_no])
           FROM bench_claim WHERE status = 'REJECTED'
         ) AS e
         ORDER BY at`,
        p.values,
      );
    }
    await sql.exec(
      `SELECT setval(pg_get_serial_sequence('"Claim"', 'number'), greatest(1, (SELECT max(number) FROM "Claim")));
       DROP TABLE bench_claim_pick; DROP TABLE bench_claim_line; DROP TABLE bench_claim;`,
    );
  },
};

/** The generation steps, in order. Features append theirs (e.g. discussions after orders). */
export const generationSteps: GenerationStep[] = [usersStep, offersStep, ordersStep, shipmentsStep, invoicesStep, discussionsStep, claimsStep, rightsStep, consentsStep];

// ───────────────────────────── runner ─────────────────────────────

export interface StepTiming {
  name: string;
  ms: number;
}

export interface GenerationResult {
  size: DatasetSize;
  steps: StepTiming[];
  totalMs: number;
  counts: Record<string, number>;
}

export interface BenchMeta {
  generatorVersion: number;
  orders: number;
  buyers: number;
  sellers: number;
  offers: number;
  asOf: string;
  agentUserId: string;
  buyerUserId: string;
  generatedAt: string;
  generationMs: number;
  steps: StepTiming[];
}

/** The case tables whose rows the report counts. */
export const CASE_TABLES = ["Discussion", "DiscussionMessage", "DiscussionProposal", "Claim", "ClaimLine", "Payout", "SellerRecovery", "Attachment", "CaseEvent", "RightsHolder", "IpRight", "IpNotice", "IpReportItem", "IpAppeal", "IpStatement", "SellerStrike", "SellerEnforcement", "Clause", "ClauseVersion", "ConsentRecord"];

const META_TABLE = "_bench_meta";
const DEFERRED_TABLE = "_bench_deferred_ddl";

export async function readBenchMeta(sql: SqlRunner): Promise<BenchMeta | null> {
  const exists = await sql.query<{ ok: boolean }>(`SELECT to_regclass('${META_TABLE}') IS NOT NULL AS ok`);
  if (!exists[0]?.ok) return null;
  const rows = await sql.query<{ value: BenchMeta }>(`SELECT value FROM ${META_TABLE} WHERE key = 'dataset'`);
  return rows[0]?.value ?? null;
}

/**
 * Fills the database: migrations, role catalogue, then every generation step with the touched
 * tables' indexes and foreign keys dropped (rebuilt once at the end, which is several times faster
 * than maintaining them row by row), then VACUUM ANALYZE. Runs on one session (temporary tables).
 */
export async function generateDataset(
  sql: SqlRunner,
  prisma: PrismaClient,
  size: DatasetSize,
  options: { steps?: GenerationStep[]; log?: (line: string) => void; force?: boolean; kind: "postgres" | "pglite" } = { kind: "postgres" },
): Promise<GenerationResult> {
  const steps = options.steps ?? generationSteps;
  const log = options.log ?? ((line: string) => console.log(line));
  const timings: StepTiming[] = [];
  const started = performance.now();
  const timed = async (name: string, fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    timings.push({ name, ms });
    log(`  ${name.padEnd(44)} ${formatSeconds(ms)}`);
  };

  log(`Generating ${size.orders.toLocaleString("en")} orders, ${size.buyers.toLocaleString("en")} buyers, ${size.sellers.toLocaleString("en")} sellers, ${size.offers.toLocaleString("en")} offers (as of ${size.asOf.toISOString()})`);
  await timed("migrate + role catalogue", async () => {
    await restoreDeferredDdl(sql);
    await migrate(sql);
    await syncRoleCatalogue(prisma);
  });
  await timed("clear previous data", async () => {
    const existing = await readBenchMeta(sql);
    const [{ users }] = await sql.query<{ users: number }>(`SELECT count(*)::int AS users FROM (SELECT 1 FROM "User" LIMIT 1) AS x`);
    if (users > 0 && !existing && !options.force) {
      throw new Error("The database holds users that the benchmark did not generate; refusing to delete them (pass --force to wipe it).");
    }
    await sql.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await sql.exec(`DELETE FROM ${META_TABLE}`);
    // Everything hangs off User (orders, offers, sessions, discussions, claims, …): one cascade clears the
    // marketplace. The timeline, audit log and outbox hold no foreign keys: cleared on their own; so do the
    // rights holders (with their rights and notices), strikes, enforcement and export batches.
    await sql.exec(
      `TRUNCATE "User" CASCADE; TRUNCATE "CaseEvent", "AuditLog", "OutboxMessage" RESTART IDENTITY;
       TRUNCATE "RightsHolder", "SellerStrike", "SellerEnforcement", "IpExportBatch" RESTART IDENTITY CASCADE`,
    );
  });

  if (options.kind === "postgres") {
    await sql.exec(`SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
  }
  const tables = [...new Set(steps.flatMap((step) => step.tables ?? []))];
  await timed("drop indexes + foreign keys", () => deferIndexes(sql, tables));
  for (const step of steps) await timed(step.name, () => step.run(sql, size, log));
  await timed("rebuild indexes + foreign keys", () => restoreDeferredDdl(sql));
  // VACUUM as autovacuum would have by now on a live database: the visibility map lets counts and pages use index-only scans.
  await timed("VACUUM ANALYZE", () => sql.exec("VACUUM (ANALYZE)").catch(() => sql.exec("ANALYZE")));
  if (options.kind === "postgres") await sql.exec(`RESET work_mem; RESET maintenance_work_mem; RESET synchronous_commit`);

  const totalMs = performance.now() - started;
  const counts: Record<string, number> = {};
  for (const table of ["User", "Offer", "Order", "OrderLine", "Shipment", "Invoice", ...CASE_TABLES]) {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = row.n;
  }
  const meta: BenchMeta = {
    generatorVersion: GENERATOR_VERSION,
    orders: size.orders,
    buyers: size.buyers,
    sellers: size.sellers,
    offers: size.offers,
    asOf: size.asOf.toISOString(),
    agentUserId: BENCH_AGENT_ID,
    buyerUserId: BENCH_BUYER_ID,
    generatedAt: new Date().toISOString(),
    generationMs: Math.round(totalMs),
    steps: timings.map((t) => ({ name: t.name, ms: Math.round(t.ms) })),
  };
  await sql.query(`INSERT INTO ${META_TABLE} (key, value) VALUES ('dataset', $1::jsonb)`, [JSON.stringify({ ...meta, counts })]);
  log(`  ${"total".padEnd(44)} ${formatSeconds(totalMs)}`);
  return { size, steps: timings, totalMs, counts };
}

/**
 * Saves the definitions of the tables' indexes and constraints (and of the foreign keys pointing at
 * them) into a table, then drops them. restoreDeferredDdl recreates them; it also runs before the
 * next generation, so an interrupted run cannot leave the database without its indexes.
 */
async function deferIndexes(sql: SqlRunner, tables: string[]): Promise<void> {
  if (!tables.length) return;
  await sql.exec(`BEGIN; CREATE TABLE IF NOT EXISTS ${DEFERRED_TABLE} (seq serial PRIMARY KEY, drop_sql text NOT NULL, create_sql text NOT NULL, phase int NOT NULL)`);
  const rels = `(SELECT c.oid FROM pg_class AS c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]))`;
  // phase 1: primary keys and unique constraints; 2: other indexes; 3: foreign keys (need the keys back first).
  await sql.query(
    `INSERT INTO ${DEFERRED_TABLE} (drop_sql, create_sql, phase)
     SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', con.conrelid::regclass, con.conname),
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', con.conrelid::regclass, con.conname, pg_get_constraintdef(con.oid)),
            CASE WHEN con.contype = 'f' THEN 3 ELSE 1 END
     FROM pg_constraint AS con
     WHERE (con.conrelid IN ${rels} AND con.contype IN ('p', 'u', 'f')) OR (con.confrelid IN ${rels} AND con.contype = 'f')
     UNION ALL
     SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 2
     FROM pg_index AS i
     WHERE i.indrelid IN ${rels}
       AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))`,
    [tables],
  );
  const rows = await sql.query<{ drop_sql: string }>(`SELECT drop_sql FROM ${DEFERRED_TABLE} ORDER BY phase DESC, seq`);
  for (const row of rows) await sql.exec(row.drop_sql);
  await sql.exec("COMMIT");
}

async function restoreDeferredDdl(sql: SqlRunner): Promise<void> {
  const exists = await sql.query<{ ok: boolean }>(`SELECT to_regclass('${DEFERRED_TABLE}') IS NOT NULL AS ok`);
  if (!exists[0]?.ok) return;
  const rows = await sql.query<{ seq: number; create_sql: string }>(`SELECT seq, create_sql FROM ${DEFERRED_TABLE} ORDER BY phase, seq`);
  for (const row of rows) {
    await sql.exec(row.create_sql);
    await sql.query(`DELETE FROM ${DEFERRED_TABLE} WHERE seq = $1`, [row.seq]);
  }
  await sql.exec(`DROP TABLE ${DEFERRED_TABLE}`);
}

export function formatSeconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}
