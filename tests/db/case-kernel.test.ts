import { createTestClock, DAY, type TestClock } from "~/infra/clock";
import { openDatabase } from "~/infra/db.server";
import { migrate, readMigrations } from "~/infra/migrate.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";
import { openDiscussion } from "~/domain/discussions/discussions.server";
import { approveClaim, declineSecondApproval, fileClaim, requestDocuments } from "~/domain/claims/claims.server";
import { claimTimeline } from "~/domain/claims/queries.server";
import { recordChange } from "~/domain/cases/recorder.server";
import { claimEvents } from "~/domain/claims/events";
import { inTransaction, type DomainContext } from "~/domain/context";
import { encodeGlobalID as toGlobalId } from "@pothos/plugin-relay";

// The case kernel: notes live outside the append-only timeline and are cut per audience by the domain,
// the same for the page and for GraphQL; the recorder accepts only events its catalogue describes.

let db: TestDatabase;
let clock: TestClock;
const people: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  for (const [name, roles] of Object.entries({ buyer: ["BUYER"], seller: ["SELLER"], agent: ["AGENT"], senior: ["AGENT", "SENIOR_AGENT"] })) {
    people[name] = (await createUser(db.prisma, { roles: roles as never })).id;
  }
});
afterAll(async () => db?.close());

const as = async (who: string): Promise<DomainContext> => contextFor(createTestServices(db, clock), await actorFor(db.prisma, people[who]));

/** A claim above the four-eyes threshold (5,000 PLN), filed two days after its discussion opened. */
async function bigClaim() {
  const order = await createOrder(db.prisma, {
    buyerId: people.buyer,
    sellerId: people.seller,
    lines: [{ unitAmount: 600_000 }],
    shippingAmount: 0,
    paymentMethod: "PLATFORM_PAY",
    placedAt: new Date(clock.now().getTime() - 10 * DAY),
  });
  const opened = createTestClock(new Date(clock.now().getTime() - 2 * DAY));
  await openDiscussion(contextFor(createTestServices(db, opened), await actorFor(db.prisma, people.buyer)), {
    orderId: order.id,
    reason: "NOT_RECEIVED",
    description: "Nie dotarło",
  });
  return fileClaim(await as("buyer"), {
    orderId: order.id,
    lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
    reason: "NOT_RECEIVED",
    description: "Przesyłka nie dotarła",
  });
}

describe("internal notes", () => {
  test("a declined second approval's reason is a staff note: agents read it, the buyer never does (page and API)", async () => {
    const claim = await bigClaim();
    await approveClaim(await as("agent"), claim.id);
    await declineSecondApproval(await as("senior"), claim.id, { note: "Brak dowodu nadania — do sprawdzenia" });

    const [note] = await db.prisma.caseNote.findMany({ where: { caseId: claim.id } });
    expect(note).toMatchObject({ caseType: "CLAIM", audience: "STAFF", body: "Brak dowodu nadania — do sprawdzenia", authorId: people.senior });
    const event = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: claim.id, type: "SECOND_APPROVAL_DECLINED" } });
    expect(note.eventId).toBe(event.id);
    expect(JSON.stringify(event.data)).not.toContain("Brak dowodu");

    const agentView = await claimTimeline(await as("agent"), claim.id);
    expect(agentView.find((e) => e.type === "SECOND_APPROVAL_DECLINED")?.note).toBe("Brak dowodu nadania — do sprawdzenia");
    const buyerView = await claimTimeline(await as("buyer"), claim.id);
    expect(buyerView.find((e) => e.type === "SECOND_APPROVAL_DECLINED")?.note).toBeNull();
    expect(JSON.stringify(buyerView)).not.toContain("Brak dowodu");

    const services = createTestServices(db, clock);
    const query = `query($id: ID!) { node(id: $id) { ... on Claim { timeline { type data note } } } }`;
    const asBuyer = await graphql(services, query, { variables: { id: toGlobalId("Claim", claim.id) }, cookie: await sessionCookieFor(services, people.buyer) });
    expect(asBuyer.errors).toBeUndefined();
    expect(JSON.stringify(asBuyer.data)).not.toContain("Brak dowodu");
    const asAgent = await graphql(services, query, { variables: { id: toGlobalId("Claim", claim.id) }, cookie: await sessionCookieFor(services, people.agent) });
    expect(JSON.stringify(asAgent.data)).toContain("Brak dowodu");
  });

  test("a documents request is addressed to the buyer: the buyer reads it", async () => {
    const claim = await bigClaim();
    await requestDocuments(await as("agent"), claim.id, { note: "Proszę o potwierdzenie zgłoszenia na policji" });
    const buyerView = await claimTimeline(await as("buyer"), claim.id);
    expect(buyerView.find((e) => e.type === "DOCUMENTS_REQUESTED")?.note).toBe("Proszę o potwierdzenie zgłoszenia na policji");
    expect((await db.prisma.caseNote.findFirstOrThrow({ where: { caseId: claim.id } })).audience).toBe("PARTIES");
  });
});

