import { randomUUID } from "node:crypto";
import { BATCH_TRANSACTION_OPTIONS, type Database } from "~/infra/db.server";
import type { Clock } from "~/infra/clock";
import { DAY, HOUR } from "~/infra/clock";
import { hashPassword } from "~/domain/identity/passwords.server";
import type { RoleName } from "~/domain/identity/permissions";
import { syncRoleCatalogue } from "~/domain/catalogue/sync.server";
import { seedDemoRights } from "./demo-rights";
import { seedDemoCases } from "./demo-cases";
import { seedDemoConsents } from "./demo-consents";
import {
  CARRIERS,
  COMPANIES,
  createRandom,
  emailLocalPart,
  PRODUCTS,
  randomAddress,
  randomPerson,
  randomPhone,
  SHIPPING_COSTS,
  type Random,
} from "./polish-data";

// The demo marketplace: one account per role to sign in with, and a few hundred realistic orders
// around them. Deterministic (fixed PRNG seed) and relative to the clock, so "recent" stays recent.

export const DEMO_PASSWORD = "demo-haslo-2026";

export const DEMO_ACCOUNTS: { email: string; name: string; roles: RoleName[]; isCompany?: boolean; smart?: boolean }[] = [
  { email: "kupujacy@demo.pl", name: "Łucja Wiśniewska", roles: ["BUYER"], smart: true },
  { email: "kupujacy2@demo.pl", name: "Grzegorz Brzęczyszczykiewicz", roles: ["BUYER"] },
  { email: "sprzedawca@demo.pl", name: "Elektro-Mix Sp. z o.o.", roles: ["SELLER"], isCompany: true },
  { email: "prawa@demo.pl", name: "Marki Polskie S.A.", roles: ["RIGHTS_HOLDER"], isCompany: true },
  { email: "agent@demo.pl", name: "Józef Żółć", roles: ["AGENT"] },
  { email: "starszy.agent@demo.pl", name: "Bożena Ślusarczyk", roles: ["AGENT", "SENIOR_AGENT"] },
  { email: "iod@demo.pl", name: "Halina Łukaszewicz", roles: ["PRIVACY_OFFICER"] },
  { email: "admin@demo.pl", name: "Przemysław Sęk", roles: ["ADMIN"] },
];

export interface SeedSize {
  buyers: number;
  sellers: number;
  offersPerSeller: number;
  orders: number;
}

export const DEFAULT_SEED_SIZE: SeedSize = { buyers: 40, sellers: 12, offersPerSeller: 10, orders: 400 };

/** Seeds when the database holds no demo admin yet; returns false when it was already seeded. */
/**
 * Interactive-transaction defaults for seeding runs. The seed writes the role catalogue in one transaction
 * (one statement per role and permission) and then runs the domain's commands; on a loaded machine the
 * catalogue alone can outlast Prisma's default 5-second limit, which failed `npm run db:seed` with
 * "Transaction already closed". A seeding run is a batch job: give it minutes, not seconds.
 */
export const SEED_TRANSACTION_OPTIONS = BATCH_TRANSACTION_OPTIONS;

