import { z } from "zod";

// Money is integer minor units (grosze) with a currency; never floats. These are the input schemas every
// context shares: the API takes grosze, the forms take złoty as people write them.

/** An amount in grosze from any input (string or number); whole units only. */
export const minorUnits = z.coerce.number().int("Whole grosze only");

/** "123,45" or "123.45" (PLN) → 12345 grosze; empty → null. Forms take złoty, the API takes grosze. */
export const plnToGrosze = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value.replace(/\s/g, ""));
    if (!match) {
      ctx.addIssue({ code: "custom", message: "Enter an amount like 123,45" });
      return z.NEVER;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  });
