import { loadConfig } from "~/infra/config.server";
import { openConfiguredDatabase } from "~/infra/bootstrap.server";
import { systemClock } from "~/infra/clock";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, SEED_TRANSACTION_OPTIONS, seedDemoData } from "../prisma/seed/demo";

// npm run db:seed — writes the role catalogue and, into an empty database, the demo marketplace.
// Generous transaction limits: a loaded machine must not fail the seed on Prisma's 5-second default.
const database = await openConfiguredDatabase(loadConfig(), { transactionOptions: SEED_TRANSACTION_OPTIONS });
try {
  const seeded = await seedDemoData(database, systemClock);
  console.log(seeded ? "Demo data written." : "Demo data was already there; roles and permissions brought up to date.");
  console.log(`Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}`);
} finally {
  await database.close();
}
