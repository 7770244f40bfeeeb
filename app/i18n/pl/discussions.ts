import type { discussions as en } from "../en/discussions";
import type { SameKeys } from "../types";

export const discussions: SameKeys<typeof en> = {
  nav: { discussions: "Dyskusje", discussionQueue: "Kolejka dyskusji" },
  discussions: {
    title: "Dyskusje",
  },
  notifications: {
    discussion: {
      opened: "Kupujący rozpoczął dyskusję D-{{number}} dotyczącą Twojego zamówienia. Odpowiedz w ciągu 24 godzin.",
      sellerReplied: "Sprzedający odpowiedział w dyskusji D-{{number}}.",
      buyerMessage: "Kupujący napisał w dyskusji D-{{number}}.",
      agentMessage: "Serwis napisał w dyskusji D-{{number}}.",
      informationRequested: "Serwis prosi o informacje w dyskusji D-{{number}}.",
      solutionProposed: "W dyskusji D-{{number}} zaproponowano rozwiązanie.",
      proposalAccepted: "Kupujący przyjął Twoją propozycję w dyskusji D-{{number}}.",
      proposalRejected: "Kupujący odrzucił Twoją propozycję w dyskusji D-{{number}}.",
      escalated: "Kupujący poprosił serwis o pomoc w dyskusji D-{{number}}.",
      closedByBuyer: "Kupujący zamknął dyskusję D-{{number}} jako rozwiązaną.",
      closedByAgent: "Serwis zamknął dyskusję D-{{number}} z rozstrzygnięciem.",
      referredToClaim: "Dyskusja D-{{number}} została skierowana do Programu Ochrony Kupujących.",
      sellerOverdue: "Sprzedający nie odpowiedział w dyskusji D-{{number}} w ciągu 24 godzin. Możesz teraz poprosić nas o pomoc.",
    },
  },
};
