import { contentHash, sanitizeClauseContent } from "~/domain/consents/sanitize.server";
import { FORM_POSITIONS, formRevealsNewsletter, type ClausePosition, type ClauseType, type ConsentForm } from "~/domain/consents/positions";
import { REVIEW_INTEGRATIONS_SETTING } from "~/domain/consents/form-clauses.server";
import { Params, asciiLocalPart, benchUuid, h, personSql, pick, u, uuidSql } from "./sql-kit";
import type { DatasetSize, GenerationStep } from "./generate";

// The clause and consent registry's benchmark data (issue 12), set-based like the rest of the generator:
// 40 clauses over every position (a few switched off), each with 1–5 versions of its wording spread over
// the three years before the dataset's "now"; the customers who gave consents (a few heavy ones with
// thousands of records, most with a handful); and the records themselves, written the way the forms write
// them: per submission (a form sent by a customer or a guest at one moment, from one address and browser)
// one record per clause the form showed then, naming the version current at that moment, with the choice
// the clause's type allows (accepted or declined consents, displayed information clauses; withdrawals from
// the privacy page), attached where the seed says (order, customer, newsletter address, alert, question,
// case). Ten records per order of the dataset: 10,000,000 at the default 1,000,000 orders.

export const CONSENT_RECORDS_PER_ORDER = 10;
/**
 * Customers 1..consentHeavyCustomers(size) send one in a hundred signed-in submissions between them:
 * thousands of records each (20 of them at 10,000,000 records, fewer in a smaller dataset).
 */
export function consentHeavyCustomers(size: DatasetSize): number {
  return Math.min(20, Math.max(2, Math.round(consentRecordTarget(size) / 500_000)));
}
/** Submissions per INSERT (≈ 1,000,000 records): progress is printed after each, memory stays flat. */
const SUBMISSION_CHUNK = 200_000;
/** The records span this many days before the dataset's "now". */
export const CONSENT_DAYS = 3 * 365;
/** Clauses switched off this many days before "now" (no records after it). */
const RETIRED_DAYS = 200;

export function consentRecordTarget(size: DatasetSize): number {
  return Math.max(2_000, size.orders * CONSENT_RECORDS_PER_ORDER);
}

/** The customers who gave consents: one per ten records (1,000,000 at 10,000,000 records). */
export function consentCustomerCount(size: DatasetSize): number {
  return Math.max(100, Math.round(consentRecordTarget(size) / 10));
}

export const consentCustomerId = (k: number) => benchUuid("ccustomer", k);

// ───────────────────────────── the clauses ─────────────────────────────

export interface BenchClause {
  n: number;
  id: string;
  position: ClausePosition;
  type: ClauseType;
  active: boolean;
  priority: number;
  description: string;
  versions: { id: string; version: number; content: string; contentHash: string; createdDaysAgo: number }[];
}

type Spec = [ClausePosition, ClauseType, string, { active?: boolean; priority?: number }?];

const TOPICS: Record<ClausePosition, string> = {
  CUSTOMER_REGISTRATION: "zakładania i prowadzenia konta klienta",
  REGISTRATION_ORDER: "konta i zamówień składanych w serwisie",
  ORDER: "realizacji zamówienia i dostawy",
  ORDER_OPINEO: "przekazania adresu e-mail serwisowi Opineo w celu wystawienia opinii",
  ORDER_CENEO: "przekazania adresu e-mail serwisowi Ceneo w ramach programu Zaufane Opinie",
  NEWSLETTER: "wysyłki newslettera",
  NEWSLETTER_ORDER_REGISTRATION: "zapisu na newsletter przy zamówieniu lub rejestracji",
  CONTACT_FORM: "obsługi zapytania wysłanego formularzem kontaktowym",
  ASK_ABOUT_PRODUCT: "odpowiedzi na pytanie o produkt",
  PRICE_ALERT: "powiadomienia o zmianie ceny",
  AVAILABILITY_ALERT: "powiadomienia o dostępności produktu",
  OPEN_DISCUSSION: "prowadzenia dyskusji ze sprzedającym",
  FILE_CLAIM: "rozpatrzenia wniosku w Programie Ochrony Kupujących",
  FILE_IP_REPORT: "rozpatrzenia zgłoszenia naruszenia praw własności intelektualnej",
};

