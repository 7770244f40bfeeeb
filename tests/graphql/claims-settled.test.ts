import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";
import type { AppServices } from "~/infra/services.server";
import { closeWithOutcome, escalateDiscussion, openDiscussion, takeDiscussion } from "~/domain/discussions/discussions.server";

// Through the API: the settled refund in the precheck and on the claim, the agent's identity hidden from
// the parties, a new terms version answered as typed data, the four-eyes threshold readable by its setters.
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
    admin: ["ADMIN"],
  } as const)) {
    ids[name] = (await createUser(db.prisma, { roles: [...roles] })).id;
    cookies[name] = await sessionCookieFor(services, ids[name]);
  }
});
afterAll(async () => db?.close());

const at = async (who: string, when: Date) => contextFor(createTestServices(db, createTestClock(when)), await actorFor(db.prisma, ids[who]));
const ago = (ms: number) => new Date(clock.now().getTime() - ms);

/** An order of 5,022.97 PLN with a discussion escalated and taken by the agent. */
async function orderWithTakenDiscussion() {
  const order = await createOrder(db.prisma, {
    buyerId: ids.buyer,
    sellerId: ids.seller,
    lines: [{ unitAmount: 249_999 }, { unitAmount: 249_999 }],
    shippingAmount: 2_299,
    placedAt: ago(10 * DAY),
  });
  const opened = ago(3 * DAY);
  const discussion = await openDiscussion(await at("buyer", opened), { orderId: order.id, reason: "NOT_RECEIVED", description: "Brak paczki" });
  const later = new Date(opened.getTime() + 25 * HOUR);
  await escalateDiscussion(await at("buyer", later), discussion.id);
  await takeDiscussion(await at("agent", later), discussion.id);
  return { order, discussionId: discussion.id, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: 1 })) };
}

const PRECHECK = /* GraphQL */ `
  query($orderId: ID!, $lines: [ClaimLineInput!]!, $notReceived: Boolean) {
    claimPrecheck(orderId: $orderId, lines: $lines, refundNotReceived: $notReceived) {
      eligible maxAmount { amount } termsMaxAmount { amount } settledAmount { amount } settledDeducted { amount } refundNotReceived
      settlements { discussionReference outcome amount { amount } decidedBy decidedAt }
      checks { code ok errorCode }
    }
  }`;

test("the discussion's full refund in the precheck; a 'did not arrive' claim carries the flag agents see", async () => {
  const { order, discussionId, lines } = await orderWithTakenDiscussion();
  await closeWithOutcome(await at("agent", ago(HOUR)), discussionId, { outcome: "REFUND", note: "Zwrot całości" });
  const variables = { orderId: encodeGlobalID("Order", order.id), lines };
  const settled = await graphql(services, PRECHECK, { cookie: cookies.buyer, variables });
  expect(settled.errors).toBeUndefined();
  const discussion = await db.prisma.discussion.findUniqueOrThrow({ where: { id: discussionId } });
  expect(settled.data.claimPrecheck).toMatchObject({
    eligible: false,
    maxAmount: { amount: 0 },
    termsMaxAmount: { amount: 502_297 },
    settledAmount: { amount: 502_297 },
    settledDeducted: { amount: 502_297 },
    refundNotReceived: false,
    settlements: [{ discussionReference: `D-${discussion.number}`, outcome: "REFUND", amount: { amount: 502_297 }, decidedBy: "AGENT", decidedAt: ago(HOUR).toISOString() }],
  });
  expect(settled.data.claimPrecheck.checks).toContainEqual({ code: "SETTLED", ok: false, errorCode: "CLAIM_SETTLED_IN_DISCUSSION" });

  const FILE = /* GraphQL */ `
    mutation($orderId: ID!, $lines: [ClaimLineInput!]!, $notReceived: Boolean) {
      fileClaim(orderId: $orderId, lines: $lines, reason: NOT_RECEIVED, description: "Zwrot nie dotarł", refundNotReceived: $notReceived) {
        __typename
        ... on MutationFileClaimSuccess { data { id maxAmount { amount } settledAmount { amount } refundNotReceived } }
        ... on DomainError { code }
      }
    }`;
  const refused = await graphql(services, FILE, { cookie: cookies.buyer, variables });
  expect(refused.data.fileClaim).toMatchObject({ __typename: "DomainError", code: "CLAIM_SETTLED_IN_DISCUSSION" });
  const filed = await graphql(services, FILE, { cookie: cookies.buyer, variables: { ...variables, notReceived: true } });
  expect(filed.data.fileClaim.data).toMatchObject({ maxAmount: { amount: 502_297 }, settledAmount: { amount: 0 }, refundNotReceived: true });

  const agentView = await graphql(
    services,
    `query($id: ID!) { node(id: $id) { ... on Claim { refundNotReceived } } agentClaimPrecheck(claimId: $id) { refundNotReceived maxAmount { amount } settlements { outcome decidedBy } } }`,
    { cookie: cookies.agent, variables: { id: filed.data.fileClaim.data.id } },
  );
  expect(agentView.errors).toBeUndefined();
  expect(agentView.data).toMatchObject({
    node: { refundNotReceived: true },
    agentClaimPrecheck: { refundNotReceived: true, maxAmount: { amount: 502_297 }, settlements: [{ outcome: "REFUND", decidedBy: "AGENT" }] },
  });
});

