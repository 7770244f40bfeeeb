import { encodeGlobalID } from "@pothos/plugin-relay";
import { createTestClock, DAY, HOUR, type TestClock } from "~/infra/clock";
import type { AppServices } from "~/infra/services.server";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories";
import { createTestServices, graphql, sessionCookieFor } from "../support/services";
import { createRightsWorld, PDF, type RightsWorld } from "../support/rights";
import { fileNotice } from "~/domain/rights/notices.server";
import { decideItem } from "~/domain/rights/items.server";

// Rights protection through the API: the walk from registration to reinstatement, the bulk notice
// (500 offers at once, 501 refused, every problem of a bad notice at once), the queue's constant
// statement count, and what reporters and sellers never see.

let db: TestDatabase;
let clock: TestClock;
let services: AppServices;
let world: RightsWorld;
const cookies: Record<string, string> = {};
const gid = (type: string, id: string) => encodeGlobalID(type, id);

beforeAll(async () => {
  db = await createTestDatabase();
  clock = createTestClock("2026-03-10T10:00:00.000Z");
  services = createTestServices(db, clock);
  world = await createRightsWorld(db.prisma, clock);
  for (const name of ["owner", "filer", "seller", "agent", "agent2", "senior", "admin"] as const) cookies[name] = await sessionCookieFor(services, world[name]);
}, 60_000);
afterAll(async () => db?.close());

const as = (who: string, query: string, variables?: Record<string, unknown>) => graphql(services, query, { cookie: cookies[who], variables });

/** A multipart request (GraphQL multipart spec) with one PDF per named File list argument. */
async function withUpload(who: string, query: string, variables: Record<string, unknown>, fileArg: string) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query, variables: { ...variables, [fileArg]: [null] } }));
  form.set("map", JSON.stringify({ "0": [`variables.${fileArg}.0`] }));
  form.set("0", new File([PDF], "certificate.pdf", { type: "application/pdf" }));
  const headers: Record<string, string> = { accept: "application/json", "x-graphql-yoga-csrf": "1", "graphql-preflight": "1", cookie: cookies[who] };
  await services.authCache.settle();
  const response = await services.graphql.handleRequest(new Request("http://localhost/graphql", { method: "POST", headers, body: form }), {});
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

const FILE_NOTICE = /* GraphQL */ `
  mutation($holder: ID!, $items: [IpNoticeItemInput!]!, $accurate: Boolean, $ref: String) {
    fileIpNotice(rightsHolderId: $holder, accuracyStatement: $accurate, clientReference: $ref, items: $items) {
      __typename
      ... on MutationFileIpNoticeSuccess { data { replayed notice { id number itemCount } items { id number offerId decisionDueAt } } }
      ... on DomainError { code message details { field code message } }
    }
  }`;

const itemInput = (offerId: string, kind = "COUNTERFEIT") => ({
  offerId: gid("Offer", offerId),
  rightId: gid("IpRight", world.rightId),
  kind,
  explanation: "The offer sells counterfeit ACME shoes: the logo and box differ from the originals.",
  evidenceUrls: ["https://evidence.example/test-purchase/1"],
});

const counts = async () => ({ notices: await db.prisma.ipNotice.count(), items: await db.prisma.ipReportItem.count(), events: await db.prisma.caseEvent.count({ where: { caseType: "IP_ITEM" } }) });