export async function seedDemoData(db: Database, clock: Clock, size: SeedSize = DEFAULT_SEED_SIZE): Promise<boolean> {
  await syncRoleCatalogue(db.prisma);
  if (await db.prisma.user.findUnique({ where: { email: "admin@demo.pl" }, select: { id: true } })) return false;

  const random = createRandom(20261122);
  const now = clock.now();
  const roles = new Map((await db.prisma.role.findMany()).map((role) => [role.name, role.id]));
  const users: { id: string; email: string; name: string; isCompany: boolean; smartUntil: Date | null; passwordHash: string | null; phone: string; street: string; postalCode: string; city: string; createdAt: Date }[] = [];
  const userRoles: { userId: string; roleId: string }[] = [];

  const addUser = (data: { email: string; name: string; isCompany?: boolean; smart?: boolean; passwordHash?: string | null }, roleNames: RoleName[]) => {
    const id = randomUUID();
    users.push({
      id,
      email: data.email,
      name: data.name,
      isCompany: data.isCompany ?? false,
      smartUntil: data.smart ? new Date(now.getTime() + 180 * DAY) : null,
      passwordHash: data.passwordHash ?? null,
      phone: randomPhone(random),
      ...randomAddress(random),
      createdAt: new Date(now.getTime() - random.int(200, 1500) * DAY),
    });
    for (const role of roleNames) userRoles.push({ userId: id, roleId: roles.get(role)! });
    return id;
  };

  const demoIds = new Map<string, string>();
  // One hash for the shared demo password (scrypt is deliberately slow; eight would add seconds to a first start).
  const demoHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    demoIds.set(account.email, addUser({ ...account, passwordHash: demoHash }, account.roles));
  }
  const buyerIds = [demoIds.get("kupujacy@demo.pl")!, demoIds.get("kupujacy2@demo.pl")!];
  for (let i = 0; i < size.buyers; i++) {
    const person = randomPerson(random);
    buyerIds.push(
      addUser({ email: `${emailLocalPart(person.name)}.${i}@poczta.example.pl`, name: person.name, smart: random.next() < 0.3 }, ["BUYER"]),
    );
  }
  const sellerIds = [demoIds.get("sprzedawca@demo.pl")!];
  for (let i = 0; i < size.sellers; i++) {
    const company = i < COMPANIES.length && random.next() < 0.7;
    const name = company ? COMPANIES[i] : randomPerson(random).name;
    sellerIds.push(addUser({ email: `${emailLocalPart(name)}.${i}@sklep.example.pl`, name, isCompany: company }, ["SELLER", "BUYER"]));
  }
  await db.prisma.user.createMany({ data: users });
  await db.prisma.userRole.createMany({ data: userRoles });

  const offers: { id: string; title: string; brand: string | null; priceAmount: number; sellerId: string; createdAt: Date }[] = [];
  for (const sellerId of sellerIds) {
    for (let i = 0; i < size.offersPerSeller; i++) {
      const product = random.pick(PRODUCTS);
      offers.push({
        id: randomUUID(),
        title: product.title,
        brand: product.brand,
        priceAmount: roundToNinetyNine(random.int(product.minPrice, product.maxPrice)),
        sellerId,
        createdAt: new Date(now.getTime() - random.int(30, 400) * DAY),
      });
    }
  }
  await db.prisma.offer.createMany({ data: offers });

  const usersById = new Map(users.map((u) => [u.id, u]));
  const orders = [];
  const lines = [];
  const shipments = [];
  const invoices = [];
  for (let i = 0; i < size.orders; i++) {
    // The demo buyer gets a steady share of orders, most from the demo seller, so every workflow has material.
    const forDemoBuyer = i % 8 === 0;
    const sellerId = forDemoBuyer && random.next() < 0.7 ? sellerIds[0] : random.pick(sellerIds);
    const sellerOffers = offers.filter((offer) => offer.sellerId === sellerId);
    const guest = !forDemoBuyer && random.next() < 0.12;
    const buyerId = forDemoBuyer ? buyerIds[i % 16 === 0 ? 0 : 1] : guest ? null : random.pick(buyerIds);
    const buyer = buyerId ? usersById.get(buyerId)! : null;
    const guestPerson = guest ? randomPerson(random) : null;
    const address = buyer ?? randomAddress(random);
    const placedAt = new Date(now.getTime() - (forDemoBuyer ? random.int(1, 60) : random.int(1, 270)) * DAY - random.int(0, 23) * HOUR);
    const order = buildOrder(random, i, placedAt, now);
    const orderId = randomUUID();
    const lineCount = random.next() < 0.75 ? 1 : random.int(2, 3);
    let itemsAmount = 0;
    for (let position = 1; position <= lineCount; position++) {
      const offer = random.pick(sellerOffers);
      const quantity = offer.priceAmount < 20000 ? random.int(1, 3) : 1;
      itemsAmount += offer.priceAmount * quantity;
      lines.push({ id: randomUUID(), orderId, offerId: offer.id, position, title: offer.title, unitAmount: offer.priceAmount, quantity });
    }
    const buyerName = buyer?.name ?? guestPerson!.name;
    orders.push({
      id: orderId,
      number: order.number,
      buyerId,
      sellerId,
      status: order.status,
      paymentMethod: order.paymentMethod,
      itemsAmount,
      shippingAmount: random.pick(SHIPPING_COSTS),
      buyerName,
      buyerEmail: buyer?.email ?? `${emailLocalPart(buyerName)}.gosc${i}@poczta.example.pl`,
      buyerPhone: buyer?.phone ?? randomPhone(random),
      shipStreet: address.street,
      shipPostalCode: address.postalCode,
      shipCity: address.city,
      placedAt,
      paidAt: order.paidAt,
      shippedAt: order.shippedAt,
      deliveredAt: order.deliveredAt,
    });
    if (order.shippedAt) {
      const tracking = `${random.int(100000, 999999)}${random.int(100000, 999999)}`;
      shipments.push({
        id: randomUUID(),
        orderId,
        carrier: random.pick(CARRIERS),
        trackingNumber: tracking,
        label: `Odbiorca: ${buyerName}\n${address.street}\n${address.postalCode} ${address.city}\nPrzesyłka ${tracking}`,
        shippedAt: order.shippedAt,
        deliveredAt: order.deliveredAt,
      });
    }
    if (order.paidAt) {
      invoices.push({
        id: randomUUID(),
        orderId,
        number: `FV/${placedAt.getUTCFullYear()}/${String(i + 1).padStart(6, "0")}`,
        issuedAt: order.paidAt,
        totalAmount: itemsAmount,
        billedTo: `${buyerName}, ${address.street}, ${address.postalCode} ${address.city}`,
      });
    }
  }
  await db.prisma.order.createMany({ data: orders });
  await db.prisma.orderLine.createMany({ data: lines });
  await db.prisma.shipment.createMany({ data: shipments });
  await db.prisma.invoice.createMany({ data: invoices });
  await seedLaterTermsVersion(db);
  await seedDemoCases(db, now);
  await seedDemoRights(db, now);
  await seedDemoConsents(db, now);
  return true;
}

