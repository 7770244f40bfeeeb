import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Database } from "./db.server";
import { pendingMigrations } from "./bootstrap.server";
import { readMigrations } from "./migrate.server";

// Probes for a load balancer or an orchestrator, served by server.ts before the Remix handler:
//   /healthz — the process is alive and serving HTTP (no database call): always 200.
//   /readyz  — ready for traffic: the database answers and every migration in prisma/migrations is
//              applied (the same check the app makes at boot). 200, or 503 with the failed check named.

export interface ReadinessReport {
  status: "ready" | "unavailable";
  checks: {
    database: "ok" | "unreachable";
    migrations: "ok" | "pending" | "unknown";
  };
  pendingMigrations?: string[];
}

const DATABASE_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("database check timed out"), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function readiness(database: Pick<Database, "sql">, expected: readonly string[]): Promise<ReadinessReport> {
  try {
    await withTimeout(database.sql.query("SELECT 1 AS ok"), DATABASE_TIMEOUT_MS);
  } catch {
    return { status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } };
  }
  let pending: string[];
  try {
    pending = await withTimeout(pendingMigrations(database, expected), DATABASE_TIMEOUT_MS);
  } catch {
    return { status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } };
  }
  if (pending.length) return { status: "unavailable", checks: { database: "ok", migrations: "pending" }, pendingMigrations: pending };
  return { status: "ready", checks: { database: "ok", migrations: "ok" } };
}

function send(res: ExpressResponse, status: number, body: unknown) {
  res.status(status).setHeader("Cache-Control", "no-store");
  res.type("application/json").send(JSON.stringify(body));
}

export function healthz(): RequestHandler {
  return (_req: ExpressRequest, res: ExpressResponse) => send(res, 200, { status: "alive" });
}

export function readyz(database: Pick<Database, "sql">, expected: readonly string[] = readMigrations().map((m) => m.name)): RequestHandler {
  return (_req: ExpressRequest, res: ExpressResponse) => {
    readiness(database, expected).then(
      (report) => {
        if (report.status !== "ready") res.setHeader("Retry-After", "10");
        send(res, report.status === "ready" ? 200 : 503, report);
      },
      () => send(res, 503, { status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } }),
    );
  };
}
