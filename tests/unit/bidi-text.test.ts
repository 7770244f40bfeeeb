import { nameText, optionalText, text } from "~/domain/shared/validation";
import { postMessageSchema, proposeSolutionSchema, openDiscussionSchema } from "~/domain/discussions/schemas";
import { approveSchema, fileClaimSchema } from "~/domain/claims/schemas";
import { termsVersionSchema } from "~/domain/program-terms/schemas";
import { safeFileName } from "~/domain/cases/attachments.server";

// Direction overrides (U+202A–U+202E, U+2066–U+2069) are stripped from free text and names; the plain
// direction marks U+200E/U+200F stay.
const RLO = "\u202E";
const OVERRIDES = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];

test.each(OVERRIDES.map((c) => [c.codePointAt(0)!.toString(16)]))("U+%s is removed from text, notes and names", (hex) => {
  const c = String.fromCodePoint(parseInt(hex, 16));
  expect(text(100).parse(`Zapłaciłem ${c}gnp.exe`)).toBe("Zapłaciłem gnp.exe");
  expect(optionalText(100).parse(`${c}notatka`)).toBe("notatka");
  expect(nameText(2, 100).parse(`Jan ${c}Kowalski`)).toBe("Jan Kowalski");
});

test("direction marks stay; text of overrides only is empty and refused", () => {
  expect(text(100).parse("abc \u200F\u05D0\u200E def")).toBe("abc \u200F\u05D0\u200E def");
  expect(text(100).safeParse(`${RLO}\u2066 `).success).toBe(false);
  expect(nameText(1, 100).safeParse(RLO).success).toBe(false);
});

test("every free-text field of discussions and claims strips them", () => {
  expect(postMessageSchema.parse({ body: `Zwrot ${RLO}lanigiro` }).body).toBe("Zwrot lanigiro");
  expect(openDiscussionSchema.parse({ orderId: "00000000-0000-4000-8000-000000000001", reason: "OTHER", description: `${RLO}opis` }).description).toBe("opis");
  expect(proposeSolutionSchema.parse({ kind: "REFUND", note: `a${RLO}b` }).note).toBe("ab");
  expect(approveSchema.parse({ note: `${RLO}powód` }).note).toBe("powód");
  expect(
    fileClaimSchema.parse({ orderId: "00000000-0000-4000-8000-000000000001", lines: [{ orderLineId: "00000000-0000-4000-8000-000000000002", quantity: 1 }], reason: "DAMAGED", description: `x${RLO}y` })
      .description,
  ).toBe("xy");
  const terms = termsVersionSchema.parse({
    version: "v9",
    name: `Program ${RLO}2030`,
    effectiveFrom: "2030-01-01T00:00:00Z",
    coveredPaymentMethods: ["PLATFORM_PAY"],
    shippingCoveredPaymentMethods: [],
    shippingCap: 0,
    perClaimCap: 100,
    discussionWindowDays: 10,
    claimWindowDays: 10,
    standardDecisionHours: 10,
    smartDecisionHours: 5,
  });
  expect(terms.name).toBe("Program 2030");
  expect(safeFileName(`faktura${RLO}fdp.exe`)).toBe("fakturafdp.exe");
});
