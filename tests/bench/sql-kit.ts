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
};

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