test("Discussion.assignedAgent: the agent's name and id for staff, null for the buyer and the seller", async () => {
  const { discussionId } = await orderWithTakenDiscussion();
  const query = `query($id: ID!) { node(id: $id) { ... on Discussion { assignedAgent { id name } } } }`;
  const variables = { id: encodeGlobalID("Discussion", discussionId) };
  const agent = await graphql(services, query, { cookie: cookies.agent, variables });
  expect(agent.errors).toBeUndefined();
  expect(agent.data.node.assignedAgent).toMatchObject({ id: encodeGlobalID("User", ids.agent) });
  expect(agent.data.node.assignedAgent.name).toBeTruthy();
  for (const party of ["buyer", "seller"]) {
    const seen = await graphql(services, query, { cookie: cookies[party], variables });
    expect(seen.errors, party).toBeUndefined();
    expect(seen.data.node, party).toEqual({ assignedAgent: null });
  }
  // The same through the lists the parties read.
  const mine = await graphql(services, `{ myDiscussions(as: BUYER, first: 50) { edges { node { id assignedAgent { name } } } } }`, { cookie: cookies.buyer });
  expect(mine.errors).toBeUndefined();
  expect(mine.data.myDiscussions.edges.length).toBeGreaterThan(0);
  expect(mine.data.myDiscussions.edges.every((e: { node: { assignedAgent: unknown } }) => e.node.assignedAgent === null)).toBe(true);
});

test("createProgramTermsVersion answers the version it wrote", async () => {
  const mutation = /* GraphQL */ `
    mutation($from: DateTime!) {
      createProgramTermsVersion(
        version: "api-2028", name: "Program Ochrony Kupujących 2028", effectiveFrom: $from,
        coveredPaymentMethods: [PLATFORM_PAY, BANK_TRANSFER], shippingCoveredPaymentMethods: [PLATFORM_PAY],
        shippingCap: 10000, perClaimCap: 2000000, perPersonCap: 4000000, perPersonCapWindowDays: 730,
        discussionWindowDays: 730, claimWindowDays: 730, standardDecisionHours: 120, smartDecisionHours: 12
      ) {
        __typename
        ... on MutationCreateProgramTermsVersionSuccess { data { id version name effectiveFrom perClaimCap { amount } perPersonCap { amount } coveredPaymentMethods } }
        ... on DomainError { code }
      }
    }`;
  const from = new Date(clock.now().getTime() + 400 * DAY).toISOString();
  const created = await graphql(services, mutation, { cookie: cookies.admin, variables: { from } });
  expect(created.errors).toBeUndefined();
  expect(created.data.createProgramTermsVersion).toMatchObject({
    __typename: "MutationCreateProgramTermsVersionSuccess",
    data: { version: "api-2028", effectiveFrom: from, perClaimCap: { amount: 2_000_000 }, perPersonCap: { amount: 4_000_000 }, coveredPaymentMethods: ["PLATFORM_PAY", "BANK_TRANSFER"] },
  });
  expect(await db.prisma.programTerms.findUniqueOrThrow({ where: { version: "api-2028" } })).toMatchObject({ perClaimCap: 2_000_000, createdById: ids.admin });
  // The same version again: a typed conflict, nothing written.
  const again = await graphql(services, mutation, { cookie: cookies.admin, variables: { from: new Date(clock.now().getTime() + 450 * DAY).toISOString() } });
  expect(again.data.createProgramTermsVersion).toMatchObject({ __typename: "DomainError", code: "TERMS_VERSION_CONFLICT" });
  // Asking for the answer's type name only (no field of the version) was answered INTERNAL after the write.
  const bare = await graphql(
    services,
    mutation.replace(/\.\.\. on MutationCreateProgramTermsVersionSuccess \{[^\n]*\n/, "").replace('"api-2028"', '"api-2029"').replace(/perPersonCap: 4000000, perPersonCapWindowDays: 730,/, ""),
    { cookie: cookies.admin, variables: { from: new Date(clock.now().getTime() + 500 * DAY).toISOString() } },
  );
  expect(bare.errors).toBeUndefined();
  expect(bare.data.createProgramTermsVersion).toEqual({ __typename: "MutationCreateProgramTermsVersionSuccess" });
  expect(await db.prisma.programTerms.count({ where: { version: { in: ["api-2028", "api-2029"] } } })).toBe(2);
  const agent = await graphql(services, mutation.replace('"api-2028"', '"api-2030"'), { cookie: cookies.agent, variables: { from: new Date(clock.now().getTime() + 600 * DAY).toISOString() } });
  expect(agent.data.createProgramTermsVersion).toMatchObject({ __typename: "DomainError", code: "FORBIDDEN" });
});

test("fourEyesThreshold: the admin who sets it can read it, agents too, buyers cannot", async () => {
  const set = await graphql(services, `mutation { setFourEyesThreshold(amount: 420000) { __typename ... on MutationSetFourEyesThresholdSuccess { data { amount } } } }`, {
    cookie: cookies.admin,
  });
  expect(set.data.setFourEyesThreshold.data).toEqual({ amount: 420_000 });
  for (const who of ["admin", "agent"]) {
    const read = await graphql(services, `{ fourEyesThreshold { amount currency } }`, { cookie: cookies[who] });
    expect(read.errors, who).toBeUndefined();
    expect(read.data.fourEyesThreshold, who).toEqual({ amount: 420_000, currency: "PLN" });
  }
  const buyer = await graphql(services, `{ fourEyesThreshold { amount } }`, { cookie: cookies.buyer });
  expect(buyer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});
