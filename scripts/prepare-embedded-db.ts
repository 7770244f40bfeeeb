import { systemClock } from "~/infra/clock";
import { writeTemplate } from "~/infra/embedded-template.server";
import { seedDemoData } from "../prisma/seed/demo";

// Run by `npm install` (postinstall): prepares the embedded database's first start (see embedded-template.server.ts).
const started = Date.now();
await writeTemplate((db) => seedDemoData(db, systemClock), systemClock);
console.log(`Prepared the embedded demo database in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
