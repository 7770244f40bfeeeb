import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices } from "../support/services";
import type { AppServices } from "~/infra/services.server";
import {
  answerProposal,
  closeAsResolved,
  closeWithOutcome,
  escalateDiscussion,
  openDiscussion,
  postMessage,
  proposeSolution,
  takeDiscussion,
} from "~/domain/discussions/discussions.server";
import { discussionTimeline, getDiscussion, listMyDiscussions } from "~/domain/discussions/queries.server";
import { openDatabase } from "~/infra/db.server";

const SECOND = 1000;
let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
let buyer: Awaited<ReturnType<typeof createUser>>;
let otherBuyer: Awaited<ReturnType<typeof createUser>>;
let seller: Awaited<ReturnType<typeof createUser>>;
let agent: Awaited<ReturnType<typeof createUser>>;
let agent2: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  services = createTestServices(db, clock);
  buyer = await createUser(db.prisma, { roles: ["BUYER"], name: "Łucja Wiśniewska" });
  otherBuyer = await createUser(db.prisma, { roles: ["BUYER"] });
  seller = await createUser(db.prisma, { roles: ["SELLER"], name: "Elektro-Mix Sp. z o.o.", isCompany: true });
  agent = await createUser(db.prisma, { roles: ["AGENT"] });
  agent2 = await createUser(db.prisma, { roles: ["AGENT"] });
});
afterAll(async () => db?.close());

const as = async (userId: string) => contextFor(services, await actorFor(db.prisma, userId));
const order = (placedAt = new Date(clock.now().getTime() - 3 * DAY)) =>
  createOrder(db.prisma, { buyerId: buyer.id, sellerId: seller.id, placedAt, lines: [{ unitAmount: 45_000 }], shippingAmount: 1_500 });
