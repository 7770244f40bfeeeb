#!/bin/sh
# `prisma generate` insists on locating a schema-engine binary but never runs it; the real engine
# cannot be downloaded on our build machines. Migrations are applied by scripts/migrate.ts instead.
echo "schema-engine is not available here; use npm run db:migrate" >&2
exit 1
