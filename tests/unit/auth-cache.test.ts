import { describe, expect, test } from "vitest";
import { createAuthCache, type AuthCache } from "~/infra/auth-cache.server";

// The per-process authorization cache against a fake database whose notifications the test sends.
// Each test states one promise the cache makes; together they are why a revoked session cannot be
// served from memory.

interface FakeDatabase {
  notify(payload: string): void;
  lose(): void;
  listens: number;
  failListen: boolean;
  /** When false, pg_notify fences are swallowed (a listener that stopped hearing). */
  echoFences: boolean;
  /** PostgreSQL: this process's listening connection, and every listening connection the server reports. */
  backendPid: number | null;
  listenerPids: number[];
  /** The last "applied:<fence>:<pid>" this process sent. */
  lastApplied?: string;
  listen: Parameters<typeof createAuthCache>[0]["listen"];
  sql: Parameters<typeof createAuthCache>[0]["sql"];
}

function fakeDatabase(): FakeDatabase {
  let onNotify: ((payload: string) => void) | null = null;
  let onLost: ((error: Error) => void) | null = null;
  const db: FakeDatabase = {
    listens: 0,
    failListen: false,
    echoFences: true,
    backendPid: null,
    listenerPids: [],
    notify: (payload) => onNotify?.(payload),
    lose: () => {
      const lost = onLost;
      onNotify = null;
      onLost = null;
      lost?.(new Error("connection reset"));
    },
    listen: async (_channel, notify, lost) => {
      if (db.failListen) throw new Error("refused");
      db.listens++;
      onNotify = notify;
      onLost = lost;
      return {
        backendPid: db.backendPid,
        // Our own notifications come back to us, as PostgreSQL delivers them to every listener.
        notify: async (_to: string, payload: string) => {
          db.lastApplied = payload;
          setTimeout(() => onNotify?.(payload), 1);
        },
        close: async () => void (onNotify = null),
      };
    },
    sql: {
      exec: async () => undefined,
      query: async (text: string, params?: unknown[]) => {
        if (text.includes("pg_stat_activity")) return db.listenerPids.map((pid) => ({ pid })) as never[];
        const payload = String(params?.[1]);
        if (db.echoFences) setTimeout(() => onNotify?.(payload), 1);
        return [] as never[];
      },
    },
  };
  return db;
}

const loader = (value: string, tags: string[]) => {
  const calls = { count: 0 };
  const load = async () => {
    calls.count++;
    return { value, tags };
  };
  return { load, calls };
};

async function startedCache(db: FakeDatabase, options: Parameters<typeof createAuthCache>[1] = {}): Promise<AuthCache> {
  const cache = createAuthCache(db, { log: () => undefined, ...options });
  await cache.start();
  return cache;
}

