// Finds personal data in text meant to leave the product without it (the DSA Transparency Database
// forbids it, Art. 24(5)); exports run it before sending and refuse what it flags. Patterns cover
// what Polish and EU marketplace data holds: e-mail addresses, phone numbers, IBANs, PESEL numbers,
// street addresses and postal codes; names are matched against the people the caller knows are
// involved (a name cannot be recognised by its shape alone).

export type PersonalDataKind = "email" | "phone" | "iban" | "pesel" | "postalAddress" | "personName";

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  match: string;
}

const PATTERNS: [PersonalDataKind, RegExp][] = [
  ["email", /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu],
  ["iban", /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g],
  // +48 600 700 800, 600-700-800, (22) 123 45 67, 0048600700800: 9+ digits with optional separators.
  ["phone", /(?:(?:\+|00)\d{2}[ -]?)?(?:\(\d{2,3}\)[ -]?)?\d{2,3}(?:[ -]?\d{2,3}){2,3}\b/g],
  ["pesel", /\b\d{11}\b/g],
  ["postalAddress", /\b(?:ul\.|ulica|al\.|aleja|os\.|osiedle|pl\.|plac)\s*[\p{Lu}][\p{L}.-]*(?:\s+[\p{L}.-]+)*\s+\d+[a-zA-Z]?(?:\/\d+)?/gu],
  ["postalAddress", /\b\d{2}-\d{3}\s+[\p{Lu}][\p{L}-]+/gu],
];

function digitsIn(text: string) {
  return text.replace(/\D/g, "").length;
}

/**
 * Every piece of personal data found in `text`. `knownNames` are the names of the people involved
 * (seller, reporter, buyers); each is matched whole and by its parts of three letters or more.
 * `allowed` are strings that look like personal data but are not (a registration number, an EAN).
 */
export function findPersonalData(text: string, options: { knownNames?: readonly string[]; allowed?: readonly string[] } = {}): PersonalDataFinding[] {
  // Record ids (UUIDs: offers, statements) identify no one, and their digit runs look like phone numbers.
  let scanned = text.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, " ");
  for (const allowed of options.allowed ?? []) if (allowed) scanned = scanned.split(allowed).join(" ");
  const findings: PersonalDataFinding[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of scanned.matchAll(pattern)) {
      const value = match[0].trim();
      if (kind === "phone" && (digitsIn(value) < 9 || digitsIn(value) > 13)) continue;
      // ISO dates (2026-12-02) and times are not phone numbers.
      if (kind === "phone" && /^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
      findings.push({ kind, match: value });
    }
  }
  const lower = scanned.toLocaleLowerCase("pl");
  for (const name of options.knownNames ?? []) {
    const parts = [name, ...name.split(/\s+/)].map((part) => part.trim()).filter((part) => part.length >= 3);
    for (const part of new Set(parts)) {
      const pattern = new RegExp(`(?<![\\p{L}])${part.toLocaleLowerCase("pl").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}])`, "u");
      if (pattern.test(lower)) findings.push({ kind: "personName", match: part });
    }
  }
  return findings;
}