/** 40 clauses: every position, each type where it makes sense, a few retired ones. */
const SPECS: Spec[] = [
  ["CUSTOMER_REGISTRATION", "MANDATORY_CONSENT", "Akceptacja regulaminu przy rejestracji", { priority: 200 }],
  ["CUSTOMER_REGISTRATION", "INFORMATION_CLAUSE", "Klauzula informacyjna RODO — konto", { priority: 100 }],
  ["CUSTOMER_REGISTRATION", "OPTIONAL_CONSENT", "Zgoda marketingowa — e-mail", { priority: 50 }],
  ["CUSTOMER_REGISTRATION", "OPTIONAL_CONSENT", "Zgoda na profilowanie (wycofana z formularza)", { active: false, priority: 40 }],
  ["REGISTRATION_ORDER", "MANDATORY_CONSENT", "Regulamin sprzedaży — konto i zamówienia", { priority: 210 }],
  ["REGISTRATION_ORDER", "INFORMATION_CLAUSE", "Klauzula informacyjna — dane do zamówień", { priority: 120 }],
  ["REGISTRATION_ORDER", "OPTIONAL_CONSENT", "Faktury elektroniczne", { priority: 30 }],
  ["ORDER", "MANDATORY_CONSENT", "Akceptacja warunków sprzedaży", { priority: 220 }],
  ["ORDER", "INFORMATION_CLAUSE", "Pouczenie o prawie odstąpienia od umowy", { priority: 150 }],
  ["ORDER", "OPTIONAL_CONSENT", "Ankieta satysfakcji po dostawie", { priority: 20 }],
  ["ORDER", "MANDATORY_CONSENT", "Stary regulamin płatności (nieaktywny)", { active: false, priority: 180 }],
  ["ORDER_OPINEO", "OPTIONAL_CONSENT", "Opineo — prośba o opinię", { priority: 10 }],
  ["ORDER_CENEO", "OPTIONAL_CONSENT", "Ceneo — Zaufane Opinie", { priority: 10 }],
  ["NEWSLETTER", "MANDATORY_CONSENT", "Zgoda na newsletter", { priority: 200 }],
  ["NEWSLETTER", "INFORMATION_CLAUSE", "Klauzula informacyjna — newsletter", { priority: 100 }],
  ["NEWSLETTER", "OPTIONAL_CONSENT", "Oferty partnerów w newsletterze", { priority: 60 }],
  ["NEWSLETTER", "OPTIONAL_CONSENT", "Powiadomienia SMS o promocjach", { priority: 50 }],
  ["NEWSLETTER_ORDER_REGISTRATION", "OPTIONAL_CONSENT", "Chcę otrzymywać newsletter", { priority: 100 }],
  ["CONTACT_FORM", "MANDATORY_CONSENT", "Zgoda na przetwarzanie danych z formularza", { priority: 200 }],
  ["CONTACT_FORM", "INFORMATION_CLAUSE", "Klauzula informacyjna — formularz kontaktowy", { priority: 100 }],
  ["CONTACT_FORM", "OPTIONAL_CONSENT", "Kopia wiadomości na e-mail", { priority: 10 }],
  ["ASK_ABOUT_PRODUCT", "MANDATORY_CONSENT", "Zgoda na przekazanie pytania sprzedającemu", { priority: 200 }],
  ["ASK_ABOUT_PRODUCT", "INFORMATION_CLAUSE", "Klauzula informacyjna — pytania o produkt", { priority: 100 }],
  ["ASK_ABOUT_PRODUCT", "OPTIONAL_CONSENT", "Publikacja pytania z odpowiedzią", { priority: 30 }],
  ["PRICE_ALERT", "MANDATORY_CONSENT", "Zgoda na powiadomienie o cenie", { priority: 200 }],
  ["PRICE_ALERT", "INFORMATION_CLAUSE", "Klauzula informacyjna — alert cenowy", { priority: 100 }],
  ["PRICE_ALERT", "OPTIONAL_CONSENT", "Podobne produkty w powiadomieniu", { priority: 20 }],
  ["AVAILABILITY_ALERT", "MANDATORY_CONSENT", "Zgoda na powiadomienie o dostępności", { priority: 200 }],
  ["AVAILABILITY_ALERT", "INFORMATION_CLAUSE", "Klauzula informacyjna — alert dostępności", { priority: 100 }],
  ["AVAILABILITY_ALERT", "OPTIONAL_CONSENT", "Powiadomienie SMS o dostępności (nieaktywne)", { active: false, priority: 20 }],
  ["OPEN_DISCUSSION", "MANDATORY_CONSENT", "Zasady prowadzenia dyskusji", { priority: 200 }],
  ["OPEN_DISCUSSION", "INFORMATION_CLAUSE", "Klauzula informacyjna — dyskusje", { priority: 100 }],
  ["OPEN_DISCUSSION", "OPTIONAL_CONSENT", "Udostępnienie numeru telefonu sprzedającemu", { priority: 20 }],
  ["FILE_CLAIM", "MANDATORY_CONSENT", "Regulamin Programu Ochrony Kupujących", { priority: 220 }],
  ["FILE_CLAIM", "MANDATORY_CONSENT", "Oświadczenie o prawdziwości danych", { priority: 210 }],
  ["FILE_CLAIM", "INFORMATION_CLAUSE", "Klauzula informacyjna — wnioski", { priority: 100 }],
  ["FILE_CLAIM", "OPTIONAL_CONSENT", "Kontakt telefoniczny w sprawie wniosku", { priority: 20 }],
  ["FILE_IP_REPORT", "MANDATORY_CONSENT", "Oświadczenie o dobrej wierze zgłaszającego", { priority: 200 }],
  ["FILE_IP_REPORT", "INFORMATION_CLAUSE", "Klauzula informacyjna — zgłoszenia naruszeń", { priority: 100 }],
  ["FILE_IP_REPORT", "OPTIONAL_CONSENT", "Przekazanie danych kontaktowych sprzedającemu", { priority: 10 }],
];

