import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { APP_TRANSACTION_OPTIONS, BATCH_TRANSACTION_OPTIONS, openDatabase, type Database } from "./db.server";
import { migrate, readMigrations } from "./migrate.server";
import type { Clock } from "./clock";

// The embedded database's first start is the slow part of `npm start` (creating a Postgres cluster in
// WASM, migrating, seeding). `npm install` prepares it once — migrated and seeded — and saves it here;
// the first start loads that copy. A template made from other migrations is ignored.

export const TEMPLATE_DIR = path.resolve(process.cwd(), ".cache/embedded-db");
const TEMPLATE_FILE = path.join(TEMPLATE_DIR, "template.tar.gz");
const TEMPLATE_META = path.join(TEMPLATE_DIR, "template.json");

interface TemplateMeta {
  migrations: string[];
  seededAt: string;
}

const currentMigrations = () => readMigrations().map((m) => `${m.name}:${m.checksum}`);

export async function writeTemplate(seed: (db: Database) => Promise<unknown>, clock: Clock): Promise<void> {
  const pglite = await PGlite.create("memory://");
  // Seeding is a batch job: Prisma's 5-second transaction default fails it on a loaded machine.
  const db = await openDatabase({ pglite, transactionOptions: BATCH_TRANSACTION_OPTIONS });
  await db.session((sql) => migrate(sql));
  await seed(db);
  const dump = await pglite.dumpDataDir("gzip");
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  writeFileSync(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(TEMPLATE_META, JSON.stringify({ migrations: currentMigrations(), seededAt: clock.now().toISOString() } satisfies TemplateMeta));
  await db.close();
  await pglite.close();
}

/** The saved template, when it was made from exactly the current migrations. */
export function usableTemplate(): Blob | null {
  if (!existsSync(TEMPLATE_FILE) || !existsSync(TEMPLATE_META)) return null;
  try {
    const meta = JSON.parse(readFileSync(TEMPLATE_META, "utf8")) as TemplateMeta;
    if (JSON.stringify(meta.migrations) !== JSON.stringify(currentMigrations())) return null;
    return new Blob([readFileSync(TEMPLATE_FILE)]);
  } catch {
    return null;
  }
}

export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Opens the embedded database in `dir`, starting from the template when the folder is new. */
export async function openEmbedded(dir: string): Promise<{ database: Database; fromTemplate: boolean; fresh: boolean }> {
  const fresh = isEmptyDir(dir);
  const template = fresh ? usableTemplate() : null;
  mkdirSync(dir, { recursive: true });
  const pglite = template ? await PGlite.create({ dataDir: dir, loadDataDir: template }) : await PGlite.create(dir);
  const database = await openDatabase({ pglite, transactionOptions: APP_TRANSACTION_OPTIONS });
  const close = database.close;
  return { database: { ...database, close: async () => (await close(), await pglite.close()) }, fromTemplate: !!template, fresh };
}
