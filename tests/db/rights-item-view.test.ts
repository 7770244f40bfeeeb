import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import { fileNotice } from "~/domain/rights/notices.server";
import { appealTakedown, decideItem } from "~/domain/rights/items.server";
import { getItem } from "~/domain/rights/queries.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createRightsWorld, itemFor, proof, type RightsWorld } from "../support/rights";

// The item page's view of an appeal: the agent reviewing it sees the seller's evidence beside the
// explanation; the reporter learns that the takedown was appealed, not what the seller sent.

let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

test("an appeal's documents: staff and the seller see them, the reporter does not", async () => {
  const offer = await world.offer();
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer)] });
  const itemId = receipt.items[0].id;
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId });
  clock.advance(DAY);
  await appealTakedown(await world.ctx(world.seller), {
    itemId,
    reason: "AUTHORISED_BY_OWNER",
    explanation: "We are an authorised ACME distributor, contract attached.",
    files: proof("distribution-contract.pdf"),
  });
  const asStaff = await getItem(await world.ctx(world.agent2), itemId);
  expect(asStaff.item.appeal?.documents.map((d) => d.fileName)).toEqual(["distribution-contract.pdf"]);
  const asSeller = await getItem(await world.ctx(world.seller), itemId);
  expect(asSeller.item.appeal?.documents.map((d) => d.fileName)).toEqual(["distribution-contract.pdf"]);
  const asReporter = await getItem(await world.ctx(world.filer), itemId);
  expect(asReporter.item.appeal).toMatchObject({ status: "PENDING", explanation: null, documents: [] });
});
