import type { LoaderFunctionArgs } from "@remix-run/node";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestClock, DAY, HOUR } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { actorFor, createOrder, createUser } from "../support/factories";
import { contextFor, createTestServices, graphql, sessionCookieFor } from "../support/services";
import { escalateDiscussion, openDiscussion, takeDiscussion } from "~/domain/discussions/discussions.server";
import { approveClaim, fileClaim } from "~/domain/claims/claims.server";
import * as discussionPage from "~/routes/discussions.$discussionId";
import * as discussionList from "~/routes/discussions._index";
import * as claimPage from "~/routes/claims.$claimId/route";
import * as claimList from "~/routes/claims._index";

// Who sees what is a rule of the domain (the contexts' views modules); the Remix pages and GraphQL both
// serve it. Each rule is checked through both adapters for the same people, so they cannot disagree.

let db: TestDatabase;
let services: AppServices;
const clock = createTestClock("2026-11-02T10:00:00.000Z");
const people: Record<string, string> = {};
const cookies: Record<string, string> = {};
const AGENT_NAME = "Agentka Widoczna-Tylko-Dla-Personelu";

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, clock);
  people.buyer = (await createUser(db.prisma, { roles: ["BUYER"] })).id;
  people.seller = (await createUser(db.prisma, { roles: ["SELLER"] })).id;
  people.agent = (await createUser(db.prisma, { roles: ["AGENT"], name: AGENT_NAME })).id;
  for (const who of Object.keys(people)) cookies[who] = await sessionCookieFor(services, people[who]);
});
afterAll(async () => db?.close());

const as = async (who: string, at = clock) => contextFor(createTestServices(db, at), await actorFor(db.prisma, people[who]));

/** A Remix loader's JSON, called in-process as Remix calls it. */
async function page(loader: (args: LoaderFunctionArgs) => unknown, who: string, url: string, params: Record<string, string> = {}) {
  const response = (await loader({ request: new Request(`http://localhost${url}`, { headers: { cookie: cookies[who] } }), context: { services }, params } as LoaderFunctionArgs)) as Response;
  return response.json();
}

async function discussion(options: { openedAgo: number }) {
  const order = await createOrder(db.prisma, { buyerId: people.buyer, sellerId: people.seller, placedAt: new Date(clock.now().getTime() - 10 * DAY) });
  const opened = createTestClock(new Date(clock.now().getTime() - options.openedAgo));
  const d = await openDiscussion(await as("buyer", opened), { orderId: order.id, reason: "NOT_RECEIVED", description: "Paczka nie dotarła" });
  return { order, discussion: d };
}

describe("a discussion's agent is staff-only", () => {
  test("parties see the platform on the page and in the API; the agent sees the name", async () => {
    const { discussion: d } = await discussion({ openedAgo: 2 * DAY });
    await escalateDiscussion(await as("buyer"), d.id);
    await takeDiscussion(await as("agent"), d.id);
    const query = `query($id: ID!) { node(id: $id) { ... on Discussion { assignedAgent { name } } } }`;
    for (const who of ["buyer", "seller"]) {
      expect(JSON.stringify(await page(discussionPage.loader, who, `/discussions/${d.id}`, { discussionId: d.id }))).not.toContain(AGENT_NAME);
      const api = await graphql(services, query, { variables: { id: encodeGlobalID("Discussion", d.id) }, cookie: cookies[who] });
      expect(api.data.node.assignedAgent, who).toBeNull();
    }
    expect(JSON.stringify(await page(discussionPage.loader, "agent", `/discussions/${d.id}`, { discussionId: d.id }))).toContain(AGENT_NAME);
    const api = await graphql(services, query, { variables: { id: encodeGlobalID("Discussion", d.id) }, cookie: cookies.agent });
    expect(api.data.node.assignedAgent.name).toBe(AGENT_NAME);
  });
});

describe("a seller past the 24 hours is late before the sweep marks it", () => {
  test("the pages and the API give the same answer at 23:59:59 and at 24:00:00", async () => {
    const early = await discussion({ openedAgo: 24 * HOUR - 1000 });
    const late = await discussion({ openedAgo: 24 * HOUR });
    const query = `query($id: ID!) { node(id: $id) { ... on Discussion { sellerOverdue } } }`;
    for (const [d, expected] of [[early.discussion, false], [late.discussion, true]] as const) {
      const onPage = (await page(discussionPage.loader, "buyer", `/discussions/${d.id}`, { discussionId: d.id })).discussion.sellerOverdue;
      const listed = (await page(discussionList.loader, "buyer", `/discussions`)).discussions.find((r: { id: string }) => r.id === d.id)?.sellerOverdue;
      const api = (await graphql(services, query, { variables: { id: encodeGlobalID("Discussion", d.id) }, cookie: cookies.buyer })).data.node.sellerOverdue;
      expect({ onPage, listed, api }).toEqual({ onPage: expected, listed: expected, api: expected });
    }
  });
});

describe("a claim's seller recovery is for the seller and staff", () => {
  test("the buyer sees none on the page or in the API; the seller sees it in both", async () => {
    const { order } = await discussion({ openedAgo: 2 * DAY });
    const claim = await fileClaim(await as("buyer"), {
      orderId: order.id,
      lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
      reason: "NOT_RECEIVED",
      description: "Przesyłka nie dotarła",
    });
    await approveClaim(await as("agent"), claim.id);
    expect(await db.prisma.sellerRecovery.count({ where: { claimId: claim.id } })).toBe(1);
    const query = `query($id: ID!) { node(id: $id) { ... on Claim { recovery { amount { amount } } } } }`;
    const seen = async (who: string) => ({
      page: (await page(claimPage.loader, who, `/claims/${claim.id}`, { claimId: claim.id })).claim.recovery !== null,
      api: (await graphql(services, query, { variables: { id: encodeGlobalID("Claim", claim.id) }, cookie: cookies[who] })).data.node.recovery !== null,
    });
    expect(await seen("buyer")).toEqual({ page: false, api: false });
    expect(await seen("seller")).toEqual({ page: true, api: true });

    // "My claims" is one rule too: the same claims on the page and in the API.
    const listed = (await page(claimList.loader, "buyer", "/claims")).claims.map((c: { id: string }) => c.id).sort();
    const api = await graphql(services, `{ myClaims(first: 50) { edges { node { id } } } }`, { cookie: cookies.buyer });
    expect(api.data.myClaims.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(listed.map((id: string) => encodeGlobalID("Claim", id)).sort());
  });
});
