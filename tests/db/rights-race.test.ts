import { createTestClock } from "~/infra/clock";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { createRightsWorld, itemFor, type RightsWorld } from "../support/rights";
import { fileNotice } from "~/domain/rights/notices.server";
import { decideItem } from "~/domain/rights/items.server";

// Two agents decide the same item at the same moment, both looking at the same version: exactly one
// decision is recorded, the other agent gets CONFLICT. On PostgreSQL the two run truly at once, 1,000
// times; the embedded engine serialises transactions, so there it checks the rule on 20 items.

const RUNS = onPostgres ? 1_000 : 20;
let db: TestDatabase;
let world: RightsWorld;
const clock = createTestClock("2026-03-10T10:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 8 });
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

test(`${RUNS} races of two decisions on one item: one wins, the other is a conflict`, async () => {
  const offers = await db.prisma.offer.createManyAndReturn({
    data: Array.from({ length: RUNS }, (_, i) => ({ title: `Kurtka ACME ${i}`, brand: "ACME", priceAmount: 29900, sellerId: world.seller, createdAt: clock.now() })),
    select: { id: true },
  });
  const items: string[] = [];
  for (let i = 0; i < offers.length; i += 500) {
    const receipt = await fileNotice(await world.ctx(world.filer), {
      rightsHolderId: world.rightsHolderId,
      accuracyStatement: true,
      items: offers.slice(i, i + 500).map((o) => itemFor(world, o.id, "COPYRIGHT_PHOTOS")),
    });
    items.push(...receipt.items.map((item) => item.id));
  }
  const [one, two] = [await world.ctx(world.agent), await world.ctx(world.agent2)];
  const outcomes = { takeDown: 0, reject: 0 };
  const race = async (itemId: string, n: number) => {
    // Alternate who asks first, so neither agent always wins.
    const takeDown = () => decideItem(n % 2 ? one : two, { action: "TAKE_DOWN", itemId, expectedVersion: 0 });
    const reject = () => decideItem(n % 2 ? two : one, { action: "REJECT", itemId, expectedVersion: 0, reason: "NO_INFRINGEMENT_SHOWN", note: "Photos are the seller's own." });
    const results = await Promise.allSettled(n % 2 ? [takeDown(), reject()] : [reject(), takeDown()]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.reason.code)).toEqual(["CONFLICT"]);
  };
  // Four items' races at a time (eight transactions in flight), each race on its own item.
  for (let i = 0; i < items.length; i += 4) await Promise.all(items.slice(i, i + 4).map((itemId, k) => race(itemId, i + k)));
  const decided = await db.prisma.ipReportItem.groupBy({ by: ["status"], where: { id: { in: items } }, _count: { _all: true } });
  for (const group of decided) {
    if (group.status === "TAKEN_DOWN") outcomes.takeDown = group._count._all;
    if (group.status === "REJECTED") outcomes.reject = group._count._all;
  }
  expect(outcomes.takeDown + outcomes.reject).toBe(RUNS);
  // One decision event and one decision row per item: the loser wrote nothing.
  expect(await db.prisma.caseEvent.count({ where: { caseType: "IP_ITEM", caseId: { in: items }, type: { in: ["TAKEN_DOWN", "REJECTED"] } } })).toBe(RUNS);
  expect(await db.prisma.ipItemDecision.count({ where: { itemId: { in: items } } })).toBe(RUNS);
  expect(await db.prisma.ipStatement.count({ where: { itemId: { in: items } } })).toBe(outcomes.takeDown);
}, 300_000);
