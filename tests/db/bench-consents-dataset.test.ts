import { createTestClock } from "~/infra/clock";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import { consentHistory, consentsForSubject } from "~/domain/consents/queries.server";
import { contentHash } from "~/domain/consents/sanitize.server";
import { COUNT_CAP } from "~/domain/shared/capped-count";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor } from "../support/factories";
import { BENCH_AGENT_ID, datasetSize, generateDataset, usersStep } from "../bench/generate";
import { CONSENT_DAYS, benchClauses, consentHeavyCustomers, consentCustomerCount, consentCustomerId, consentRecordTarget, consentsStep } from "../bench/consents-generate";
import { FORM_CLAUSES_SQL, HISTORY_SQL, SUBJECT_SQL, formClausesFromDomain, formClausesFromSql, formClausesParams, recordsFromDomain, recordsFromSql } from "../bench/consents-cases";

// The benchmark's consent data (tests/bench/consents-generate.ts) is what the forms themselves would have
// written: 40 clauses over every position with their versions and hashes, records that name the version
// current when they were given, the choice the clause's type allows, attached where the seed says; and
// the benchmark's hand-written baselines return what the domain functions return, so the ratios compare
// like with like.

const AS_OF = new Date("2026-11-20T09:00:00.000Z");
const size = datasetSize(2_000, AS_OF);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // The agent (the staff reader) comes with the users; consents need no orders or cases.
  await db.session((sql) => generateDataset(sql, db.prisma, size, { kind: db.kind, force: true, log: () => undefined, steps: [usersStep, consentsStep] }));
}, 240_000);
afterAll(async () => db?.close());

const agentCtx = async () => ({ db: db.prisma, clock: createTestClock(AS_OF), actor: await actorFor(db.prisma, BENCH_AGENT_ID), requestId: "bench-test" });

