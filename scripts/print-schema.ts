import { readFileSync, writeFileSync } from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "~graphql/schema";

// npm run schema:print writes schema.graphql; npm run schema:check fails when the committed file is stale.
const printed = printSchema(lexicographicSortSchema(schema)) + "\n";
const file = "schema.graphql";
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(file, "utf8");
  } catch {
    // missing counts as stale
  }
  if (committed !== printed) {
    console.error(`${file} is stale: run \`npm run schema:print\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${file} is up to date.`);
} else {
  writeFileSync(file, printed);
  console.log(`Wrote ${file}.`);
}