describe("reading a claim", () => {
  test("its timeline with the notes the reader may see is ONE statement; handing over the row does not skip the check", async () => {
    const claim = await bigClaim();
    await requestDocuments(await as("agent"), claim.id, { note: "Proszę o protokół szkody" });
    const row = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, select: { id: true, buyerId: true, sellerId: true } });
    for (const who of ["buyer", "agent"]) {
      const ctx = await as(who);
      db.queryCounter.reset();
      const events = await claimTimeline(ctx, row);
      expect(db.queryCounter.count).toBe(1);
      expect(events.find((e) => e.type === "DOCUMENTS_REQUESTED")?.note).toBe("Proszę o protokół szkody");
      expect(events.map((e) => Number(e.id))).toEqual(events.map((e) => Number(e.id)).sort((a, b) => a - b));
    }
    const outsider = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
    const ctx = contextFor(createTestServices(db, clock), await actorFor(db.prisma, outsider));
    await expect(claimTimeline(ctx, row)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the claim page with the agent's precheck costs the same number of statements for every claim, fewer than before", async () => {
    const claim = await bigClaim();
    const services = createTestServices(db, clock);
    const cookie = await sessionCookieFor(services, people.agent);
    const id = toGlobalId("Claim", claim.id);
    const page = `query($id: ID!) { node(id: $id) { ... on Claim { id status order { number } lines { quantity } documents { id } timeline { type note } } } }`;
    const withPrecheck = `query($id: ID!) { node(id: $id) { ... on Claim { id status order { number } lines { quantity } documents { id } timeline { type note } } }
      agentClaimPrecheck(claimId: $id) { eligible maxAmount { amount } checks { code ok } } }`;
    const alone = await graphql(services, page, { cookie, variables: { id } });
    const both = await graphql(services, withPrecheck, { cookie, variables: { id } });
    expect(both.errors).toBeUndefined();
    expect(both.data.agentClaimPrecheck.checks.length).toBeGreaterThan(0);
    // The page: authentication (0 or 1), the claim with its relations (1), the timeline (1).
    expect(alone.queries).toBeLessThanOrEqual(3);
    // The precheck: the claim's row, the order, the terms, then the discussions, other claims and the
    // person's approvals together — not the whole claim page again (it read the parties' records too).
    expect(both.queries - alone.queries).toBeLessThanOrEqual(5);
  });
});

describe("the recorder", () => {
  test("refuses an event its catalogue does not describe, and the transaction writes nothing", async () => {
    const ctx = await as("agent");
    const before = await db.prisma.caseEvent.count();
    const auditBefore = await db.prisma.auditLog.count();
    const caseId = "00000000-0000-4000-8000-000000000001";
    await expect(inTransaction(ctx, (tx) => recordChange(tx, ctx, claimEvents, { caseId, type: "TELEPORTED" as never, actorRole: "AGENT" }))).rejects.toThrow(
      /no event type TELEPORTED/,
    );
    await expect(
      inTransaction(ctx, (tx) => recordChange(tx, ctx, claimEvents, { caseId, type: "REJECTED", actorRole: "AGENT", data: { reason: "OTHER", note: "free text" } })),
    ).rejects.toThrow(/does not match/);
    expect(await db.prisma.caseEvent.count()).toBe(before);
    expect(await db.prisma.auditLog.count()).toBe(auditBefore);
  });
});

describe("the notes migration", () => {
  test("moves every note out of the timeline's data into its own row, and the timeline stays append-only", async () => {
    const migrations = readMigrations();
    const index = migrations.findIndex((m) => m.name.endsWith("_case_notes"));
    expect(index).toBeGreaterThan(0);
    const database = await openDatabase({});
    try {
      await database.session((sql) => migrate(sql, migrations.slice(0, index)));
      const caseId = "00000000-0000-4000-8000-0000000000aa";
      await database.sql.exec(`
        INSERT INTO "CaseEvent" ("caseType", "caseId", type, "actorType", "actorId", "actorRole", at, data) VALUES
          ('CLAIM', '${caseId}', 'DOCUMENTS_REQUESTED', 'USER', '00000000-0000-4000-8000-0000000000b1', 'AGENT', '2026-11-01T10:00:00Z', '{"note": "Proszę o dokument"}'),
          ('CLAIM', '${caseId}', 'SECOND_APPROVAL_DECLINED', 'USER', '00000000-0000-4000-8000-0000000000b2', 'SENIOR_AGENT', '2026-11-01T11:00:00Z', '{"note": "Za dużo", "declinedAmount": 700000}'),
          ('CLAIM', '${caseId}', 'REJECTED', 'USER', '00000000-0000-4000-8000-0000000000b1', 'AGENT', '2026-11-01T12:00:00Z', '{"reason": "OTHER"}')`);
      await database.session((sql) => migrate(sql, migrations));
      const notes = await database.sql.query<{ audience: string; body: string; authorId: string; type: string }>(
        `SELECT n.audience, n.body, n."authorId", e.type FROM "CaseNote" n JOIN "CaseEvent" e ON e.id = n."eventId" ORDER BY e.id`,
      );
      expect(notes).toEqual([
        { audience: "PARTIES", body: "Proszę o dokument", authorId: "00000000-0000-4000-8000-0000000000b1", type: "DOCUMENTS_REQUESTED" },
        { audience: "STAFF", body: "Za dużo", authorId: "00000000-0000-4000-8000-0000000000b2", type: "SECOND_APPROVAL_DECLINED" },
      ]);
      const data = await database.sql.query<{ data: Record<string, unknown> }>(`SELECT data FROM "CaseEvent" ORDER BY id`);
      expect(data.map((row) => row.data)).toEqual([{}, { declinedAmount: 700000 }, { reason: "OTHER" }]);
      await expect(database.sql.exec(`UPDATE "CaseEvent" SET type = 'X'`)).rejects.toThrow(/append-only/);
    } finally {
      await database.close();
    }
  });
});
