import { createHash } from "node:crypto";
import {
  CARRIERS,
  CITIES,
  COMPANIES,
  FIRST_NAMES_F,
  FIRST_NAMES_M,
  PRODUCTS,
  SHIPPING_COSTS,
  STREETS,
  SURNAMES,
  feminineSurname,
} from "../../prisma/seed/polish-data";

// Small building blocks for set-based data generation: deterministic hashing of row numbers, ids
// derived from row numbers (so foreign keys need no lookups), and the Polish reference data passed
// to PostgreSQL as array parameters. Everything here is portable between PostgreSQL 15 and PGlite.

/** Agents 1..AGENT_COUNT work the queues (1 is the benchmark agent); the senior agents give second approvals. */
export const AGENT_COUNT = 12;
export const SENIOR_AGENT_NUMBERS = [13, 14];

/** Integer in [0, 2^31) derived from a row number and a salt (the same inputs give the same value). */
export const h = (expr: string, salt: number) => `(hashint8((${expr})::bigint * 1000003 + ${salt}) & 2147483647)`;

/** Uniform float in [0, 1) derived from a row number and a salt. */
export const u = (expr: string, salt: number) => `(${h(expr, salt)}::float8 / 2147483648.0)`;

/** `1 + (hash mod n)`: a 1-based array subscript. */
export const pick = (expr: string, salt: number, n: number | string) => `(1 + ${h(expr, salt)} % (${n}))`;

/** An RFC 4122 version-4-shaped UUID derived from (kind, number): md5 with the version and variant nibbles set. */
export const uuidSql = (kind: string, expr: string) =>
  `overlay(overlay(md5('${kind}:' || (${expr})::text) placing '4' from 13) placing '8' from 17)::uuid`;

