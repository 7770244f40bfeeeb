import type { DomainContext } from "~/domain/context";
import { readConsentAnswers } from "~/components/consents/consent-form-data";
import { parseNoticeCsv } from "~/domain/rights/csv";
import { fileNotice } from "~/domain/rights/notices.server";
import { myRightsHolders } from "~/domain/rights/queries.server";
import { runAction, type ActionFailure } from "~/infra/remix.server";

// The new-notice page's CSV upload (server only: the CSV parser needs Node). The file's rows become the
// same items the form sends; a row whose right the file names wrongly is sent without it, so the notice is
// refused with every other problem at once, and the file's own problem replaces the id check. Problems
// keep the domain's fields (items.<n>.<field>); `rows` gives each item's spreadsheet row.

export type CsvOutcome = { ok: true; noticeId: string } | { ok: false; failure: ActionFailure & { rows?: number[] } };

export async function fileFromCsv(ctx: DomainContext, form: FormData, rightsHolderId: string, accuracyStatement: boolean): Promise<CsvOutcome> {
  const file = form.get("csv");
  if (!file || typeof file === "string" || file.size === 0) {
    return { ok: false, failure: { ok: false, code: "VALIDATION_FAILED", message: "Choose a CSV file", fieldErrors: { csv: ["Choose a CSV file"] } } };
  }
  const text = await file.text();
  const mine = await runAction(() => myRightsHolders(ctx));
  if (!mine.ok) return { ok: false, failure: mine };
  const rights = mine.result.holders.find((h) => h.id === rightsHolderId)?.rights ?? [];
  const parsed = await runAction(async () => parseNoticeCsv(text, rights));
  if (!parsed.ok) return { ok: false, failure: parsed };
  const { items, problems, rows } = parsed.result;
  const flagged = new Set(problems.map((p) => p.field));
  const sent = items.map((item, index) => (flagged.has(`items.${index}.rightId`) ? { ...item, rightId: "" } : item));
  const result = await runAction(() => fileNotice(ctx, { rightsHolderId, accuracyStatement, items: sent, consents: readConsentAnswers(form) }));
  if (result.ok && !problems.length) return { ok: true, noticeId: result.result.notice.id };
  const failed: ActionFailure = result.ok ? { ok: false, code: "NOTICE_INVALID", message: "The file has problems", details: [] } : result;
  const details = [...problems, ...(failed.details ?? []).filter((d) => !flagged.has(d.field))];
  return { ok: false, failure: { ...failed, details, rows } };
}
