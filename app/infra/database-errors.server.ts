// Telling "the database is out of reach" apart from every other failure, so adapters answer 503 /
// UNAVAILABLE ("try again shortly") instead of a generic 500 / INTERNAL while PostgreSQL is down or
// restarting. Errors arrive from pg directly, from Prisma's driver adapter (which wraps them), or as
// Node's socket errors; all of them are matched by code or class name, never by message text alone.

const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

// SQLSTATE classes 08 (connection exception) and 57P0x (admin/crash shutdown, cannot connect now), 53300
// (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;

// Prisma's own codes for "can't reach / timed out / connection closed / pool exhausted".
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];

/** True when `error` (or anything it wraps) says the database could not be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (UNAVAILABLE_SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_PRISMA_CODES.has(e.code)) {
      return true;
    }
  }
  if (e.name === "PrismaClientInitializationError") return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1);
}

// The database refusing a value as malformed for its column: a uuid that is not one (Prisma P2007 "data
// validation" or P2023, SQLSTATE 22P02), text with a NUL byte (22021). Only input can carry such a value into a query (e.g. a
// well-formed cursor whose id is not a uuid), so it is the caller's mistake, answered as such.
const MALFORMED_VALUE_SQLSTATE = new Set(["22P02", "22021"]);

/** True when `error` (or anything it wraps) is the database refusing a malformed input value. */
export function isMalformedValue(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; originalError?: unknown; meta?: { code?: unknown; driverAdapterError?: unknown } };
  if (e.code === "P2007" || e.code === "P2023") return true;
  for (const code of [e.code, e.originalCode, e.meta?.code]) {
    if (typeof code === "string" && MALFORMED_VALUE_SQLSTATE.has(code)) return true;
  }
  return isMalformedValue(e.cause, depth + 1) || isMalformedValue(e.originalError, depth + 1) || isMalformedValue(e.meta?.driverAdapterError, depth + 1);
}
