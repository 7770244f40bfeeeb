import { loadConfig } from "~/infra/config.server";
import { openConfiguredDatabase } from "~/infra/bootstrap.server";
import { migrate } from "~/infra/migrate.server";

// npm run db:migrate — applies prisma/migrations to DATABASE_URL (or the embedded database).
const database = await openConfiguredDatabase(loadConfig());
try {
  const result = await database.session((sql) => migrate(sql));
  for (const name of result.applied) console.log(`applied   ${name}`);
  console.log(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
