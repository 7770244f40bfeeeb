import type { Database } from "~/infra/db.server";
import { DAY } from "~/infra/clock";
import { createClause, updateClause } from "~/domain/consents/clauses.server";
import { checkConsents, recordConsents } from "~/domain/consents/record.server";
import { clausesForForm } from "~/domain/consents/form-clauses.server";
import type { ClauseInput } from "~/domain/consents/schemas";
import { demoContexts } from "./demo-context";

// The clause registry as a shop's privacy officer would fill it in (seed 002's positions), with one
// clause edited after people accepted it — so its History shows two wordings and the demo buyer is asked
// to accept the new terms at the next order — and the demo buyer's registration and newsletter consents.

const PRIVACY = '<a href="/pages/privacy-policy">Polityce prywatności</a>';

const CLAUSES: ClauseInput[] = [
  {
    position: "REGISTRATION_ORDER",
    type: "MANDATORY_CONSENT",
    priority: 200,
    active: true,
    description: "Akceptacja regulaminu i pełnoletność",
    content: '<p>Akceptuję <a href="/pages/terms">Regulamin</a> serwisu i potwierdzam ukończenie 18 lat.</p>',
  },
  {
    position: "CUSTOMER_REGISTRATION",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja o przetwarzaniu danych konta",
    content: `<p>Administratorem danych osobowych jest operator serwisu. Dane konta przetwarzamy, aby je prowadzić i obsługiwać zamówienia. Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "ORDER",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja o przetwarzaniu danych zamówienia",
    content: `<p>Dane podane w zamówieniu przetwarzamy w celu jego realizacji i rozliczenia (art. 6 ust. 1 lit. b i c RODO). Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "ORDER_OPINEO",
    type: "OPTIONAL_CONSENT",
    priority: 50,
    active: true,
    description: "Przekazanie adresu e-mail do Opineo (prośba o opinię)",
    content: "<p>Zgadzam się na przekazanie adresu e-mail serwisowi Opineo w celu wysłania prośby o opinię o zakupie.</p>",
  },
  {
    position: "ORDER_CENEO",
    type: "OPTIONAL_CONSENT",
    priority: 50,
    active: true,
    description: "Przekazanie adresu e-mail do Zaufanych Opinii Ceneo",
    content: "<p>Zgadzam się na przekazanie adresu e-mail programowi „Zaufane Opinie” Ceneo.pl w celu wysłania ankiety o zakupie.</p>",
  },
  {
    position: "NEWSLETTER_ORDER_REGISTRATION",
    type: "OPTIONAL_CONSENT",
    priority: 10,
    active: true,
    description: "Pole odsłaniające zgody newslettera",
    content: "<p>Chcę otrzymywać newsletter.</p>",
  },
  {
    position: "NEWSLETTER",
    type: "MANDATORY_CONSENT",
    priority: 100,
    active: true,
    description: "Zgoda na newsletter",
    content: `<p>Zgadzam się na otrzymywanie newslettera z informacjami handlowymi na podany adres e-mail. Zgodę można wycofać w każdej chwili na stronie Prywatność. Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "CONTACT_FORM",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja dla formularza kontaktowego",
    content: `<p>Dane z formularza przetwarzamy, aby odpowiedzieć na wiadomość. Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "ASK_ABOUT_PRODUCT",
    type: "MANDATORY_CONSENT",
    priority: 100,
    active: true,
    description: "Przekazanie pytania sprzedającemu",
    content: "<p>Zgadzam się na przekazanie pytania wraz z imieniem i adresem e-mail sprzedającemu, który na nie odpowie.</p>",
  },
  {
    position: "PRICE_ALERT",
    type: "MANDATORY_CONSENT",
    priority: 100,
    active: true,
    description: "Powiadomienie o zmianie ceny",
    content: "<p>Zgadzam się na wiadomość e-mail, gdy cena tego produktu się zmieni.</p>",
  },
  {
    position: "AVAILABILITY_ALERT",
    type: "MANDATORY_CONSENT",
    priority: 100,
    active: true,
    description: "Powiadomienie o dostępności",
    content: "<p>Zgadzam się na wiadomość e-mail, gdy produkt będzie znów dostępny.</p>",
  },
  {
    position: "OPEN_DISCUSSION",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja dla dyskusji",
    content: `<p>Treść dyskusji i załączniki widzą sprzedający oraz, po eskalacji, agenci platformy. Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "FILE_CLAIM",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja dla wniosku o rekompensatę",
    content: `<p>Dane z wniosku przetwarzamy, aby go rozpatrzyć i wypłacić rekompensatę; sprzedający dowiaduje się o wniosku. Więcej w ${PRIVACY}.</p>`,
  },
  {
    position: "FILE_IP_REPORT",
    type: "INFORMATION_CLAUSE",
    priority: 100,
    active: true,
    description: "Informacja dla zgłoszeń naruszeń praw",
    content: `<p>Zgłoszenie i dane osoby zgłaszającej przetwarzamy, aby je rozpatrzyć; uzasadnienie decyzji otrzymuje sprzedający, a jego treść trafia do unijnej bazy przejrzystości bez danych osobowych. Więcej w ${PRIVACY}.</p>`,
  },
];

export async function seedDemoConsents(db: Database, now: Date) {
  const { byEmail, ctxAt } = await demoContexts(db, ["iod@demo.pl", "kupujacy@demo.pl"]);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const officer = (at: Date) => ctxAt("iod@demo.pl", at);
  const created = [];
  for (const clause of CLAUSES) created.push(await createClause(officer(ago(120 * DAY)), clause));

  // The demo buyer registered (and asked for the newsletter) under the first wording of the terms.
  const buyer = byEmail.get("kupujacy@demo.pl")!;
  const buyerCtx = ctxAt("kupujacy@demo.pl", ago(90 * DAY));
  const shown = await clausesForForm(db.prisma, "REGISTRATION");
  const ids = shown.map((c) => c.versionId);
  const accepted = shown.filter((c) => c.type !== "INFORMATION_CLAUSE").map((c) => c.versionId);
  await db.prisma.$transaction(async (tx) => {
    const checked = await checkConsents(tx, "REGISTRATION", { shown: ids, accepted });
    const subscriber = await tx.newsletterSubscriber.create({ data: { email: buyer.email, userId: buyer.id, subscribedAt: buyerCtx.clock.now() } });
    await recordConsents(tx, buyerCtx, checked, { customerId: buyer.id, newsletterSubscriberId: subscriber.id }, { userId: buyer.id, email: buyer.email });
  });

  // The terms changed since: the next order asks the buyer to accept the new wording.
  const terms = created[0];
  await updateClause(officer(ago(10 * DAY)), terms.id, {
    ...CLAUSES[0],
    expectedVersion: 1,
    content: '<p>Akceptuję <a href="/pages/terms">Regulamin</a> serwisu (wersja z grudnia 2026 r.) i potwierdzam ukończenie 18 lat.</p>',
  });
}