/** The same UUID as uuidSql, computed in JavaScript. */
export function benchUuid(kind: string, n: number): string {
  let hex = createHash("md5").update(`${kind}:${n}`).digest("hex");
  hex = hex.slice(0, 12) + "4" + hex.slice(13, 16) + "8" + hex.slice(17);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ASCII e-mail local part from a Polish name (the SQL twin of emailLocalPart in polish-data.ts). */
export const asciiLocalPart = (expr: string) =>
  `trim(both '.' from regexp_replace(lower(translate(${expr}, 'ĄĆĘŁŃÓŚŹŻąćęłńóśźż', 'ACELNOSZZacelnoszz')), '[^a-z0-9]+', '.', 'g'))`;

const DISCUSSION_DESCRIPTIONS = [
  // NOT_RECEIVED
  "Zamówienie opłacone, a przesyłka wciąż nie dotarła. Numer śledzenia od kilku dni pokazuje ten sam status.",
  "Paczka miała być u mnie w piątek, minął tydzień i nic. Przewoźnik twierdzi, że nie ma jej w systemie.",
  "Status przesyłki to „doręczona”, ale nic nie otrzymałem. Sąsiedzi też niczego nie odbierali.",
  // NOT_AS_DESCRIBED
  "W ofercie był model 256 GB, a otrzymałam wersję 128 GB. Proszę o wymianę albo zwrot.",
  "Kolor zupełnie inny niż na zdjęciach w ofercie, a rozmiar nie zgadza się z tabelą.",
  "Produkt jest używany, a oferta mówiła o nowym, fabrycznie zapakowanym towarze.",
  // DAMAGED
  "Paczka przyszła zgnieciona, ekran ma pęknięcie w prawym górnym rogu. Zdjęcia w załączniku.",
  "Obudowa pęknięta, jedna z nóżek odłamana. Karton był wyraźnie uszkodzony przy odbiorze.",
  "Po rozpakowaniu okazało się, że szkło jest stłuczone. Spisałem protokół szkody z kurierem.",
  // INCOMPLETE
  "Brakuje ładowarki i kabla, które według opisu miały być w zestawie.",
  "Zamówiłem trzy sztuki, w paczce były tylko dwie.",
  "Brak instrukcji i karty gwarancyjnej, a w zestawie nie ma pilota.",
  // RETURNED_NOT_REFUNDED
  "Odesłałem towar 14 dni temu (potwierdzenie nadania w załączniku), zwrot pieniędzy nie wpłynął.",
  "Sprzedawca potwierdził odbiór zwrotu, ale pieniądze nadal nie wróciły na moje konto.",
  "Zwrot nadany paczkomatem ponad dwa tygodnie temu, brak jakiejkolwiek odpowiedzi i przelewu.",
  // OTHER
  "Sprzedawca wystawił fakturę na złe dane firmy, proszę o korektę.",
  "Nie otrzymałem faktury VAT, mimo że zaznaczyłem ją przy zakupie.",
  "Sprzedawca anulował część zamówienia bez informacji, proszę o wyjaśnienie.",
];

/** The reference data, as the arrays a statement may bind. */
export const REFERENCE: Record<string, { values: unknown[]; type: string }> = {
  firstF: { values: FIRST_NAMES_F, type: "text[]" },
  firstM: { values: FIRST_NAMES_M, type: "text[]" },
  surnameM: { values: SURNAMES, type: "text[]" },
  surnameF: { values: SURNAMES.map(feminineSurname), type: "text[]" },
  companies: { values: COMPANIES, type: "text[]" },
  // Patterns for further company names: {S} surname, {C} city.
  companyPatterns: {
    values: ["{S} Handel Sp. z o.o.", "P.H.U. {S}", "Sklep {S} s.c.", "{C} Hurt {S} Sp. j.", "Firma Handlowa {S}", "{S} i Synowie Sp. z o.o.", "Sklep Internetowy {C}24", "Outlet {C} Sp. z o.o."],
    type: "text[]",
  },
  cities: { values: CITIES.map(([city]) => city), type: "text[]" },
  postalPrefixes: { values: CITIES.map(([, prefix]) => prefix), type: "text[]" },
  streets: { values: STREETS, type: "text[]" },
  carriers: { values: CARRIERS, type: "text[]" },
  productTitles: { values: PRODUCTS.map((p) => p.title), type: "text[]" },
  productBrands: { values: PRODUCTS.map((p) => p.brand), type: "text[]" },
  productMinPrices: { values: PRODUCTS.map((p) => p.minPrice), type: "int[]" },
  productMaxPrices: { values: PRODUCTS.map((p) => p.maxPrice), type: "int[]" },
  shippingCosts: { values: SHIPPING_COSTS, type: "int[]" },
  mailDomains: { values: ["poczta.example.pl", "wp.example.pl", "onet.example.pl", "interia.example.pl", "o2.example.pl", "gmail.example.com"], type: "text[]" },
  // Discussions and claims. Descriptions: DESCRIPTION_VARIANTS per reason, in DISCUSSION_REASONS order.
  discussionDescriptions: { values: DISCUSSION_DESCRIPTIONS, type: "text[]" },
  buyerMessages: {
    values: [
      "Czy mogę prosić o informację, kiedy sprawa zostanie rozwiązana?",
      "Dziękuję za odpowiedź, ale to nie rozwiązuje problemu.",
      "Przesyłam dodatkowe zdjęcia i numer przesyłki.",
      "Nadal czekam na odpowiedź.",
      "Wolałbym zwrot pieniędzy niż wymianę.",
      "Zgadzam się na takie rozwiązanie, proszę o potwierdzenie.",
      "Minęły już trzy dni, a nic się nie zmieniło.",
      "W załączeniu potwierdzenie nadania zwrotu.",
    ],
    type: "text[]",
  },
  sellerMessages: {
    values: [
      "Dzień dobry, przepraszamy za kłopot. Sprawdzimy to u przewoźnika i wrócimy z odpowiedzią.",
      "Proszę o przesłanie zdjęć uszkodzenia, zgłosimy szkodę przewoźnikowi.",
      "Towar został wysłany zgodnie z opisem, numer przesyłki jest w zamówieniu.",
      "Możemy zaproponować wymianę na nowy egzemplarz albo częściowy zwrot.",
      "Zwrot został zlecony, pieniądze powinny wpłynąć w ciągu 3 dni roboczych.",
      "Brakujące elementy wyślemy osobną przesyłką jeszcze dziś.",
      "Przesyłka wróciła do nas jako niedoręczona, prosimy o potwierdzenie adresu.",
      "Nie zgadzamy się z reklamacją, produkt był sprawdzony przed wysyłką.",
    ],
    type: "text[]",
  },
  agentMessages: {
    values: [
      "Dzień dobry, zajmuję się tą sprawą w imieniu platformy. Analizuję przesłane informacje.",
      "Dziękuję obu stronom za wyjaśnienia. Decyzję przekażę w ciągu 24 godzin.",
      "Sprawdziłem historię przesyłki u przewoźnika. Proszę o jeszcze chwilę cierpliwości.",
      "Proponuję rozwiązanie polubowne: zwrot pieniędzy po odesłaniu towaru.",
    ],
    type: "text[]",
  },
  agentInfoRequests: {
    values: [
      "Proszę o przesłanie zdjęć produktu i opakowania.",
      "Proszę o numer przesyłki zwrotnej i potwierdzenie nadania.",
      "Proszę o potwierdzenie nadania przesyłki i dowód doręczenia.",
      "Proszę o kopię faktury zakupu.",
    ],
    type: "text[]",
  },
  closingNotes: {
    values: [
      "Na podstawie przesłanych zdjęć uznajemy reklamację za zasadną.",
      "Przewoźnik potwierdził zagubienie przesyłki; kupującemu należy się zwrot.",
      "Produkt zgodny z opisem oferty; brak podstaw do zwrotu.",
      "Strony nie doszły do porozumienia; kupujący może złożyć wniosek w Programie Ochrony Kupujących.",
      "Sprzedawca zobowiązał się do wysłania brakujących elementów.",
    ],
    type: "text[]",
  },
  proposalNotes: { values: ["Rabat za brakujące akcesoria", "Zwrot po odesłaniu towaru", "Wymiana na nowy egzemplarz", "Zwrot pełnej kwoty"], type: "text[]" },
  // Claim descriptions: CLAIM_DESCRIPTION_VARIANTS per claim reason (the discussion reasons without OTHER).
  claimDescriptions: {
    values: [
      "Przesyłka nie dotarła mimo zapłaty, sprzedawca nie odpowiada na wiadomości.",
      "Paczka zaginęła, przewoźnik potwierdził brak doręczenia.",
      "Otrzymany produkt znacząco różni się od opisu w ofercie.",
      "Dostałem inny model niż zamówiony, sprzedawca odmówił wymiany.",
      "Towar dotarł uszkodzony, sprzedawca nie uznał reklamacji.",
      "Produkt zniszczony w transporcie, protokół szkody w załączniku.",
      "W przesyłce brakowało części zamówionego towaru.",
      "Zestaw niekompletny, sprzedawca nie dosłał brakujących elementów.",
      "Odesłałem towar, sprzedawca potwierdził odbiór, ale nie zwrócił pieniędzy.",
      "Zwrot dostarczony do sprzedawcy ponad miesiąc temu, brak przelewu.",
    ],
    type: "text[]",
  },
  rejectionNotes: {
    values: [
      "Przesłane dokumenty nie potwierdzają szkody.",
      "Produkt zgodny z opisem oferty.",
      "Sprawa została rozwiązana bezpośrednio ze sprzedawcą.",
      "Wniosek dotyczy zamówienia, dla którego złożono już inny wniosek.",
      "Historia konta wskazuje na nadużycie programu.",
      "Brak podstaw do rekompensaty w świetle regulaminu programu.",
    ],
    type: "text[]",
  },
  documentNames: { values: ["zdjecie_uszkodzenia.jpg", "zdjecie_paczki.jpg", "potwierdzenie_nadania.pdf", "protokol_szkody.pdf", "zgloszenie_policja.pdf", "faktura.pdf"], type: "text[]" },
};

/** Discussion reasons in the order of the enum (and of the description blocks). */
export const DISCUSSION_REASONS = ["NOT_RECEIVED", "NOT_AS_DESCRIBED", "DAMAGED", "INCOMPLETE", "RETURNED_NOT_REFUNDED", "OTHER"] as const;
export const DESCRIPTION_VARIANTS = 3;
export const CLAIM_DESCRIPTION_VARIANTS = 2;

export const REFERENCE_LENGTH = Object.fromEntries(Object.entries(REFERENCE).map(([k, v]) => [k, v.values.length])) as Record<keyof typeof REFERENCE, number>;

/**
 * Positional parameters for one statement. `ref(name)` binds a reference array once and returns its
 * placeholder (`$3::text[]`); `value(v, type)` binds a scalar. Only what is used is bound.
 */
export class Params {
  readonly values: unknown[] = [];
  private readonly refs = new Map<string, string>();

  value(v: unknown, type: string): string {
    this.values.push(v);
    return `$${this.values.length}::${type}`;
  }

  ref(name: keyof typeof REFERENCE): string {
    let placeholder = this.refs.get(name);
    if (!placeholder) {
      const { values, type } = REFERENCE[name];
      placeholder = this.value(values, type);
      this.refs.set(name, placeholder);
    }
    return placeholder;
  }

  /** `array[hash pick]` from a reference array. */
  pickRef(name: keyof typeof REFERENCE, expr: string, salt: number): string {
    return `(${this.ref(name)})[${pick(expr, salt, REFERENCE_LENGTH[name])}]`;
  }
}

/** SQL expressions for a generated person (first name, surname in the right gender). */
export function personSql(p: Params, key: string, salt: number) {
  const female = `${u(key, salt)} < 0.5`;
  return {
    first: `CASE WHEN ${female} THEN ${p.pickRef("firstF", key, salt + 1)} ELSE ${p.pickRef("firstM", key, salt + 1)} END`,
    // Same subscript for both arrays, so the feminine form matches the masculine one.
    surname: `CASE WHEN ${female} THEN ${p.pickRef("surnameF", key, salt + 2)} ELSE ${p.pickRef("surnameM", key, salt + 2)} END`,
  };
}

/** SQL expressions for a Polish address; larger cities are more likely. */
export function addressSql(p: Params, key: string, salt: number) {
  const cityIndex = `(1 + floor(${REFERENCE_LENGTH.cities} * power(${u(key, salt)}, 1.6))::int)`;
  return {
    street: `'ul. ' || ${p.pickRef("streets", key, salt + 1)} || ' ' || ${pick(key, salt + 2, 180)} || CASE WHEN ${u(key, salt + 3)} < 0.4 THEN '/' || ${pick(key, salt + 4, 60)} ELSE '' END`,
    postalCode: `(${p.ref("postalPrefixes")})[${cityIndex}] || '-' || lpad(${pick(key, salt + 5, 999)}::text, 3, '0')`,
    city: `(${p.ref("cities")})[${cityIndex}]`,
  };
}

export const phoneSql = (key: string, salt: number) =>
  `'+48 ' || (500 + ${h(key, salt)} % 400) || ' ' || (100 + ${h(key, salt + 1)} % 900) || ' ' || (100 + ${h(key, salt + 2)} % 900)`;

/** A timestamp `days` (may be fractional SQL) before the reference time. */
export const daysBefore = (asOf: string, days: string) => `(${asOf} - (${days}) * interval '1 day')`;
