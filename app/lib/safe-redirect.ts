// Where the app may send a person after an action that names its own return target (sign-in's
// `redirectTo`, the second factor step, the language switch's Referer, notification links). Every such
// target goes through safeRedirect: it is resolved the way a browser resolves a Location header, against
// the app's own origin, and anything that lands elsewhere falls back to "/". Control and invisible
// characters are stripped first, because browsers drop tabs and newlines inside URLs ("/\t/evil.example"
// reads as "//evil.example", another host).

/** Used when the caller does not know the request's origin: only "same origin or not" matters. */
const DEFAULT_ORIGIN = "http://app.invalid";

// C0 and C1 controls, DEL, zero-width characters, bidi marks and overrides, line/paragraph separators, BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u206A-\u206F\uFEFF]/g;

export function stripControlCharacters(value: string): string {
  return value.replace(INVISIBLE, "");
}

/**
 * A path (with query and fragment) on the app's origin for `target`, or `fallback` when the target is
 * missing, unparseable or leaves the origin. Absolute URLs are accepted only when they point at `origin`.
 */
export function safeRedirect(
  target: FormDataEntryValue | string | null | undefined,
  fallback = "/",
  origin: string = DEFAULT_ORIGIN,
): string {
  if (typeof target !== "string") return fallback;
  const cleaned = stripControlCharacters(target).trim();
  if (!cleaned || cleaned.length > 2048) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(cleaned, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // A path that itself starts with two slashes (e.g. from "/.//evil.example") would be read as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** The same check for a request: targets are resolved against the origin the request came to. */
export function safeRedirectFor(request: Request, target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  let origin = DEFAULT_ORIGIN;
  try {
    origin = new URL(request.url).origin;
  } catch {
    /* keep the default */
  }
  return safeRedirect(target, fallback, origin);
}
