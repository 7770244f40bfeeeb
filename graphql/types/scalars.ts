import { builder } from "../builder";
import { GraphQLError } from "graphql";
import { formatMoney } from "~/lib/format";

builder.scalarType("DateTime", {
  description: "An instant in ISO 8601 (UTC).",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === "string" ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO 8601 string");
    return date;
  },
});

// Amounts are grosze. A single claim fits a 32-bit Int, but totals over the whole marketplace do not
// (2^31 grosze is only 21.5 million PLN), so Money carries its own integer scalar, exact to 2^53 − 1.
const MinorUnits = builder.scalarType("MinorUnits", {
  description: "An integer amount in the currency's minor units (grosze for PLN), as a JSON number; exact up to 2^53 − 1.",
  serialize: (value) => {
    if (!Number.isSafeInteger(value)) throw new GraphQLError("MinorUnits must be a safe integer");
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new GraphQLError("MinorUnits must be an integer number of minor units");
    return value;
  },
});

export interface MoneyValue {
  amount: number;
  currency: string;
}

/** Money is an integer amount in minor units (grosze) with its currency; never a float. */
export const Money = builder.objectRef<MoneyValue>("Money").implement({
  fields: (t) => ({
    amount: t.expose("amount", { type: MinorUnits, description: "Minor units (grosze for PLN)." }),
    currency: t.exposeString("currency"),
    formatted: t.string({
      description: "Display form in Polish notation, e.g. 1 299,99 zł.",
      resolve: (money) => formatMoney(money.amount, money.currency),
    }),
  }),
});

export const money = (amount: number, currency = "PLN"): MoneyValue => ({ amount, currency });

builder.scalarType("File", {
  description: "An uploaded file (GraphQL multipart request). Input only.",
  serialize: () => {
    throw new GraphQLError("File is an input-only scalar");
  },
});

/** Turns uploaded files into what the domain checks (name + bytes); the domain decides what is allowed. */
export async function uploadsOf(files: readonly File[] | null | undefined) {
  return Promise.all((files ?? []).map(async (file) => ({ fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) })));
}

builder.scalarType("JSON", {
  description: "A JSON value (an object as the domain defines it: a statement of reasons' body, a policy).",
  serialize: (value) => value,
  parseValue: (value) => value,
});
