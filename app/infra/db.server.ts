import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";

/** Plain SQL access beside Prisma: migrations, bulk seeding, benchmarks. */
export interface SqlRunner {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  sql: SqlRunner;
  /** Runs fn on one dedicated connection (advisory locks, session settings). */
  session<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /** Counts SQL statements Prisma sends (tests assert query counts per GraphQL request). */
  queryCounter: QueryCounter;
  /**
   * LISTEN on a channel. On PostgreSQL it holds a connection of its own (outside the pool); when that
   * connection is lost `onLost` is called once and the subscription is over (the caller listens again).
   * On the embedded database notifications are delivered in-process at commit. Closed with the database.
   */
  listen(channel: string, onNotify: (payload: string) => void, onLost: (error: Error) => void, options?: { applicationName?: string }): Promise<Subscription>;
  close(): Promise<void>;
}

export interface Subscription {
  /** The server process of the listening connection (PostgreSQL), null on the embedded database. */
  backendPid: number | null;
  /** Sends a notification over the listening connection itself. */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface QueryCounter {
  count: number;
  reset(): void;
}

export interface OpenDatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory://" (or undefined with no url) keeps everything in memory. */
  dataDir?: string;
  /** Size of the pg connection pool (PostgreSQL only). */
  poolSize?: number;
  /** An already open PGlite instance (tests reuse a prepared one). */
  pglite?: PGlite;
  /**
   * Defaults for interactive transactions that do not pass their own (Prisma's are 2 s to start, 5 s to
   * run). The app process uses APP_TRANSACTION_OPTIONS; long batch jobs such as the demo seed raise them further.
   */
  transactionOptions?: { maxWait?: number; timeout?: number };
}

/**
 * The app's interactive transactions (every decision): under load all the pool's connections can be busy
 * for seconds, and a decision then waits for one as reads do, instead of failing after Prisma's 2 s.
 * Running time stays at Prisma's 5 s.
 */
export const APP_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 5_000 } as const;

/** Interactive-transaction limits for batch jobs (seeding, preparing the embedded template): minutes, not seconds. */
export const BATCH_TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 300_000 } as const;

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const queryCounter = createQueryCounter();
  if (isPostgresUrl(options.url)) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, admin command) must not crash the process;
    // the pool replaces it on the next query.
    pool.on("error", (error) => console.warn(`[db] idle connection closed: ${error.message}`));
    const adapter = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }], transactionOptions: options.transactionOptions });
    prisma.$on("query" as never, () => queryCounter.count++);
    const subscriptions = new Set<Subscription>();
    return {
      kind: "postgres",
      listen: async (channel, onNotify, onLost, listenOptions = {}) => {
        const client = new pg.Client({ connectionString: options.url, application_name: listenOptions.applicationName });
        let open = true;
        const subscription: Subscription = {
          backendPid: null,
          notify: async (to, payload) => {
            await client.query(`SELECT pg_notify($1, $2)`, [to, payload]);
          },
          close: async () => {
            if (!open) return;
            open = false;
            subscriptions.delete(subscription);
            await client.end().catch(() => undefined);
          },
        };
        const lost = (error: Error) => {
          if (!open) return;
          void subscription.close();
          onLost(error);
        };
        client.on("notification", (message) => {
          if (message.channel === channel) onNotify(message.payload ?? "");
        });
        client.on("error", lost);
        client.on("end", () => lost(new Error("the listening connection ended")));
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        subscription.backendPid = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
        subscriptions.add(subscription);
        return subscription;
      },
      prisma,
      queryCounter,
      sql: {
        exec: async (text) => {
          await pool.query(text);
        },
        query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
      },
      session: async (fn) => {
        const conn = await pool.connect();
        try {
          return await fn({
            exec: async (text) => {
              await conn.query(text);
            },
            query: async (text, params) => (await conn.query(text, params as unknown[])).rows,
          });
        } finally {
          conn.release();
        }
      },
      close: async () => {
        await Promise.all([...subscriptions].map((subscription) => subscription.close()));
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  let pglite = options.pglite;
  if (!pglite) {
    const dir = options.dataDir;
    if (dir && !dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(dir ?? "memory://");
  }
  const client = pglite;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client), log: [{ emit: "event", level: "query" }], transactionOptions: options.transactionOptions });
  prisma.$on("query" as never, () => queryCounter.count++);
  // PGlite is a single connection, so every runner is already a session.
  const sql: SqlRunner = {
    exec: async (text) => {
      await client.exec(text);
    },
    query: async (text, params) => (await client.query(text, params as unknown[])).rows as never,
  };
  return {
    kind: "pglite",
    prisma,
    queryCounter,
    sql,
    session: (fn) => fn(sql),
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, onNotify);
      return {
        backendPid: null,
        notify: async (to, payload) => {
          await client.query(`SELECT pg_notify($1, $2)`, [to, payload]);
        },
        close: () => unlisten(),
      };
    },
    close: async () => {
      await prisma.$disconnect();
      if (!options.pglite) await client.close();
    },
  };
}

function createQueryCounter(): QueryCounter {
  const counter = {
    count: 0,
    reset() {
      counter.count = 0;
    },
  };
  return counter;
}
