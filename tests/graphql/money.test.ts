import type { GraphQLNonNull, GraphQLObjectType, GraphQLScalarType } from "graphql";
import { schema } from "../../graphql/schema";

// Marketplace-wide totals (amount paid over years of claims) pass 2^31 grosze — 21.5 million PLN — long
// before a single claim could: Money.amount must not be a 32-bit Int.
const moneyAmount = () => {
  const money = schema.getType("Money") as GraphQLObjectType;
  const type = money.getFields().amount.type;
  expect(String(type)).toBe("MinorUnits!");
  return (type as GraphQLNonNull<GraphQLScalarType>).ofType;
};

test("Money.amount carries totals above 2^31 grosze exactly", () => {
  const amount = moneyAmount();
  expect(amount.name).toBe("MinorUnits");
  expect(amount.serialize(4_313_500_300)).toBe(4_313_500_300);
  expect(amount.serialize(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
});

test("Money.amount refuses what is not a whole number of minor units", () => {
  const amount = moneyAmount();
  expect(() => amount.serialize(12.5)).toThrow(/safe integer/);
  expect(() => amount.serialize(Number.MAX_SAFE_INTEGER + 1)).toThrow(/safe integer/);
  expect(() => amount.parseValue("100")).toThrow(/integer/);
});
