import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { loadConfig } from "~/infra/config.server";
import { bootServices } from "~/infra/bootstrap.server";
import { appLoadContext } from "~/infra/load-context.server";
import { startWorkers } from "./workers/runner";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./prisma/seed/demo";
import { graphiqlScriptHashes, refuseCrossOriginPosts, securityHeaders } from "~/infra/http-security.server";
import { healthz, readyz } from "~/infra/health.server";
import { withDatabaseOutagePages } from "~/infra/database-outage.server";

// The app process: HTTP (Remix UI + /graphql) and, on the embedded database, the workers too.
const startedAt = Date.now();
const config = loadConfig();
const { services, firstStart } = await bootServices(config);
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
// ── HTTP hardening (app/infra/http-security.server.ts, health.server.ts, database-outage.server.ts) ──
// Pages and forms answer 503 "try again" while the database is out of reach.
const guardedBuild = withDatabaseOutagePages(build);
// GraphiQL's inline scripts, allowed by hash in its Content-Security-Policy.
const graphiql = { scriptHashes: await graphiqlScriptHashes(services.graphql) };
// ── end HTTP hardening ──

const app = express();
app.disable("x-powered-by");
// Which proxies' X-Forwarded-For to believe (TRUST_PROXY); req.ip is then the real client's address.
app.set("trust proxy", config.trustProxy);
app.use((req, res, next) => {
  // One id per request, carried into audit records and logs.
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  next();
});
// ── HTTP hardening: security headers with a CSP nonce per request; probes; cross-origin form posts refused ──
app.use(securityHeaders({ secureCookies: config.secureCookies }, graphiql));
app.get("/healthz", healthz());
app.get("/readyz", readyz(services.database));
app.use(refuseCrossOriginPosts());
// ── end HTTP hardening ──
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build: guardedBuild,
    getLoadContext: (req, res) => ({ ...appLoadContext(services, req), cspNonce: res.locals.cspNonce as string | undefined }),
  }),
);

const workers = config.runWorkers ? startWorkers({ db: services.database.prisma, clock: services.clock }, { log: () => undefined }) : null;

const server = app.listen(config.port, () => {
  const where = services.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL";
  const total = Math.round(process.uptime() * 1000);
  console.log(`Trust & Safety Backoffice on http://localhost:${config.port} (${where}; ready in ${total} ms, of which boot ${Date.now() - startedAt} ms)`);
  if (workers) console.log("Workers run inside this process.");
  if (firstStart || process.env.PRINT_DEMO_ACCOUNTS === "true") printDemoAccounts();
});

function printDemoAccounts() {
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.roles.join(" + ").padEnd(22)} ${account.email}`);
  console.log("Staff accounts set up their authenticator app (TOTP) at the first sign-in.\n");
}

// A stop (deploy, scale-down) lets requests in flight finish: no new connections, idle keep-alive
// connections closed, then up to SHUTDOWN_GRACE_MS for the rest before they are cut. Only then do the
// workers, the authorization cache's LISTEN connection and the database pool close.
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleTimer = setInterval(() => server.closeIdleConnections(), 100);
  const graceOver = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  await Promise.race([drained, graceOver]);
  clearInterval(idleTimer);
  server.closeAllConnections();
  await workers?.stop();
  await services.authCache.close();
  await services.database.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