function clauseContent(position: ClausePosition, type: ClauseType, title: string, version: number, versions: number): string {
  const topic = TOPICS[position];
  const body =
    type === "MANDATORY_CONSENT"
      ? `<p><strong>${title}.</strong> Oświadczam, że zapoznałem się z <a href="/info/terms">regulaminem</a> i akceptuję jego postanowienia w zakresie ${topic}.</p>`
      : type === "OPTIONAL_CONSENT"
        ? `<p>${title}: wyrażam zgodę na przetwarzanie moich danych osobowych w celu ${topic}. Zgodę mogę wycofać w każdej chwili w ustawieniach prywatności, bez wpływu na zgodność z prawem przetwarzania sprzed jej wycofania.</p>`
        : `<p>${title}. Administratorem danych jest operator serwisu. Dane przetwarzamy w celu ${topic} (art. 6 ust. 1 lit. b i f RODO), przez czas niezbędny do tego celu. Więcej w <a href="/info/privacy-policy">polityce prywatności</a>.</p><ul><li>prawo dostępu i sprostowania</li><li>prawo sprzeciwu</li></ul>`;
  const note = versions > 1 ? `<p><em>Wersja ${version}${version === versions ? " (obowiązująca)" : ""}.</em></p>` : "";
  const { content, problems } = sanitizeClauseContent(body + note);
  if (problems.length) throw new Error(`bench clause content would be changed by the sanitizer: ${JSON.stringify(problems)}`);
  return content;
}

/** The clauses and their versions (JavaScript, so every wording and hash is what the domain would store). */
export function benchClauses(): BenchClause[] {
  return SPECS.map(([position, type, title, options], i) => {
    const n = i + 1;
    const versions = 1 + ((n * 7) % 5);
    // The first version is older than the records (the form showed it from the start) for most clauses;
    // every fourth clause was added later (between 1 and 2 years ago).
    const firstDaysAgo = n % 4 === 0 ? 365 + ((n * 37) % 365) : CONSENT_DAYS + 30;
    return {
      n,
      id: benchUuid("clause", n),
      position,
      type,
      active: options?.active ?? true,
      priority: options?.priority ?? 0,
      description: `${title} (${position.toLowerCase().replace(/_/g, " ")})`,
      versions: Array.from({ length: versions }, (_, v) => {
        const content = clauseContent(position, type, title, v + 1, versions);
        // Later versions spread evenly between the first one and a month before "now" (before the switch-off for a retired clause).
        const lastDay = (options?.active ?? true) ? 30 : RETIRED_DAYS + 30;
        const createdDaysAgo = v === 0 ? firstDaysAgo : Math.round(firstDaysAgo - ((firstDaysAgo - lastDay) * v) / versions);
        return { id: benchUuid("clausev", n * 10 + v + 1), version: v + 1, content, contentHash: contentHash(content), createdDaysAgo };
      }),
    };
  });
}

