import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createRightsWorld, itemFor, type RightsWorld } from "../support/rights";
import { fileNotice } from "~/domain/rights/notices.server";
import { appealTakedown, decideItem, reviewAppeal } from "~/domain/rights/items.server";
import { getItem, getNotice, listItemQueue } from "~/domain/rights/queries.server";
import { listOffers } from "~/domain/marketplace/offers.server";
import { actorFor, createUser } from "../support/factories";
import { validateStatement } from "~/domain/rights/transparency-schema";
import { findPersonalData } from "~/domain/shared/personal-data-scan";

let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

test("a two-offer notice: one taken down, one rejected; the reporter sees both; the seller appeals; another agent reinstates", async () => {
  const [first, second] = [await world.offer(), await world.offer()];
  const receipt = await fileNotice(await world.ctx(world.filer), {
    rightsHolderId: world.rightsHolderId,
    accuracyStatement: true,
    items: [itemFor(world, first), itemFor(world, second, "COPYRIGHT_PHOTOS")],
  });
  expect(receipt.items).toHaveLength(2);
  const queue = await listItemQueue(await world.ctx(world.agent));
  expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining(receipt.items.map((i) => i.id)));

  const [down, rejected] = receipt.items;
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: down.id, expectedVersion: 0 });
  await decideItem(await world.ctx(world.agent), { action: "REJECT", itemId: rejected.id, reason: "INSUFFICIENT_EVIDENCE", note: "The photos are the seller's own." });

  const offer = await db.prisma.offer.findUniqueOrThrow({ where: { id: first } });
  expect(offer.status).toBe("HIDDEN");
  const buyer = await createUser(db.prisma, { roles: ["BUYER"] });
  const listed = await listOffers({ db: db.prisma, clock, actor: await actorFor(db.prisma, buyer.id), requestId: "t" }, {});
  expect(listed.offers.map((o) => o.id)).not.toContain(first);

  const seen = await getNotice(await world.ctx(world.filer), receipt.notice.id);
  expect(seen.items.map((i) => [i.status, i.rejectionReason, i.latestNote])).toEqual([
    ["TAKEN_DOWN", null, null],
    ["REJECTED", "INSUFFICIENT_EVIDENCE", "The photos are the seller's own."],
  ]);
  const statements = await db.prisma.ipStatement.findMany({ where: { itemId: down.id } });
  expect(statements.map((s) => s.decision)).toEqual(["TAKE_DOWN"]);

  const asSeller = await getItem(await world.ctx(world.seller), down.id);
  expect(asSeller.audience).toBe("SELLER");
  expect(asSeller.item.evidence).toMatchObject({ title: offer.title, price: { amount: 19900, currency: "PLN" } });

  clock.advance(10 * DAY);
  await appealTakedown(await world.ctx(world.seller), { itemId: down.id, reason: "AUTHORISED_BY_OWNER", explanation: "We are an authorised ACME distributor, invoice attached." });
  await expect(reviewAppeal(await world.ctx(world.agent), { itemId: down.id, reinstate: true, note: "Distributor contract checked." })).rejects.toMatchObject({ code: "REVIEWER_DECIDED_ITEM" });
  await reviewAppeal(await world.ctx(world.agent2), { itemId: down.id, reinstate: true, note: "Distributor contract checked." });

  expect((await db.prisma.offer.findUniqueOrThrow({ where: { id: first } })).status).toBe("ACTIVE");
  const after = await db.prisma.ipStatement.findMany({ where: { itemId: down.id }, orderBy: { sequence: "asc" } });
  expect(after.map((s) => s.decision)).toEqual(["TAKE_DOWN", "REINSTATEMENT"]);
  // No personal data in what goes to the EU database: not the seller's, the reporter's or the agents' names.
  const names = await db.prisma.user.findMany({ where: { id: { in: [world.seller, world.filer, world.owner, world.agent, world.agent2] } }, select: { name: true, email: true } });
  for (const statement of after) {
    expect(validateStatement(statement.body)).toEqual([]);
    const text = JSON.stringify(statement.body);
    // The right's registration number is public register data (and looks like a phone number to the scan).
    expect(findPersonalData(text, { knownNames: names.map((n) => n.name), allowed: ["EUTM 018123456"] })).toEqual([]);
    for (const { email } of names) expect(text).not.toContain(email);
  }
  expect(await db.prisma.sellerStrike.findFirst({ where: { itemId: down.id } })).toMatchObject({ removedAt: clock.now() });
  const told = await db.prisma.outboxMessage.findMany({ where: { recipientId: world.filer, kind: { startsWith: "rights.item" } }, orderBy: { createdAt: "asc" } });
  expect(told.map((m) => m.kind)).toEqual(["rights.itemTakenDown", "rights.itemRejected", "rights.itemAppealed", "rights.itemReinstated"]);
});
