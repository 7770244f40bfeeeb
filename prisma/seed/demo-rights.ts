import type { Database } from "~/infra/db.server";
import { DAY, HOUR } from "~/infra/clock";
import { demoContexts } from "./demo-context";
import { registerRight, registerRightsHolder, verifyRight, verifyRightsHolder } from "~/domain/rights/holders.server";
import { fileNotice } from "~/domain/rights/notices.server";
import { decideItem } from "~/domain/rights/items.server";

// Demo rights protection: the demo rights holder (Marki Polskie S.A.), verified, with a verified
// trademark and a right still waiting for an agent; notices against the demo seller's offers in every
// state. Created through the domain's commands on clocks set in the past, like the other demo cases.

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

export async function seedDemoRights(db: Database, now: Date) {
  const { byEmail, ctxAt } = await demoContexts(db, ["prawa@demo.pl", "agent@demo.pl", "sprzedawca@demo.pl"]);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const seller = byEmail.get("sprzedawca@demo.pl")!;

  const holder = await registerRightsHolder(ctxAt("prawa@demo.pl", ago(40 * DAY)), { name: "Marki Polskie S.A.", countryCode: "PL", companyNumber: "0000456789" });
  await verifyRightsHolder(ctxAt("agent@demo.pl", ago(39 * DAY)), { id: holder.id, verified: true });
  const trademark = await registerRight(ctxAt("prawa@demo.pl", ago(39 * DAY)), {
    rightsHolderId: holder.id,
    type: "TRADEMARK",
    name: "KROSS",
    registrationNumber: "R.254871",
    territory: "PL",
    ownerName: "Marki Polskie S.A.",
    proof: [{ fileName: "swiadectwo-ochronne-R254871.pdf", data: PDF }],
  });
  await verifyRight(ctxAt("agent@demo.pl", ago(38 * DAY)), { id: trademark.id, verified: true });
  await registerRight(ctxAt("prawa@demo.pl", ago(2 * DAY)), {
    rightsHolderId: holder.id,
    type: "INDUSTRIAL_DESIGN",
    name: "Rama roweru trekkingowego T-19",
    registrationNumber: "Rp.28511",
    territory: "PL",
    ownerName: "Kross Design sp. z o.o.",
    onBehalf: true,
    unexamined: true,
    proof: [{ fileName: "prawo-z-rejestracji-Rp28511.pdf", data: PDF }],
    powerOfAttorney: [{ fileName: "pelnomocnictwo.pdf", data: PDF }],
  });

  // The demo seller's offers get what a decision judges: a description and photos.
  const offers = await db.prisma.offer.findMany({ where: { sellerId: seller.id, status: "ACTIVE" }, orderBy: { createdAt: "asc" }, take: 6 });
  for (const [i, offer] of offers.entries()) {
    await db.prisma.offer.update({
      where: { id: offer.id },
      data: {
        description: `${offer.title}. Stan nowy, oryginalne opakowanie, gwarancja producenta 24 miesiące. Wysyłka w 24 godziny.`,
        photoRefs: [`offers/${offer.id}/1.jpg`, `offers/${offer.id}/2.jpg`],
        brand: i < 4 ? "KROSS" : offer.brand,
      },
    });
  }
  if (offers.length < 5) return;
  const item = (offerId: string, kind: string, explanation: string) => ({
    offerId,
    rightId: trademark.id,
    kind,
    explanation,
    evidenceUrls: [`https://dowody.example.pl/zakup-kontrolny/${offerId.slice(0, 8)}`],
  });
  const decided = await fileNotice(ctxAt("prawa@demo.pl", ago(9 * DAY)), {
    rightsHolderId: holder.id,
    accuracyStatement: true,
    items: [
      item(offers[0].id, "COUNTERFEIT", "Zakup kontrolny wykazał podróbkę: inne logo na ramie, brak numeru seryjnego, karton bez hologramu."),
      item(offers[1].id, "COPYRIGHT_PHOTOS", "Zdjęcia pochodzą z naszego katalogu 2026 (sesja z 12 stycznia), użyte bez zgody."),
    ],
  });
  await decideItem(ctxAt("agent@demo.pl", ago(8 * DAY)), { action: "TAKE_DOWN", itemId: decided.items[0].id });
  await decideItem(ctxAt("agent@demo.pl", ago(8 * DAY - HOUR)), {
    action: "REJECT",
    itemId: decided.items[1].id,
    reason: "INSUFFICIENT_EVIDENCE",
    note: "Zdjęcia różnią się od katalogowych tłem i kadrem; prosimy o porównanie z oryginałami.",
  });
  await fileNotice(ctxAt("prawa@demo.pl", ago(5 * HOUR)), {
    rightsHolderId: holder.id,
    accuracyStatement: true,
    items: [
      item(offers[2].id, "TRADEMARK_MISUSE", "Tytuł oferty używa znaku KROSS dla roweru innego producenta, co wprowadza kupujących w błąd."),
      item(offers[3].id, "COUNTERFEIT", "Cena o 60% niższa od rynkowej, zdjęcia pokazują ramę bez oznaczeń producenta."),
    ],
  });
}