// ───────────────────────────── the submissions ─────────────────────────────

/** How often each form is sent, and how many of its senders are guests (no account). */
const FORMS: { form: ConsentForm | "PRIVACY_SETTINGS"; share: number; guests: number; page: string }[] = [
  { form: "ORDER", share: 0.5, guests: 0.3, page: "/zamowienie" },
  { form: "REGISTRATION", share: 0.05, guests: 0, page: "/rejestracja" },
  { form: "NEWSLETTER", share: 0.08, guests: 0.6, page: "/newsletter" },
  { form: "CONTACT", share: 0.06, guests: 0.5, page: "/kontakt" },
  { form: "ASK_ABOUT_PRODUCT", share: 0.06, guests: 0.4, page: "/oferta/pytanie" },
  { form: "PRICE_ALERT", share: 0.06, guests: 0.3, page: "/oferta/alert-cenowy" },
  { form: "AVAILABILITY_ALERT", share: 0.05, guests: 0.3, page: "/oferta/alert-dostepnosci" },
  { form: "OPEN_DISCUSSION", share: 0.05, guests: 0, page: "/zamowienia/dyskusja" },
  { form: "FILE_CLAIM", share: 0.04, guests: 0, page: "/zamowienia/wniosek" },
  { form: "FILE_IP_REPORT", share: 0.02, guests: 0, page: "/ochrona-praw/zgloszenie" },
  // Withdrawals of an optional consent from the privacy page.
  { form: "PRIVACY_SETTINGS", share: 0.03, guests: 0, page: "/konto/prywatnosc" },
];

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
];
/** First octets of Polish access networks (home and mobile operators). */
const IPV4_PREFIXES = ["83.", "89.", "31.", "37.", "46.", "78.", "79.", "91.", "94.", "188.", "176.", "5."];

const ACTIVE_SINCE = (c: BenchClause) => c.versions[0].createdDaysAgo;

