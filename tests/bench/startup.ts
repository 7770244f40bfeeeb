import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { median, type StartupResult } from "./harness";

// Cold start of the production start path (`npx tsx server.ts`) on a fresh embedded database: PGlite
// initialises its data directory, migrates and writes the demo seed, then serves. Timed from spawn
// until GET /login answers 200.

export const STARTUP_TARGET_MS = 15_000;

export function ensureBuild(root: string, log: (line: string) => void): void {
  if (existsSync(path.join(root, "build/index.js"))) return;
  log("build/index.js is missing: running npm run build …");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

export async function measureStartup(options: { root: string; runs?: number; log?: (line: string) => void }): Promise<StartupResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  ensureBuild(options.root, log);
  const runsMs: number[] = [];
  const bootMs: (number | null)[] = [];
  for (let run = 1; run <= (options.runs ?? 3); run++) {
    const { ms, readyInMs } = await startOnce(options.root);
    runsMs.push(ms);
    bootMs.push(readyInMs);
    log(`  startup run ${run}: ${(ms / 1000).toFixed(2)} s${readyInMs !== null ? ` (server-reported boot: database init + migrate + seed ${(readyInMs / 1000).toFixed(2)} s)` : ""}`);
  }
  return { runsMs, medianMs: median(runsMs), targetMs: STARTUP_TARGET_MS, serverReportedBootMs: bootMs };
}

async function startOnce(root: string, timeoutMs = 120_000): Promise<{ ms: number; readyInMs: number | null }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tsb-startup-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.BENCH_DATABASE_URL;
  const started = performance.now();
  // Its own process group, so npx, tsx and node all stop together.
  const child = spawn("npx", ["tsx", "server.ts"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  try {
    for (;;) {
      if (exited !== null) throw new Error(`server exited with ${exited} before answering:\n${output.slice(-2000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`no answer within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/login`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.status === 200) {
          const ms = performance.now() - started;
          // server.ts logs "ready in N ms", counted from after its imports to listening.
          const readyIn = /ready in (\d+) ms/.exec(output);
          return { ms, readyInMs: readyIn ? Number(readyIn[1]) : null };
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    if (exited === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const killed = await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
      if (!killed) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await exit;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
