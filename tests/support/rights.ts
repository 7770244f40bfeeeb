import type { Db, DomainContext } from "~/domain/context";
import type { Clock } from "~/domain/shared/time";
import { acceptInvitation, inviteMember, registerRight, registerRightsHolder, verifyRight, verifyRightsHolder } from "~/domain/rights/holders.server";
import { actorFor, createUser } from "./factories";

// A rights-protection world for tests: a verified rights holder (owner + filer), a verified right, a
// seller with offers, agents. Built through the domain's own use cases, so it is what production has.

export const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
export const proof = (name = "certificate.pdf") => [{ fileName: name, data: PDF }];

export interface RightsWorld {
  ctx: (userId: string) => Promise<DomainContext>;
  owner: string;
  filer: string;
  seller: string;
  agent: string;
  agent2: string;
  senior: string;
  admin: string;
  rightsHolderId: string;
  rightId: string;
  offer: (overrides?: { title?: string; brand?: string; sellerId?: string }) => Promise<string>;
}

export async function createRightsWorld(db: Db, clock: Clock, options: { holderName?: string } = {}): Promise<RightsWorld> {
  const ctx = async (userId: string): Promise<DomainContext> => ({ db, clock, actor: await actorFor(db, userId), requestId: "test" });
  const [owner, filer, seller, agent, agent2, senior, admin] = await Promise.all([
    createUser(db, { roles: ["RIGHTS_HOLDER"], name: "Anna Właścicielka" }),
    createUser(db, { roles: ["RIGHTS_HOLDER"], name: "Filip Zgłaszający" }),
    createUser(db, { roles: ["SELLER"], name: "Sklep Testowy", isCompany: true }),
    createUser(db, { roles: ["AGENT"] }),
    createUser(db, { roles: ["AGENT"] }),
    createUser(db, { roles: ["AGENT", "SENIOR_AGENT"] }),
    createUser(db, { roles: ["ADMIN"] }),
  ]);
  const holder = await registerRightsHolder(await ctx(owner.id), { name: options.holderName ?? "Acme Brands sp. z o.o.", countryCode: "PL", companyNumber: "0000123456" });
  // The filer joins through an invitation, as a person would.
  const member = await inviteMember(await ctx(owner.id), { rightsHolderId: holder.id, email: filer.email, role: "FILER" });
  await acceptInvitation(await ctx(filer.id), member.id);
  await verifyRightsHolder(await ctx(agent.id), { id: holder.id, verified: true });
  const right = await registerRight(await ctx(owner.id), {
    rightsHolderId: holder.id,
    type: "TRADEMARK",
    name: "ACME",
    registrationNumber: "EUTM 018123456",
    territory: "EU",
    ownerName: "Acme Brands sp. z o.o.",
    proof: proof(),
  });
  await verifyRight(await ctx(agent.id), { id: right.id, verified: true });
  let n = 0;
  const offer = async (overrides: { title?: string; brand?: string; sellerId?: string } = {}) =>
    (
      await db.offer.create({
        data: {
          title: overrides.title ?? `Buty sportowe ACME ${++n}`,
          brand: overrides.brand ?? "ACME",
          description: "Oryginalne buty, rozmiary 38–46.",
          photoRefs: [`img/${n}/front.jpg`, `img/${n}/side.jpg`],
          priceAmount: 19900,
          sellerId: overrides.sellerId ?? seller.id,
          createdAt: clock.now(),
        },
      })
    ).id;
  return { ctx, owner: owner.id, filer: filer.id, seller: seller.id, agent: agent.id, agent2: agent2.id, senior: senior.id, admin: admin.id, rightsHolderId: holder.id, rightId: right.id, offer };
}

/** One notice item's input citing the world's right. */
export const itemFor = (world: RightsWorld, offerId: string, kind = "COUNTERFEIT") => ({
  offerId,
  rightId: world.rightId,
  kind,
  explanation: "The offer sells counterfeit ACME shoes: the logo and box differ from the originals.",
  evidenceUrls: ["https://evidence.example/test-purchase/1"],
});