test("40 clauses over every position, 1–5 versions each, hashed; the records reach the target, spread over customers and guests, three years and every choice", async () => {
  const clauses = benchClauses();
  const [counts] = await db.sql.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM "Clause") AS clauses,
            (SELECT count(DISTINCT position)::int FROM "Clause") AS positions,
            (SELECT count(*)::int FROM "ClauseVersion") AS versions,
            (SELECT min(n)::int FROM (SELECT count(*) AS n FROM "ClauseVersion" GROUP BY "clauseId") AS v) AS min_versions,
            (SELECT max(n)::int FROM (SELECT count(*) AS n FROM "ClauseVersion" GROUP BY "clauseId") AS v) AS max_versions,
            (SELECT count(*)::int FROM "Clause" AS c WHERE c.version <> (SELECT max(version) FROM "ClauseVersion" AS v WHERE v."clauseId" = c.id)) AS stale_current,
            (SELECT count(*)::int FROM "ConsentRecord") AS records,
            (SELECT count(DISTINCT "userId")::int FROM "ConsentRecord") AS people,
            (SELECT count(*)::int FROM "ConsentRecord" WHERE "userId" IS NULL) AS guest_records,
            (SELECT count(*)::int FROM "ConsentRecord" WHERE "userId" IS NULL AND email IS NULL) AS guests_without_email,
            (SELECT count(DISTINCT "submissionId")::int FROM "ConsentRecord") AS submissions,
            (SELECT count(DISTINCT "ipAddress")::int FROM "ConsentRecord") AS addresses,
            (SELECT count(DISTINCT "userAgent")::int FROM "ConsentRecord") AS browsers,
            (SELECT extract(day FROM max(at) - min(at))::int FROM "ConsentRecord") AS span_days,
            (SELECT count(*)::int FROM "ConsentRecord" WHERE at > $1) AS future,
            (SELECT count(*)::int FROM "ConsentRecord" WHERE at > $1::timestamptz - interval '1 day') AS last_day`,
    [AS_OF],
  );
  expect(counts).toMatchObject({ clauses: 40, positions: 14, versions: clauses.reduce((n, c) => n + c.versions.length, 0), min_versions: 1, max_versions: 5, stale_current: 0, guests_without_email: 0, future: 0 });
  expect(counts.records).toBeGreaterThanOrEqual(consentRecordTarget(size));
  expect(counts.records).toBeLessThan(consentRecordTarget(size) * 1.2);
  expect(counts.guest_records).toBeGreaterThan(0);
  expect(counts.people).toBeGreaterThan(consentCustomerCount(size) / 2);
  expect(counts.people).toBeLessThanOrEqual(consentCustomerCount(size) + 1);
  expect(counts.addresses).toBeGreaterThan(counts.submissions / 2);
  expect(counts.browsers).toBeGreaterThan(5);
  expect(counts.span_days).toBeGreaterThan(CONSENT_DAYS - 60);
  // Spread over the span: no pile of records at "now" (a day holds about 1/1,000 of them).
  expect(counts.last_day / counts.records).toBeLessThan(0.005);

  const hashes = await db.sql.query<{ content: string; contentHash: string }>(`SELECT content, "contentHash" FROM "ClauseVersion"`);
  for (const v of hashes) expect(v.contentHash).toBe(contentHash(v.content));

  const choices = Object.fromEntries((await db.sql.query<{ choice: string; n: number }>(`SELECT choice::text, count(*)::int AS n FROM "ConsentRecord" GROUP BY 1`)).map((r) => [r.choice, r.n]));
  for (const choice of ["ACCEPTED", "DECLINED", "DISPLAYED", "WITHDRAWN"]) expect(choices[choice] ?? 0, choice).toBeGreaterThan(0);

  // Skewed: the heavy customers hold far more records than the median customer.
  const [skew] = await db.sql.query<{ heavy: number; median: number }>(
    `SELECT (SELECT max(n) FROM (SELECT count(*) AS n FROM "ConsentRecord" WHERE "userId" = ANY($1::uuid[]) GROUP BY "userId") AS h)::int AS heavy,
            (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM (SELECT count(*) AS n FROM "ConsentRecord" WHERE "userId" IS NOT NULL GROUP BY "userId") AS m)::int AS median`,
    [Array.from({ length: consentHeavyCustomers(size) }, (_, i) => consentCustomerId(i + 1))],
  );
  expect(skew.heavy).toBeGreaterThan(skew.median * 3);
});

test("every record is what a form would have written: the version current then, the choice its type allows, attached where the seed says", async () => {
  const [bad] = await db.sql.query<Record<string, number>>(
    `SELECT
       -- the version was the clause's wording at that moment
       (SELECT count(*)::int FROM "ConsentRecord" AS r JOIN "ClauseVersion" AS v ON v.id = r."clauseVersionId"
         WHERE v."clauseId" <> r."clauseId" OR v."createdAt" > r.at
            OR EXISTS (SELECT 1 FROM "ClauseVersion" AS n WHERE n."clauseId" = v."clauseId" AND n.version > v.version AND n."createdAt" <= r.at)) AS wrong_version,
       (SELECT count(*)::int FROM "ConsentRecord" AS r JOIN "Clause" AS c ON c.id = r."clauseId" WHERE c.position <> r.position OR c.type <> r."clauseType") AS wrong_clause,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE ("clauseType" = 'INFORMATION_CLAUSE') <> (choice = 'DISPLAYED')) AS wrong_display,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE "clauseType" = 'MANDATORY_CONSENT' AND choice <> 'ACCEPTED') AS mandatory_not_accepted,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE choice = 'WITHDRAWN' AND ("clauseType" <> 'OPTIONAL_CONSENT' OR form <> 'PRIVACY_SETTINGS' OR "userId" IS NULL)) AS wrong_withdrawal,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE position IN ('NEWSLETTER_ORDER_REGISTRATION', 'ORDER_CENEO')) AS never_recorded,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE position = 'CUSTOMER_REGISTRATION' AND ("subjectType" <> 'CUSTOMER' OR "subjectId" <> "userId")) AS registration_elsewhere,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE position = 'REGISTRATION_ORDER' AND "subjectType" <> CASE WHEN "userId" IS NULL THEN 'ORDER' ELSE 'CUSTOMER' END::"ConsentSubject") AS registration_order_elsewhere,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE position IN ('ORDER', 'ORDER_OPINEO') AND "subjectType" <> 'ORDER') AS order_elsewhere,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE position = 'NEWSLETTER' AND "subjectType" <> 'NEWSLETTER') AS newsletter_elsewhere,
       (SELECT count(*)::int FROM (SELECT "submissionId" FROM "ConsentRecord" GROUP BY 1 HAVING count(DISTINCT (at, "ipAddress", "userAgent", form, coalesce("userId"::text, ''))) > 1) AS s) AS split_submissions,
       (SELECT count(*)::int FROM "ConsentRecord" AS r JOIN "Clause" AS c ON c.id = r."clauseId" WHERE NOT c.active AND r.at > c."updatedAt") AS after_retired,
       (SELECT count(*)::int FROM "ConsentRecord" WHERE "userId" IS NOT NULL AND "userId" NOT IN (SELECT id FROM "User")) AS unknown_people`,
  );
  expect(bad).toEqual({
    wrong_version: 0, wrong_clause: 0, wrong_display: 0, mandatory_not_accepted: 0, wrong_withdrawal: 0, never_recorded: 0, registration_elsewhere: 0,
    registration_order_elsewhere: 0, order_elsewhere: 0, newsletter_elsewhere: 0, split_submissions: 0, after_retired: 0, unknown_people: 0,
  });
});

test("the benchmark's baselines return what the domain returns: the history page, the order form's clauses, an order's records", async () => {
  const ctx = await agentCtx();
  const [{ heavy }] = await db.sql.query<{ heavy: string }>(`SELECT "userId" AS heavy FROM "ConsentRecord" WHERE "userId" = ANY($1::uuid[]) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [
    Array.from({ length: consentHeavyCustomers(size) }, (_, i) => consentCustomerId(i + 1)),
  ]);
  const page = await consentHistory(ctx, heavy, { take: 50 });
  const sqlPage = await db.sql.query<Record<string, any>>(HISTORY_SQL, [heavy, 50]);
  expect(page.records.length).toBe(Math.min(50, sqlPage[0]?.total_count ?? 0));
  expect(page.records.length).toBeGreaterThan(0);
  expect(recordsFromDomain(page.records)).toEqual(recordsFromSql(sqlPage));
  expect(page.total).toEqual({ count: Math.min(sqlPage[0].total_count, COUNT_CAP), atLeast: sqlPage[0].total_count > COUNT_CAP });

  const clauses = await clausesForForm(db.prisma, "ORDER", { customerId: heavy });
  expect(clauses.length).toBeGreaterThan(0);
  expect(formClausesFromDomain(clauses)).toEqual(formClausesFromSql(await db.sql.query(FORM_CLAUSES_SQL, formClausesParams(heavy))));

  const [order] = await db.sql.query<{ id: string }>(`SELECT "subjectId" AS id FROM "ConsentRecord" WHERE "subjectType" = 'ORDER' ORDER BY id DESC LIMIT 1`);
  const records = await consentsForSubject(ctx, "ORDER", order.id);
  expect(records.length).toBeGreaterThan(0);
  expect(recordsFromDomain(records)).toEqual(recordsFromSql(await db.sql.query(SUBJECT_SQL, ["ORDER", order.id])));
});
