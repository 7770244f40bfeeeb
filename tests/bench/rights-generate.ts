import { buildStatement, INFRINGEMENT_KINDS, statementPuid, type InfringementKind, type RightType, type StatementDecision } from "~/domain/rights/statement-of-reasons";
import { MARKETPLACE_TERRITORIES, RIGHTS_RULES_URL } from "~/domain/rights/statements.server";
import { DEFAULT_RIGHTS_POLICY } from "~/domain/rights/policy";
import { PRODUCTS, SURNAMES } from "../../prisma/seed/polish-data";
import { AGENT_COUNT, Params, SENIOR_AGENT_NUMBERS, benchUuid, h, personSql, pick, u, uuidSql } from "./sql-kit";
import type { DatasetSize, GenerationStep } from "./generate";

// Rights protection's benchmark data (issue 11), set-based like the rest of the generator: ~50 verified
// rights holders with their rights, notices of realistic sizes (most 1–10 items, some of 500 filed by
// integrations) over the year before the dataset's "now", their items in a realistic mix (about a fifth
// waiting, most of the rest taken down or rejected, a few reinstated on appeal), and everything a decision
// writes: the decision rows, the frozen evidence, appeals, statements of reasons in the transparency
// database's shape, strikes, warnings and suspensions, hidden and suspended offers, and the timeline events
// with the data the catalogue (app/domain/rights/events.ts) requires — transparency figures are computed
// from those events alone.

/** Rights holders (every one verified). */
export const RIGHTS_HOLDERS = 50;
/** Holders 1..TRUSTED_HOLDERS are trusted reporters: their items go first. */
export const TRUSTED_HOLDERS = 8;
/** This holder's notices are suspended (too many manifestly unfounded items): its waiting items are on hold. */
export const SUSPENDED_HOLDER = 50;
/** A bulk notice every BULK_EVERY notices (the first one too, so a small dataset has one), of BULK_SIZE items (the most an integration may file at once). */
export const BULK_EVERY = 400;
export const BULK_SIZE = 500;
/** Reported offers belong to this share of the sellers (infringements concentrate on some sellers). */
const REPORTED_SELLER_SHARE = 0.25;

/** Report items: one per five orders (200,000 at 1M orders). */
export function rightsItemTarget(size: DatasetSize): number {
  return Math.max(600, Math.round(size.orders * 0.2));
}

const BRANDS = [...new Set(PRODUCTS.map((p) => p.brand).filter((b): b is string => !!b))];

const KINDS_BY_RIGHT: Record<RightType, InfringementKind[]> = {
  TRADEMARK: ["COUNTERFEIT", "TRADEMARK_MISUSE"],
  COPYRIGHT: ["COPYRIGHT_PHOTOS", "COPYRIGHT_DESCRIPTION"],
  INDUSTRIAL_DESIGN: ["DESIGN"],
  PATENT: ["PATENT"],
  OTHER_INDUSTRIAL_PROPERTY: ["OTHER"],
};

const EXPLANATIONS: Record<InfringementKind, string> = {
  COUNTERFEIT: "Zakup testowy potwierdził podróbkę: logo, metka i opakowanie różnią się od oryginału, brak numeru seryjnego.",
  TRADEMARK_MISUSE: "Oferta używa naszego znaku towarowego w tytule i zdjęciach dla produktu innego producenta.",
  COPYRIGHT_PHOTOS: "Zdjęcia w ofercie pochodzą z naszej sesji produktowej i zostały użyte bez licencji.",
  COPYRIGHT_DESCRIPTION: "Opis oferty jest skopiowany słowo w słowo z naszego katalogu bez zgody.",
  DESIGN: "Produkt powiela zarejestrowany wzór przemysłowy: kształt i zdobienia są identyczne.",
  PATENT: "Produkt wykorzystuje rozwiązanie chronione patentem bez licencji.",
  OTHER: "Oferta narusza nasze prawo własności przemysłowej opisane w załączonych dokumentach.",
};

export interface BenchRight {
  holder: number;
  r: number;
  id: string;
  type: RightType;
  name: string;
  registrationNumber: string;
  territory: string;
  ownerName: string;
  onBehalf: boolean;
  contested: boolean;
  unexamined: boolean;
}

export interface BenchHolder {
  n: number;
  id: string;
  memberId: string;
  name: string;
  countryCode: string;
  brand: string | null;
}