/**
 * A second version of the program terms, as the later public terms read (20,000 PLN per claim, two-year
 * windows, 40,000 PLN per person over two years). It takes effect on 1 January 2027, so the demo's
 * purchases stay under the seed's version and the versioning is visible in the admin screen.
 */
async function seedLaterTermsVersion(db: Database) {
  await db.prisma.programTerms.upsert({
    where: { version: "2027-01" },
    update: {},
    create: {
      version: "2027-01",
      name: "Program Ochrony Kupujących (styczeń 2027)",
      effectiveFrom: new Date("2027-01-01T00:00:00+01:00"),
      coveredPaymentMethods: ["PLATFORM_PAY", "BANK_TRANSFER"],
      shippingCoveredPaymentMethods: ["PLATFORM_PAY"],
      shippingCap: 10_000,
      perClaimCap: 2_000_000,
      perPersonCap: 4_000_000,
      perPersonCapWindowDays: 730,
      discussionWindowDays: 730,
      claimWindowDays: 730,
      standardDecisionHours: 120,
      smartDecisionHours: 12,
    },
  });
}

function roundToNinetyNine(grosze: number): number {
  return Math.max(99, Math.floor(grosze / 100) * 100 + 99 - 100);
}

function buildOrder(random: Random, index: number, placedAt: Date, now: Date) {
  const methodRoll = random.next();
  const paymentMethod = methodRoll < 0.65 ? "PLATFORM_PAY" : methodRoll < 0.88 ? "BANK_TRANSFER" : "CASH_ON_DELIVERY";
  const number = `${placedAt.getUTCFullYear()}/${String(placedAt.getUTCMonth() + 1).padStart(2, "0")}/${String(index + 1).padStart(6, "0")}`;
  const at = (days: number) => {
    const t = new Date(placedAt.getTime() + days * DAY + random.int(1, 10) * HOUR);
    return t < now ? t : null;
  };
  const paidAt = paymentMethod === "CASH_ON_DELIVERY" ? null : at(0);
  const shippedAt = at(random.int(1, 2));
  const deliveredAt = shippedAt && random.next() < 0.9 ? at(random.int(3, 5)) : null;
  const codPaidAt = paymentMethod === "CASH_ON_DELIVERY" ? deliveredAt : paidAt;
  const status = deliveredAt ? "DELIVERED" : shippedAt ? "SHIPPED" : codPaidAt ? "PAID" : "PLACED";
  return { number, paymentMethod, paidAt: codPaidAt, shippedAt, deliveredAt, status } as const;
}
