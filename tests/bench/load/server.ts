import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// Starts the production server the way it is deployed: `npm run build` output served by server.ts with
// NODE_ENV=production on PostgreSQL — one process, or several behind one port (tests/bench/load/cluster.ts).
// Each start is its own process group, so stopping it (SIGTERM, then SIGKILL after a grace period) leaves
// nothing behind.

export interface AppServer {
  origin: string;
  processes: number;
  pid: number;
  output(): string;
  /** Every line the app printed so far (stdout and stderr), in order. */
  lines(): string[];
  stop(): Promise<void>;
  /** Synchronous last resort (process exit): kills the whole group. */
  kill(): void;
}

export interface StartOptions {
  root: string;
  processes: number;
  port: number;
  databaseUrl: string;
  sessionSecret: string;
  dataDir: string;
  timeoutMs?: number;
}

const READY_LINE = /Trust & Safety Backoffice on http:\/\/localhost:\d+/g;

export async function startAppServer(options: StartOptions): Promise<AppServer> {
  const entry = options.processes === 1 ? "server.ts" : path.join("tests", "bench", "load", "cluster.ts");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: options.root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET: options.sessionSecret,
      RUN_WORKERS: "false",
      DATA_DIR: options.dataDir,
      WEB_PROCESSES: String(options.processes),
      PRINT_DEMO_ACCOUNTS: "false",
    },
  });
  let output = "";
  const lines: string[] = [];
  let partial = "";
  const append = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  let exited: number | string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = signal ?? code ?? 0;
      resolve();
    }),
  );
  const pid = child.pid!;
  const kill = () => {
    if (exited !== null) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (exited !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(kill, 10_000);
    await exit;
    clearTimeout(timer);
    // Anything left in the group (a worker that ignored the signal) goes too.
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // the group is empty
    }
  };

  const origin = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    // Ready when every process printed its start line and /readyz answers 200.
    while ((output.match(READY_LINE)?.length ?? 0) < options.processes) {
      if (exited !== null) throw new Error(`The app exited (${exited}) while starting:\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`The app did not start in time:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ready = await fetch(`${origin}/readyz`);
    if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, processes: options.processes, pid, output: () => output, lines: () => lines, stop, kill };
}