/** The holders and their rights: the first ones own the marketplace's brands; the rest are photo studios, design houses, patent owners, publishers. */
export function benchHolders(): { holders: BenchHolder[]; rights: BenchRight[] } {
  const holders: BenchHolder[] = [];
  const rights: BenchRight[] = [];
  for (let n = 1; n <= RIGHTS_HOLDERS; n++) {
    const brand = n <= BRANDS.length ? BRANDS[n - 1] : null;
    const surname = SURNAMES[(n * 7) % SURNAMES.length];
    const kindOfHolder = n % 4;
    const name = brand
      ? `${brand} Polska sp. z o.o.`
      : [`Studio Fotografii ${surname} sp. z o.o.`, `Pracownia Wzorniczа ${surname}`.replace("а", "a"), `${surname} Patenty S.A.`, `Wydawnictwo ${surname} sp. j.`][kindOfHolder];
    holders.push({ n, id: benchUuid("holder", n), memberId: benchUuid("rholder", n), name, countryCode: brand && n % 3 === 1 ? "DE" : "PL", brand });
    const right = (r: number, type: RightType, rightName: string, registrationNumber: string, extra: Partial<BenchRight> = {}) =>
      rights.push({
        holder: n,
        r,
        id: benchUuid("ipright", n * 10 + r),
        type,
        name: rightName,
        registrationNumber,
        territory: type === "COPYRIGHT" ? "PL" : "EU",
        ownerName: brand ? `${brand} International` : name,
        onBehalf: !!brand && n % 2 === 0,
        contested: false,
        unexamined: false,
        ...extra,
      });
    if (brand) {
      right(1, "TRADEMARK", brand, `EUTM ${String(17_000_000 + n * 1234).padStart(9, "0")}`);
      // A registered Community design is granted without substantive examination.
      if (n % 3 === 0) right(2, "INDUSTRIAL_DESIGN", `${brand}: wzór opakowania`, `RCD ${String(4_000_000 + n * 77).padStart(9, "0")}-0001`, { unexamined: true });
    } else {
      const contested = n % 17 === 0;
      if (kindOfHolder === 0) right(1, "COPYRIGHT", "Zdjęcia produktowe (katalog 2025)", `ZAIKS/${2025}/${1000 + n}`, { contested });
      if (kindOfHolder === 1) right(1, "INDUSTRIAL_DESIGN", `Wzór ${surname}-${n}`, `RCD ${String(5_000_000 + n * 31).padStart(9, "0")}-0001`, { unexamined: true, contested });
      if (kindOfHolder === 2) right(1, "PATENT", `Patent PL ${230_000 + n * 13}`, `PL ${230_000 + n * 13} B1`, { contested });
      if (kindOfHolder === 3) right(1, "COPYRIGHT", `Opisy katalogowe ${surname}`, `ISBN 978-83-${String(10_000 + n * 97).slice(0, 5)}-00-0`, { contested });
      if (n % 2 === 0) right(2, "OTHER_INDUSTRIAL_PROPERTY", `Oznaczenie geograficzne ${surname}`, `PL-GI ${100 + n}`);
    }
  }
  return { holders, rights };
}

/**
 * Statement templates: the domain's own buildStatement with placeholders for what differs per statement
 * (id, offer, dates, offers affected), so every generated statement is exactly what the domain would write.
 */
function statementTemplates(rights: BenchRight[]) {
  const rows: { rightId: string; kind: string; decision: string; business: boolean; body: string }[] = [];
  const decisions: StatementDecision[] = [
    { type: "TAKE_DOWN" },
    { type: "REINSTATEMENT", originalStatementPuid: "__OPUID__" },
    { type: "SUSPENSION", endsAt: new Date(Date.UTC(1902, 0, 1, 12)) },
  ];
  for (const right of rights) {
    for (const kind of KINDS_BY_RIGHT[right.type]) {
      for (const decision of decisions) {
        for (const business of [true, false]) {
          const body = buildStatement({
            statementId: "__SID__",
            decision,
            ground: "ILLEGAL_CONTENT",
            kind,
            right: { type: right.type, registrationNumber: right.registrationNumber, territory: right.territory },
            source: decision.type === "SUSPENSION" ? "OWN_INITIATIVE" : "NOTICE",
            offerNumber: "__OFFER__",
            offersAffected: "__OFFERS__" as unknown as number,
            offerPublishedAt: new Date(Date.UTC(1900, 0, 1, 12)),
            decidedAt: new Date(Date.UTC(1901, 0, 1, 12)),
            territories: MARKETPLACE_TERRITORIES,
            sellerIsBusiness: business,
            termsUrl: RIGHTS_RULES_URL,
          });
          rows.push({ rightId: right.id, kind, decision: decision.type, business, body: JSON.stringify(body) });
        }
      }
    }
  }
  if (statementPuid("__SID__") !== "tsb-sor-__SID__") throw new Error("the statement's puid changed shape: update the templates");
  return rows;
}

/** SQL: a template's body for one statement (placeholders replaced); dates are Warsaw calendar dates. */
const bodySql = (template: string, o: { id: string; offer: string; published: string; decided: string; originalId?: string; endsAt?: string; offers?: string }) => {
  const date = (ts: string) => `to_char((${ts}) AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')`;
  let sql = `replace(replace(replace(replace(${template}, '__SID__', (${o.id})::text), '__OFFER__', (${o.offer})::text), '1900-01-01', ${date(o.published)}), '1901-01-01', ${date(o.decided)})`;
  if (o.originalId) sql = `replace(${sql}, '__OPUID__', 'tsb-sor-' || (${o.originalId})::text)`;
  if (o.endsAt) sql = `replace(${sql}, '1902-01-01', ${date(o.endsAt)})`;
  if (o.offers) sql = `replace(${sql}, '__OFFERS__', (${o.offers})::text)`;
  return `(${sql})::jsonb`;
};

/** A stride coprime with n: (i * stride) mod n walks 0..n-1 without repeats. */
function strideFor(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (const p of [7_919, 104_729, 1_299_709, 15_485_863]) if (gcd(p, n) === 1) return p;
  return 1;
}

