import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { ErrorCode } from "~/domain/errors";
import { en } from "~/i18n/en/index";
import { pl } from "~/i18n/pl/index";
import { readNoticeRows, remapProblems, problemsAt, splitLinks, toRowField } from "~/components/rights/notice-form";
import { fieldErrorKey } from "~/components/helpers";
import { navigationFor } from "~/lib/navigation";
import type { Actor } from "~/domain/identity/actor";

// The rights-protection UI's pure parts: the notice form's rows and how the domain's problems find
// their row again; every notification and error the domain can send has words in both languages.

const lookup = (dictionary: unknown, key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dictionary);

function form(entries: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.append(name, value);
  return data;
}

describe("the new-notice form's rows", () => {
  it("skips blank rows and remembers which row each sent item came from", () => {
    const data = form({
      "items.0.offerId": "",
      "items.0.rightId": "r1",
      "items.0.kind": "",
      "items.0.explanation": " ",
      "items.0.evidenceUrls": "",
      "items.1.offerId": " 0f6a2d0e-0000-4000-8000-000000000001 ",
      "items.1.rightId": "r1",
      "items.1.kind": "COUNTERFEIT",
      "items.1.explanation": "Counterfeit shoes with a fake logo.",
      "items.1.evidenceUrls": "https://a.example/1\n\nhttps://a.example/2 ",
      "items.2.offerId": "",
      "items.2.rightId": "r1",
      "items.2.explanation": "",
      "items.2.evidence": new File([new Uint8Array([37, 80, 68, 70])], "proof.pdf", { type: "application/pdf" }),
    });
    const { items, rowOf } = readNoticeRows(data, 3);
    expect(rowOf).toEqual([1, 2]);
    expect(items[0]).toEqual({
      offerId: "0f6a2d0e-0000-4000-8000-000000000001",
      rightId: "r1",
      kind: "COUNTERFEIT",
      explanation: "Counterfeit shoes with a fake logo.",
      evidenceUrls: ["https://a.example/1", "https://a.example/2"],
    });
    expect(items[1].offerId).toBe("");
  });

  it("puts each of the domain's problems back on the row it came from", () => {
    const failure = remapProblems(
      {
        code: "NOTICE_INVALID",
        details: [
          { field: "items.0.offerId", code: "OFFER_NOT_FOUND", message: "There is no such offer" },
          { field: "items.1.kind", code: "VALIDATION_FAILED", message: "Choose the kind of infringement" },
          { field: "accuracyStatement", code: "ACCURACY_STATEMENT_MISSING", message: "Confirm" },
        ],
        fieldErrors: { "items.1.kind": ["Choose the kind of infringement"], accuracyStatement: ["Confirm"] },
      },
      [2, 4],
    );
    expect(failure.details!.map((d) => d.field)).toEqual(["items.2.offerId", "items.4.kind", "accuracyStatement"]);
    expect(Object.keys(failure.fieldErrors!)).toEqual(["items.4.kind", "accuracyStatement"]);
    expect(problemsAt(failure.details, "items.2.offerId").map((d) => d.code)).toEqual(["OFFER_NOT_FOUND"]);
    expect(toRowField("items.7.offerId", [0])).toBe("items.7.offerId");
    expect(splitLinks(" https://x.example  https://y.example\n")).toEqual(["https://x.example", "https://y.example"]);
  });

  it("translates the rights schemas' field messages", () => {
    expect(fieldErrorKey("At least 20 characters: say what infringes and how")?.key).toBe("rights.fieldErrors.explanation");
    expect(fieldErrorKey("Add a link to the evidence or attach a file")?.key).toBe("rights.fieldErrors.evidence");
    expect(fieldErrorKey("Confirm that the notice is accurate and made in good faith")?.key).toBe("rights.fieldErrors.accuracy");
    expect(fieldErrorKey("Two letters (ISO 3166)")?.key).toBe("rights.fieldErrors.countryCode");
    expect(fieldErrorKey("The first row must name the columns offer, right, kind, explanation, evidence; missing: kind")).toEqual({
      key: "rights.fieldErrors.csvColumns",
      params: { missing: "kind" },
    });
    for (const key of ["explanation", "evidence", "accuracy", "countryCode", "territory", "notLink", "httpOnly", "chooseKind", "attachProof", "csvColumns", "csvEmpty"]) {
      expect(lookup(pl, `rights.fieldErrors.${key}`), key).toEqual(expect.any(String));
    }
  });
});

describe("words for everything the domain sends", () => {
  const domainDir = path.resolve(__dirname, "../../app/domain/rights");
  const source = readdirSync(domainDir)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => readFileSync(path.join(domainDir, file), "utf8"))
    .join("\n");
  const kinds = new Set<string>();
  for (const match of source.matchAll(/"(rights\.[a-zA-Z]+)"/g)) if (!["rights.policy", "rights.policyChanged"].includes(match[1])) kinds.add(match[1]);
  // The item's notifications are built as message(recipient, "<kind>", …) with the rights. prefix added.
  for (const match of source.matchAll(/message\([^,]+,\s*"([a-zA-Z]+)"/g)) kinds.add(`rights.${match[1]}`);

  it("finds the kinds it checks", () => {
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    expect(kinds).toContain("rights.offerTakenDown");
    expect(kinds).toContain("rights.counterfeitRemoved");
  });

  it("every rights.* notification kind has a text in Polish and English", () => {
    for (const kind of kinds) {
      expect(lookup(en, `notifications.${kind}`), `en notifications.${kind}`).toEqual(expect.any(String));
      expect(lookup(pl, `notifications.${kind}`), `pl notifications.${kind}`).toEqual(expect.any(String));
    }
  });

  it("every error code has a text in Polish and English", () => {
    for (const code of Object.values(ErrorCode)) {
      expect(lookup(en, `errors.${code}`), `en errors.${code}`).toEqual(expect.any(String));
      expect(lookup(pl, `errors.${code}`), `pl errors.${code}`).toEqual(expect.any(String));
    }
  });
});

describe("navigation", () => {
  const person = (roles: string[], permissions: string[]): Actor =>
    ({ type: "user", userId: "u", roles, permissions: new Set(permissions), profile: null }) as unknown as Actor;

  it("links each rights-protection user to their pages by permission", () => {
    const to = (actor: Actor) => navigationFor(actor).map((item) => item.to);
    expect(to(person(["RIGHTS_HOLDER"], ["read:rightsHolder:org", "create:ipNotice:org"]))).toContain("/rights");
    expect(to(person(["SELLER"], ["read:ipNotice:own", "appeal:ipNotice:own"]))).toContain("/rights/my-offers");
    const agent = to(person(["AGENT"], ["read:rightsHolder:any", "read:ipNotice:any", "decide:ipNotice:any", "verify:rightsHolder:any"]));
    expect(agent).toContain("/queue/rights");
    expect(agent).not.toContain("/rights");
    expect(agent).not.toContain("/rights/my-offers");
    expect(to(person(["BUYER"], ["read:order:own"]))).not.toContain("/rights");
  });
});
