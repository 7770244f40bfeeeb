import type { claims as en } from "../en/claims";
import type { SameKeys } from "../types";

export const claims: SameKeys<typeof en> = {
  nav: { claims: "Wnioski o rekompensatę", claimQueue: "Kolejka wniosków", metrics: "Wskaźniki", programTerms: "Regulamin programu" },
  claims: {
    title: "Program Ochrony Kupujących",
  },
  notifications: {
    claim: {
      filed: "Otrzymaliśmy Twój wniosek C-{{number}}.",
      filedAgainstYou: "Kupujący złożył wniosek C-{{number}} dotyczący Twojej sprzedaży.",
      documentsRequested: "Prześlij dokumenty do wniosku C-{{number}}.",
      approved: "Wniosek C-{{number}} został uwzględniony.",
      rejected: "Wniosek C-{{number}} został odrzucony. Uzasadnienie znajdziesz w decyzji.",
      paid: "Rekompensata z wniosku C-{{number}} została wypłacona.",
      recovery: "Wypłaciliśmy rekompensatę z wniosku C-{{number}} i pobierzemy tę kwotę z Twojego konta.",
    },
  },
};