describe("authorization cache", () => {
  test("a second read of a session comes from memory", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db);
    const { load, calls } = loader("alice's session", ["session:s1", "user:u1"]);
    expect(await cache.session("s1", load)).toBe("alice's session");
    expect(await cache.session("s1", load)).toBe("alice's session");
    expect(calls.count).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 1, listening: true });
  });

  test("a notification naming the session, or its user, drops it; other entries stay", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db);
    const alice = loader("alice", ["session:s1", "user:u1"]);
    const alicePhone = loader("alice on the phone", ["session:s2", "user:u1"]);
    const bob = loader("bob", ["session:s3", "user:u2"]);
    await cache.session("s1", alice.load);
    await cache.session("s2", alicePhone.load);
    await cache.session("s3", bob.load);

    db.notify("session:s1");
    await cache.session("s1", alice.load);
    await cache.session("s2", alicePhone.load);
    expect([alice.calls.count, alicePhone.calls.count]).toEqual([2, 1]);

    db.notify("user:u1"); // deactivated, or roles changed: every session of the user goes
    await cache.session("s1", alice.load);
    await cache.session("s2", alicePhone.load);
    await cache.session("s3", bob.load);
    expect([alice.calls.count, alicePhone.calls.count, bob.calls.count]).toEqual([3, 2, 1]);
  });

  test("'all' (a role's permissions changed) empties the cache", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db);
    const a = loader("a", ["session:a", "user:a"]);
    const t = loader("token", ["token:t", "user:b"]);
    await cache.session("a", a.load);
    await cache.apiToken("hash", t.load);
    db.notify("all");
    expect(cache.stats().size).toBe(0);
    await cache.session("a", a.load);
    await cache.apiToken("hash", t.load);
    expect([a.calls.count, t.calls.count]).toEqual([2, 2]);
  });

  test("a read that was in flight when an invalidation arrived is not kept (it may predate the change)", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const slowLoad = async () => {
      loads++;
      if (loads === 1) await gate; // the row was read before the deactivation committed …
      return { value: loads === 1 ? "active" : "gone", tags: ["session:s1", "user:u1"] };
    };
    const first = cache.session("s1", slowLoad);
    db.notify("user:u1"); // … and its notification arrives before the read is stored
    release();
    expect(await first).toBe("active"); // this request saw the old row (it started before the change)
    expect(await cache.session("s1", slowLoad)).toBe("gone"); // the next one does not
    expect(loads).toBe(2);
  });

  test("until LISTEN is in place, and after the listening connection is lost, every read goes to the database", async () => {
    const db = fakeDatabase();
    db.failListen = true;
    const cache = createAuthCache(db, { log: () => undefined, reconnectDelayMs: 5 });
    const { load, calls } = loader("x", ["session:s", "user:u"]);
    await cache.start();
    await cache.session("s", load);
    await cache.session("s", load);
    expect(calls.count).toBe(2);
    expect(cache.stats().listening).toBe(false);

    db.failListen = false;
    await waitUntil(() => cache.stats().listening);
    await cache.session("s", load);
    await cache.session("s", load);
    expect(calls.count).toBe(3);

    db.lose();
    expect(cache.stats()).toMatchObject({ listening: false, size: 0 });
    await cache.session("s", load);
    expect(calls.count).toBe(4);
    await waitUntil(() => cache.stats().listening);
    expect(db.listens).toBe(2);
    await cache.close();
  });

  test("settle() returns after the fence came back; without the echo it empties the cache", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db, { settleTimeoutMs: 30 });
    const { load, calls } = loader("x", ["session:s", "user:u"]);
    await cache.session("s", load);
    await cache.settle();
    expect(cache.stats().size).toBe(1);

    db.echoFences = false; // notifications stopped arriving without the connection failing
    await cache.settle();
    expect(cache.stats().size).toBe(0);
    await cache.session("s", load);
    expect(calls.count).toBe(2);
  });

  test("on PostgreSQL settle() waits until every listening process has answered the fence", async () => {
    const db = fakeDatabase();
    db.backendPid = 101;
    db.listenerPids = [101, 202]; // this process and another one
    const cache = await startedCache(db, { settleTimeoutMs: 2_000 });
    let settled = false;
    const settling = cache.settle().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false); // this process has answered; the other has not yet
    const fence = (await nextFence(db)) as string;
    db.notify(`applied:${fence}:202`);
    await settling;
    expect(settled).toBe(true);
  });

  test("on PostgreSQL a process that never answers makes settle() give up after the timeout and empty this cache", async () => {
    const db = fakeDatabase();
    db.backendPid = 101;
    db.listenerPids = [101, 303];
    const logs: string[] = [];
    const cache = createAuthCache(db, { settleTimeoutMs: 50, log: (m) => logs.push(m) });
    await cache.start();
    const { load } = loader("x", ["session:s"]);
    await cache.session("s", load);
    await cache.settle();
    expect(cache.stats().size).toBe(0);
    expect(logs.join("\n")).toContain("303");
  });

  test("holds at most maxEntries, dropping the least recently used", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db, { maxEntries: 2 });
    const a = loader("a", ["session:a"]);
    const b = loader("b", ["session:b"]);
    const c = loader("c", ["session:c"]);
    await cache.session("a", a.load);
    await cache.session("b", b.load);
    await cache.session("a", a.load); // a is now the most recently used
    await cache.session("c", c.load); // b goes
    await cache.session("a", a.load);
    await cache.session("b", b.load);
    expect([a.calls.count, b.calls.count, c.calls.count]).toEqual([1, 2, 1]);
    expect(cache.stats().size).toBe(2);
  });

  test("an entry older than maxAge is read again even without a notification", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db, { maxAgeMs: 20 });
    const { load, calls } = loader("x", ["session:s"]);
    await cache.session("s", load);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await cache.session("s", load);
    expect(calls.count).toBe(2);
  });

  test("nothing is cached for a session that does not exist", async () => {
    const db = fakeDatabase();
    const cache = await startedCache(db);
    let calls = 0;
    const missing = async () => {
      calls++;
      return null;
    };
    expect(await cache.session("nope", missing)).toBeNull();
    expect(await cache.session("nope", missing)).toBeNull();
    expect(calls).toBe(2);
    expect(cache.stats().size).toBe(0);
  });
});

/** The fence id of the settle() in progress (from the answer this process sent for it). */
async function nextFence(db: FakeDatabase): Promise<string | undefined> {
  return db.lastApplied?.split(":")[1];
}

async function waitUntil(condition: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
