import { randomUUID } from "node:crypto";
import type { Database, Subscription } from "./db.server";

// Every request needs its session (or API token) with the user's roles and permissions. Reading them
// from the database cost one round trip per request — a third of a small request's time. This cache
// keeps them in the process and stays correct across processes:
// - Triggers (migration 20261202040000) NOTIFY `authorization_changed` from the transaction that ends a
//   session, changes a user, their roles, a role's permissions or a token; PostgreSQL delivers it to every
//   listening process at commit. Each process drops the affected entries.
// - A read that started before an invalidation arrived is not stored (the generation check), so a
//   stale row read just before the commit cannot outlive the notification.
// - Without a live listening connection the cache is bypassed and emptied: every request reads the
//   database until LISTEN is back, so a lost connection can never leave a revoked session usable.
// - `settle()` lets a command that revoked something wait until every process has dropped what it revoked
//   before the response goes out: it sends a fence through the channel, and each listening process
//   answers it once it has applied every notification before it (a listener receives them in commit
//   order). The processes to wait for are the listening connections PostgreSQL reports (they carry
//   the application name below). So the next request after a deactivation is refused by every process.

export const AUTHORIZATION_CHANNEL = "authorization_changed";
/** The application_name of listening connections: how `settle()` finds the processes it waits for. */
export const LISTENER_APPLICATION_NAME = "tsb-authorization-cache";

export interface AuthCacheOptions {
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  /** An entry is read again after this long even without a notification (a bound, not the mechanism). */
  maxAgeMs?: number;
  /** How long `settle()` waits for every process to answer its fence before giving up (and emptying this cache). */
  settleTimeoutMs?: number;
  /** First delay before listening again after the connection was lost (doubles up to 30 s). */
  reconnectDelayMs?: number;
  log?: (message: string) => void;
}

export interface AuthCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
  size: number;
  listening: boolean;
}

export interface AuthCache {
  /** The session (by id), from memory or from `load`. Tags say which notifications drop it. */
  session<T>(sessionId: string, load: () => Promise<Cached<T> | null>): Promise<T | null>;
  /** An API token (by its hash), from memory or from `load`. */
  apiToken<T>(tokenHash: string, load: () => Promise<Cached<T> | null>): Promise<T | null>;
  /** Resolves once every invalidation committed before the call has been applied here. */
  settle(): Promise<void>;
  /** Starts listening (idempotent); until the LISTEN is in place every read goes to the database. */
  start(): Promise<void>;
  stats(): AuthCacheStats;
  close(): Promise<void>;
}

/** A value to cache and the notification tags that invalidate it (e.g. "session:…", "user:…"). */
export interface Cached<T> {
  value: T;
  tags: string[];
}

interface Entry {
  value: unknown;
  tags: string[];
  storedAt: number;
}

