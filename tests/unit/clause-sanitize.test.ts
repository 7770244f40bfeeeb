import { clausePlainText, contentHash, isAllowedHref, sanitizeClauseContent } from "~/domain/consents/sanitize.server";

// Clause content is sanitized on the server: what the registry's editor (Tiptap) writes passes unchanged,
// anything it cannot write is refused by name, and a version's hash pins its exact text.

describe("what is refused", () => {
  test.each([
    ["a script", "<p>Hi</p><script>alert(1)</script>", "script"],
    ["an event handler", '<p>Hi <img src="x" onerror="alert(1)"></p>', "onerror"],
    ["a javascript: link", '<p><a href="javascript:alert(1)">click</a></p>', "javascript:alert(1)"],
    ["a data: link", '<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>', "data:text/html,<script>alert(1)</script>"],
    ["a protocol-relative link", '<p><a href="//evil.com/x">x</a></p>', "//evil.com/x"],
    ["a backslash path", '<p><a href="/\\evil.com">x</a></p>', "/\\evil.com"],
    ["a frame", '<p>x</p><iframe src="https://evil.com"></iframe>', "iframe"],
    ["a style attribute", '<p style="position:fixed">x</p>', "style"],
  ])("%s", (_, html, name) => {
    const { content, problems } = sanitizeClauseContent(html);
    expect(problems.map((p) => p.name)).toContain(name);
    expect(content).not.toMatch(/script|onerror|javascript:|data:|evil\.com|iframe|style=/i);
  });

  test.each(["javascript:alert(1)", "JAVASCRIPT:alert(1)", " data:text/html,x", "//evil.com", "/\\evil.com", "mailto:a@b.pl", "ftp://x.pl", "vbscript:x"])(
    "isAllowedHref refuses %s",
    (href) => expect(isAllowedHref(href)).toBe(false),
  );

  test.each(["https://example.com/a?b=1", "http://example.com", "/pages/privacy-policy", "#section"])("isAllowedHref accepts %s", (href) => {
    expect(isAllowedHref(href)).toBe(true);
  });
});

describe("what the editor writes passes unchanged", () => {
  test.each([
    "<p>Plain text</p>",
    "<p><strong>bold</strong> <em>italic</em> <u>underlined</u> <s>struck</s></p>",
    "<ul><li><p>one</p></li><li><p>two</p></li></ul>",
    "<ol><li><p>first</p></li></ol>",
    "<h2>Heading</h2><h3>Sub</h3><p>text</p>",
    '<p>See the <a href="/pages/privacy-policy">privacy policy</a>.</p>',
    // External links as they are stored: with target and rel (the server adds them).
    '<p><a href="https://example.com/terms" target="_blank" rel="noopener noreferrer">terms</a></p>',
    '<p><a href="http://example.com" target="_blank" rel="noopener noreferrer">site</a></p>',
  ])("%s", (html) => {
    const { content, problems } = sanitizeClauseContent(html);
    expect(problems).toEqual([]);
    expect(content).toBe(html);
  });

  test("an external link without target gets one, an internal link never does", () => {
    const { content, problems } = sanitizeClauseContent('<p><a href="https://example.com">x</a> <a href="/pages/terms" target="_blank">y</a></p>');
    expect(problems).toEqual([]);
    expect(content).toBe('<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a> <a href="/pages/terms">y</a></p>');
  });

  test("the plain text drops the markup", () => {
    expect(clausePlainText("<p>Zgoda na <strong>newsletter</strong></p>\n<ul><li><p>a</p></li></ul>")).toBe("Zgoda na newsletter a");
  });
});

describe("the content hash", () => {
  test("is the SHA-256 of the exact text: stable, and different for one changed character", () => {
    const text = "<p>Wyrażam zgodę na przetwarzanie danych.</p>";
    expect(contentHash(text)).toBe(contentHash(text));
    expect(contentHash(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(text)).not.toBe(contentHash(text.replace("zgodę", "zgode")));
    expect(contentHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
