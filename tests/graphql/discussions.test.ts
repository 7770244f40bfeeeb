import { createTestClock, HOUR, type TestClock } from "~/infra/clock";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createOrder, createUser } from "../support/factories";
import { createTestServices, graphql, sessionCookieFor } from "../support/services";
import type { AppServices } from "~/infra/services.server";

// The discussions API: same rules as the UI (it calls the same domain functions), typed errors, and a
// constant number of SQL statements per request.
let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
const cookies: Record<string, string> = {};
let sellerId = "";
let buyerId = "";

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  services = createTestServices(db, clock);
  const buyer = await createUser(db.prisma, { roles: ["BUYER"] });
  const other = await createUser(db.prisma, { roles: ["BUYER"] });
  const seller = await createUser(db.prisma, { roles: ["SELLER"] });
  const agent = await createUser(db.prisma, { roles: ["AGENT"] });
  const admin = await createUser(db.prisma, { roles: ["ADMIN"] });
  buyerId = buyer.id;
  sellerId = seller.id;
  for (const [name, user] of Object.entries({ buyer, other, seller, agent, admin })) cookies[name] = await sessionCookieFor(services, user.id);
});
afterAll(async () => db?.close());

const newOrder = () => createOrder(db.prisma, { buyerId, sellerId, placedAt: new Date(clock.now().getTime() - 2 * 24 * HOUR) });
const gid = (type: string, id: string) => encodeGlobalID(type, id);

const OPEN = /* GraphQL */ `
  mutation Open($orderId: ID!, $description: String!) {
    openDiscussion(orderId: $orderId, reason: NOT_RECEIVED, description: $description) {
      __typename
      ... on MutationOpenDiscussionSuccess { data { id reference status sellerResponseDueAt viewerRole viewerActions } }
      ... on DomainError { code message fieldErrors { field messages } }
    }
  }`;

async function openViaApi() {
  const order = await newOrder();
  const result = await graphql(services, OPEN, { cookie: cookies.buyer, variables: { orderId: gid("Order", order.id), description: "Brak paczki" } });
  expect(result.errors).toBeUndefined();
  return { order, discussion: result.data.openDiscussion.data };
}

test("a buyer opens a discussion through the API; the deadline and the allowed actions come back", async () => {
  const { discussion } = await openViaApi();
  expect(discussion.status).toBe("OPEN");
  expect(discussion.viewerRole).toBe("BUYER");
  expect(discussion.viewerActions.sort()).toEqual(["CLOSE_AS_RESOLVED", "POST_MESSAGE"]);
  expect(new Date(discussion.sellerResponseDueAt).getTime()).toBe(clock.now().getTime() + 24 * HOUR);
});

test("typed errors: someone else's order, a second discussion, escalating too early — and nothing written", async () => {
  const { order, discussion } = await openViaApi();
  const before = await db.prisma.discussion.count();
  const notMine = await graphql(services, OPEN, { cookie: cookies.other, variables: { orderId: gid("Order", order.id), description: "x" } });
  expect(notMine.data.openDiscussion).toMatchObject({ __typename: "DomainError", code: "NOT_FOUND" });
  const second = await graphql(services, OPEN, { cookie: cookies.buyer, variables: { orderId: gid("Order", order.id), description: "x" } });
  expect(second.data.openDiscussion).toMatchObject({ __typename: "DomainError", code: "DISCUSSION_ALREADY_OPEN" });
  const empty = await graphql(services, OPEN, { cookie: cookies.buyer, variables: { orderId: gid("Order", order.id), description: "  " } });
  expect(empty.data.openDiscussion).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: [{ field: "description" }] });
  const wrongType = await graphql(services, OPEN, { cookie: cookies.buyer, variables: { orderId: gid("Offer", order.id), description: "x" } });
  expect(wrongType.data.openDiscussion).toMatchObject({ code: "NOT_FOUND" });
  expect(await db.prisma.discussion.count()).toBe(before);
  const early = await graphql(services, `mutation($id: ID!) { escalateDiscussion(discussionId: $id) { __typename ... on DomainError { code } } }`, {
    cookie: cookies.buyer,
    variables: { id: discussion.id },
  });
  expect(early.data.escalateDiscussion).toEqual({ __typename: "DomainError", code: "ESCALATION_TOO_EARLY" });
});

test("only the parties and agents can read a discussion; others get null", async () => {
  const { discussion } = await openViaApi();
  const read = (cookie?: string) => graphql(services, `query($id: ID!) { node(id: $id) { ... on Discussion { reference } } }`, { cookie, variables: { id: discussion.id } });
  expect((await read(cookies.buyer)).data.node).toEqual({ reference: discussion.reference });
  expect((await read(cookies.seller)).data.node).toEqual({ reference: discussion.reference });
  expect((await read(cookies.agent)).data.node).toEqual({ reference: discussion.reference });
  expect((await read(cookies.other)).data.node).toBeNull();
  expect((await read(cookies.admin)).data.node).toBeNull();
  expect((await read(undefined)).data.node).toBeNull();
});