export const consentsStep: GenerationStep = {
  name: "clauses, versions, consent customers + records",
  tables: ["Clause", "ClauseVersion", "ConsentRecord"],
  async run(sql, size, log = () => undefined) {
    const asOf = `'${size.asOf.toISOString()}'::timestamptz`;
    const clauses = benchClauses();
    await sql.exec(`TRUNCATE "Clause", "ClauseVersion", "ConsentRecord" RESTART IDENTITY CASCADE; DROP TABLE IF EXISTS bench_form_clause; DROP TABLE IF EXISTS bench_form;`);

    // 1. Clauses and versions; the Opineo integration is on (its clause shows), Ceneo's is off.
    const versions = clauses.flatMap((c) => c.versions.map((v) => ({ ...v, clause: c })));
    await sql.query(
      `INSERT INTO "Clause" (id, description, position, type, active, priority, version, "createdAt", "updatedAt")
       SELECT id, description, position::"ClausePosition", type::"ClauseType", active, priority, version,
              ${asOf} - first_days * interval '1 day', ${asOf} - last_days * interval '1 day'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[], $7::int[], $8::int[], $9::int[])
            AS c(id, description, position, type, active, priority, version, first_days, last_days)`,
      [
        clauses.map((c) => c.id),
        clauses.map((c) => c.description),
        clauses.map((c) => c.position),
        clauses.map((c) => c.type),
        clauses.map((c) => c.active),
        clauses.map((c) => c.priority),
        clauses.map((c) => c.versions.length),
        clauses.map((c) => ACTIVE_SINCE(c)),
        clauses.map((c) => (c.active ? c.versions[c.versions.length - 1].createdDaysAgo : RETIRED_DAYS)),
      ],
    );
    await sql.query(
      `INSERT INTO "ClauseVersion" (id, "clauseId", version, type, content, "contentHash", "createdAt")
       SELECT id, clause_id, version, type::"ClauseType", content, hash, ${asOf} - days * interval '1 day'
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[]) AS v(id, clause_id, version, type, content, hash, days)`,
      [
        versions.map((v) => v.id),
        versions.map((v) => v.clause.id),
        versions.map((v) => v.version),
        versions.map((v) => v.clause.type),
        versions.map((v) => v.content),
        versions.map((v) => v.contentHash),
        versions.map((v) => v.createdDaysAgo),
      ],
    );
    await sql.query(
      `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, '{"opineo": true, "ceneo": false}'::jsonb, ${asOf} - interval '400 days')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`,
      [REVIEW_INTEGRATIONS_SETTING],
    );

    // 2. What each form showed, and when: one row per (form, clause version) with the period the version
    //    was the clause's current wording (and the clause switched on), and where its record goes.
    const formRows: { form: string; f: number; positionRank: number; clauseId: string; versionId: string; position: string; type: string; behind: boolean; from: number; to: number }[] = [];
    const forms = FORMS.map((f) => f.form);
    for (const [f, form] of forms.entries()) {
      if (form === "PRIVACY_SETTINGS") continue;
      const positions = FORM_POSITIONS[form];
      for (const c of clauses) {
        const rank = positions.indexOf(c.position);
        // The reveal box is never recorded; Ceneo's integration is off.
        if (rank < 0 || c.position === "NEWSLETTER_ORDER_REGISTRATION" || c.position === "ORDER_CENEO") continue;
        c.versions.forEach((v, i) => {
          const next = c.versions[i + 1];
          const to = next ? next.createdDaysAgo : c.active ? 0 : RETIRED_DAYS;
          if (v.createdDaysAgo <= to) return;
          formRows.push({ form, f: f + 1, positionRank: rank, clauseId: c.id, versionId: v.id, position: c.position, type: c.type, behind: formRevealsNewsletter(form) && c.position === "NEWSLETTER", from: v.createdDaysAgo, to });
        });
      }
    }
    // Withdrawals name the newsletter's optional consents (the version current then).
    const withdrawable = clauses.filter((c) => c.position === "NEWSLETTER" && c.type === "OPTIONAL_CONSENT");
    for (const c of withdrawable) {
      c.versions.forEach((v, i) => {
        const next = c.versions[i + 1];
        formRows.push({ form: "PRIVACY_SETTINGS", f: forms.indexOf("PRIVACY_SETTINGS") + 1, positionRank: 0, clauseId: c.id, versionId: v.id, position: c.position, type: c.type, behind: false, from: v.createdDaysAgo, to: next ? next.createdDaysAgo : 0 });
      });
    }
    await sql.query(
      `CREATE TEMP TABLE bench_form_clause AS
       SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::boolean[], $8::float8[], $9::float8[])
            AS fc(form, f, clause_id, version_id, position, type, behind_newsletter, from_days, to_days)`,
      [
        formRows.map((r) => r.form),
        formRows.map((r) => r.f),
        formRows.map((r) => r.clauseId),
        formRows.map((r) => r.versionId),
        formRows.map((r) => r.position),
        formRows.map((r) => r.type),
        formRows.map((r) => r.behind),
        formRows.map((r) => r.from),
        formRows.map((r) => r.to),
      ],
    );
    await sql.exec(`CREATE INDEX ON bench_form_clause (f, from_days, to_days); ANALYZE bench_form_clause`);
    // Forms by cumulative share: a submission's form is the first whose upper bound is above its draw.
    let cumulative = 0;
    const bounds = FORMS.map((f) => (cumulative += f.share));
    await sql.query(
      `CREATE TEMP TABLE bench_form AS
       SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $5::text[]) AS f(f, form, upper_bound, guests, page)`,
      [FORMS.map((_, i) => i + 1), forms, bounds.map((b) => b / cumulative), FORMS.map((f) => f.guests), FORMS.map((f) => f.page)],
    );

    // 3. The customers who gave consents (accounts with the BUYER role).
    const customers = consentCustomerCount(size);
    {
      const p = new Params();
      const person = personSql(p, "k", 900);
      await sql.query(
        `INSERT INTO "User" (id, email, name, "isCompany", street, "postalCode", city, "createdAt", "updatedAt")
         SELECT ${uuidSql("ccustomer", "k")}, ${asciiLocalPart("first || ' ' || surname")} || '.k' || k || '@' || ${p.pickRef("mailDomains", "k", 910)},
                first || ' ' || surname, false, 'ul. Polna 1', '00-001', 'Warszawa', ${asOf} - interval '1200 days', ${asOf} - interval '1200 days'
         FROM (SELECT k, ${person.first} AS first, ${person.surname} AS surname FROM generate_series(1, ${customers}) AS k) AS c`,
        p.values,
      );
    }
    await sql.exec(
      `INSERT INTO "UserRole" ("userId", "roleId", "grantedAt")
       SELECT ${uuidSql("ccustomer", "k")}, (SELECT id FROM "Role" WHERE name = 'BUYER'), ${asOf} - interval '1200 days'
       FROM generate_series(1, ${customers}) AS k`,
    );

    // 4. The records, submission by submission in time order (so ids grow with time, as in production;
    //    more recent days are busier), in chunks until the target is reached.
    const target = consentRecordTarget(size);
    const heavy = consentHeavyCustomers(size);
    const rest = customers - heavy;
    /** Records of the submissions from..to (every step-th): inserted, or only counted (the sample). */
    const records = async (from: number, to: number, step: number, submissions: number, insert: boolean) => {
      const p = new Params();
      const domain = p.pickRef("mailDomains", "s", 960);
      const [row] = await sql.query<{ n: number }>(
        `WITH s AS (
           SELECT s, days, f.f, f.form, f.page,
                  (${u("s", 921)} < f.guests) AS guest,
                  CASE WHEN ${u("s", 922)} < 0.01 THEN 1 + ${h("s", 923)} % ${heavy}
                       ELSE ${heavy + 1} + floor(${rest} * power(${u("s", 924)}, 1.5))::int END AS k,
                  ${u("s", 925)} < 0.25 AS wants_newsletter
           FROM (
             SELECT s, CASE WHEN s <= ${submissions} THEN ${CONSENT_DAYS} * (1 - power(s::float8 / ${submissions}, 0.8)) + ${u("s", 926)} * 0.02
                         ELSE ${CONSENT_DAYS} * ${u("s", 928)} END AS days, ${u("s", 927)} AS form_draw
             FROM generate_series(${from}, ${to}, ${step}) AS s
           ) AS g
           CROSS JOIN LATERAL (SELECT * FROM bench_form AS f WHERE f.upper_bound > g.form_draw ORDER BY f.f LIMIT 1) AS f
         ), sub AS (
           SELECT s.*, CASE WHEN guest THEN NULL ELSE ${uuidSql("ccustomer", "k")} END AS user_id,
                  ${asOf} - days * interval '1 day' AS at, ${uuidSql("csubmission", "s")} AS submission_id,
                  CASE WHEN ${u("s", 930)} < 0.12
                       THEN '2a02:a31' || to_hex(${h("s", 931)} % 4096) || ':' || to_hex(${h("s", 932)} % 65536) || '::' || to_hex(1 + ${h("s", 933)} % 65535)
                       ELSE (${p.value(IPV4_PREFIXES, "text[]")})[${pick("s", 934, IPV4_PREFIXES.length)}] || (${h("s", 935)} % 256) || '.' || (${h("s", 936)} % 256) || '.' || (1 + ${h("s", 937)} % 254) END AS ip,
                  (${p.value(USER_AGENTS, "text[]")})[${pick("s", 938, USER_AGENTS.length)}] AS ua,
                  CASE WHEN guest THEN 'gosc.' || s || '@' || ${domain} END AS guest_email
           FROM s
         ), ins AS (
         ${insert ? `INSERT INTO "ConsentRecord" ("submissionId", form, "clauseId", "clauseVersionId", position, "clauseType", choice, "subjectType", "subjectId", "userId", email, at, "ipAddress", "userAgent", "pageUrl")` : ""}
         SELECT sub.submission_id, sub.form::"ConsentForm", fc.clause_id, fc.version_id, fc.position::"ClausePosition", fc.type::"ClauseType",
                (CASE WHEN sub.form = 'PRIVACY_SETTINGS' THEN 'WITHDRAWN'
                      WHEN fc.type = 'INFORMATION_CLAUSE' THEN 'DISPLAYED'
                      WHEN fc.type = 'MANDATORY_CONSENT' OR fc.behind_newsletter THEN 'ACCEPTED'
                      WHEN ${u("sub.s * 64 + fc.f", 940)} < 0.6 THEN 'ACCEPTED' ELSE 'DECLINED' END)::"ConsentChoice",
                subj.type::"ConsentSubject", subj.id, sub.user_id,
                CASE WHEN sub.guest THEN sub.guest_email END,
                sub.at, sub.ip, sub.ua, sub.page
         FROM sub
         JOIN bench_form_clause AS fc ON fc.f = sub.f AND fc.from_days > sub.days AND fc.to_days <= sub.days
              AND (NOT fc.behind_newsletter OR sub.wants_newsletter)
              AND (sub.form <> 'PRIVACY_SETTINGS' OR fc.clause_id = (${p.value(withdrawable.map((c) => c.id), "uuid[]")})[${pick("sub.s", 941, withdrawable.length)}])
              -- A signed-in customer is shown the registration/order clauses again only for a newer version
              -- (about one order in seven); a guest's go to the order.
              AND (fc.position <> 'REGISTRATION_ORDER' OR sub.guest OR sub.form = 'REGISTRATION' OR ${u("sub.s", 942)} < 0.15)
         CROSS JOIN LATERAL (SELECT CASE
             WHEN fc.position = 'CUSTOMER_REGISTRATION' OR (fc.position = 'REGISTRATION_ORDER' AND NOT sub.guest) THEN 'CUSTOMER'
             WHEN fc.position IN ('REGISTRATION_ORDER', 'ORDER', 'ORDER_OPINEO', 'ORDER_CENEO') THEN 'ORDER'
             WHEN fc.position = 'NEWSLETTER' THEN 'NEWSLETTER'
             WHEN fc.position IN ('CONTACT_FORM', 'ASK_ABOUT_PRODUCT') THEN 'QUESTION'
             WHEN fc.position IN ('PRICE_ALERT', 'AVAILABILITY_ALERT') THEN 'PRODUCT_ALERT'
             WHEN fc.position = 'OPEN_DISCUSSION' THEN 'DISCUSSION'
             WHEN fc.position = 'FILE_CLAIM' THEN 'CLAIM'
             ELSE 'IP_NOTICE' END AS type) AS st
         CROSS JOIN LATERAL (SELECT st.type, CASE
             WHEN st.type = 'CUSTOMER' THEN sub.user_id
             -- A signed-in customer has one newsletter address; a guest's sign-up is its own.
             WHEN st.type = 'NEWSLETTER' AND NOT sub.guest THEN ${uuidSql("csubscriber", "sub.k")}
             ELSE ${uuidSql("csubject", "sub.s")} END AS id) AS subj
         ${insert ? "ORDER BY sub.s, fc.clause_id RETURNING 1" : ""}
         )
         SELECT count(*)::int AS n FROM ins`,
        p.values,
      );
      return row.n;
    };
    // How many submissions make the target: the JavaScript estimate, then the records of every 97th
    // submission of that many counted in SQL (the forms' clauses change over the years, so the true mean
    // is known only from the data); beyond the estimate, submissions fall anywhere in the span.
    const guess = Math.ceil(target / estimateRecordsPerSubmission(formRows));
    const step = guess > 20_000 ? 97 : 1;
    const sampled = await records(1, guess, step, guess, false);
    const perSubmission = sampled / Math.ceil(guess / step);
    const submissions = Math.ceil(target / perSubmission);
    let inserted = 0;
    let next = 1;
    const started = performance.now();
    while (inserted < target) {
      const count = next <= submissions ? Math.min(SUBMISSION_CHUNK, submissions - next + 1) : Math.min(SUBMISSION_CHUNK, Math.max(1, Math.ceil((target - inserted) / perSubmission)));
      inserted += await records(next, next + count - 1, 1, submissions, true);
      next += count;
      const seconds = (performance.now() - started) / 1000;
      log(`    consent records: ${inserted.toLocaleString("en")} of ${target.toLocaleString("en")} (${Math.round(inserted / Math.max(seconds, 0.001)).toLocaleString("en")}/s)`);
    }
    await sql.exec(`DROP TABLE bench_form_clause; DROP TABLE bench_form;`);
  },
};

/** Records per submission, on average over the forms' shares and the clauses they show over the years. */
function estimateRecordsPerSubmission(rows: { f: number; from: number; to: number; behind: boolean }[]): number {
  const total = FORMS.reduce((sum, f) => sum + f.share, 0);
  let perSubmission = 0;
  FORMS.forEach((form, i) => {
    if (form.form === "PRIVACY_SETTINGS") {
      perSubmission += form.share / total;
      return;
    }
    // Clause-days each version is shown, over the span, weighted towards recent days like the submissions.
    const shown = rows
      .filter((r) => r.f === i + 1)
      .reduce((sum, r) => sum + (Math.min(r.from, CONSENT_DAYS) - Math.min(r.to, CONSENT_DAYS)) / CONSENT_DAYS * (r.behind ? 0.25 : 1), 0);
    perSubmission += (form.share / total) * Math.max(shown, 0.5);
  });
  return perSubmission;
}
