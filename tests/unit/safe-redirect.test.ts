import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect, safeRedirectFor } from "~/lib/safe-redirect";

// Targets that try to leave the site after sign-in, the second factor or the language switch. Each must
// end up on the app's own origin (here: the fallback "/").
const ORIGIN = "https://backoffice.example.com";

const escapes: [string, string][] = [
  ["tab inside the leading slashes", "/\t/evil.example"],
  ["newline inside the leading slashes", "/\n/evil.example"],
  ["carriage return inside the leading slashes", "/\r/evil.example"],
  ["CRLF inside the leading slashes", "/\r\n/evil.example"],
  ["leading tab", "\t//evil.example"],
  ["slash backslash", "/\\evil.example"],
  ["two backslashes", "\\\\evil.example"],
  ["backslash slash", "\\/evil.example"],
  ["protocol-relative", "//evil.example"],
  ["three slashes", "///evil.example"],
  ["four slashes with a path", "////evil.example/x"],
  ["other scheme without slashes", "http:evil.example"],
  ["absolute http", "http://evil.example"],
  ["absolute https", "https://evil.example/path"],
  ["javascript", "javascript:alert(1)"],
  ["javascript with a tab", "java\tscript:alert(1)"],
  ["upper-case javascript", "JaVaScRiPt:alert(1)"],
  ["data URL", "data:text/html,<script>alert(1)</script>"],
  ["vbscript", "vbscript:msgbox(1)"],
  ["userinfo protocol-relative", "//app@evil.example"],
  ["userinfo absolute", "https://backoffice.example.com@evil.example"],
  ["userinfo on our own host", "https://user:pass@backoffice.example.com/"],
  ["zero-width space between slashes", "/\u200B/evil.example"],
  ["NUL between slashes", "/\u0000/evil.example"],
  ["dot segment to a double slash", "/.//evil.example"],
  ["dot-dot segment to a double slash", "/a/..//evil.example"],
  ["our host as a subdomain of another", "https://backoffice.example.com.evil.example/"],
  ["another port of our host", "https://backoffice.example.com:8443/"],
  ["plain http to our host", "http://backoffice.example.com/"],
  ["file URL", "file:///etc/passwd"],
  ["empty", ""],
  ["blank", "   "],
];

// Targets that look odd but stay on the origin: allowed, as the path they resolve to.
const staysHome: [string, string, string][] = [
  ["encoded slashes in the path", "/%2F/evil.example", "/%2F/evil.example"],
  ["encoded slashes without a leading slash", "%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["encoded tab", "/%09/evil.example", "/%09/evil.example"],
  ["full-width solidus after a slash", "/\uFF0Fevil.example", "/%EF%BC%8Fevil.example"],
  ["our own scheme without slashes (a relative path)", "https:evil.example", "/evil.example"],
  ["slash space slash", "/ /evil.example", "/%20/evil.example"],
  ["full-width solidus pair", "\uFF0F\uFF0Fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
  ["same origin absolute", `${ORIGIN}/orders?page=2`, "/orders?page=2"],
];

const legitimate: [string, string][] = [
  ["/", "/"],
  ["/discussions/123?tab=x#y", "/discussions/123?tab=x#y"],
  ["/queue/claims?reason=NOT_RECEIVED&page=3", "/queue/claims?reason=NOT_RECEIVED&page=3"],
  ["/orders?q=Kowalska%20%C5%81", "/orders?q=Kowalska%20%C5%81"],
  ["/admin/users/abc", "/admin/users/abc"],
];

function onOrigin(path: string) {
  const url = new URL(path, ORIGIN);
  return url.origin === ORIGIN && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

describe("safeRedirect", () => {
  it.each(escapes)("refuses %s", (_name, target) => {
    const result = safeRedirect(target, "/", ORIGIN);
    expect(result).toBe("/");
  });

  it.each(staysHome)("keeps %s on the origin", (_name, target, expected) => {
    const result = safeRedirect(target, "/", ORIGIN);
    expect(result).toBe(expected);
    expect(onOrigin(result)).toBe(true);
  });

  it.each(legitimate)("keeps %s", (target, expected) => {
    expect(safeRedirect(target, "/", ORIGIN)).toBe(expected);
  });

  it("refuses what is not text, and uses the given fallback", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/inbox")).toBe("/inbox");
    expect(safeRedirect(new File(["x"], "x.txt"), "/inbox")).toBe("/inbox");
    expect(safeRedirect("//evil.example", "/inbox")).toBe("/inbox");
  });

  it("gives a Location header value a browser reads the same way (ASCII only)", () => {
    expect(safeRedirect("/zażółć?x=ą", "/", ORIGIN)).toBe("/za%C5%BC%C3%B3%C5%82%C4%87?x=%C4%85");
  });

  it("resolves against the origin of the request", () => {
    const request = new Request("http://localhost:3000/login", { method: "POST" });
    expect(safeRedirectFor(request, "http://localhost:3000/claims")).toBe("/claims");
    expect(safeRedirectFor(request, "http://localhost:3001/claims")).toBe("/");
    expect(safeRedirectFor(request, "/\t/evil.example")).toBe("/");
  });

  it("never leaves the origin, whatever the target", () => {
    const pieces = fc.constantFrom("/", "\\", "\t", "\n", "\r", " ", ".", "..", "@", ":", "evil.example", "%2F", "%09", "\uFF0F", "http", "//", "#", "?", "\u0000");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join("")), (target) => {
        const result = safeRedirect(target, "/", ORIGIN);
        expect(onOrigin(result)).toBe(true);
        // What a browser does with the Location value: strips tabs and newlines, then resolves.
        expect(new URL(result.replace(/[\t\n\r]/g, ""), ORIGIN).origin).toBe(ORIGIN);
      }),
      { numRuns: 2000 },
    );
  });
});
