import { randomUUID } from "node:crypto";
import type { Db } from "~/domain/context";
import type { Actor } from "~/domain/identity/actor";
import type { PermissionKey, RoleName } from "~/domain/identity/permissions";
import { hashPassword } from "~/domain/identity/passwords.server";

// Builders for test data. Each returns plain rows; `actorFor` turns a user into the actor the domain
// sees after sign-in (roles and permissions read from the database, as in production).

let sequence = 0;
const next = () => ++sequence;

let cachedHash: Promise<string> | null = null;
export const TEST_PASSWORD = "correct horse battery";
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export async function createUser(
  db: Db,
  options: { roles?: RoleName[]; name?: string; email?: string; smartUntil?: Date | null; isCompany?: boolean; status?: "ACTIVE" | "DEACTIVATED" } = {},
) {
  const n = next();
  const roles = await db.role.findMany({ where: { name: { in: options.roles ?? ["BUYER"] } } });
  return db.user.create({
    data: {
      email: options.email ?? `user${n}.${randomUUID().slice(0, 8)}@test.example.pl`,
      name: options.name ?? `Użytkownik Testowy ${n}`,
      isCompany: options.isCompany ?? false,
      smartUntil: options.smartUntil ?? null,
      status: options.status ?? "ACTIVE",
      passwordHash: await passwordHash(),
      street: "ul. Testowa 1",
      postalCode: "00-001",
      city: "Warszawa",
      roles: { create: roles.map((role) => ({ roleId: role.id })) },
    },
  });
}

export async function actorFor(db: Db, userId: string): Promise<Extract<Actor, { type: "user" }>> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } } },
  });
  const permissions = new Set<PermissionKey>();
  for (const ur of user.roles) {
    for (const rp of ur.role.permissions) {
      permissions.add(`${rp.permission.action}:${rp.permission.entity}:${rp.permission.access}` as PermissionKey);
    }
  }
  return {
    type: "user",
    userId,
    sessionId: randomUUID(),
    roles: user.roles.map((ur) => ur.role.name as RoleName),
    permissions,
  };
}

export interface OrderLineSpec {
  title?: string;
  unitAmount: number;
  quantity?: number;
}

export async function createOrder(
  db: Db,
  options: {
    buyerId: string | null;
    sellerId: string;
    lines?: OrderLineSpec[];
    shippingAmount?: number;
    paymentMethod?: "PLATFORM_PAY" | "BANK_TRANSFER" | "CASH_ON_DELIVERY";
    placedAt?: Date;
    deliveredAt?: Date | null;
    buyerEmail?: string;
  },
) {
  const n = next();
  const lines = options.lines ?? [{ unitAmount: 19999, quantity: 1 }];
  const placedAt = options.placedAt ?? new Date("2026-11-01T10:00:00Z");
  const offerIds: string[] = [];
  for (const line of lines) {
    const offer = await db.offer.create({
      data: { title: line.title ?? `Produkt ${n}`, priceAmount: line.unitAmount, sellerId: options.sellerId, createdAt: placedAt },
    });
    offerIds.push(offer.id);
  }
  return db.order.create({
    data: {
      number: `T/${n}/${randomUUID().slice(0, 6)}`,
      buyerId: options.buyerId,
      sellerId: options.sellerId,
      status: "DELIVERED",
      paymentMethod: options.paymentMethod ?? "PLATFORM_PAY",
      itemsAmount: lines.reduce((sum, line) => sum + line.unitAmount * (line.quantity ?? 1), 0),
      shippingAmount: options.shippingAmount ?? 1499,
      buyerName: "Łukasz Żółć",
      buyerEmail: options.buyerEmail ?? `buyer${n}@test.example.pl`,
      buyerPhone: "+48 600 100 200",
      shipStreet: "ul. Świętojańska 5",
      shipPostalCode: "81-368",
      shipCity: "Gdynia",
      placedAt,
      paidAt: placedAt,
      shippedAt: placedAt,
      deliveredAt: options.deliveredAt === undefined ? placedAt : options.deliveredAt,
      lines: {
        create: lines.map((line, index) => ({
          offerId: offerIds[index],
          position: index + 1,
          title: line.title ?? `Produkt ${n}.${index + 1}`,
          unitAmount: line.unitAmount,
          quantity: line.quantity ?? 1,
        })),
      },
    },
    include: { lines: { orderBy: { position: "asc" } } },
  });
}
