import { createHash } from "node:crypto";
import sanitizeHtml from "sanitize-html";

// Clause content is rich text written in the registry's editor and shown on public forms. It is checked
// and sanitized here, on the server: what the editor produces passes unchanged; anything it cannot
// produce (a script, an event handler, a javascript: or data: link, a frame) is refused by name, so the
// officer learns what was wrong instead of finding a clause silently changed.

const ALLOWED_TAGS = ["p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code"];
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ["href", "target", "rel"] };

/** A link the clause may carry: http(s) to another site, or a path on this site (never `//host`). */
export function isAllowedHref(href: string): boolean {
  const value = href.trim();
  if (value.startsWith("/")) return !value.startsWith("//") && !value.startsWith("/\\");
  if (value.startsWith("#")) return true;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export interface ContentProblem {
  kind: "tag" | "attribute" | "link";
  name: string;
}

/** Sanitizes clause HTML and reports every element, attribute or link that had to go. */
export function sanitizeClauseContent(html: string): { content: string; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  const note = (problem: ContentProblem) => {
    const key = `${problem.kind}:${problem.name}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  };
  const content = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ["http", "https"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    onOpenTag(name, attribs) {
      if (!ALLOWED_TAGS.includes(name)) note({ kind: "tag", name });
      for (const [attribute, value] of Object.entries(attribs)) {
        if (!(ALLOWED_ATTRIBUTES[name] ?? []).includes(attribute)) note({ kind: "attribute", name: attribute });
        else if (attribute === "href" && !isAllowedHref(value)) note({ kind: "link", name: value.slice(0, 60) });
      }
    },
    transformTags: {
      // Links to other sites open apart from the form and pass nothing about it along.
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href ?? "";
        const none: sanitizeHtml.Attributes = {};
        if (!isAllowedHref(href)) return { tagName, attribs: none };
        const external = !href.trim().startsWith("/") && !href.trim().startsWith("#");
        const kept: sanitizeHtml.Attributes = external ? { href, target: "_blank", rel: "noopener noreferrer" } : { href };
        return { tagName, attribs: kept };
      },
    },
  }).trim();
  return { content, problems };
}

/** The SHA-256 of a version's exact text: what proves, later, which words a person accepted. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

/** The clause as plain text (for lists and the history's preview). */
export function clausePlainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
}
