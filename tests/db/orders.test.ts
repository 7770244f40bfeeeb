import { createTestClock, DAY } from "~/infra/clock";
import { listOrders } from "~/domain/marketplace/orders.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";

// A person's order list is "orders where I am the buyer or the seller". The page query narrows that to one
// side when the person only ever was on one side (so an index answers it); these tests hold the narrowing
// to exactly the same rows as the full condition, for every kind of person.
let db: TestDatabase;
const clock = createTestClock("2026-11-02T10:00:00.000Z");
const people: Record<string, string> = {};
const placed: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  for (const [name, roles] of Object.entries({
    onlyBuys: ["BUYER"],
    onlySells: ["SELLER"],
    both: ["BUYER", "SELLER"],
    neither: ["BUYER", "SELLER"],
    other: ["SELLER"],
  } as const)) {
    people[name] = (await createUser(db.prisma, { roles: [...roles] })).id;
  }
  const at = (days: number) => new Date(clock.now().getTime() - days * DAY);
  placed.bought = (await createOrder(db.prisma, { buyerId: people.onlyBuys, sellerId: people.other, placedAt: at(3) })).id;
  placed.sold = (await createOrder(db.prisma, { buyerId: people.onlyBuys, sellerId: people.onlySells, placedAt: at(2) })).id;
  placed.bothBought = (await createOrder(db.prisma, { buyerId: people.both, sellerId: people.other, placedAt: at(5) })).id;
  placed.bothSold = (await createOrder(db.prisma, { buyerId: people.onlyBuys, sellerId: people.both, placedAt: at(1) })).id;
  placed.guest = (await createOrder(db.prisma, { buyerId: null, sellerId: people.both, placedAt: at(4) })).id;
});
afterAll(async () => db?.close());

const listFor = async (name: string, filter: object = {}) => {
  const ctx = contextFor(createTestServices(db, clock), await actorFor(db.prisma, people[name]));
  const { total, orders } = await listOrders(ctx, filter, { take: 100 });
  expect(total).toEqual({ count: orders.length, atLeast: false });
  return orders.map((o) => o.id);
};

test.each([
  ["only ever bought", "onlyBuys", ["bothSold", "sold", "bought"]],
  ["only ever sold", "onlySells", ["sold"]],
  ["bought and sold (guest orders included), newest first", "both", ["bothSold", "guest", "bothBought"]],
  ["never traded", "neither", []],
])("a person who %s sees exactly their orders", async (_label, who, expected) => {
  expect(await listFor(who)).toEqual(expected.map((k) => placed[k]));
});

test("the role filter still narrows a two-sided person's list", async () => {
  expect(await listFor("both", { role: "buyer" })).toEqual([placed.bothBought]);
  expect(await listFor("both", { role: "seller" })).toEqual([placed.bothSold, placed.guest]);
  expect(await listFor("onlyBuys", { role: "seller" })).toEqual([]);
});