const counts = async () => ({
  discussions: await db.prisma.discussion.count(),
  messages: await db.prisma.discussionMessage.count(),
  events: await db.prisma.caseEvent.count(),
  audit: await db.prisma.auditLog.count(),
  outbox: await db.prisma.outboxMessage.count(),
  attachments: await db.prisma.attachment.count(),
});
const open = async (orderId?: string) =>
  openDiscussion(await as(buyer.id), { orderId: orderId ?? (await order()).id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła." });

describe("opening a discussion", () => {
  test("the buyer opens one: seller's deadline 24 h later, the thread starts, event + audit + seller notified", async () => {
    const o = await order();
    const discussion = await openDiscussion(await as(buyer.id), { orderId: o.id, reason: "DAMAGED", description: "Ekran pęknięty 📦" });
    expect(discussion.status).toBe("OPEN");
    expect(discussion.sellerResponseDueAt.getTime() - discussion.openedAt.getTime()).toBe(24 * HOUR);
    expect(discussion.sellerId).toBe(seller.id);
    expect(await db.prisma.discussionMessage.count({ where: { discussionId: discussion.id } })).toBe(1);
    expect(await db.prisma.caseEvent.findMany({ where: { caseId: discussion.id } })).toMatchObject([{ type: "OPENED", actorRole: "BUYER" }]);
    expect(await db.prisma.auditLog.count({ where: { subjectId: discussion.id, action: "discussion.opened" } })).toBe(1);
    expect(await db.prisma.outboxMessage.findMany({ where: { recipientId: seller.id, kind: "discussion.opened" } })).toHaveLength(1);
  });

  test("one open discussion per order; a new one once the first is closed", async () => {
    const o = await order();
    const first = await open(o.id);
    const before = await counts();
    await expect(open(o.id)).rejects.toMatchObject({ code: "DISCUSSION_ALREADY_OPEN" });
    expect(await counts()).toEqual(before);
    await closeAsResolved(await as(buyer.id), first.id);
    await expect(open(o.id)).resolves.toMatchObject({ status: "OPEN" });
  });

  test("only the order's buyer; someone else's order is not found; the seller cannot open", async () => {
    const o = await order();
    const before = await counts();
    await expect(openDiscussion(await as(otherBuyer.id), { orderId: o.id, reason: "OTHER", description: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openDiscussion(await as(seller.id), { orderId: o.id, reason: "OTHER", description: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(openDiscussion(await as(buyer.id), { orderId: "00000000-0000-4000-8000-000000000000", reason: "OTHER", description: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await counts()).toEqual(before);
  });

  test("only within the window after the purchase (183 days by default)", async () => {
    const edge = await order(new Date(clock.now().getTime() - 183 * DAY));
    await expect(open(edge.id)).resolves.toMatchObject({ status: "OPEN" });
    const late = await order(new Date(clock.now().getTime() - 183 * DAY - SECOND));
    await expect(open(late.id)).rejects.toMatchObject({ code: "DISCUSSION_WINDOW_CLOSED" });
  });

  test("bad input changes nothing: no reason, empty or 100 kB description", async () => {
    const o = await order();
    const before = await counts();
    const ctx = await as(buyer.id);
    await expect(openDiscussion(ctx, { orderId: o.id, reason: "BROKEN", description: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(openDiscussion(ctx, { orderId: o.id, reason: "OTHER", description: "   " })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(openDiscussion(ctx, { orderId: o.id, reason: "OTHER", description: "a".repeat(100 * 1024) })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldErrors: { description: [expect.stringMatching(/At most/)] },
    });
    await expect(openDiscussion(ctx, { orderId: "not-a-uuid", reason: "OTHER", description: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await counts()).toEqual(before);
  });
});

describe("attachments", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff]);

  test("PDFs and images are stored with the content-sniffed type", async () => {
    const o = await order();
    const discussion = await openDiscussion(await as(buyer.id), {
      orderId: o.id,
      reason: "DAMAGED",
      description: "Zdjęcia w załączniku",
      attachments: [
        { fileName: "protokół szkody.pdf", data: pdf },
        { fileName: "../../etc/zdjęcie", data: png },
      ],
    });
    const stored = await db.prisma.attachment.findMany({ where: { discussionId: discussion.id }, orderBy: { fileName: "asc" } });
    expect(stored.map((a) => [a.fileName, a.contentType])).toEqual([
      ["protokół szkody.pdf", "application/pdf"],
      ["zdjęcie.png", "image/png"],
    ]);
  });

  test("wrong type (even renamed), too large, too many: a clear error and nothing written", async () => {
    const o = await order();
    const ctx = await as(buyer.id);
    const before = await counts();
    const attempt = (attachments: { fileName: string; data: Uint8Array }[]) =>
      openDiscussion(ctx, { orderId: o.id, reason: "DAMAGED", description: "x", attachments });
    await expect(attempt([{ fileName: "photo.jpg", data: exe }])).rejects.toMatchObject({ code: "ATTACHMENT_TYPE_NOT_ALLOWED" });
    await expect(attempt([{ fileName: "page.html", data: new TextEncoder().encode("<html><script>alert(1)</script>") }])).rejects.toMatchObject({
      code: "ATTACHMENT_TYPE_NOT_ALLOWED",
    });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    await expect(attempt([{ fileName: "big.pdf", data: big }])).rejects.toMatchObject({ code: "ATTACHMENT_TOO_LARGE" });
    const exactly10Mb = new Uint8Array(10 * 1024 * 1024);
    exactly10Mb.set(pdf);
    await expect(attempt(Array.from({ length: 6 }, (_, i) => ({ fileName: `${i}.pdf`, data: pdf })))).rejects.toMatchObject({ code: "TOO_MANY_ATTACHMENTS" });
    expect(await counts()).toEqual(before);
    await expect(attempt([{ fileName: "max.pdf", data: exactly10Mb }])).resolves.toMatchObject({ status: "OPEN" });
  });
});

describe("the conversation", () => {
  test("messages: the seller's first answer stops the clock; HTML is kept as text; closed discussions refuse messages", async () => {
    const discussion = await open();
    clock.advance(2 * HOUR);
    await postMessage(await as(seller.id), discussion.id, { body: "Wysłaliśmy ponownie." });
    const after = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } });
    expect(after.sellerRespondedAt).toEqual(clock.now());
    expect(await db.prisma.outboxMessage.count({ where: { recipientId: buyer.id, kind: "discussion.sellerReplied" } })).toBeGreaterThan(0);
    const html = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    clock.advance(60_000);
    await postMessage(await as(buyer.id), discussion.id, { body: html });
    const timeline = await discussionTimeline(await as(buyer.id), discussion.id);
    expect(timeline.filter((e) => e.kind === "message").at(-1)?.body).toBe(html);
    await closeAsResolved(await as(buyer.id), discussion.id);
    const before = await counts();
    await expect(postMessage(await as(seller.id), discussion.id, { body: "Halo?" })).rejects.toMatchObject({ code: "CASE_CLOSED" });
    expect(await counts()).toEqual(before);
  });

  test("empty and 100 kB messages are rejected and write nothing", async () => {
    const discussion = await open();
    const before = await counts();
    await expect(postMessage(await as(buyer.id), discussion.id, { body: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(postMessage(await as(buyer.id), discussion.id, { body: "ą".repeat(100 * 1024) })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await counts()).toEqual(before);
  });

  test("outsiders cannot read or write; they get NOT_FOUND, not a hint that it exists", async () => {
    const discussion = await open();
    await expect(getDiscussion(await as(otherBuyer.id), discussion.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(postMessage(await as(otherBuyer.id), discussion.id, { body: "hej" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(discussionTimeline(await as(otherBuyer.id), discussion.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Handing over the row the caller already loaded does not skip the check.
    await expect(discussionTimeline(await as(otherBuyer.id), discussion)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getDiscussion(await as(seller.id), discussion.id)).resolves.toMatchObject({ role: "SELLER" });
  });

  test("the seller proposes, the buyer accepts: closed by agreement, the order can get a new discussion", async () => {
    const discussion = await open();
    await proposeSolution(await as(seller.id), discussion.id, { kind: "PARTIAL_REFUND", amount: 10_000, note: "Rabat za kłopot" });
    const { discussion: withProposal } = await getDiscussion(await as(buyer.id), discussion.id);
    const proposal = withProposal.proposals[0];
    await answerProposal(await as(buyer.id), discussion.id, proposal.id, true);
    const closed = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id }, include: { proposals: true } });
    expect(closed).toMatchObject({ status: "CLOSED", resolution: "AGREEMENT", outcome: "PARTIAL_REFUND", outcomeAmount: 10_000, openOrderId: null });
    expect(closed.proposals.map((p) => p.status)).toEqual(["ACCEPTED"]);
  });
});

describe("the timeline is one statement", () => {
  test("messages with their attachments and the events come back in ONE SQL statement, for 2 entries or 30", async () => {
    const discussion = await openDiscussion(await as(buyer.id), {
      orderId: (await order()).id,
      reason: "DAMAGED",
      description: "Zdjęcia w załączniku.",
      attachments: [{ fileName: "a.pdf", data: new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF") }],
    });
    const statementsFor = async (userId: string) => {
      const ctx = await as(userId);
      db.queryCounter.reset();
      const timeline = await discussionTimeline(ctx, discussion); // the page and GraphQL hand over the row they hold
      return { statements: db.queryCounter.count, timeline };
    };
    const short = await statementsFor(buyer.id);
    expect(short.statements).toBe(1);
    expect(short.timeline.map((e) => `${e.kind}:${e.type}`)).toEqual(["event:OPENED", "message:MESSAGE"]);
    expect(short.timeline[1].attachments).toEqual([expect.objectContaining({ fileName: "a.pdf", contentType: "application/pdf" })]);
    for (let i = 0; i < 14; i++) {
      clock.advance(60_000);
      await postMessage(await as(i % 2 ? buyer.id : seller.id), discussion.id, { body: `wiadomość ${i}` });
    }
    clock.advance(25 * HOUR);
    await escalateDiscussion(await as(buyer.id), discussion.id);
    const long = await statementsFor(seller.id);
    expect(long.statements).toBe(1);
    expect(long.timeline.length).toBeGreaterThan(15);
    const times = long.timeline.map((e) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(long.timeline.at(-1)).toMatchObject({ kind: "event", type: "ESCALATED" });
  });
});

describe("escalation at the 24-hour edge", () => {
  test("23:59:59 is refused and writes nothing; 24:00:00 escalates into the agents' queue", async () => {
    const discussion = await open();
    clock.advance(24 * HOUR - SECOND);
    const before = await counts();
    await expect(escalateDiscussion(await as(buyer.id), discussion.id)).rejects.toMatchObject({ code: "ESCALATION_TOO_EARLY" });
    expect(await counts()).toEqual(before);
    clock.advance(SECOND);
    await escalateDiscussion(await as(buyer.id), discussion.id);
    expect(await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } })).toMatchObject({ status: "ESCALATED", escalatedAt: clock.now() });
    expect(await db.prisma.outboxMessage.count({ where: { recipientId: seller.id, kind: "discussion.escalated" } })).toBeGreaterThan(0);
  });

  test("the agent takes it, asks the seller privately, closes with an outcome the parties see", async () => {
    const discussion = await open();
    clock.advance(25 * HOUR);
    await escalateDiscussion(await as(buyer.id), discussion.id);
    await expect(postMessage(await as(agent.id), discussion.id, { body: "Dzień dobry" })).rejects.toMatchObject({ code: "CASE_NOT_ASSIGNED_TO_YOU" });
    await takeDiscussion(await as(agent.id), discussion.id);
    await expect(takeDiscussion(await as(agent2.id), discussion.id)).rejects.toMatchObject({ code: "CASE_ASSIGNED_TO_ANOTHER_AGENT" });
    await postMessage(await as(agent.id), discussion.id, { body: "Proszę o numer przesyłki", visibility: "SELLER", informationRequest: true });
    const buyerSees = await discussionTimeline(await as(buyer.id), discussion.id);
    const sellerSees = await discussionTimeline(await as(seller.id), discussion.id);
    expect(buyerSees.some((e) => e.body === "Proszę o numer przesyłki")).toBe(false);
    expect(sellerSees.find((e) => e.body === "Proszę o numer przesyłki")).toMatchObject({ actorRole: "AGENT", actorName: null });
    // Which agent took the case stays with staff.
    expect(buyerSees.find((e) => e.type === "ASSIGNED")?.data).not.toHaveProperty("agentId");
    expect((await discussionTimeline(await as(agent2.id), discussion.id)).find((e) => e.type === "ASSIGNED")?.data).toMatchObject({ agentId: agent.id });
    await closeWithOutcome(await as(agent.id), discussion.id, { outcome: "REFUND", note: "Sprzedający nie wykazał wysyłki." });
    const closed = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } });
    expect(closed).toMatchObject({ status: "CLOSED", resolution: "AGENT_DECISION", outcome: "REFUND", closingNote: "Sprzedający nie wykazał wysyłki." });
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: discussion.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["OPENED", "ESCALATED", "ASSIGNED", "INFORMATION_REQUESTED", "CLOSED_BY_AGENT"]);
    expect(await db.prisma.auditLog.count({ where: { subjectId: discussion.id } })).toBe(events.length);
  });
});

describe("concurrency: the row lock lets exactly one of two conflicting commands win", () => {
  // On PostgreSQL the two commands run on separate connections at the same time; on PGlite they are
  // serialised by the single connection, and the outcome must be the same.
  test("two escalations at the same moment: one escalates, the other is refused", async () => {
    for (let round = 0; round < 3; round++) {
      const discussion = await open();
      clock.advance(25 * HOUR);
      const results = await Promise.allSettled([
        escalateDiscussion(await as(buyer.id), discussion.id),
        escalateDiscussion(await as(buyer.id), discussion.id),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code).toBe("INVALID_TRANSITION");
      expect(await db.prisma.caseEvent.count({ where: { caseId: discussion.id, type: "ESCALATED" } })).toBe(1);
    }
  });

  test("the buyer closes as resolved while the agent closes with an outcome: exactly one closing", async () => {
    for (let round = 0; round < 3; round++) {
      const discussion = await open();
      clock.advance(25 * HOUR);
      await escalateDiscussion(await as(buyer.id), discussion.id);
      await takeDiscussion(await as(agent.id), discussion.id);
      const results = await Promise.allSettled([
        closeAsResolved(await as(buyer.id), discussion.id),
        closeWithOutcome(await as(agent.id), discussion.id, { outcome: "NO_ACTION", note: "Rozwiązane" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code).toBe("CASE_CLOSED");
      const closings = await db.prisma.caseEvent.findMany({ where: { caseId: discussion.id, type: { in: ["CLOSED_AS_RESOLVED", "CLOSED_BY_AGENT"] } } });
      expect(closings).toHaveLength(1);
      const final = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } });
      expect(final.resolution).toBe(closings[0].type === "CLOSED_AS_RESOLVED" ? "BUYER_RESOLVED" : "AGENT_DECISION");
    }
  });

  test("escalate racing close-as-resolved never escalates a closed discussion", async () => {
    // The buyer may close an escalated discussion, so both can succeed — but only in that order.
    for (let round = 0; round < 3; round++) {
      const discussion = await open();
      clock.advance(25 * HOUR);
      await Promise.allSettled([escalateDiscussion(await as(buyer.id), discussion.id), closeAsResolved(await as(buyer.id), discussion.id)]);
      const events = await db.prisma.caseEvent.findMany({ where: { caseId: discussion.id, type: { in: ["ESCALATED", "CLOSED_AS_RESOLVED"] } }, orderBy: { id: "asc" } });
      expect(events.map((e) => e.type)).toContainEqual("CLOSED_AS_RESOLVED");
      expect(events.at(-1)!.type).toBe("CLOSED_AS_RESOLVED");
      expect(await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussion.id } })).toMatchObject({ status: "CLOSED" });
    }
  });

  test("two agents take the same discussion at once: one gets it", async () => {
    const discussion = await open();
    clock.advance(25 * HOUR);
    await escalateDiscussion(await as(buyer.id), discussion.id);
    const results = await Promise.allSettled([takeDiscussion(await as(agent.id), discussion.id), takeDiscussion(await as(agent2.id), discussion.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code).toBe("CASE_ASSIGNED_TO_ANOTHER_AGENT");
    expect(await db.prisma.caseEvent.count({ where: { caseId: discussion.id, type: "ASSIGNED" } })).toBe(1);
  });

  test("many parallel openings on one order create exactly one discussion", async () => {
    const o = await order();
    // Separate pools on PostgreSQL so the attempts truly race.
    const handles = onPostgres ? await Promise.all([0, 1, 2].map(() => openDatabase({ url: db.url!, poolSize: 2 }))) : [];
    try {
      const contexts = onPostgres
        ? await Promise.all(handles.map(async (h) => ({ ...(await as(buyer.id)), db: h.prisma })))
        : await Promise.all([0, 1, 2].map(() => as(buyer.id)));
      const results = await Promise.allSettled(
        contexts.map((ctx) => openDiscussion(ctx, { orderId: o.id, reason: "NOT_RECEIVED", description: "Brak paczki" })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]) expect(r.reason.code).toBe("DISCUSSION_ALREADY_OPEN");
      expect(await db.prisma.discussion.count({ where: { orderId: o.id } })).toBe(1);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});

test("sellers see unanswered discussions first, most overdue at the top", async () => {
  const ctxSeller = await as(seller.id);
  const first = await open();
  clock.advance(HOUR);
  const second = await open();
  clock.advance(HOUR);
  const answered = await open();
  await postMessage(ctxSeller, answered.id, { body: "Już sprawdzam" });
  const { items } = await listMyDiscussions(ctxSeller, "seller", { status: "OPEN", take: 100 });
  const ids = items.map((d) => d.id);
  expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
  expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(answered.id));
});
