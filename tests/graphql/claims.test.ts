import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";
import type { AppServices } from "~/infra/services.server";
import { openDiscussion } from "~/domain/discussions/discussions.server";

// Claims through the API: precheck, filing, the queue (constant SQL count), four-eyes approval and the payout.
let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-11-02T10:00:00.000Z");
  services = createTestServices(db, clock);
  for (const [name, roles] of Object.entries({
    buyer: ["BUYER"],
    seller: ["SELLER"],
    agent: ["AGENT"],
    senior: ["AGENT", "SENIOR_AGENT"],
    other: ["BUYER"],
  } as const)) {
    ids[name] = (await createUser(db.prisma, { roles: [...roles] })).id;
    cookies[name] = await sessionCookieFor(services, ids[name]);
  }
});
afterAll(async () => db?.close());

async function orderWithDiscussion(unitAmount = 150_000, shippingAmount = 12_000) {
  const order = await createOrder(db.prisma, { buyerId: ids.buyer, sellerId: ids.seller, lines: [{ unitAmount }], shippingAmount, placedAt: new Date(clock.now().getTime() - 5 * DAY) });
  const past = createTestClock(new Date(clock.now().getTime() - 2 * DAY));
  await openDiscussion(contextFor(createTestServices(db, past), await actorFor(db.prisma, ids.buyer)), { orderId: order.id, reason: "NOT_RECEIVED", description: "Brak" });
  return order;
}

const FILE = /* GraphQL */ `
  mutation($orderId: ID!, $lines: [ClaimLineInput!]!) {
    fileClaim(orderId: $orderId, lines: $lines, reason: NOT_RECEIVED, description: "Nie dotarło", policeReport: true) {
      __typename
      ... on MutationFileClaimSuccess { data { id reference status maxAmount { amount } shippingAmount { amount } smartAtFiling deadlineState terms { version } } }
      ... on DomainError { code message }
    }
  }`;

test("the precheck and filing agree; typed errors write nothing", async () => {
  const order = await orderWithDiscussion();
  const lines = order.lines.map((l) => ({ orderLineId: l.id, quantity: 1 }));
  const check = await graphql(services, `query($orderId: ID!, $lines: [ClaimLineInput!]!) { claimPrecheck(orderId: $orderId, lines: $lines) { eligible covered maxAmount { amount } shippingAmount { amount } shippingCapApplied termsVersion checks { code ok } } }`, {
    cookie: cookies.buyer,
    variables: { orderId: encodeGlobalID("Order", order.id), lines },
  });
  expect(check.data.claimPrecheck).toMatchObject({ eligible: true, covered: true, maxAmount: { amount: 160_000 }, shippingAmount: { amount: 10_000 }, shippingCapApplied: true, termsVersion: "2017-08" });
  const other = await graphql(services, FILE, { cookie: cookies.other, variables: { orderId: encodeGlobalID("Order", order.id), lines } });
  expect(other.data.fileClaim).toMatchObject({ __typename: "DomainError", code: "NOT_FOUND" });
  const filed = await graphql(services, FILE, { cookie: cookies.buyer, variables: { orderId: encodeGlobalID("Order", order.id), lines } });
  expect(filed.data.fileClaim.data).toMatchObject({ status: "SUBMITTED", maxAmount: { amount: 160_000 }, deadlineState: "ok", terms: { version: "2017-08" } });
  const twice = await graphql(services, FILE, { cookie: cookies.buyer, variables: { orderId: encodeGlobalID("Order", order.id), lines } });
  expect(twice.data.fileClaim).toMatchObject({ code: "CLAIM_LINES_ALREADY_CLAIMED" });
  expect(await db.prisma.claim.count({ where: { orderId: order.id } })).toBe(1);
});

test("four eyes through the API; the buyer then sees the payout", async () => {
  const order = await orderWithDiscussion(700_000, 0);
  const filed = await graphql(services, FILE, { cookie: cookies.buyer, variables: { orderId: encodeGlobalID("Order", order.id), lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] } });
  const claimId = filed.data.fileClaim.data.id;
  const approve = await graphql(services, `mutation($id: ID!) { approveClaim(claimId: $id) { __typename ... on MutationApproveClaimSuccess { data { status approvedAmount { amount } } } ... on DomainError { code } } }`, {
    cookie: cookies.agent,
    variables: { id: claimId },
  });
  expect(approve.data.approveClaim.data).toEqual({ status: "AWAITING_SECOND_APPROVAL", approvedAmount: { amount: 700_000 } });
  const byBuyer = await graphql(services, `mutation($id: ID!) { secondApproveClaim(claimId: $id) { __typename ... on DomainError { code } } }`, { cookie: cookies.buyer, variables: { id: claimId } });
  expect(byBuyer.data.secondApproveClaim).toEqual({ __typename: "DomainError", code: "FORBIDDEN" });
  const second = await graphql(services, `mutation($id: ID!) { secondApproveClaim(claimId: $id) { __typename ... on MutationSecondApproveClaimSuccess { data { status } } } }`, {
    cookie: cookies.senior,
    variables: { id: claimId },
  });
  expect(second.data.secondApproveClaim.data.status).toBe("PAID");
  const seen = await graphql(services, `query($id: ID!) { node(id: $id) { ... on Claim { status payout { amount { amount formatted } status transferReference } timeline { type actorRole actorId } } } }`, {
    cookie: cookies.buyer,
    variables: { id: claimId },
  });
  expect(seen.data.node).toMatchObject({ status: "PAID", payout: { amount: { amount: 700_000 }, status: "EXECUTED" } });
  expect(seen.data.node.timeline.map((e: any) => e.type)).toEqual(["FILED", "APPROVED_PENDING_SECOND", "SECOND_APPROVAL_GIVEN", "PAID"]);
  expect(seen.data.node.timeline.every((e: any) => e.actorId === null)).toBe(true);
  expect((await graphql(services, `query($id: ID!) { node(id: $id) { ... on Claim { status } } }`, { cookie: cookies.other, variables: { id: claimId } })).data.node).toBeNull();
});

test("the claims queue costs the same number of SQL statements for 5 or 50 rows", async () => {
  for (let i = 0; i < 8; i++) {
    const order = await orderWithDiscussion(10_000 + i);
    await graphql(services, FILE, { cookie: cookies.buyer, variables: { orderId: encodeGlobalID("Order", order.id), lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] } });
    clock.advance(HOUR);
  }
  const query = (first: number) =>
    graphql(services, `{ claimQueue(first: ${first}) { totalCount edges { node { id reference decisionDueAt deadlineState smartAtFiling maxAmount { amount } order { number paymentMethod } buyer { name } seller { name } lines { quantity amount { amount } } } } } }`, {
      cookie: cookies.agent,
    });
  const small = await query(5);
  const large = await query(50);
  expect(small.errors).toBeUndefined();
  expect(large.data.claimQueue.edges.length).toBeGreaterThan(5);
  expect(large.queries).toBe(small.queries);
  const metrics = await graphql(services, `{ claimMetrics { transactions reimbursements transactionsPerReimbursement approvalRate averageHoursToRefund { standard smart } amountPaidByReason { reason amount { amount } } } claimMetricsByYear { year transactions reimbursements } }`, { cookie: cookies.agent });
  expect(metrics.errors).toBeUndefined();
  expect(metrics.data.claimMetrics.reimbursements).toBeGreaterThanOrEqual(1);
  expect((await graphql(services, `{ claimQueue(first: 5) { totalCount } }`, { cookie: cookies.buyer })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
});
