import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createRightsWorld, itemFor, type RightsWorld } from "../support/rights";
import { fileNotice } from "~/domain/rights/notices.server";
import { decideItem } from "~/domain/rights/items.server";
import { itemDeadlineState } from "~/domain/rights/queries.server";
import { membershipsOf } from "~/domain/rights/membership.server";
import { itemAudience, visibleItemsWhere, visibleNoticesWhere, visibleRightsHoldersWhere } from "~/domain/rights/views";
import { actorFor, createUser } from "../support/factories";

// The where-clauses lists and node(id:) filter with say exactly what itemAudience says, row by row.
let db: TestDatabase;
let clock: TestClock;
let world: RightsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  world = await createRightsWorld(db.prisma, clock);
});
afterAll(async () => db?.close());

test("visibleItemsWhere agrees with itemAudience for staff, reporters, the seller and strangers", async () => {
  const [down, pending] = [await world.offer(), await world.offer()];
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, down), itemFor(world, pending)] });
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: receipt.items[0].id });
  const otherSeller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
  const buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  const outsider = (await createUser(db.prisma, { roles: ["RIGHTS_HOLDER"] })).id;
  const items = await db.prisma.ipReportItem.findMany({ where: { noticeId: receipt.notice.id } });
  const seen: Record<string, string[]> = {};
  for (const [name, userId] of Object.entries({ agent: world.agent, filer: world.filer, owner: world.owner, seller: world.seller, otherSeller, buyer, outsider })) {
    const actor = await actorFor(db.prisma, userId);
    const memberOf = new Set((await membershipsOf(db.prisma, actor)).map((m) => m.rightsHolderId));
    const listed = await db.prisma.ipReportItem.findMany({ where: { AND: [{ noticeId: receipt.notice.id }, visibleItemsWhere(actor)] }, select: { id: true } });
    const expected = items.filter((item) => itemAudience(actor, item, memberOf) !== null).map((i) => i.id);
    expect(listed.map((i) => i.id).sort(), name).toEqual(expected.sort());
    seen[name] = listed.map((i) => (i.id === receipt.items[0].id ? "down" : "pending"));
    const notices = await db.prisma.ipNotice.count({ where: { AND: [{ id: receipt.notice.id }, visibleNoticesWhere(actor)] } });
    const holders = await db.prisma.rightsHolder.count({ where: { AND: [{ id: world.rightsHolderId }, visibleRightsHoldersWhere(actor)] } });
    seen[name].push(`notice:${notices}`, `holder:${holders}`);
  }
  expect(seen).toEqual({
    agent: expect.arrayContaining(["down", "pending", "notice:1", "holder:1"]),
    filer: expect.arrayContaining(["down", "pending", "notice:1", "holder:1"]),
    owner: expect.arrayContaining(["down", "pending", "notice:1", "holder:1"]),
    seller: ["down", "notice:0", "holder:0"],
    otherSeller: ["notice:0", "holder:0"],
    buyer: ["notice:0", "holder:0"],
    outsider: ["notice:0", "holder:0"],
  });
});

test("an item's deadline is paused while information is requested and done once decided", () => {
  const now = new Date("2026-03-10T10:00:00.000Z");
  const due = new Date(now.getTime() + DAY);
  expect(itemDeadlineState({ status: "PENDING", decisionDueAt: due }, now)).toBe("ok");
  expect(itemDeadlineState({ status: "PENDING", decisionDueAt: new Date(now.getTime() + 60_000) }, now)).toBe("soon");
  expect(itemDeadlineState({ status: "PENDING", decisionDueAt: new Date(now.getTime() - 1) }, now)).toBe("due");
  expect(itemDeadlineState({ status: "INFORMATION_REQUESTED", decisionDueAt: new Date(now.getTime() - 1) }, now)).toBe("paused");
  expect(itemDeadlineState({ status: "TAKEN_DOWN", decisionDueAt: new Date(now.getTime() - 1) }, now)).toBe("done");
});

test("accepting an invitation by an id that is not one answers NOT_FOUND, not a database error", async () => {
  const { acceptInvitation } = await import("~/domain/rights/holders.server");
  await expect(acceptInvitation(await world.ctx(world.filer), "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("a notice's item with a bad field still has its offer and right checked: every problem at once", async () => {
  const down = await world.offer();
  await db.prisma.offer.update({ where: { id: down }, data: { status: "HIDDEN" } });
  const { fileNotice: file } = await import("~/domain/rights/notices.server");
  const refused = await file(await world.ctx(world.filer), {
    rightsHolderId: world.rightsHolderId,
    accuracyStatement: true,
    items: [{ ...itemFor(world, down), explanation: "too short" }, { ...itemFor(world, down), kind: "NOPE", rightId: "00000000-0000-4000-8000-000000000000" }],
  }).catch((e) => e);
  expect(refused).toMatchObject({ code: "NOTICE_INVALID" });
  expect(refused.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`).sort()).toEqual([
    "items.0.explanation VALIDATION_FAILED",
    "items.0.offerId OFFER_ALREADY_DOWN",
    "items.1.kind VALIDATION_FAILED",
    "items.1.offerId OFFER_ALREADY_DOWN",
    "items.1.rightId RIGHT_OF_ANOTHER_HOLDER",
  ]);
});

test("the reporter, who sees a taken-down item, is told only the seller may appeal it", async () => {
  const offer = await world.offer();
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer)] });
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: receipt.items[0].id });
  const { appealTakedown } = await import("~/domain/rights/items.server");
  const appeal = { itemId: receipt.items[0].id, reason: "OTHER", explanation: "We think this is a mistake, really." };
  await expect(appealTakedown(await world.ctx(world.filer), appeal)).rejects.toMatchObject({ code: "NOT_THE_OFFERS_SELLER" });
  const stranger = await createUser(db.prisma, { roles: ["SELLER"] });
  await expect(appealTakedown(await world.ctx(stranger.id), appeal)).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("bulk decisions are for those who decide items: anyone else is refused before any item is looked at", async () => {
  const { decideItems } = await import("~/domain/rights/items.server");
  const offer = await world.offer();
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [itemFor(world, offer)] });
  for (const who of [world.filer, world.seller]) {
    await expect(decideItems(await world.ctx(who), { itemIds: [receipt.items[0].id], action: "TAKE_DOWN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  }
  expect(await decideItems(await world.ctx(world.agent), { itemIds: [receipt.items[0].id], action: "TAKE_DOWN" })).toEqual([{ itemId: receipt.items[0].id, ok: true }]);
});
