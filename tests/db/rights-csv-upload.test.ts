import { createTestClock, type TestClock } from "~/infra/clock";
import { fileFromCsv } from "~/components/rights/csv-upload.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createRightsWorld, type RightsWorld } from "../support/rights";

// The new-notice page's CSV upload: the file's rows are filed as the form's items would be; a file with
// problems is refused with all of them at once (the file's own, such as a right it names wrongly, and the
// notice's), each on its spreadsheet row, and nothing is written.

let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

function upload(csv: string, accuracy = true): FormData {
  const form = new FormData();
  form.append("csv", new File([csv], "notice.csv", { type: "text/csv" }));
  if (accuracy) form.append("accuracyStatement", "on");
  return form;
}

const EXPLANATION = "Counterfeit ACME shoes: the logo and the box differ from the originals.";

test("a CSV naming the right by its registration number files the notice", async () => {
  const [a, b] = [await world.offer(), await world.offer()];
  const csv = ["offer,right,kind,explanation,evidence", `${a},EUTM 018123456,counterfeit,${EXPLANATION},https://e.example/1`, `${b},${world.rightId},COPYRIGHT_PHOTOS,${EXPLANATION},https://e.example/2 https://e.example/3`].join("\n");
  const outcome = await fileFromCsv(await world.ctx(world.filer), upload(csv), world.rightsHolderId, true);
  expect(outcome).toMatchObject({ ok: true });
  const items = await db.prisma.ipReportItem.findMany({ where: { noticeId: (outcome as { noticeId: string }).noticeId }, orderBy: { number: "asc" } });
  expect(items.map((i) => [i.offerId, i.kind, i.evidenceUrls.length])).toEqual([
    [a, "COUNTERFEIT", 1],
    [b, "COPYRIGHT_PHOTOS", 2],
  ]);
});

test("a CSV with problems is refused with every one of them, on its row, and nothing is written", async () => {
  const [a, b] = [await world.offer(), await world.offer()];
  const before = await db.prisma.ipNotice.count();
  const csv = ["offer,right,kind,explanation,evidence", `${a},EUTM 018123456,,${EXPLANATION},https://e.example/1`, `${b},EUTM 999,COUNTERFEIT,${EXPLANATION},https://e.example/2`].join("\n");
  const outcome = await fileFromCsv(await world.ctx(world.filer), upload(csv, false), world.rightsHolderId, false);
  expect(outcome.ok).toBe(false);
  const failure = (outcome as Extract<typeof outcome, { ok: false }>).failure;
  expect(failure.code).toBe("NOTICE_INVALID");
  expect(failure.rows).toEqual([2, 3]);
  const found = (failure.details ?? []).map((d) => [d.field, d.code]).sort();
  expect(found).toEqual(
    [
      ["accuracyStatement", "ACCURACY_STATEMENT_MISSING"],
      ["items.0.kind", "VALIDATION_FAILED"],
      ["items.1.rightId", "RIGHT_OF_ANOTHER_HOLDER"],
    ].sort(),
  );
  expect(await db.prisma.ipNotice.count()).toBe(before);
});

test("no file, or a file without the columns: a field error on the file", async () => {
  const ctx = await world.ctx(world.filer);
  const none = await fileFromCsv(ctx, new FormData(), world.rightsHolderId, true);
  expect(none).toMatchObject({ ok: false, failure: { code: "VALIDATION_FAILED", fieldErrors: { csv: ["Choose a CSV file"] } } });
  const headerless = await fileFromCsv(ctx, upload("a,b\n1,2"), world.rightsHolderId, true);
  expect(headerless).toMatchObject({ ok: false, failure: { code: "VALIDATION_FAILED" } });
  expect((headerless as Extract<typeof headerless, { ok: false }>).failure.fieldErrors?.csv?.[0]).toMatch(/^The first row must name the columns/);
});
