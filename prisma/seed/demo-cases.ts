import type { Database } from "~/infra/db.server";
import { DAY, HOUR, MINUTE, type Clock } from "~/infra/clock";
import {
  closeWithOutcome,
  escalateDiscussion,
  openDiscussion,
  postMessage,
  proposeSolution,
  answerProposal,
  takeDiscussion,
  referToClaim,
} from "~/domain/discussions/discussions.server";
import { markOverdueDiscussions } from "~/domain/discussions/overdue-sweep.server";
import { approveClaim, fileClaim, secondApproveClaim } from "~/domain/claims/claims.server";
import { deliverOutbox } from "~/domain/notifications/outbox.server";
import { demoContexts } from "./demo-context";

// Demo cases: discussions and claims in every state, created through the domain functions on a clock
// set in the past, so timelines, audit records and notifications are the real thing.

const DISCUSSION_TEXTS = [
  ["NOT_RECEIVED", "Zamówienie opłacone tydzień temu, a przesyłka wciąż nie dotarła. Numer śledzenia nie działa."],
  ["DAMAGED", "Paczka przyszła zgnieciona, ekran ma pęknięcie w prawym górnym rogu. Zdjęcia wyślę w wiadomości."],
  ["NOT_AS_DESCRIBED", "W ofercie był model 256 GB, a otrzymałam 128 GB. Proszę o wymianę."],
  ["INCOMPLETE", "Brakuje ładowarki i kabla, które według opisu miały być w zestawie."],
  ["RETURNED_NOT_REFUNDED", "Odesłałem towar 14 dni temu (potwierdzenie nadania w załączniku), zwrot pieniędzy nie wpłynął."],
  ["OTHER", "Sprzedawca wystawił fakturę na złe dane firmy, proszę o korektę."],
] as const;

export async function seedDemoCases(db: Database, now: Date) {
  const { byEmail, ctxAt } = await demoContexts(db, ["kupujacy@demo.pl", "kupujacy2@demo.pl", "sprzedawca@demo.pl", "agent@demo.pl", "starszy.agent@demo.pl"]);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const buyer = byEmail.get("kupujacy@demo.pl")!;
  const buyer2 = byEmail.get("kupujacy2@demo.pl")!;
  const seller = byEmail.get("sprzedawca@demo.pl")!;

  // Demo buyers' delivered orders from the demo seller, newest first, most valuable ones set aside for claims.
  const orders = await db.prisma.order.findMany({
    where: { buyerId: { in: [buyer.id, buyer2.id] }, sellerId: seller.id, paymentMethod: { in: ["PLATFORM_PAY", "BANK_TRANSFER"] }, placedAt: { lte: ago(5 * DAY) } },
    orderBy: { placedAt: "desc" },
    include: { lines: true },
  });
  const mine = orders.filter((o) => o.buyerId === buyer.id);
  const theirs = orders.filter((o) => o.buyerId === buyer2.id);
  const claimOrder = await expensiveOrder(db, { buyer, sellerId: seller.id, placedAt: ago(12 * DAY) });
  const rest = mine;
  let textIndex = 0;
  const open = async (email: string, orderId: string, at: Date) => {
    const [reason, description] = DISCUSSION_TEXTS[textIndex++ % DISCUSSION_TEXTS.length];
    return openDiscussion(ctxAt(email, at), { orderId, reason, description });
  };

  // The demo buyer's cases.
  if (rest[0]) await open(buyer.email, rest[0].id, ago(3 * HOUR)); // waiting for the seller, 21 h left
  if (rest[1]) {
    const d = await open(buyer.email, rest[1].id, ago(30 * HOUR)); // seller missed the 24 h
    await markOverdueDiscussions(db.prisma, fixedClock(ago(6 * HOUR)));
    void d;
  }
  if (rest[2]) {
    const d = await open(buyer.email, rest[2].id, ago(4 * DAY)); // seller answered, proposal waiting for the buyer
    await postMessage(ctxAt(seller.email, ago(4 * DAY - 5 * HOUR)), d.id, { body: "Dzień dobry, przepraszamy za kłopot. Proponujemy częściowy zwrot." });
    await proposeSolution(ctxAt(seller.email, ago(4 * DAY - 5 * HOUR - MINUTE)), d.id, { kind: "PARTIAL_REFUND", amount: Math.min(5_000, rest[2].itemsAmount - 1), note: "Rabat za brakujące akcesoria" });
  }
  if (rest[3]) {
    const d = await open(buyer.email, rest[3].id, ago(9 * DAY)); // settled between the parties
    await postMessage(ctxAt(seller.email, ago(9 * DAY - 2 * HOUR)), d.id, { body: "Wysłaliśmy brakujący element, numer przesyłki w szczegółach zamówienia." });
    await proposeSolution(ctxAt(seller.email, ago(9 * DAY - 2 * HOUR)), d.id, { kind: "REPLACEMENT" });
    const proposal = await db.prisma.discussionProposal.findFirstOrThrow({ where: { discussionId: d.id, status: "PENDING" } });
    await answerProposal(ctxAt(buyer.email, ago(8 * DAY)), d.id, proposal.id, true);
  }
  // An escalation the agent worked and sent on to a claim: the claim waits for a decision (SMART: 12 h).
  if (claimOrder) {
    const d = await open(buyer.email, claimOrder.id, ago(3 * DAY));
    await escalateDiscussion(ctxAt(buyer.email, ago(2 * DAY)), d.id);
    await takeDiscussion(ctxAt("agent@demo.pl", ago(2 * DAY - HOUR)), d.id);
    await postMessage(ctxAt("agent@demo.pl", ago(2 * DAY - HOUR)), d.id, { body: "Proszę o potwierdzenie nadania przesyłki.", visibility: "SELLER", informationRequest: true });
    await referToClaim(ctxAt("agent@demo.pl", ago(DAY)), d.id, { note: "Sprzedający nie wykazał wysyłki. Proszę złożyć wniosek o rekompensatę." });
  }

  // The agents' queue: other buyers' escalated discussions, some taken, some overdue.
  for (const [i, order] of theirs.slice(0, 6).entries()) {
    const d = await open(buyer2.email, order.id, ago((2 + i) * DAY));
    if (i % 2 === 0) await postMessage(ctxAt(seller.email, ago((2 + i) * DAY - 3 * HOUR)), d.id, { body: "Sprawdzamy z przewoźnikiem." });
    await escalateDiscussion(ctxAt(buyer2.email, ago((2 + i) * DAY - 26 * HOUR)), d.id);
    if (i === 1) await takeDiscussion(ctxAt("starszy.agent@demo.pl", ago(DAY)), d.id);
    if (i === 5) {
      await takeDiscussion(ctxAt("agent@demo.pl", ago(2 * DAY)), d.id);
      await closeWithOutcome(ctxAt("agent@demo.pl", ago(2 * DAY - HOUR)), d.id, { outcome: "REFUND", note: "Przesyłka zaginęła u przewoźnika; sprzedający zwraca pełną kwotę." });
    }
  }
  await markOverdueDiscussions(db.prisma, fixedClock(now));

  // Claims at each stage, from other buyers' orders with discussions older than 24 hours.
  const claimable = theirs.slice(0, 4);
  const asBuyer2 = (at: Date) => ctxAt(buyer2.email, at);
  const lines = (o: (typeof orders)[number]) => o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity }));
  if (claimable[0]) await fileClaim(asBuyer2(ago(20 * HOUR)), { orderId: claimable[0].id, lines: lines(claimable[0]), reason: "NOT_RECEIVED", description: "Sprzedający nie odpowiada, paczki brak." });
  if (claimable[2]) {
    const c = await fileClaim(asBuyer2(ago(3 * DAY)), { orderId: claimable[2].id, lines: lines(claimable[2]), reason: "DAMAGED", description: "Towar uszkodzony w transporcie.", policeReport: false });
    await approveClaim(ctxAt("agent@demo.pl", ago(2 * DAY)), c.id, c.maxAmount > 1 ? { amount: Math.ceil(c.maxAmount / 2), note: "Zwrot połowy ceny: uszkodzenie dotyczy jednego elementu zestawu." } : {});
    if (c.maxAmount / 2 > 500_000) await secondApproveClaim(ctxAt("starszy.agent@demo.pl", ago(2 * DAY - HOUR)), c.id);
  }
  await deliverOutbox(db.prisma, fixedClock(now));
}

