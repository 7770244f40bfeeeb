import type { cases as en } from "../en/cases";
import type { SameKeys } from "../types";

export const cases: SameKeys<typeof en> = {
  errors: {
    AMOUNT_OUT_OF_RANGE: "Kwota musi być większa od 0 i nie większa niż dozwolone maksimum.",
    ATTACHMENT_TOO_LARGE: "„{{file}}” ma więcej niż {{maxMb}} MB.",
    ATTACHMENT_TYPE_NOT_ALLOWED: "„{{file}}” nie jest plikiem JPEG, PNG, WebP ani PDF.",
    CASE_CLOSED: "Ta sprawa jest już zamknięta — nie można w niej nic zmienić.",
    NOT_THE_ORDERS_BUYER: "Może to zrobić tylko kupujący z tego zamówienia.",
    TOO_MANY_ATTACHMENTS: "Najwyżej {{max}} plików naraz.",
  },
};
