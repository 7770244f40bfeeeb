import { loadConfig } from "~/infra/config.server";
import { openConfiguredDatabase } from "~/infra/bootstrap.server";
import { systemClock } from "~/infra/clock";
import { startWorkers } from "./runner";

// A standalone worker process (`npm run workers`) for PostgreSQL deployments; run as many as needed.
const config = loadConfig();
if (!config.databaseUrl) {
  console.error("npm run workers needs DATABASE_URL (on the embedded database the app process runs the workers).");
  process.exit(1);
}
const database = await openConfiguredDatabase(config);
const handle = startWorkers({ db: database.prisma, clock: systemClock });
console.log("Workers started.");
const stop = async () => {
  await handle.stop();
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