export function createAuthCache(database: Pick<Database, "listen" | "sql">, options: AuthCacheOptions = {}): AuthCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const settleTimeoutMs = options.settleTimeoutMs ?? 2_000;
  const firstDelay = options.reconnectDelayMs ?? 500;
  const log = options.log ?? ((message: string) => console.warn(`[auth-cache] ${message}`));

  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  /** Fences this process waits on: who has answered so far, and what to call at each answer. */
  const fences = new Map<string, { answered: Set<number | "self">; onAnswer: () => void }>();
  let generation = 0;
  let listening = false;
  let subscription: Subscription | null = null;
  let starting: Promise<void> | null = null;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let delay = firstDelay;
  const counters = { hits: 0, misses: 0, invalidations: 0 };

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };
  const clear = () => {
    generation++;
    entries.clear();
    byTag.clear();
  };

  const onNotify = (payload: string) => {
    if (payload.startsWith("fence:")) {
      // Everything committed before the fence has been applied here by now: say so.
      const fence = payload.slice("fence:".length);
      const mine = fences.get(fence);
      if (mine) {
        mine.answered.add("self");
        mine.onAnswer();
      }
      if (subscription?.backendPid != null) void subscription.notify(AUTHORIZATION_CHANNEL, `applied:${fence}:${subscription.backendPid}`).catch(() => undefined);
      return;
    }
    if (payload.startsWith("applied:")) {
      const [, fence, pid] = payload.split(":");
      const waiting = fences.get(fence);
      if (waiting) {
        waiting.answered.add(Number(pid));
        waiting.onAnswer();
      }
      return;
    }
    generation++;
    counters.invalidations++;
    if (payload === "all") {
      clear();
      return;
    }
    for (const key of [...(byTag.get(payload) ?? [])]) forget(key);
  };

  const onLost = (error: Error) => {
    listening = false;
    subscription = null;
    clear();
    if (closed) return;
    log(`listening connection lost (${error.message}); reading every request from the database until it is back`);
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
    reconnectTimer.unref?.();
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = async () => {
    try {
      const sub = await database.listen(AUTHORIZATION_CHANNEL, onNotify, onLost, { applicationName: LISTENER_APPLICATION_NAME });
      if (closed) {
        await sub.close();
        return;
      }
      subscription = sub;
      // Whatever changed while nobody listened is unknown: start empty.
      clear();
      listening = true;
      delay = firstDelay;
    } catch (error) {
      if (closed) return;
      log(`could not listen (${error instanceof Error ? error.message : String(error)}); retrying`);
      scheduleReconnect();
    }
  };

  const cached = async <T>(key: string, load: () => Promise<Cached<T> | null>): Promise<T | null> => {
    if (!starting) void cache.start();
    const entry = entries.get(key);
    if (entry && listening) {
      if (Date.now() - entry.storedAt <= maxAgeMs) {
        counters.hits++;
        // Most recently used last: the oldest entry is the first evicted.
        entries.delete(key);
        entries.set(key, entry);
        return entry.value as T;
      }
      forget(key);
    }
    counters.misses++;
    const startedAt = generation;
    const loaded = await load();
    if (!loaded) return null;
    // Stored only if nothing was invalidated while it was read: the row could predate that change.
    if (listening && startedAt === generation) {
      forget(key);
      entries.set(key, { value: loaded.value, tags: loaded.tags, storedAt: Date.now() });
      for (const tag of loaded.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      while (entries.size > maxEntries) forget(entries.keys().next().value!);
    }
    return loaded.value;
  };

  const cache: AuthCache = {
    session: (sessionId, load) => cached(`session ${sessionId}`, load),
    apiToken: (tokenHash, load) => cached(`token ${tokenHash}`, load),
    start() {
      starting ??= connect();
      return starting;
    },
    async settle() {
      if (!listening || !subscription) return;
      const fence = randomUUID();
      // On PostgreSQL: every process listening now (its connection's server pid); this one included.
      const listeners =
        subscription.backendPid === null
          ? []
          : (
              await database.sql.query<{ pid: number }>(
                `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
                [LISTENER_APPLICATION_NAME],
              )
            ).map((row) => row.pid);
      const everyoneAnswered = (answered: Set<number | "self">) => answered.has("self") && listeners.every((pid) => answered.has(pid));
      const done = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), settleTimeoutMs);
        const waiting = {
          answered: new Set<number | "self">(),
          onAnswer: () => {
            if (!everyoneAnswered(waiting.answered)) return;
            clearTimeout(timer);
            resolve(true);
          },
        };
        fences.set(fence, waiting);
      });
      try {
        await database.sql.query(`SELECT pg_notify($1, $2)`, [AUTHORIZATION_CHANNEL, `fence:${fence}`]);
        if (!(await done)) {
          const missing = listeners.filter((pid) => !fences.get(fence)?.answered.has(pid));
          log(`not every process answered within ${settleTimeoutMs} ms (listening connections ${missing.join(", ") || "this one"}); emptied this cache`);
          clear();
        }
      } finally {
        fences.delete(fence);
      }
    },
    stats: () => ({ ...counters, size: entries.size, listening }),
    async close() {
      closed = true;
      listening = false;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      clear();
      await subscription?.close();
      subscription = null;
    },
  };
  return cache;
}
