// The new-notice form's rows, read from the posted form and mapped back: pure, so it is unit-tested
// (tests/unit/rights-notice-form.test.ts). Rows left blank are not sent; the domain numbers the items it
// receives (items.<n>.<field>), and the page shows each problem next to the row it came from.

export const MAX_FORM_ROWS = 20;

export interface NoticeRow {
  offerId: string;
  rightId: string;
  kind: string;
  explanation: string;
  evidenceUrls: string[];
}

export const rowField = (row: number, field: string) => `items.${row}.${field}`;

/** Evidence links as typed: one per line (or separated by spaces), empty ones dropped. */
export function splitLinks(value: string): string[] {
  return value
    .split(/[\s]+/)
    .map((link) => link.trim())
    .filter(Boolean);
}

/**
 * The rows the person filled in (a row counts when its offer, explanation or evidence is given, or it has
 * a file), and for each sent item the row it came from.
 */
export function readNoticeRows(form: FormData, rows: number): { items: NoticeRow[]; rowOf: number[] } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const hasFile = (name: string) => form.getAll(name).some((value) => typeof value !== "string" && (value.size > 0 || !!value.name));
  const items: NoticeRow[] = [];
  const rowOf: number[] = [];
  for (let row = 0; row < Math.min(Math.max(rows, 1), MAX_FORM_ROWS); row++) {
    const item: NoticeRow = {
      offerId: text(rowField(row, "offerId")).trim(),
      rightId: text(rowField(row, "rightId")),
      kind: text(rowField(row, "kind")),
      explanation: text(rowField(row, "explanation")),
      evidenceUrls: splitLinks(text(rowField(row, "evidenceUrls"))),
    };
    const blank = !item.offerId && !item.explanation.trim() && !item.evidenceUrls.length && !hasFile(rowField(row, "evidence"));
    if (blank) continue;
    items.push(item);
    rowOf.push(row);
  }
  return { items, rowOf };
}

/** Renames `items.<sent index>.<field>` to `items.<row>.<field>`; other names stay. */
export function toRowField(field: string, rowOf: readonly number[]): string {
  const match = /^items\.(\d+)(\..*)?$/.exec(field);
  if (!match) return field;
  const row = rowOf[Number(match[1])];
  return row === undefined ? field : `items.${row}${match[2] ?? ""}`;
}

export interface ItemProblem {
  field: string;
  code: string;
  message: string;
}

/** A refusal's problems and field errors with their item numbers turned into the form's row numbers. */
export function remapProblems<T extends { details?: ItemProblem[]; fieldErrors?: Record<string, string[]> }>(failure: T, rowOf: readonly number[]): T {
  return {
    ...failure,
    details: failure.details?.map((detail) => ({ ...detail, field: toRowField(detail.field, rowOf) })),
    fieldErrors: failure.fieldErrors
      ? Object.fromEntries(Object.entries(failure.fieldErrors).map(([field, messages]) => [toRowField(field, rowOf), messages]))
      : undefined,
  };
}

/** The problems of one field (e.g. items.1.offerId), or of a row's evidence (links and file together). */
export function problemsAt(details: readonly ItemProblem[] | undefined, field: string): ItemProblem[] {
  return (details ?? []).filter((detail) => detail.field === field || detail.field.startsWith(`${field}.`));
}
