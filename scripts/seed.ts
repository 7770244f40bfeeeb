import { loadConfig } from "~/infra/config.server";
import { openConfiguredDatabase } from "~/infra/bootstrap.server";
import { systemClock } from "~/infra/clock";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "../prisma/seed/demo";

// npm run db:seed — writes the role catalogue and, into an empty database, the demo marketplace.
const database = await openConfiguredDatabase(loadConfig());
try {
  const seeded = await seedDemoData(database, systemClock);
  console.log(seeded ? "Demo data written." : "Demo data was already there; roles and permissions brought up to date.");
  console.log(`Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}`);
} finally {
  await database.close();
}
