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
