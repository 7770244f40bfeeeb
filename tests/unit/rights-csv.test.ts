import { parseNoticeCsv } from "~/domain/rights/csv";

const rights = [
  { id: "7b0c2f5e-8a7e-4c1e-9d3f-2a6b8c9d0e1f", registrationNumber: "EUTM 018123456" },
  { id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", registrationNumber: null },
];

test("rows become the notice's items; the right by registration number (spaces and case ignored) or by id", () => {
  const csv = [
    "offer,right,kind,explanation,evidence",
    `5d1e8c3a-0b4f-4e2a-9c7d-3f6a1b2c4d5e,eutm018123456,counterfeit,"Fake logo, wrong box",https://e.example/1 https://e.example/2`,
    `6e2f9d4b-1c5a-4f3b-8d8e-4a7b2c3d5e6f,${rights[1].id},copyright photos,Photos copied from our catalogue,https://e.example/3`,
  ].join("\n");
  const parsed = parseNoticeCsv(csv, rights);
  expect(parsed.problems).toEqual([]);
  expect(parsed.items).toEqual([
    { offerId: "5d1e8c3a-0b4f-4e2a-9c7d-3f6a1b2c4d5e", rightId: rights[0].id, kind: "COUNTERFEIT", explanation: "Fake logo, wrong box", evidenceUrls: ["https://e.example/1", "https://e.example/2"] },
    { offerId: "6e2f9d4b-1c5a-4f3b-8d8e-4a7b2c3d5e6f", rightId: rights[1].id, kind: "COPYRIGHT_PHOTOS", explanation: "Photos copied from our catalogue", evidenceUrls: ["https://e.example/3"] },
  ]);
  expect(parsed.rows).toEqual([2, 3]);
});

test("a semicolon-separated export from a spreadsheet, with a byte-order mark, reads the same", () => {
  const parsed = parseNoticeCsv("\uFEFFoffer;right;kind;explanation;evidence\nx;EUTM 018123456;DESIGN;Same shape as our design;https://e.example/4\n", rights);
  expect(parsed.items[0]).toMatchObject({ offerId: "x", rightId: rights[0].id, kind: "DESIGN" });
});

test("an unknown right is a problem of its row; a missing column, an empty file and 501 rows are refused", () => {
  const parsed = parseNoticeCsv("offer,right,kind,explanation\na,TM 999,COUNTERFEIT,Fake goods sold here\n", rights);
  expect(parsed.problems).toEqual([expect.objectContaining({ field: "items.0.rightId", code: "RIGHT_OF_ANOTHER_HOLDER" })]);
  expect(() => parseNoticeCsv("offer,kind,explanation\na,COUNTERFEIT,x\n", rights)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", params: { missing: "right" } }));
  expect(() => parseNoticeCsv("offer,right,kind,explanation\n", rights)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  const many = ["offer,right,kind,explanation", ...Array.from({ length: 501 }, (_, i) => `o${i},${rights[1].id},OTHER,Reason number ${i}`)].join("\n");
  expect(() => parseNoticeCsv(many, rights)).toThrow(expect.objectContaining({ code: "TOO_MANY_OFFERS" }));
  expect(() => parseNoticeCsv('offer,right,kind,explanation\n"unclosed,x,y,z\n', rights)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
});

test("policy: the appeal window's last day, by calendar", async () => {
  const { addCalendarMonths, startOfNextWarsawDay } = await import("~/domain/rights/policy");
  expect(addCalendarMonths("2026-08-31", 6)).toBe("2027-02-28");
  expect(addCalendarMonths("2027-08-31", 6)).toBe("2028-02-29");
  expect(addCalendarMonths("2026-03-10", 6)).toBe("2026-09-10");
  // Midnight in Warsaw: UTC+2 in summer, UTC+1 in winter, and across the changes of time.
  expect(startOfNextWarsawDay("2026-09-10").toISOString()).toBe("2026-09-10T22:00:00.000Z");
  expect(startOfNextWarsawDay("2026-01-15").toISOString()).toBe("2026-01-15T23:00:00.000Z");
  expect(startOfNextWarsawDay("2026-03-28").toISOString()).toBe("2026-03-28T23:00:00.000Z");
  expect(startOfNextWarsawDay("2026-10-24").toISOString()).toBe("2026-10-24T22:00:00.000Z");
});
