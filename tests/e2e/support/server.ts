import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "./browser";

// The real app for browser tests, started the way a person starts it (`npx tsx server.ts`) on a
// fresh embedded database in a temporary DATA_DIR and a free port. The server runs from a temporary
// folder that links to the repository but holds its own copy of the Remix build (build/ and
// public/), so a rebuild during the run (`npm run build`, `npm run dev`) cannot swap the pages'
// scripts and styles from under it. E2E_IN_PLACE=1 runs it in the repository itself instead.
// One instance per test file:
//
//   let app: RunningApp;
//   beforeAll(async () => { app = await startApp(); });
//   afterAll(async () => { await app?.stop(); });
//
// Browser helpers (pages, sign-in, screenshots) live in ./browser and are re-exported from here.

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  port: number;
  dataDir: string;
  /** The server's working directory (the snapshot folder, or the repository with E2E_IN_PLACE=1). */
  cwd: string;
  /** Everything the server printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** SIGTERM, then SIGKILL after a few seconds; removes the data folder. Safe to call twice. */
  stop(): Promise<void>;
  /** TOTP secrets of staff accounts enrolled against this instance (filled in by signIn). */
  readonly totp: Map<string, { secret: string; lastUsedStep: number }>;
}

export interface StartAppOptions {
  /** How long to wait for GET /login to answer 200 (default 180 s: a fresh embedded database is migrated and seeded, slow on a busy machine, or E2E_START_TIMEOUT_MS). */
  startTimeoutMs?: number;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
}

const MAX_OUTPUT = 200_000;

/** Builds the Remix app once when there is no build yet (or always with E2E_BUILD=1). */
export function ensureBuild(): void {
  const built = existsSync(path.join(REPO_ROOT, "build/index.js")) && existsSync(path.join(REPO_ROOT, "public/build"));
  if (built && process.env.E2E_BUILD !== "1") return;
  const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8", env: personEnv() });
  if (result.status !== 0 || !existsSync(path.join(REPO_ROOT, "build/index.js"))) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Entries of the repository that the run folder does not link to. */
const NOT_LINKED = new Set(["build", "public", ".git", ".data", ".cache"]);

/**
 * A working directory for the server: symlinks to the repository's files, plus a private copy of
 * build/ and public/. Retries when it catches a rebuild halfway (the server build must name a
 * browser manifest present in the copied public/build).
 */
export function snapshotRunDir(into: string): string {
  const runDir = path.join(into, "app");
  for (let attempt = 1; ; attempt++) {
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    for (const entry of readdirSync(REPO_ROOT)) {
      if (!NOT_LINKED.has(entry)) symlinkSync(path.join(REPO_ROOT, entry), path.join(runDir, entry));
    }
    cpSync(path.join(REPO_ROOT, "build"), path.join(runDir, "build"), { recursive: true });
    cpSync(path.join(REPO_ROOT, "public"), path.join(runDir, "public"), { recursive: true });
    const manifest = /\/build\/manifest-[\w-]+\.js/.exec(readFileSync(path.join(runDir, "build/index.js"), "utf8"))?.[0];
    if (manifest && existsSync(path.join(runDir, "public", manifest))) return runDir;
    if (attempt >= 5) throw new Error(`The Remix build keeps changing (no ${manifest ?? "manifest"} in public/build); is a build running?`);
    spawnSync("sleep", ["2"]);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** The environment of someone running the app from a shell: no test-runner variables, no external database. */
function personEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith("VITEST") || key === "NODE_ENV" || key === "DATABASE_URL" || key === "TEST_DB") delete env[key];
  }
  return { ...env, ...extra };
}

// Last resort if a test file crashes before afterAll: never leave a server behind.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: npx → node (tsx) → node (server)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  ensureBuild();
  const port = await freePort();
  const tempRoot = mkdtempSync(path.join(os.tmpdir(), "tsb-e2e-"));
  const dataDir = path.join(tempRoot, "data");
  let cwd: string;
  try {
    cwd = process.env.E2E_IN_PLACE === "1" ? REPO_ROOT : snapshotRunDir(tempRoot);
  } catch (error) {
    rmSync(tempRoot, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? Number(process.env.E2E_START_TIMEOUT_MS ?? 180_000);

  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  const child = spawn("npx", ["tsx", "server.ts"], {
    cwd,
    env: personEnv({ DATA_DIR: dataDir, PORT: String(port), ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so stop() reaches tsx's child too
  });
  running.add(child);
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => running.delete(child));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, "SIGTERM");
      const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        killGroup(child, "SIGKILL");
        await Promise.race([exited, sleep(2_000)]);
      }
    }
    // tsx's inner node may outlive the npx wrapper for a moment: make sure the group is gone.
    killGroup(child, "SIGKILL");
    running.delete(child);
    // Symlinks are removed, never followed.
    rmSync(tempRoot, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const app: RunningApp = { url, port, dataDir, cwd, output: () => output, stop, totp: new Map() };

  const deadline = Date.now() + startTimeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      lastProblem = `server exited early (code ${child.exitCode}, signal ${child.signalCode})`;
      break;
    }
    try {
      const response = await fetch(`${url}/login`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return app;
      lastProblem = `GET /login answered ${response.status}`;
    } catch (error) {
      lastProblem = `GET /login failed: ${(error as Error).message}`;
    }
    await sleep(300);
  }
  await stop();
  const message = `The app did not start on ${url} within ${startTimeoutMs} ms (${lastProblem}).\n--- server output ---\n${output}\n---------------------`;
  console.error(message);
  throw new Error(message);
}

export * from "./browser";
