import type { SqlRunner } from "~/infra/db.server";
import { migrate } from "~/infra/migrate.server";
import { syncRoleCatalogue } from "~/domain/identity/catalogue-sync.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { Params, REFERENCE_LENGTH, addressSql, asciiLocalPart, benchUuid, daysBefore, h, personSql, phoneSql, pick, u, uuidSql } from "./sql-kit";

// The benchmark dataset: a marketplace of realistic size, generated with set-based SQL
// (INSERT … SELECT over generate_series), never row by row. Ids are derived from row numbers
// (uuidSql), so a foreign key is an expression, not a lookup. Later features (discussions, claims)
// append their own GenerationStep to `generationSteps`.

export const GENERATOR_VERSION = 1;

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
  run(sql: SqlRunner, size: DatasetSize): Promise<void>;
}

export function datasetSize(orders: number, asOf = new Date()): DatasetSize {
  const sellers = Math.max(5, Math.round(orders / 400));
  return {
    orders,
    buyers: Math.max(20, Math.round(orders / 8)),
    sellers,
    offers: Math.max(sellers * 5, Math.round(orders / 5)),
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

const offersPerSeller = (size: DatasetSize) => Math.floor(size.offers / size.sellers);
const ORDER_CHUNK = 200_000;

// ───────────────────────────── steps ─────────────────────────────

const usersStep: GenerationStep = {
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

const offersStep: GenerationStep = {
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

/** The generation steps, in order. Features append theirs (e.g. discussions after orders). */
export const generationSteps: GenerationStep[] = [usersStep, offersStep, ordersStep, shipmentsStep, invoicesStep];

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
 * than maintaining them row by row), then ANALYZE. Runs on one session (temporary tables).
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
    // Everything hangs off User (orders, offers, sessions, …): one cascade clears the marketplace.
    await sql.exec(`TRUNCATE "User" CASCADE`);
  });

  if (options.kind === "postgres") {
    await sql.exec(`SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
  }
  const tables = [...new Set(steps.flatMap((step) => step.tables ?? []))];
  await timed("drop indexes + foreign keys", () => deferIndexes(sql, tables));
  for (const step of steps) await timed(step.name, () => step.run(sql, size));
  await timed("rebuild indexes + foreign keys", () => restoreDeferredDdl(sql));
  await timed("ANALYZE", () => sql.exec("ANALYZE"));
  if (options.kind === "postgres") await sql.exec(`RESET work_mem; RESET maintenance_work_mem; RESET synchronous_commit`);

  const totalMs = performance.now() - started;
  const counts: Record<string, number> = {};
  for (const table of ["User", "Offer", "Order", "OrderLine", "Shipment", "Invoice"]) {
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
