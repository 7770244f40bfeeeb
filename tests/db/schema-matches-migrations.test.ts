import type { Database } from "~/infra/db.server";
import { createTestDatabase } from "../support/db";
import { loadDmmf, type DmmfField, type DmmfModel } from "../support/prisma-dmmf";

// Migrations are written by hand (the schema engine cannot run here), so this test proves that the
// migrated database and prisma/schema.prisma describe the same tables: columns, types, nullability,
// defaults, primary keys, unique and plain indexes (with Prisma's names), foreign keys and enums.

let db: Database;
const datamodel = loadDmmf();
const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

function expectedType(field: DmmfField): string {
  const native = field.nativeType?.[0];
  const args = field.nativeType?.[1] ?? [];
  let base: string;
  if (field.kind === "enum") base = field.type;
  else if (field.type === "String") base = native === "Uuid" ? "uuid" : native === "Char" ? `bpchar(${args[0]})` : native === "VarChar" ? `varchar(${args[0]})` : "text";
  else if (field.type === "Int") base = "int4";
  else if (field.type === "BigInt") base = "int8";
  else if (field.type === "Boolean") base = "bool";
  else if (field.type === "Float") base = "float8";
  else if (field.type === "Decimal") base = "numeric";
  else if (field.type === "Json") base = native === "Json" ? "json" : "jsonb";
  else if (field.type === "Bytes") base = "bytea";
  else if (field.type === "DateTime") base = native === "Timestamptz" ? `timestamptz(${args[0] ?? 6})` : native === "Date" ? "date" : "timestamp(3)";
  else throw new Error(`No mapping for ${field.type}`);
  return field.isList ? `${base}[]` : base;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  character_maximum_length: number | null;
  datetime_precision: number | null;
}

function actualType(column: ColumnRow): string {
  const array = column.udt_name.startsWith("_");
  const udt = array ? column.udt_name.slice(1) : column.udt_name;
  let base = udt;
  if (udt === "timestamptz" || udt === "timestamp") base = udt === "timestamp" ? `timestamp(${column.datetime_precision})` : `timestamptz(${column.datetime_precision})`;
  if ((udt === "bpchar" || udt === "varchar") && column.character_maximum_length) base = `${udt}(${column.character_maximum_length})`;
  return array ? `${base}[]` : base;
}

test("every model is a table and every table is a model", async () => {
  const rows = await db.sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  expect(rows.map((r) => r.table_name).sort()).toEqual(datamodel.models.map(tableOf).sort());
});

test("columns match fields: name, type, nullability and presence of a default", async () => {
  const rows = await db.sql.query<ColumnRow>(
    `SELECT table_name, column_name, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  const actual = rows.map((c) => `${c.table_name}.${c.column_name} ${actualType(c)} ${c.is_nullable === "YES" ? "null" : "not null"} ${c.column_default === null ? "" : "default"}`.trim()).sort();
  const expected = datamodel.models
    .flatMap((model) =>
      model.fields
        .filter((f) => f.kind !== "object")
        .map((f) => {
          // Prisma emits list columns without NOT NULL; @updatedAt alone has no database default.
          const nullable = !f.isRequired || f.isList;
          return `${tableOf(model)}.${columnOf(f)} ${expectedType(f)} ${nullable ? "null" : "not null"} ${f.hasDefaultValue ? "default" : ""}`.trim();
        }),
    )
    .sort();
  expect(actual).toEqual(expected);
});

test("enums have the same values", async () => {
  const rows = await db.sql.query<{ name: string; value: string }>(
    `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
  );
  const actual: Record<string, string[]> = {};
  for (const row of rows) (actual[row.name] ??= []).push(row.value);
  const expected = Object.fromEntries(datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
  expect(actual).toEqual(expected);
});

test("primary keys, unique and plain indexes match, with Prisma's names", async () => {
  const rows = await db.sql.query<{ table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
     FROM pg_index ix
     JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
     JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE t.relname <> '_prisma_migrations'
     GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
  );
  const actual = rows.map((r) => `${r.index_name}: ${r.is_primary ? "primary" : r.is_unique ? "unique" : "index"} ${r.table_name}(${r.columns.join(",")})`).sort();
  const expected = datamodel.indexes
    .filter((index) => index.type !== "fulltext")
    .map((index) => {
      const model = modelByName.get(index.model)!;
      const table = tableOf(model);
      const columns = index.fields.map((f) => columnOf(model.fields.find((field) => field.name === f.name)!));
      const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
      const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`);
      return `${name}: ${kind} ${table}(${columns.join(",")})`;
    })
    .sort();
  expect(actual).toEqual(expected);
});

test("foreign keys match relations, including their ON DELETE actions", async () => {
  const rows = await db.sql.query<{ name: string; table_name: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>(
    `SELECT c.conname AS name, t.relname AS table_name, rt.relname AS ref_table,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
            c.confdeltype AS on_delete
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
     WHERE c.contype = 'f'`,
  );
  const deleteAction: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
  const actual = rows.map((r) => `${r.name}: ${r.table_name}(${r.columns.join(",")}) -> ${r.ref_table}(${r.ref_columns.join(",")}) on delete ${deleteAction[r.on_delete]}`).sort();
  const expected = datamodel.models
    .flatMap((model) =>
      model.fields
        .filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0)
        .map((f) => {
          const target = modelByName.get(f.type)!;
          const columns = f.relationFromFields!.map((name) => columnOf(model.fields.find((x) => x.name === name)!));
          const refColumns = f.relationToFields!.map((name) => columnOf(target.fields.find((x) => x.name === name)!));
          const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
          return `${tableOf(model)}_${columns.join("_")}_fkey: ${tableOf(model)}(${columns.join(",")}) -> ${tableOf(target)}(${refColumns.join(",")}) on delete ${onDelete}`;
        }),
    )
    .sort();
  expect(actual).toEqual(expected);
});
