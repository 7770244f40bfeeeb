import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

// Settings come from the environment; the embedded default needs none of them.
export interface AppConfig {
  port: number;
  /** postgres://… to run on PostgreSQL; unset to run on the embedded PGlite. */
  databaseUrl?: string;
  /** Where the embedded database and other local state live (git-ignored). */
  dataDir: string;
  sessionSecrets: string[];
  /** Run the sweeps inside the app process (the default on the embedded database). */
  runWorkers: boolean;
  secureCookies: boolean;
  /** Accept Remix/Pothos development conveniences. */
  production: boolean;
  /**
   * Other origins allowed to call /graphql from a browser with credentials (CORS_ORIGINS, comma-separated,
   * e.g. an integration's admin page). Empty: same-origin only. Never a reflection of whatever Origin arrives.
   */
  allowedOrigins: string[];
  /**
   * Which proxies' X-Forwarded-For to believe (TRUST_PROXY): unset/false believes none (the socket address
   * is the client), a number N trusts N hops, or comma-separated addresses/subnets ("loopback", "10.0.0.0/8").
   * Passed to Express's `trust proxy`, so rate limits key on the real client only behind a known proxy.
   */
  trustProxy: boolean | number | string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? ".data");
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl,
    dataDir,
    sessionSecrets: env.SESSION_SECRET ? env.SESSION_SECRET.split(",") : [localSecret(dataDir)],
    runWorkers: env.RUN_WORKERS ? env.RUN_WORKERS === "true" : !databaseUrl,
    secureCookies: env.SECURE_COOKIES === "true",
    production: env.NODE_ENV === "production",
    allowedOrigins: (env.CORS_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim().replace(/\/+$/, ""))
      .filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

export function pgliteDir(config: Pick<AppConfig, "dataDir">): string {
  return path.join(config.dataDir, "pglite");
}

/** Without SESSION_SECRET, a random secret is kept in the data folder so sign-ins survive restarts. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
