import { parse } from "csv-parse/sync";
import { DomainError, ErrorCode, type ErrorDetail } from "../errors";
import { MAX_NOTICE_ITEMS } from "./schemas";

// A notice's offers from a spreadsheet: one row per offer, columns
//   offer, right, kind, explanation, evidence
// `right` is the right's id or its registration number; `evidence` holds links separated by spaces or
// semicolons. The rows become the same items the form and the API send, so one validation judges all
// three; what only the file can get wrong (a header, an unknown right) is reported here with its row.

export const CSV_COLUMNS = ["offer", "right", "kind", "explanation", "evidence"] as const;
export const CSV_MAX_BYTES = 1024 * 1024;

export interface CsvRight {
  id: string;
  registrationNumber: string | null;
}

export interface ParsedCsv {
  items: { offerId: string; rightId: string; kind: string; explanation: string; evidenceUrls: string[] }[];
  /** Problems only the file can have; fields are items.<index>.<field>, as the notice's own details. */
  problems: ErrorDetail[];
  /** The spreadsheet row of each item (1 = the header), for messages. */
  rows: number[];
}

const normalise = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, "");

export function parseNoticeCsv(text: string, rights: readonly CsvRight[]): ParsedCsv {
  if (new TextEncoder().encode(text).byteLength > CSV_MAX_BYTES) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, "The file is larger than 1 MB", { fieldErrors: { csv: ["The file is larger than 1 MB"] } });
  }
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: [",", ";"] });
  } catch (error) {
    const message = `The file is not a valid CSV: ${(error as Error).message.split("\n")[0]}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, { fieldErrors: { csv: [message] } });
  }
  const [header = [], ...data] = records;
  const columns = header.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => c !== "evidence" && !columns.includes(c));
  if (missing.length) {
    const message = `The first row must name the columns ${CSV_COLUMNS.join(", ")}; missing: ${missing.join(", ")}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, { fieldErrors: { csv: [message] }, params: { missing: missing.join(", ") } });
  }
  if (!data.length) throw new DomainError(ErrorCode.VALIDATION_FAILED, "The file has no offers", { fieldErrors: { csv: ["The file has no offers"] } });
  if (data.length > MAX_NOTICE_ITEMS) {
    throw new DomainError(ErrorCode.TOO_MANY_OFFERS, `At most ${MAX_NOTICE_ITEMS} offers in one notice`, {
      params: { max: MAX_NOTICE_ITEMS },
      fieldErrors: { csv: [`At most ${MAX_NOTICE_ITEMS} offers in one notice`] },
    });
  }
  const byNumber = new Map(rights.filter((r) => r.registrationNumber).map((r) => [normalise(r.registrationNumber!), r.id]));
  const ids = new Set(rights.map((r) => r.id));
  const cell = (row: string[], name: string) => row[columns.indexOf(name)]?.trim() ?? "";
  const problems: ErrorDetail[] = [];
  const items = data.map((row, index) => {
    const rightCell = cell(row, "right");
    const rightId = ids.has(rightCell) ? rightCell : (byNumber.get(normalise(rightCell)) ?? rightCell);
    if (rightCell && !ids.has(rightId)) {
      problems.push({ field: `items.${index}.rightId`, code: ErrorCode.RIGHT_OF_ANOTHER_HOLDER, message: `Row ${index + 2}: no right of this rights holder has the id or registration number "${rightCell.slice(0, 60)}"` });
    }
    return {
      offerId: cell(row, "offer"),
      rightId,
      kind: cell(row, "kind").toUpperCase().replace(/[\s-]+/g, "_"),
      explanation: cell(row, "explanation"),
      evidenceUrls: cell(row, "evidence").split(/[\s;]+/).filter(Boolean),
    };
  });
  return { items, problems, rows: data.map((_, index) => index + 2) };
}