/**
 * The demo buyer's laptop that never arrived (platform pay, 129 zł shipping): above the 10,000 PLN claim cap,
 * so its claim shows the cap and needs a second, senior approval.
 */
async function expensiveOrder(db: Database, options: { buyer: { id: string; name: string; email: string; street: string | null; postalCode: string | null; city: string | null; phone: string | null }; sellerId: string; placedAt: Date }) {
  const offer = await db.prisma.offer.create({
    data: { title: "MacBook Pro 16 M3 Max 1 TB, gwiezdna czerń", brand: "Apple", priceAmount: 1_699_900, sellerId: options.sellerId, createdAt: new Date(options.placedAt.getTime() - 30 * DAY) },
  });
  const paidAt = new Date(options.placedAt.getTime() + 20 * MINUTE);
  return db.prisma.order.create({
    data: {
      number: `${options.placedAt.getUTCFullYear()}/${String(options.placedAt.getUTCMonth() + 1).padStart(2, "0")}/900001`,
      buyerId: options.buyer.id,
      sellerId: options.sellerId,
      status: "SHIPPED",
      paymentMethod: "PLATFORM_PAY",
      itemsAmount: 1_699_900,
      shippingAmount: 12_900,
      buyerName: options.buyer.name,
      buyerEmail: options.buyer.email,
      buyerPhone: options.buyer.phone,
      shipStreet: options.buyer.street ?? "ul. Długa 1",
      shipPostalCode: options.buyer.postalCode ?? "00-001",
      shipCity: options.buyer.city ?? "Warszawa",
      placedAt: options.placedAt,
      paidAt,
      shippedAt: new Date(options.placedAt.getTime() + DAY),
      lines: { create: [{ offerId: offer.id, position: 1, title: offer.title, unitAmount: offer.priceAmount, quantity: 1 }] },
    },
    include: { lines: true },
  });
}

function fixedClock(at: Date): Clock {
  return { now: () => at };
}
