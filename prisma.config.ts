import { defineConfig } from "prisma/config";

// The datasource URL is only read by Prisma CLI commands that talk to a database, which we do not
// run (see scripts/migrate.ts). The app picks its driver adapter at runtime in app/infra/db.server.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