test("the walk: a holder registers and is verified, files a two-offer notice, one is taken down and one rejected, the seller appeals and another agent reinstates", async () => {
  const newOwner = await createUser(db.prisma, { roles: ["RIGHTS_HOLDER"], name: "Olga Właścicielka" });
  const newFiler = await createUser(db.prisma, { roles: ["RIGHTS_HOLDER"], name: "Piotr Zgłaszający" });
  cookies.newOwner = await sessionCookieFor(services, newOwner.id);
  cookies.newFiler = await sessionCookieFor(services, newFiler.id);

  const registered = await as("newOwner", `mutation { registerRightsHolder(name: "Zenit Sport S.A.", countryCode: "pl", companyNumber: "0000999888") { __typename ... on MutationRegisterRightsHolderSuccess { data { id reference status countryCode myRole } } ... on DomainError { code } } }`);
  const holder = registered.data.registerRightsHolder.data;
  expect(holder).toMatchObject({ status: "PENDING", countryCode: "PL", myRole: "OWNER" });

  const queue = await as("agent", `{ rightsVerificationQueue { holders { id name } rights { id } } }`);
  expect(queue.data.rightsVerificationQueue.holders.map((h: any) => h.id)).toContain(holder.id);
  const verified = await as("agent", `mutation($id: ID!) { verifyRightsHolder(rightsHolderId: $id, verified: true) { __typename ... on MutationVerifyRightsHolderSuccess { data { status verifiedAt } } } }`, { id: holder.id });
  expect(verified.data.verifyRightsHolder.data.status).toBe("VERIFIED");

  const REGISTER = `mutation($holder: ID!, $proof: [File!]) { registerIpRight(rightsHolderId: $holder, type: TRADEMARK, name: "ZENIT", registrationNumber: "R.123456", territory: "pl", ownerName: "Zenit Sport S.A.", proof: $proof) {
    __typename ... on MutationRegisterIpRightSuccess { data { id status territory documents { fileName contentType url } } } ... on DomainError { code fieldErrors { field messages } } } }`;
  const noProof = await as("newOwner", REGISTER, { holder: holder.id });
  expect(noProof.data.registerIpRight).toMatchObject({ __typename: "DomainError", code: "EVIDENCE_MISSING" });
  const right = (await withUpload("newOwner", REGISTER, { holder: holder.id }, "proof")).data.registerIpRight.data;
  expect(right).toMatchObject({ status: "PENDING", territory: "PL", documents: [{ contentType: "application/pdf", url: expect.stringMatching(/^\/rights\/documents\//) }] });
  await as("agent", `mutation($id: ID!) { verifyIpRight(rightId: $id, verified: true) { __typename } }`, { id: right.id });

  const invited = await as("newOwner", `mutation($holder: ID!, $email: String!) { inviteRightsHolderMember(rightsHolderId: $holder, email: $email, role: FILER) { __typename ... on MutationInviteRightsHolderMemberSuccess { data { id role acceptedAt } } } }`, { holder: holder.id, email: newFiler.email });
  expect(invited.data.inviteRightsHolderMember.data).toMatchObject({ role: "FILER", acceptedAt: null });
  const invitations = await as("newFiler", `{ myRightsHolderInvitations { id rightsHolderName role } }`);
  expect(invitations.data.myRightsHolderInvitations).toEqual([{ id: invited.data.inviteRightsHolderMember.data.id, rightsHolderName: "Zenit Sport S.A.", role: "FILER" }]);
  const accepted = await as("newFiler", `mutation($id: ID!) { acceptRightsHolderInvitation(invitationId: $id) { __typename ... on MutationAcceptRightsHolderInvitationSuccess { data { acceptedAt } } } }`, { id: invitations.data.myRightsHolderInvitations[0].id });
  expect(accepted.data.acceptRightsHolderInvitation.data.acceptedAt).not.toBeNull();

  const mine = await as("newFiler", `{ myRightsHolders { id name myRole members { email role } rights { id name status } standing { decided accuracy trusted } thresholds { trustedAccuracy trustedMinDecided } } }`);
  expect(mine.data.myRightsHolders).toEqual([
    expect.objectContaining({ id: holder.id, myRole: "FILER", rights: [{ id: right.id, name: "ZENIT", status: "VERIFIED" }], standing: { decided: 0, accuracy: null, trusted: false }, thresholds: { trustedAccuracy: 0.9, trustedMinDecided: 20 } }),
  ]);
  expect(mine.data.myRightsHolders[0].members.map((m: any) => m.role)).toEqual(["OWNER", "FILER"]);

  const [first, second] = [await world.offer({ brand: "ZENIT" }), await world.offer({ brand: "ZENIT" })];
  const filed = await as("newFiler", FILE_NOTICE, {
    holder: holder.id,
    accurate: true,
    items: [{ ...itemInput(first), rightId: right.id }, { ...itemInput(second, "COPYRIGHT_PHOTOS"), rightId: right.id }],
  });
  const receipt = filed.data.fileIpNotice.data;
  expect(receipt).toMatchObject({ replayed: false, notice: { itemCount: 2 } });
  const [downId, rejectedId] = receipt.items.map((i: any) => i.id);

  const inQueue = await as("agent", `query($holder: ID!) { ipItemQueue(first: 10, filter: { rightsHolderId: $holder, brand: "ZENIT" }) { total { count } edges { node { id number status kind priority needsSenior filedAt decisionDueAt deadlineState version offer { id title } right { name type } notice { number rightsHolder { name } } } } } }`, { holder: holder.id });
  expect(inQueue.data.ipItemQueue.total.count).toBe(2);
  expect(inQueue.data.ipItemQueue.edges.find((e: any) => e.node.id === downId).node).toMatchObject({ id: downId, status: "PENDING", kind: "COUNTERFEIT", deadlineState: "ok", version: 0, right: { name: "ZENIT", type: "TRADEMARK" }, notice: { rightsHolder: { name: "Zenit Sport S.A." } } });

  const DECIDE = `mutation($id: ID!, $action: IpDecisionAction!, $v: Int, $reason: IpRejectionReason, $note: String) { decideIpItem(itemId: $id, action: $action, expectedVersion: $v, reason: $reason, note: $note) {
    __typename ... on MutationDecideIpItemSuccess { data { status version decidedBy { id } statements { decision puid body } } } ... on DomainError { code } } }`;
  const down = await as("agent", DECIDE, { id: downId, action: "TAKE_DOWN", v: 0 });
  expect(down.data.decideIpItem.data).toMatchObject({ status: "TAKEN_DOWN", version: 1, decidedBy: { id: gid("User", world.agent) }, statements: [{ decision: "TAKE_DOWN" }] });
  expect(down.data.decideIpItem.data.statements[0].body).toMatchObject({ category: "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS", content_type: ["CONTENT_TYPE_PRODUCT"] });
  const late = await as("agent2", DECIDE, { id: downId, action: "REJECT", v: 0, reason: "OTHER", note: "Too late" });
  expect(late.data.decideIpItem).toMatchObject({ __typename: "DomainError", code: "CONFLICT" });
  await as("agent", DECIDE, { id: rejectedId, action: "REJECT", reason: "INSUFFICIENT_EVIDENCE", note: "The photos are the seller's own." });

  // The reporter sees both outcomes, with the reason; never who decided.
  const NOTICE = `query($id: ID!) { ipNotice(id: $id) { number itemCount rightsHolder { name } items { edges { node { id status rejectionReason latestNote decidedBy { id } appeal { status } } } } } }`;
  const seen = await as("newFiler", NOTICE, { id: receipt.notice.id });
  expect(seen.data.ipNotice.items.edges.map((e: any) => e.node)).toEqual([
    { id: downId, status: "TAKEN_DOWN", rejectionReason: null, latestNote: null, decidedBy: null, appeal: null },
    { id: rejectedId, status: "REJECTED", rejectionReason: "INSUFFICIENT_EVIDENCE", latestNote: "The photos are the seller's own.", decidedBy: null, appeal: null },
  ]);
  const bySeller = await as("seller", NOTICE, { id: receipt.notice.id });
  expect(bySeller.data.ipNotice).toBeNull();

  // The seller: the taken-down offer with its statement and standing; the rejected item is invisible.
  const reported = await as("seller", `{ myReportedOffers(first: 10) { total { count } standing { points enforcement { type } thresholds { warnAtPoints suspendAtPoints weights { kind weight } } } edges { node { id status appealDueAt decidedBy { id } statements { decision } notice { rightsHolder { name members { email } standing { decided } } } } } } }`);
  expect(reported.data.myReportedOffers.standing).toMatchObject({ points: 3, enforcement: [{ type: "WARNING" }], thresholds: { warnAtPoints: 3, suspendAtPoints: 6 } });
  expect(reported.data.myReportedOffers.edges.map((e: any) => e.node)).toContainEqual(
    expect.objectContaining({ id: downId, status: "TAKEN_DOWN", decidedBy: null, statements: [{ decision: "TAKE_DOWN" }], notice: { rightsHolder: { name: "Zenit Sport S.A.", members: null, standing: null } } }),
  );
  expect((await as("seller", `query($id: ID!) { node(id: $id) { id } }`, { id: rejectedId })).data.node).toBeNull();

  clock.advance(10 * DAY);
  const APPEAL = `mutation($id: ID!) { appealIpTakedown(itemId: $id, reason: AUTHORISED_BY_OWNER, explanation: "We are an authorised ZENIT distributor, invoice attached.") { __typename ... on MutationAppealIpTakedownSuccess { data { appeal { status explanation } } } ... on DomainError { code } } }`;
  expect((await as("newFiler", APPEAL, { id: downId })).data.appealIpTakedown).toMatchObject({ __typename: "DomainError", code: "NOT_THE_OFFERS_SELLER" });
  const appealed = await as("seller", APPEAL, { id: downId });
  expect(appealed.data.appealIpTakedown.data.appeal).toEqual({ status: "PENDING", explanation: "We are an authorised ZENIT distributor, invoice attached." });
  const reporterView = await as("newFiler", `query($id: ID!) { node(id: $id) { ... on IpReportItem { appeal { status explanation } } } }`, { id: downId });
  expect(reporterView.data.node.appeal).toEqual({ status: "PENDING", explanation: null });

  const appeals = await as("agent", `{ ipAppealQueue(first: 10) { total { count } edges { node { status reason decidedByMe item { id } } } } }`);
  expect(appeals.data.ipAppealQueue.edges.map((e: any) => e.node)).toContainEqual({ status: "PENDING", reason: "AUTHORISED_BY_OWNER", decidedByMe: true, item: { id: downId } });
  const REVIEW = `mutation($id: ID!) { reviewIpAppeal(itemId: $id, reinstate: true, note: "Distributor contract checked.") { __typename ... on MutationReviewIpAppealSuccess { data { status appeal { status } statements { decision } } } ... on DomainError { code } } }`;
  expect((await as("agent", REVIEW, { id: downId })).data.reviewIpAppeal).toMatchObject({ code: "REVIEWER_DECIDED_ITEM" });
  const reinstated = await as("agent2", REVIEW, { id: downId });
  expect(reinstated.data.reviewIpAppeal.data).toEqual({ status: "REINSTATED", appeal: { status: "REINSTATED" }, statements: [{ decision: "TAKE_DOWN" }, { decision: "REINSTATEMENT" }] });
  expect((await db.prisma.offer.findUniqueOrThrow({ where: { id: first } })).status).toBe("ACTIVE");
});

test("a 500-offer bulk notice is accepted at once (and a retry with its clientReference files nothing new)", async () => {
  const offers = await Promise.all(Array.from({ length: 500 }, () => world.offer()));
  const items = offers.map((id) => itemInput(id));
  const before = await counts();
  const started = performance.now();
  const result = await as("filer", FILE_NOTICE, { holder: gid("RightsHolder", world.rightsHolderId), accurate: true, ref: "bulk-500", items });
  const ms = performance.now() - started;
  expect(result.errors).toBeUndefined();
  expect(result.data.fileIpNotice.data).toMatchObject({ replayed: false, notice: { itemCount: 500 } });
  expect(result.data.fileIpNotice.data.items).toHaveLength(500);
  console.log(`500-offer notice through GraphQL: ${ms.toFixed(0)} ms, ${result.queries} statements (${onPostgres ? "PostgreSQL" : "embedded"})`);
  if (onPostgres) expect(ms).toBeLessThan(2_000);
  expect(await counts()).toEqual({ notices: before.notices + 1, items: before.items + 500, events: before.events + 500 });
  const again = await as("filer", FILE_NOTICE, { holder: gid("RightsHolder", world.rightsHolderId), accurate: true, ref: "bulk-500", items });
  expect(again.data.fileIpNotice.data).toMatchObject({ replayed: true, notice: { id: result.data.fileIpNotice.data.notice.id } });
  expect((await counts()).items).toBe(before.items + 500);

  // The notice's page costs the same statements for 500 items as for 2.
  const PAGE = `query($id: ID!) { ipNotice(id: $id) { number rightsHolder { name } items(first: 500) { edges { node { id number status kind rejectionReason latestNote appeal { status } offer { title } right { name } } } } } }`;
  const page = await as("filer", PAGE, { id: result.data.fileIpNotice.data.notice.id });
  expect(page.data.ipNotice.items.edges).toHaveLength(500);
  const small = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [await world.offer(), await world.offer()].map((o) => ({ ...itemInput(o), offerId: o, rightId: world.rightId })) });
  const smallPage = await as("filer", PAGE, { id: gid("IpNotice", small.notice.id) });
  expect(smallPage.data.ipNotice.items.edges).toHaveLength(2);
  expect(page.queries).toBe(smallPage.queries);
  console.log(`a notice's page: ${page.queries} statements for 500 items and for 2`);
}, 60_000);

test("501 offers: TOO_MANY_OFFERS and nothing written", async () => {
  const offer = await world.offer();
  const before = await counts();
  const result = await as("filer", FILE_NOTICE, { holder: gid("RightsHolder", world.rightsHolderId), accurate: true, items: Array.from({ length: 501 }, () => itemInput(offer)) });
  expect(result.data.fileIpNotice).toMatchObject({ __typename: "DomainError", code: "TOO_MANY_OFFERS" });
  expect(await counts()).toEqual(before);
});

test("a notice with several bad items is refused with one detail per problem, and nothing is written", async () => {
  const [ok, down] = [await world.offer(), await world.offer()];
  await db.prisma.offer.update({ where: { id: down }, data: { status: "HIDDEN" } });
  const before = await counts();
  const result = await as("filer", FILE_NOTICE, {
    holder: gid("RightsHolder", world.rightsHolderId),
    accurate: false,
    items: [
      itemInput(ok),
      { ...itemInput(down), explanation: "too short" },
      { ...itemInput(ok), offerId: gid("Offer", "00000000-0000-4000-8000-000000000000"), evidenceUrls: [] },
      { ...itemInput(down), kind: null, rightId: null },
    ],
  });
  const error = result.data.fileIpNotice;
  expect(error).toMatchObject({ __typename: "DomainError", code: "NOTICE_INVALID" });
  expect(error.details.map((d: any) => [d.field, d.code])).toEqual(
    expect.arrayContaining([
      ["accuracyStatement", "ACCURACY_STATEMENT_MISSING"],
      ["items.1.explanation", "VALIDATION_FAILED"],
      ["items.1.offerId", "OFFER_ALREADY_DOWN"],
      ["items.2.evidence", "EVIDENCE_MISSING"],
      ["items.2.offerId", "OFFER_NOT_FOUND"],
      ["items.3.kind", "VALIDATION_FAILED"],
      ["items.3.rightId", "VALIDATION_FAILED"],
      ["items.3.offerId", "OFFER_ALREADY_DOWN"],
    ]),
  );
  expect(error.details).toHaveLength(8);
  expect(error.details.every((d: any) => d.message.length > 0)).toBe(true);
  expect(error.details.some((d: any) => d.field.startsWith("items.0."))).toBe(false);
  expect(await counts()).toEqual(before);
});

test("the item queue costs the same number of statements for 5 and 50 rows", async () => {
  const offers = await Promise.all(Array.from({ length: 12 }, () => world.offer()));
  await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: offers.map((o) => ({ ...itemInput(o), offerId: o, rightId: world.rightId })) });
  const query = (first: number) =>
    as("agent", `{ ipItemQueue(first: ${first}) { total { count atLeast } edges { node { id number status kind priority needsSenior filedAt decisionDueAt deadlineState version latestNote decidedBy { id } offer { id title } right { name type } notice { number rightsHolder { name } } } } } }`);
  const small = await query(5);
  const large = await query(50);
  expect(small.errors).toBeUndefined();
  expect(large.data.ipItemQueue.edges.length).toBeGreaterThan(5);
  expect(large.queries).toBe(small.queries);
  console.log(`the item queue: ${large.queries} statements for 5 and for 50 rows`);
  const order = large.data.ipItemQueue.edges.map((e: any) => [e.node.priority, e.node.decisionDueAt, e.node.filedAt]);
  expect(order).toEqual([...order].sort((a: any, b: any) => (a[0] !== b[0] ? (a[0] ? -1 : 1) : a[1] !== b[1] ? a[1].localeCompare(b[1]) : a[2].localeCompare(b[2]))));
  expect((await as("filer", `{ ipItemQueue(first: 5) { total { count } } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("the reporter never sees who decided; a seller sees nothing of a pending item", async () => {
  const [down, pending] = [await world.offer(), await world.offer()];
  const receipt = await fileNotice(await world.ctx(world.filer), { rightsHolderId: world.rightsHolderId, accuracyStatement: true, items: [{ ...itemInput(down), offerId: down, rightId: world.rightId }, { ...itemInput(pending), offerId: pending, rightId: world.rightId }] });
  await decideItem(await world.ctx(world.agent), { action: "TAKE_DOWN", itemId: receipt.items[0].id });
  clock.advance(HOUR);
  const ITEM = `query($id: ID!) { node(id: $id) { ... on IpReportItem { status viewerAudience decidedBy { id } timeline { type actorId } } } }`;
  const [downId, pendingId] = receipt.items.map((i) => gid("IpReportItem", i.id));
  const staff = await as("agent2", ITEM, { id: downId });
  expect(staff.data.node).toMatchObject({ viewerAudience: "STAFF", decidedBy: { id: gid("User", world.agent) } });
  expect(staff.data.node.timeline.find((e: any) => e.type === "TAKEN_DOWN").actorId).toBe(world.agent);
  for (const who of ["filer", "owner"]) {
    const reporter = await as(who, ITEM, { id: downId });
    expect(reporter.data.node).toMatchObject({ status: "TAKEN_DOWN", viewerAudience: "REPORTER", decidedBy: null });
    expect(reporter.data.node.timeline.every((e: any) => e.actorId === null)).toBe(true);
  }
  expect((await as("seller", ITEM, { id: downId })).data.node).toMatchObject({ viewerAudience: "SELLER", decidedBy: null });
  const sellerPending = await as("seller", ITEM, { id: pendingId });
  expect(sellerPending.errors).toBeUndefined();
  expect(sellerPending.data.node).toBeNull();
  const stranger = await createUser(db.prisma, { roles: ["SELLER"] });
  cookies.stranger = await sessionCookieFor(services, stranger.id);
  expect((await as("stranger", ITEM, { id: downId })).data.node).toBeNull();
  expect((await as("stranger", `query($id: ID!) { ipNotice(id: $id) { id } }`, { id: gid("IpNotice", receipt.notice.id) })).data.ipNotice).toBeNull();
});

test("transparency figures for a period, from the event log: staff and the administrator, not reporters", async () => {
  const FIGURES = `query($from: DateTime!, $to: DateTime!) { rightsTransparencyFigures(from: $from, to: $to) { notices itemsByKind { kind count } actionsByType { type count } medianMsToAction appeals { filed upheld reversed } warnings { sellers reporters } trusted { items } others { items actions } } }`;
  const period = { from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" };
  const figures = (await as("admin", FIGURES, period)).data.rightsTransparencyFigures;
  const filed = await db.prisma.ipReportItem.count();
  expect(figures.notices).toBe(await db.prisma.ipNotice.count());
  expect(figures.itemsByKind.reduce((n: number, k: any) => n + k.count, 0)).toBe(filed);
  expect(figures.others.items + figures.trusted.items).toBe(filed);
  const action = (type: string) => figures.actionsByType.find((a: any) => a.type === type)?.count;
  expect(action("TAKEN_DOWN")).toBe(await db.prisma.ipItemDecision.count({ where: { action: "TAKE_DOWN" } }));
  expect(action("REINSTATED")).toBe(1);
  expect(figures.appeals).toEqual({ filed: 1, upheld: 0, reversed: 1 });
  expect(figures.medianMsToAction).toBeGreaterThanOrEqual(0);
  expect((await as("agent", FIGURES, period)).errors).toBeUndefined();
  expect((await as("filer", FIGURES, period)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const reversed = await as("admin", FIGURES, { from: period.to, to: period.from });
  expect(reversed.errors?.[0].extensions?.code).toBe("VALIDATION_FAILED");
});

test("two notices naming the same offer under the same right at once: one is filed, the other refused as a duplicate", async () => {
  const offer = await world.offer();
  const file = () => as("filer", FILE_NOTICE, { holder: gid("RightsHolder", world.rightsHolderId), accurate: true, items: [itemInput(offer)] });
  const results = await Promise.all([file(), file()]);
  const answers = results.map((r) => r.data?.fileIpNotice);
  expect(answers.filter((a) => a?.__typename === "MutationFileIpNoticeSuccess")).toHaveLength(1);
  const refused = answers.find((a) => a?.__typename === "DomainError");
  // Refused by the check before writing, or — when both passed it at once — by the one-pending-item index.
  expect(refused.code === "DUPLICATE_PENDING_ITEM" || refused.details.some((d: any) => d.code === "DUPLICATE_PENDING_ITEM")).toBe(true);
  expect(await db.prisma.ipReportItem.count({ where: { offerId: offer } })).toBe(1);
});
