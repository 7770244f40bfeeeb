import cluster from "node:cluster";
import path from "node:path";

// Several app processes behind one port, as node's cluster module runs them: the primary accepts the
// connections and hands them to the workers in turn; each worker is the unchanged production server
// (server.ts). Run as `node --import tsx tests/bench/load/cluster.ts` with WEB_PROCESSES=N and the app's
// usual settings. SIGTERM/SIGINT stop the workers (each closes its database pool) and then the primary.

const count = Math.max(1, Number(process.env.WEB_PROCESSES ?? 2));

if (!cluster.isPrimary) throw new Error("cluster.ts runs as the primary only");
cluster.setupPrimary({ exec: path.resolve("server.ts"), execArgv: process.execArgv });

let stopping = false;
let exitCode = 0;
for (let i = 0; i < count; i++) cluster.fork();
cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
    return;
  }
  // A worker that dies under load is a finding: stop everything and say so.
  console.error(`App process ${worker.process.pid} exited (${signal ?? code}); stopping the others.`);
  stop(1);
});

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  const workers = Object.values(cluster.workers ?? {});
  if (!workers.length) process.exit(code);
  for (const worker of workers) worker?.process.kill("SIGTERM");
  setTimeout(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    process.exit(exitCode);
  }, 5000).unref();
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
