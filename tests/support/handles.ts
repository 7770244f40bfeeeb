import { inject } from "vitest";
import type { Db, Tx } from "~/domain/context";
import { openDatabase, type Database } from "~/infra/db.server";
import { withDatabase } from "./postgres-cluster";

// Helpers for tests that need a second "process" on the same database, or a transaction that crashes.

/**
 * Another handle (its own PrismaClient and connection pool) on the same test database, as a second
 * app or worker process would have. On PostgreSQL this is a real second pool; PGlite is one in-process
 * instance with one connection, so there the "second process" is the same handle.
 */
export async function openSecondHandle(database: Database, options: { poolSize?: number } = {}): Promise<Database> {
  if (database.kind !== "postgres") return { ...database, close: async () => {} };
  const [{ name }] = await database.sql.query<{ name: string }>("SELECT current_database() AS name");
  return openDatabase({ url: withDatabase(inject("pgAdminUrl"), name), poolSize: options.poolSize ?? 5 });
}

/**
 * A client whose transactions run the domain's work and then fail just before COMMIT, as if the
 * process crashed at the very end: every write the command made inside its transaction must vanish.
 * `failAt: "audit"` instead makes the audit insert itself fail.
 */
export function crashingDb(db: Db, failAt: "beforeCommit" | "audit" = "beforeCommit"): Db {
  const wrapTx = (tx: Tx): Tx =>
    failAt === "audit"
      ? (new Proxy(tx, {
          get(target, prop) {
            if (prop === "auditLog") {
              return {
                create: async () => {
                  throw new Error("simulated failure writing the audit record");
                },
              };
            }
            return Reflect.get(target, prop, target);
          },
        }) as Tx)
      : tx;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "$transaction") {
        return (fn: (tx: Tx) => Promise<unknown>, options?: unknown) =>
          target.$transaction(async (tx) => {
            const result = await fn(wrapTx(tx));
            if (failAt === "beforeCommit") throw new SimulatedCrash();
            return result;
          }, options as never);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export class SimulatedCrash extends Error {
  constructor() {
    super("simulated crash before commit");
    this.name = "SimulatedCrash";
  }
}

/** Polls until check() is true (for background workers); fails after timeoutMs. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