const agentSql = (expr: string) => uuidSql("agent", expr);
const iso = (ts: string) => `to_char((${ts}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const rightsStep: GenerationStep = {
  name: "rights holders, notices, items, decisions, statements + events",
  tables: ["RightsHolder", "RightsHolderMember", "IpRight", "IpNotice", "IpReportItem", "IpItemDecision", "IpAppeal", "IpStatement", "SellerStrike", "SellerEnforcement"],
  async run(sql, size) {
    await sql.exec(
      `DROP TABLE IF EXISTS bench_right; DROP TABLE IF EXISTS bench_notice; DROP TABLE IF EXISTS bench_pool; DROP TABLE IF EXISTS bench_it0; DROP TABLE IF EXISTS bench_it_offer; DROP TABLE IF EXISTS bench_rest; DROP TABLE IF EXISTS bench_it_other; DROP TABLE IF EXISTS bench_item;
       DROP TABLE IF EXISTS bench_sor_template; DROP TABLE IF EXISTS bench_strike; DROP TABLE IF EXISTS bench_standing;`,
    );
    const { holders, rights } = benchHolders();
    const asOfIso = size.asOf.toISOString();
    const asOf = `'${asOfIso}'::timestamptz`;
    const suspendedAt = `(${asOf} - interval '10 days')`;
    const suspendedUntil = `(${asOf} + interval '20 days')`;
    const policy = DEFAULT_RIGHTS_POLICY;

    // 1. The holders' members (one owner each, who also files), the holders, their rights.
    {
      const p = new Params();
      const person = personSql(p, "k", 700);
      await sql.query(
        `INSERT INTO "User" (id, email, name, "isCompany", street, "postalCode", city, "createdAt", "updatedAt")
         SELECT ${uuidSql("rholder", "k")}, 'ochrona.praw.' || k || '@marki.example.pl', first || ' ' || surname, false,
                'ul. Prosta 20', '00-850', 'Warszawa', ${asOf} - interval '500 days', ${asOf} - interval '500 days'
         FROM (SELECT k, ${person.first} AS first, ${person.surname} AS surname FROM generate_series(1, ${RIGHTS_HOLDERS}) AS k) AS m`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "UserRole" ("userId", "roleId", "grantedAt")
       SELECT ${uuidSql("rholder", "k")}, (SELECT id FROM "Role" WHERE name = 'RIGHTS_HOLDER'), ${asOf} - interval '500 days'
       FROM generate_series(1, ${RIGHTS_HOLDERS}) AS k`,
    );
    await sql.query(
      `INSERT INTO "RightsHolder" (id, number, name, "countryCode", "companyNumber", status, "createdAt", "createdById", "verifiedAt", "verifiedById", "warnedAt", "noticesSuspendedUntil")
       SELECT h.id, h.n, h.name, h.country, lpad((1000000 + h.n * 7919)::text, 10, '0'), 'VERIFIED', ${asOf} - interval '480 days', h.member,
              ${asOf} - interval '478 days', ${agentSql("1 + h.n % " + AGENT_COUNT)},
              CASE WHEN h.n = ${SUSPENDED_HOLDER} THEN ${asOf} - interval '40 days' END,
              CASE WHEN h.n = ${SUSPENDED_HOLDER} THEN ${suspendedUntil} END
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::uuid[]) AS h(id, n, name, country, member);
       `,
      [holders.map((x) => x.id), holders.map((x) => x.n), holders.map((x) => x.name), holders.map((x) => x.countryCode), holders.map((x) => x.memberId)],
    );
    await sql.exec(
      `SELECT setval(pg_get_serial_sequence('"RightsHolder"', 'number'), ${RIGHTS_HOLDERS});
       INSERT INTO "RightsHolderMember" (id, "rightsHolderId", email, "userId", role, "invitedAt", "invitedById", "acceptedAt")
       SELECT gen_random_uuid(), ${uuidSql("holder", "k")}, 'ochrona.praw.' || k || '@marki.example.pl', ${uuidSql("rholder", "k")}, 'OWNER',
              ${asOf} - interval '480 days', NULL, ${asOf} - interval '480 days'
       FROM generate_series(1, ${RIGHTS_HOLDERS}) AS k;`,
    );
    await sql.query(
      `CREATE TEMP TABLE bench_right AS
       SELECT r.*, count(*) OVER (PARTITION BY r.holder)::int AS right_count, (r.contested OR r.unexamined) AS needs_senior
       FROM unnest($1::int[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::boolean[], $11::boolean[], $12::text[])
            AS r(holder, r, id, type, name, registration, territory, owner_name, on_behalf, contested, unexamined, kinds)`,
      [
        rights.map((r) => r.holder),
        rights.map((r) => r.r),
        rights.map((r) => r.id),
        rights.map((r) => r.type),
        rights.map((r) => r.name),
        rights.map((r) => r.registrationNumber),
        rights.map((r) => r.territory),
        rights.map((r) => r.ownerName),
        rights.map((r) => r.onBehalf),
        rights.map((r) => r.contested),
        rights.map((r) => r.unexamined),
        rights.map((r) => KINDS_BY_RIGHT[r.type].join(",")),
      ],
    );
    await sql.exec(
      `INSERT INTO "IpRight" (id, "rightsHolderId", type, name, "registrationNumber", territory, "ownerName", "onBehalf", status, contested, unexamined,
                              "createdAt", "createdById", "verifiedAt", "verifiedById")
       SELECT id, ${uuidSql("holder", "holder")}, type::"IpRightType", name, registration, territory, owner_name, on_behalf, 'VERIFIED', contested, unexamined,
              ${asOf} - interval '470 days', ${uuidSql("rholder", "holder")}, ${asOf} - interval '468 days', ${agentSql("1 + holder % " + AGENT_COUNT)}
       FROM bench_right`,
    );

    // 2. Notices: sizes (most 1–10, some 11–100, every BULK_EVERY-th one 500 items from a brand's integration)
    //    until the item target is reached, filed over the year before now (recent weeks busier), numbered by filing time.
    const target = rightsItemTarget(size);
    {
      const p = new Params();
      await sql.query(
        `CREATE TEMP TABLE bench_notice AS
         SELECT row_number() OVER (ORDER BY filed_at, key)::int AS n, key, holder, size, filed_at
         FROM (
           SELECT key, holder, size,
                  CASE WHEN holder = ${SUSPENDED_HOLDER} THEN least(filed_at, ${suspendedAt} - interval '1 hour') ELSE filed_at END AS filed_at
           FROM (
             SELECT key, holder, size, filed_at, sum(size) OVER (ORDER BY key) AS cum
             FROM (
               SELECT key,
                      CASE WHEN key % ${BULK_EVERY} = 1 THEN 1 + ${h("key", 801)} % ${BRANDS.length}
                           ELSE 1 + floor(${RIGHTS_HOLDERS} * power(${u("key", 802)}, 2))::int END AS holder,
                      CASE WHEN key % ${BULK_EVERY} = 1 THEN ${BULK_SIZE}
                           WHEN ${u("key", 803)} < 0.05 THEN 11 + ${h("key", 804)} % 90
                           ELSE 1 + floor(10 * power(${u("key", 805)}, 2))::int END AS size,
                      ${asOf} - 365 * power(${u("key", 806)}, 1.6) * interval '1 day' - interval '1 minute' AS filed_at
               FROM generate_series(1, ${p.value(target, "int")}) AS key
             ) AS a
           ) AS b
           WHERE cum - size < ${p.value(target, "int")}
         ) AS c`,
        p.values,
      );
    }
    await sql.exec(
      `ALTER TABLE bench_notice ADD COLUMN first_item int;
       UPDATE bench_notice AS bn SET first_item = x.first FROM (SELECT n, (sum(size) OVER (ORDER BY n) - size + 1)::int AS first FROM bench_notice) AS x WHERE x.n = bn.n;`,
    );

    // 3. The reported offers: those of a quarter of the sellers (enough for every item). Each item gets an
    //    offer of its own (so no two waiting items ever share an offer and a right): brand holders report their
    //    brand's offers (numbered per brand in a shuffled order), the other items take the rest of the pool.
    const perSeller = Math.floor(size.offers / size.sellers);
    const reportedSellers = Math.min(size.sellers, Math.max(Math.round(size.sellers * REPORTED_SELLER_SHARE), Math.ceil((target * 1.2) / Math.max(1, perSeller))));
    {
      const p = new Params();
      await sql.query(
        `CREATE TEMP TABLE bench_pool AS
         SELECT j, brand, (row_number() OVER (PARTITION BY brand ORDER BY ${h("j", 810)}, j))::int AS rn
         FROM (
           SELECT j, (${p.ref("productBrands")})[${pick("j", 300, PRODUCTS.length)}] AS brand
           FROM generate_series(1, ${size.offers}) AS j
           WHERE (j - 1) % ${size.sellers} < ${reportedSellers}
         ) AS o`,
        p.values,
      );
    }

    // 4. Items: the right (a brand holder mostly cites its trademark), the kind, the offer.
    {
      const p = new Params();
      await sql.query(
        `CREATE TEMP TABLE bench_it0 AS
         SELECT it.*, r.id AS right_id, r.type AS right_type, r.needs_senior,
                (string_to_array(r.kinds, ','))[CASE WHEN r.kinds NOT LIKE '%,%' OR ${u("it.g", 831)} < 0.6 THEN 1 ELSE 2 END] AS kind
         FROM (
           SELECT bn.n AS notice_no, bn.holder, bn.size AS notice_size, bn.filed_at, bn.holder <= ${TRUSTED_HOLDERS} AS priority,
                  bn.first_item + l.k - 1 AS g, hb.brand,
                  row_number() OVER (PARTITION BY bn.holder ORDER BY bn.first_item + l.k - 1)::int AS idx,
                  CASE WHEN hr.right_count = 1 OR ${u("bn.first_item + l.k", 832)} < 0.8 THEN 1 ELSE 2 END AS r_no
           FROM bench_notice AS bn
           CROSS JOIN LATERAL generate_series(1, bn.size) AS l(k)
           JOIN unnest(${p.value(holders.map((x) => x.n), "int[]")}, ${p.value(holders.map((x) => x.brand), "text[]")}) AS hb(n, brand) ON hb.n = bn.holder
           JOIN (SELECT holder, max(right_count) AS right_count FROM bench_right GROUP BY holder) AS hr ON hr.holder = bn.holder
         ) AS it
         JOIN bench_right AS r ON r.holder = it.holder AND r.r = it.r_no`,
        p.values,
      );
    }
    await sql.exec(
      `CREATE TEMP TABLE bench_it_offer AS
       SELECT it.g, bp.j FROM bench_it0 AS it JOIN bench_pool AS bp ON bp.brand = it.brand AND bp.rn = it.idx;
       CREATE TEMP TABLE bench_rest AS
       SELECT bp.j, (row_number() OVER (ORDER BY ${h("bp.j", 811)}, bp.j) - 1)::bigint AS q
       FROM bench_pool AS bp WHERE NOT EXISTS (SELECT 1 FROM bench_it_offer AS b WHERE b.j = bp.j);
       CREATE TEMP TABLE bench_it_other AS
       SELECT it.g, (row_number() OVER (ORDER BY it.g) - 1)::bigint AS m
       FROM bench_it0 AS it WHERE NOT EXISTS (SELECT 1 FROM bench_it_offer AS b WHERE b.g = it.g);`,
    );
    const [{ rest, other }] = await sql.query<{ rest: number; other: number }>(
      `SELECT (SELECT count(*)::int FROM bench_rest) AS rest, (SELECT count(*)::int FROM bench_it_other) AS other`,
    );
    if (other > rest) throw new Error(`rights: ${other} items for ${rest} offers left in the pool`);
    const stride = strideFor(rest);
    await sql.exec(
      `INSERT INTO bench_it_offer (g, j)
       SELECT o.g, r.j FROM bench_it_other AS o JOIN bench_rest AS r ON r.q = (o.m * ${stride}) % ${rest};`,
    );

    // 5. The life of each item: decided within hours or days; a fifth still waiting (most of them filed in the
    //    last 30 days; the suspended reporter's on hold; a tenth of the waiting ones waiting for the reporter's
    //    information); appeals against some takedowns, a few reinstated.
    {
      const p = new Params();
      const seniors = p.value(SENIOR_AGENT_NUMBERS, "int[]");
      const reasons = p.value(["NO_INFRINGEMENT_SHOWN", "INSUFFICIENT_EVIDENCE", "RIGHT_DOES_NOT_COVER", "GENUINE_GOODS", "OFFER_CHANGED", "OTHER"], "text[]");
      const appealReasons = p.value(["AUTHORISED_BY_OWNER", "NO_RIGHT", "FAIR_USE_OR_EXHAUSTION", "NOT_THE_ITEM", "OTHER"], "text[]");
      await sql.query(
        `CREATE TEMP TABLE bench_item AS
         SELECT i4.*,
                CASE WHEN appeal_status = 'PENDING' OR appeal_status IS NULL THEN NULL
                     ELSE least(appeal_at + (0.5 + 2.5 * ${u("g", 840)}) * interval '1 day', ${asOf} - interval '1 minute') END AS appeal_decided_at,
                1 + agent_no % ${AGENT_COUNT} AS reviewer_no,
                (${appealReasons})[${pick("g", 841, 5)}] AS appeal_reason
         FROM (
           SELECT i3.*,
                  CASE WHEN outcome = 'REINSTATED' THEN 'REINSTATED'
                       WHEN outcome = 'TAKEN_DOWN' AND appeal_at IS NOT NULL THEN CASE WHEN appeal_at > ${asOf} - interval '3 days' THEN 'PENDING' ELSE 'UPHELD' END END AS appeal_status,
                  CASE WHEN outcome IN ('TAKEN_DOWN', 'REINSTATED') THEN
                       ((((decided_at AT TIME ZONE 'Europe/Warsaw')::date + interval '${policy.appealMonths} months')::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw') END AS appeal_due_at
           FROM (
             SELECT i2.*,
                    -- a reinstatement needs an appeal decided before now; otherwise the takedown stands
                    CASE WHEN status0 = 'REINSTATED' AND appeal0 < ${asOf} - interval '4 days' THEN 'REINSTATED'
                         WHEN status0 = 'REINSTATED' THEN 'TAKEN_DOWN' ELSE status0 END AS outcome,
                    CASE WHEN status0 = 'REINSTATED' AND appeal0 < ${asOf} - interval '4 days' THEN appeal0
                         WHEN status0 IN ('TAKEN_DOWN', 'REINSTATED') AND ${u("g", 842)} < 0.08 AND appeal0 < ${asOf} THEN appeal0 END AS appeal_at
             FROM (
               SELECT i1.*, decided_at + (1 + 40 * ${u("g", 843)}) * interval '1 day' AS appeal0
               FROM (
                 SELECT i0.*,
                        CASE WHEN open_ THEN CASE WHEN holder = ${SUSPENDED_HOLDER} THEN 'ON_HOLD' WHEN ${u("g", 821)} < 0.1 THEN 'INFORMATION_REQUESTED' ELSE 'PENDING' END
                             WHEN ${u("g", 822)} < CASE WHEN holder = ${SUSPENDED_HOLDER} THEN 0.3 WHEN priority THEN 0.82 ELSE 0.62 END
                               THEN CASE WHEN ${u("g", 823)} < 0.06 THEN 'REINSTATED' ELSE 'TAKEN_DOWN' END
                             ELSE 'REJECTED' END AS status0,
                        CASE WHEN open_ THEN NULL ELSE filed_at + least((0.5 + 70 * power(${u("g", 824)}, 2)) * interval '1 hour' * CASE WHEN priority THEN 0.4 ELSE 1 END, (${asOf} - filed_at) * 0.9) END AS decided_at,
                        CASE WHEN open_ AND holder <> ${SUSPENDED_HOLDER} AND ${u("g", 821)} < 0.1 THEN filed_at + least((2 + 20 * ${u("g", 825)}) * interval '1 hour', (${asOf} - filed_at) * 0.5) END AS paused_at,
                        CASE WHEN needs_senior THEN (${seniors})[${pick("g", 826, SENIOR_AGENT_NUMBERS.length)}] ELSE 1 + ${h("g", 827)} % ${AGENT_COUNT} END AS agent_no,
                        CASE WHEN holder = ${SUSPENDED_HOLDER} AND ${u("g", 828)} < 0.6 THEN 'MANIFESTLY_UNFOUNDED'
                             WHEN ${u("g", 828)} < 0.06 THEN 'MANIFESTLY_UNFOUNDED'
                             ELSE (${reasons})[${pick("g", 829, 6)}] END AS rejection0
                 FROM (
                   SELECT it.*, bo.j AS offer_no, o.id AS offer_id, o.title, o.description, o."photoRefs" AS photo_refs, o."priceAmount" AS price, o.currency, o."sellerId" AS seller_id,
                          o.brand AS offer_brand, o."createdAt" AS offer_created_at, s."isCompany" AS seller_business,
                          (it.filed_at > ${asOf} - interval '30 days' AND ${u("it.g", 820)} < 0.85) OR ${u("it.g", 820)} < 0.02 AS open_
                   FROM bench_it0 AS it
                   JOIN bench_it_offer AS bo ON bo.g = it.g
                   JOIN "Offer" AS o ON o.id = ${uuidSql("offer", "bo.j")}
                   JOIN "User" AS s ON s.id = o."sellerId"
                 ) AS i0
               ) AS i1
             ) AS i2
           ) AS i3
         ) AS i4`,
        p.values,
      );
    }

    // The generated tables have no statistics yet: without them the planner joins them to the offers in nested loops.
    await sql.exec(`ANALYZE bench_item; ANALYZE "Offer"`);

    // 6. Notices and items.
    await sql.exec(
      `INSERT INTO "IpNotice" (id, number, "rightsHolderId", "filedById", "filedAt", "accuracyStatementAt", "trustedAtFiling", "itemCount", "clientReference")
       SELECT ${uuidSql("notice", "n")}, n, ${uuidSql("holder", "holder")}, ${uuidSql("rholder", "holder")}, filed_at, filed_at, holder <= ${TRUSTED_HOLDERS}, size,
              CASE WHEN size = ${BULK_SIZE} THEN 'feed-' || to_char(filed_at AT TIME ZONE 'UTC', 'YYYYMMDD') || '-' || n END
       FROM bench_notice ORDER BY n;
       SELECT setval(pg_get_serial_sequence('"IpNotice"', 'number'), greatest(1, (SELECT max(n) FROM bench_notice)));`,
    );
    {
      const p = new Params();
      const kinds = p.value([...INFRINGEMENT_KINDS], "text[]");
      const explanations = p.value(INFRINGEMENT_KINDS.map((k) => EXPLANATIONS[k]), "text[]");
      await sql.query(
        `INSERT INTO "IpReportItem" (id, number, "noticeId", "rightsHolderId", "offerId", "rightId", "sellerId", brand, kind, explanation, "evidenceUrls",
                                     status, version, priority, "needsSenior", "filedAt", "decisionDueAt", "pausedAt", "decidedAt", "decidedById",
                                     "rejectionReason", evidence, "appealDueAt", "outcomeNotifiedAt")
         SELECT ${uuidSql("ipitem", "g")}, g, ${uuidSql("notice", "notice_no")}, ${uuidSql("holder", "holder")}, ${uuidSql("offer", "offer_no")}, right_id, seller_id,
                offer_brand, kind::"InfringementKind", (${explanations})[array_position(${kinds}, kind)],
                ARRAY['https://dowody.example/zakup-testowy/' || g],
                outcome::"IpItemStatus",
                CASE WHEN decided_at IS NOT NULL THEN 1 + CASE WHEN appeal_at IS NOT NULL THEN 1 ELSE 0 END + CASE WHEN appeal_decided_at IS NOT NULL THEN 1 ELSE 0 END
                     WHEN paused_at IS NOT NULL THEN 1 ELSE 0 END,
                priority, needs_senior, filed_at,
                filed_at + CASE WHEN priority THEN ${policy.trustedDecisionHours} ELSE ${policy.decisionHours} END * interval '1 hour',
                paused_at, decided_at, CASE WHEN decided_at IS NOT NULL THEN ${agentSql("agent_no")} END,
                CASE WHEN outcome = 'REJECTED' THEN rejection0::"IpRejectionReason" END,
                CASE WHEN decided_at IS NOT NULL THEN jsonb_build_object('title', title, 'description', description, 'photoRefs', to_jsonb(photo_refs),
                     'price', jsonb_build_object('amount', price, 'currency', currency), 'status', 'ACTIVE', 'capturedAt', ${iso("decided_at")}) END,
                appeal_due_at, decided_at
         FROM bench_item ORDER BY g`,
        p.values,
      );
    }
    await sql.exec(
      `SELECT setval(pg_get_serial_sequence('"IpReportItem"', 'number'), greatest(1, (SELECT max(g) FROM bench_item)));

       -- Appeals before the decisions: the reviewer-differs trigger then reads no decision rows (their index is
       -- rebuilt at the end; the rule holds by construction and the dataset's test checks it).
       INSERT INTO "IpAppeal" (id, "itemId", "sellerId", reason, explanation, status, "filedAt", "decidedAt", "decidedById")
       SELECT gen_random_uuid(), ${uuidSql("ipitem", "g")}, seller_id, appeal_reason::"CounterNoticeReason",
              'Towar pochodzi z oficjalnej dystrybucji, w załączeniu faktura zakupu od autoryzowanego dystrybutora.',
              appeal_status::"IpAppealStatus", appeal_at, appeal_decided_at, CASE WHEN appeal_decided_at IS NOT NULL THEN ${agentSql("reviewer_no")} END
       FROM bench_item WHERE appeal_at IS NOT NULL;

       INSERT INTO "IpItemDecision" (id, "itemId", "agentId", action, at)
       SELECT gen_random_uuid(), ${uuidSql("ipitem", "g")}, ${agentSql("agent_no")},
              CASE outcome WHEN 'REJECTED' THEN 'REJECT' ELSE 'TAKE_DOWN' END, decided_at
       FROM bench_item WHERE decided_at IS NOT NULL
       UNION ALL
       SELECT gen_random_uuid(), ${uuidSql("ipitem", "g")}, ${agentSql("agent_no")}, 'REQUEST_INFORMATION', paused_at
       FROM bench_item WHERE paused_at IS NOT NULL
       UNION ALL
       SELECT gen_random_uuid(), ${uuidSql("ipitem", "g")}, ${agentSql("reviewer_no")}, CASE appeal_status WHEN 'REINSTATED' THEN 'REINSTATE' ELSE 'UPHOLD' END, appeal_decided_at
       FROM bench_item WHERE appeal_decided_at IS NOT NULL;

       -- A takedown hides the offer; a reinstated one is back.
       UPDATE "Offer" AS o SET status = 'HIDDEN', "updatedAt" = i.decided_at
       FROM bench_item AS i WHERE i.outcome = 'TAKEN_DOWN' AND o.id = i.offer_id AND o.status = 'ACTIVE';`,
    );

    // 7. Statements of reasons (the domain's own bodies, from templates), strikes, seller standing.
    const templates = statementTemplates(rights);
    await sql.query(
      `CREATE TEMP TABLE bench_sor_template AS
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[]) AS t(right_id, kind, decision, business, body)`,
      [templates.map((t) => t.rightId), templates.map((t) => t.kind), templates.map((t) => t.decision), templates.map((t) => t.business), templates.map((t) => t.body)],
    );
    const sid = (kind: string) => uuidSql(kind, "i.g");
    const offerId = uuidSql("offer", "i.offer_no");
    await sql.exec(
      `CREATE INDEX ON bench_sor_template (right_id, kind, decision, business);
       INSERT INTO "IpStatement" (id, puid, decision, "itemId", "sellerId", body, "createdAt")
       SELECT id, 'tsb-sor-' || id, decision::"StatementDecisionType", item_id, seller_id, body, at
       FROM (
         SELECT ${sid("statement")} AS id, 'TAKE_DOWN' AS decision, ${uuidSql("ipitem", "i.g")} AS item_id, i.seller_id, i.decided_at AS at,
                ${bodySql("t.body", { id: sid("statement"), offer: offerId, published: "i.offer_created_at", decided: "i.decided_at" })} AS body
         FROM bench_item AS i JOIN bench_sor_template AS t ON t.right_id = i.right_id AND t.kind = i.kind AND t.decision = 'TAKE_DOWN' AND t.business = i.seller_business
         WHERE i.outcome IN ('TAKEN_DOWN', 'REINSTATED')
         UNION ALL
         SELECT ${sid("statement-r")}, 'REINSTATEMENT', ${uuidSql("ipitem", "i.g")}, i.seller_id, i.appeal_decided_at,
                ${bodySql("t.body", { id: sid("statement-r"), offer: offerId, published: "i.offer_created_at", decided: "i.appeal_decided_at", originalId: sid("statement") })}
         FROM bench_item AS i JOIN bench_sor_template AS t ON t.right_id = i.right_id AND t.kind = i.kind AND t.decision = 'REINSTATEMENT' AND t.business = i.seller_business
         WHERE i.outcome = 'REINSTATED'
       ) AS s
       ORDER BY at;`,
    );
    {
      const p = new Params();
      const weights = p.value(INFRINGEMENT_KINDS.map((k) => policy.strikes.weights[k]), "int[]");
      const kinds = p.value([...INFRINGEMENT_KINDS], "text[]");
      // Strikes: every takedown; points = the seller's unexpired, not removed strikes at that moment.
      await sql.query(
        `CREATE TEMP TABLE bench_strike AS
         SELECT *, sum(weight) OVER (PARTITION BY seller_id ORDER BY at RANGE BETWEEN interval '${policy.strikes.windowMonths} months' PRECEDING AND CURRENT ROW)::int AS points
         FROM (
           SELECT i.g, i.seller_id, i.kind, i.right_id, i.offer_no, i.offer_created_at, i.seller_business, i.decided_at AS at, i.agent_no,
                  (${weights})[array_position(${kinds}, i.kind)] AS weight,
                  CASE WHEN i.outcome = 'REINSTATED' THEN i.appeal_decided_at END AS removed_at, i.reviewer_no
           FROM bench_item AS i WHERE i.outcome IN ('TAKEN_DOWN', 'REINSTATED')
         ) AS s`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "SellerStrike" (id, "sellerId", "itemId", kind, weight, at, "expiresAt", "removedAt")
       SELECT gen_random_uuid(), seller_id, ${uuidSql("ipitem", "g")}, kind::"InfringementKind", weight, at, at + interval '${policy.strikes.windowMonths} months', removed_at
       FROM bench_strike;

       -- A warning at the first strike reaching the warning threshold, a suspension at the first reaching the
       -- suspension threshold (always later: one strike weighs less than the gap); one of each per seller.
       CREATE TEMP TABLE bench_standing AS
       SELECT w.seller_id, w.at AS warned_at, w.points AS warn_points, s.g AS suspend_g, s.at AS suspended_at, s.points AS suspend_points,
              s.kind, s.right_id, s.offer_no, s.offer_created_at, s.seller_business, s.agent_no,
              s.at + interval '${policy.strikes.suspensionDays} days' AS suspended_until,
              coalesce(a.n, 0) AS offers
       FROM (SELECT DISTINCT ON (seller_id) * FROM bench_strike WHERE points >= ${policy.strikes.warnAtPoints} ORDER BY seller_id, at) AS w
       LEFT JOIN (SELECT DISTINCT ON (seller_id) * FROM bench_strike WHERE points >= ${policy.strikes.suspendAtPoints} ORDER BY seller_id, at) AS s
         ON s.seller_id = w.seller_id AND s.at > w.at
       LEFT JOIN (SELECT "sellerId" AS seller_id, count(*)::int AS n FROM "Offer" WHERE status = 'ACTIVE' GROUP BY 1) AS a ON a.seller_id = w.seller_id;

       INSERT INTO "IpStatement" (id, puid, decision, "itemId", "sellerId", body, "createdAt")
       SELECT ${uuidSql("statement-s", "b.suspend_g")}, 'tsb-sor-' || ${uuidSql("statement-s", "b.suspend_g")}, 'SUSPENSION', NULL, b.seller_id,
              ${bodySql("t.body", { id: uuidSql("statement-s", "b.suspend_g"), offer: uuidSql("offer", "b.offer_no"), published: "b.offer_created_at", decided: "b.suspended_at", endsAt: "b.suspended_until", offers: "b.offers" })},
              b.suspended_at
       FROM bench_standing AS b JOIN bench_sor_template AS t ON t.right_id = b.right_id AND t.kind = b.kind AND t.decision = 'SUSPENSION' AND t.business = b.seller_business
       WHERE b.suspended_at IS NOT NULL;

       INSERT INTO "SellerEnforcement" (id, "sellerId", type, points, at, "endsAt", "endedAt", "statementId")
       SELECT gen_random_uuid(), seller_id, 'WARNING'::"SellerEnforcementType", warn_points, warned_at, NULL, NULL, NULL FROM bench_standing
       UNION ALL
       SELECT gen_random_uuid(), seller_id, 'SUSPENSION'::"SellerEnforcementType", suspend_points, suspended_at, suspended_until,
              CASE WHEN suspended_until <= ${asOf} THEN suspended_until END, ${uuidSql("statement-s", "suspend_g")}
       FROM bench_standing WHERE suspended_at IS NOT NULL;

       -- A suspension still running: the seller's listed offers are suspended with it.
       UPDATE "Offer" AS o SET status = 'SUSPENDED', "updatedAt" = b.suspended_at
       FROM bench_standing AS b WHERE b.suspended_until > ${asOf} AND o."sellerId" = b.seller_id AND o.status = 'ACTIVE';`,
    );

    // 8. The timelines: items, sellers' standing, the suspended reporter.
    const agentRole = `CASE WHEN agent_no = ANY('{${SENIOR_AGENT_NUMBERS.join(",")}}'::int[]) THEN 'SENIOR_AGENT' ELSE 'AGENT' END`;
    const decided = `'kind', kind, 'priority', priority, 'msSinceFiled', floor(extract(epoch FROM decided_at - filed_at) * 1000)::bigint, 'bulk', notice_size > 10`;
    await sql.exec(
      `INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at, data)
       SELECT case_type, case_id, type, CASE WHEN actor_role = 'SYSTEM' AND actor_id IS NULL THEN 'SYSTEM' ELSE 'USER' END, actor_id, actor_role, at, data
       FROM (
         SELECT 'IP_ITEM' AS case_type, ${uuidSql("ipitem", "g")} AS case_id, 'FILED' AS type, ${uuidSql("rholder", "holder")}::text AS actor_id, 'REPORTER' AS actor_role, filed_at AS at,
                jsonb_build_object('noticeId', ${uuidSql("notice", "notice_no")}, 'kind', kind, 'rightType', right_type, 'priority', priority, 'needsSenior', needs_senior) AS data
         FROM bench_item
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, 'INFORMATION_REQUESTED', ${agentSql("agent_no")}::text, ${agentRole}, paused_at, jsonb_build_object('kind', kind)
         FROM bench_item WHERE paused_at IS NOT NULL
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, 'PUT_ON_HOLD', NULL, 'SYSTEM', ${suspendedAt}, '{}'::jsonb
         FROM bench_item WHERE outcome = 'ON_HOLD'
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, 'TAKEN_DOWN', ${agentSql("agent_no")}::text, ${agentRole}, decided_at,
                jsonb_build_object(${decided}, 'statementId', ${uuidSql("statement", "g")})
         FROM bench_item WHERE outcome IN ('TAKEN_DOWN', 'REINSTATED')
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, 'REJECTED', ${agentSql("agent_no")}::text, ${agentRole}, decided_at,
                jsonb_build_object(${decided}, 'reason', rejection0)
         FROM bench_item WHERE outcome = 'REJECTED'
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, 'APPEALED', seller_id::text, 'SELLER', appeal_at, jsonb_build_object('kind', kind, 'reason', appeal_reason, 'documents', 0)
         FROM bench_item WHERE appeal_at IS NOT NULL
         UNION ALL
         SELECT 'IP_ITEM', ${uuidSql("ipitem", "g")}, CASE appeal_status WHEN 'REINSTATED' THEN 'REINSTATED' ELSE 'APPEAL_UPHELD' END, ${agentSql("reviewer_no")}::text, 'AGENT', appeal_decided_at,
                CASE appeal_status WHEN 'REINSTATED' THEN jsonb_build_object('kind', kind, 'statementId', ${uuidSql("statement-r", "g")}) ELSE jsonb_build_object('kind', kind) END
         FROM bench_item WHERE appeal_decided_at IS NOT NULL
         UNION ALL
         SELECT 'SELLER_STANDING', seller_id, 'STRIKE_RECORDED', ${agentSql("agent_no")}::text, 'SYSTEM', at,
                jsonb_build_object('itemId', ${uuidSql("ipitem", "g")}, 'kind', kind, 'weight', weight, 'points', points)
         FROM bench_strike
         UNION ALL
         SELECT 'SELLER_STANDING', seller_id, 'STRIKE_REMOVED', ${agentSql("reviewer_no")}::text, 'SYSTEM', removed_at,
                jsonb_build_object('itemId', ${uuidSql("ipitem", "g")}, 'points', greatest(0, points - weight))
         FROM bench_strike WHERE removed_at IS NOT NULL
         UNION ALL
         SELECT 'SELLER_STANDING', seller_id, 'WARNED', ${agentSql("1")}::text, 'SYSTEM', warned_at, jsonb_build_object('points', warn_points)
         FROM bench_standing
         UNION ALL
         SELECT 'SELLER_STANDING', seller_id, 'SUSPENDED', ${agentSql("agent_no")}::text, 'SYSTEM', suspended_at,
                jsonb_build_object('points', suspend_points, 'until', ${iso("suspended_until")}, 'offers', offers,
                                   'statementId', ${uuidSql("statement-s", "suspend_g")}, 'cause', 'REPEATED_INFRINGEMENT')
         FROM bench_standing WHERE suspended_at IS NOT NULL
         UNION ALL
         SELECT 'SELLER_STANDING', seller_id, 'SUSPENSION_ENDED', NULL, 'SYSTEM', suspended_until, jsonb_build_object('offers', offers)
         FROM bench_standing WHERE suspended_until <= ${asOf}
         UNION ALL
         SELECT 'RIGHTS_HOLDER', ${uuidSql("holder", String(SUSPENDED_HOLDER))}, 'REPORTER_WARNED', NULL, 'SYSTEM', ${asOf} - interval '40 days',
                jsonb_build_object('unfoundedShare', 0.4, 'decided', 40)
         UNION ALL
         SELECT 'RIGHTS_HOLDER', ${uuidSql("holder", String(SUSPENDED_HOLDER))}, 'NOTICES_SUSPENDED', NULL, 'SYSTEM', ${suspendedAt},
                jsonb_build_object('unfoundedShare', 0.45, 'decided', 60, 'until', ${iso(suspendedUntil)},
                                   'itemsOnHold', (SELECT count(*) FROM bench_item WHERE outcome = 'ON_HOLD'))
       ) AS e
       ORDER BY at;

       DROP TABLE bench_right; DROP TABLE bench_notice; DROP TABLE bench_pool; DROP TABLE bench_it0; DROP TABLE bench_it_offer; DROP TABLE bench_rest; DROP TABLE bench_it_other; DROP TABLE bench_item;
       DROP TABLE bench_sor_template; DROP TABLE bench_strike; DROP TABLE bench_standing;`,
    );
  },
};