test("the whole flow: seller misses the deadline, buyer escalates, agent takes and resolves", async () => {
  const { discussion } = await openViaApi();
  clock.advance(24 * HOUR);
  const escalate = await graphql(services, `mutation($id: ID!) { escalateDiscussion(discussionId: $id) { ... on MutationEscalateDiscussionSuccess { data { status } } ... on DomainError { code message } } }`, {
    cookie: cookies.buyer,
    variables: { id: discussion.id },
  });
  expect(escalate.errors, JSON.stringify(escalate)).toBeUndefined();
  expect(escalate.data.escalateDiscussion.data?.status, JSON.stringify(escalate)).toBe("ESCALATED");
  const queue = await graphql(services, `{ discussionQueue(first: 10, filter: { assignment: UNASSIGNED }) { totalCount edges { node { id reference } } } }`, {
    cookie: cookies.agent,
  });
  expect(queue.data.discussionQueue.edges.map((e: any) => e.node.id)).toContain(discussion.id);
  const forbiddenQueue = await graphql(services, `{ discussionQueue(first: 10) { totalCount } }`, { cookie: cookies.buyer });
  expect(forbiddenQueue.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  await graphql(services, `mutation($id: ID!) { takeDiscussion(discussionId: $id) { __typename } }`, { cookie: cookies.agent, variables: { id: discussion.id } });
  const close = await graphql(
    services,
    `mutation($id: ID!) { closeDiscussionWithOutcome(discussionId: $id, outcome: PARTIAL_REFUND, amount: 5000, note: "Częściowy zwrot") {
        __typename ... on MutationCloseDiscussionWithOutcomeSuccess { data { status resolution outcome outcomeAmount { amount formatted } closingNote } } } }`,
    { cookie: cookies.agent, variables: { id: discussion.id } },
  );
  expect(close.data.closeDiscussionWithOutcome.data).toMatchObject({
    status: "CLOSED",
    resolution: "AGENT_DECISION",
    outcome: "PARTIAL_REFUND",
    outcomeAmount: { amount: 5000 },
    closingNote: "Częściowy zwrot",
  });
  const timeline = await graphql(services, `query($id: ID!) { node(id: $id) { ... on Discussion { timeline { kind type actorRole actorName } } } }`, {
    cookie: cookies.buyer,
    variables: { id: discussion.id },
  });
  expect(timeline.data.node.timeline.map((e: any) => e.type)).toEqual(["OPENED", "MESSAGE", "ESCALATED", "ASSIGNED", "CLOSED_BY_AGENT"]);
  const metrics = await graphql(services, `{ discussionMetrics { closed closedWithoutIntervention withoutInterventionShare sellerOnTimeRate } }`, { cookie: cookies.agent });
  expect(metrics.data.discussionMetrics.closed).toBeGreaterThanOrEqual(1);
  expect((await graphql(services, `{ discussionMetrics { closed } }`, { cookie: cookies.seller })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("the agent queue costs the same number of SQL statements for 5 or 50 rows", async () => {
  for (let i = 0; i < 12; i++) {
    const { discussion } = await openViaApi();
    clock.advance(HOUR);
    void discussion;
  }
  clock.advance(30 * HOUR);
  const mine = await db.prisma.discussion.findMany({ where: { status: "OPEN" } });
  for (const d of mine) {
    await graphql(services, `mutation($id: ID!) { escalateDiscussion(discussionId: $id) { __typename } }`, { cookie: cookies.buyer, variables: { id: gid("Discussion", d.id) } });
  }
  const query = (first: number) =>
    graphql(
      services,
      `{ discussionQueue(first: ${first}) { edges { node { id reference reason escalatedAt sellerOverdue order { number total { amount } } buyer { name smartMember } seller { name } assignedAgent { name } } } } }`,
      { cookie: cookies.agent },
    );
  const small = await query(5);
  const large = await query(50);
  expect(small.errors).toBeUndefined();
  expect(large.data.discussionQueue.edges.length).toBeGreaterThan(5);
  expect(large.queries).toBe(small.queries);
  expect(large.queries).toBeLessThanOrEqual(6);
});

test("attachments go up through a GraphQL multipart request", async () => {
  const order = await newOrder();
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({
      query: `mutation($orderId: ID!, $files: [File!]) { openDiscussion(orderId: $orderId, reason: DAMAGED, description: "Zdjęcie", attachments: $files) {
        __typename ... on MutationOpenDiscussionSuccess { data { messages(first: 1) { edges { node { attachments { fileName contentType url } } } } } } ... on DomainError { code message fieldErrors { field messages } } } }`,
      variables: { orderId: gid("Order", order.id), files: [null] },
    }),
  );
  form.append("map", JSON.stringify({ 0: ["variables.files.0"] }));
  form.append("0", new File([new TextEncoder().encode("%PDF-1.4\n%%EOF")], "protokół.pdf", { type: "application/pdf" }));
  const response = await services.graphql.handleRequest(
    new Request("http://localhost/graphql", { method: "POST", headers: { cookie: cookies.buyer, "graphql-require-preflight": "1" }, body: form }),
    {},
  );
  const body = (await response.json()) as any;
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  expect(body.data.openDiscussion.__typename, JSON.stringify(body)).toBe("MutationOpenDiscussionSuccess");
  const attachment = body.data.openDiscussion.data.messages.edges[0].node.attachments[0];
  expect(attachment).toMatchObject({ fileName: "protokół.pdf", contentType: "application/pdf" });
});
