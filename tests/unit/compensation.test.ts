import { computeCompensation, orderCeiling, type CompensationInput, type CompensationTerms } from "~/domain/claims/compensation";

// The seed's terms: platform pay and bank transfer covered; shipping up to 100 PLN with platform pay;
// 10,000 PLN per claim, shipping included. Amounts in grosze.
const SEED: CompensationTerms = {
  coveredPaymentMethods: ["PLATFORM_PAY", "BANK_TRANSFER"],
  shippingCoveredPaymentMethods: ["PLATFORM_PAY"],
  shippingCap: 10_000,
  perClaimCap: 1_000_000,
  perPersonCap: null,
};
const LATER: CompensationTerms = { ...SEED, perClaimCap: 2_000_000, perPersonCap: 4_000_000 };

const input = (overrides: Partial<CompensationInput>): CompensationInput => ({
  terms: SEED,
  paymentMethod: "PLATFORM_PAY",
  orderShipping: 0,
  lines: [{ orderLineId: "a", unitAmount: 10_000, quantity: 1 }],
  shippingAlreadyClaimed: false,
  personApprovedInWindow: 0,
  ...overrides,
});
const item = (unitAmount: number, quantity = 1) => [{ orderLineId: "a", unitAmount, quantity }];

describe("shipping is included up to 100 PLN, only with platform pay", () => {
  test.each([
    // shipping,  method,           included, capApplied
    [9_999, "PLATFORM_PAY", 9_999, false], // 99.99 PLN
    [10_000, "PLATFORM_PAY", 10_000, false], // 100.00 PLN
    [10_001, "PLATFORM_PAY", 10_000, true], // 100.01 PLN → 100.00
    [25_000, "PLATFORM_PAY", 10_000, true],
    [9_999, "BANK_TRANSFER", 0, false],
    [10_001, "BANK_TRANSFER", 0, false],
    [0, "PLATFORM_PAY", 0, false],
  ] as const)("shipping %i gr paid by %s → %i gr included", (orderShipping, paymentMethod, included, capApplied) => {
    const result = computeCompensation(input({ orderShipping, paymentMethod, lines: item(50_000) }));
    expect(result.shippingAmount).toBe(included);
    expect(result.shippingCapApplied).toBe(capApplied);
    expect(result.maxAmount).toBe(50_000 + included);
  });

  test("shipping is paid once per order: a second claim gets none", () => {
    const result = computeCompensation(input({ orderShipping: 5_000, lines: item(50_000), shippingAlreadyClaimed: true }));
    expect(result.shippingAmount).toBe(0);
    expect(result.maxAmount).toBe(50_000);
  });
});

describe("a claim is capped at 10,000 PLN, shipping included", () => {
  test.each([
    // items,    shipping, method,          max,       capApplied
    [999_999, 0, "BANK_TRANSFER", 999_999, false], // 9,999.99
    [1_000_000, 0, "BANK_TRANSFER", 1_000_000, false], // 10,000.00
    [1_000_001, 0, "BANK_TRANSFER", 1_000_000, true], // 10,000.01 → 10,000.00
    [990_000, 9_999, "PLATFORM_PAY", 999_999, false], // 9,900 + 99.99 = 9,999.99
    [990_000, 10_000, "PLATFORM_PAY", 1_000_000, false], // 9,900 + 100.00 = 10,000.00
    [990_001, 10_000, "PLATFORM_PAY", 1_000_000, true], // 10,000.01 with shipping → 10,000.00
    [990_000, 10_001, "PLATFORM_PAY", 1_000_000, false], // shipping capped first: 9,900 + 100 = 10,000.00
    [5_000_000, 10_000, "PLATFORM_PAY", 1_000_000, true],
  ] as const)("items %i + shipping %i (%s) → max %i", (items, orderShipping, paymentMethod, max, capApplied) => {
    const result = computeCompensation(input({ lines: item(items), orderShipping, paymentMethod }));
    expect(result.maxAmount).toBe(max);
    expect(result.claimCapApplied).toBe(capApplied);
    expect(result.subtotal).toBe(result.itemsAmount + result.shippingAmount);
  });
});

test("cash on delivery is not covered: nothing can be paid", () => {
  const result = computeCompensation(input({ paymentMethod: "CASH_ON_DELIVERY", orderShipping: 5_000, lines: item(50_000) }));
  expect(result).toMatchObject({ covered: false, shippingAmount: 0, maxAmount: 0 });
});

test("multi-line orders: each line's price × quantity, only the claimed lines", () => {
  const result = computeCompensation(
    input({
      orderShipping: 1_500,
      lines: [
        { orderLineId: "a", unitAmount: 12_999, quantity: 3 },
        { orderLineId: "b", unitAmount: 249_900, quantity: 1 },
      ],
    }),
  );
  expect(result.itemsAmount).toBe(12_999 * 3 + 249_900);
  expect(result.maxAmount).toBe(12_999 * 3 + 249_900 + 1_500);
});

describe("later terms: 20,000 PLN per claim and 40,000 PLN per person", () => {
  test("the higher per-claim cap", () => {
    expect(computeCompensation(input({ terms: LATER, lines: item(1_500_000) })).maxAmount).toBe(1_500_000);
    expect(computeCompensation(input({ terms: LATER, lines: item(2_500_000) })).maxAmount).toBe(2_000_000);
  });
  test.each([
    [0, 1_500_000, false],
    [2_500_000, 1_500_000, false], // exactly reaches 40,000
    [2_500_001, 1_499_999, true],
    [4_000_000, 0, true],
  ] as const)("already approved %i in the window → max %i", (already, max, applied) => {
    const result = computeCompensation(input({ terms: LATER, lines: item(1_500_000), personApprovedInWindow: already }));
    expect(result.maxAmount).toBe(max);
    expect(result.personCapApplied).toBe(applied);
  });
});

test("the order ceiling: every item once and shipping once (capped); nothing for uncovered payments", () => {
  expect(orderCeiling(SEED, { paymentMethod: "PLATFORM_PAY", itemsAmount: 100_000, shippingAmount: 12_900 })).toBe(110_000);
  expect(orderCeiling(SEED, { paymentMethod: "BANK_TRANSFER", itemsAmount: 100_000, shippingAmount: 12_900 })).toBe(100_000);
  expect(orderCeiling(SEED, { paymentMethod: "CASH_ON_DELIVERY", itemsAmount: 100_000, shippingAmount: 0 })).toBe(0);
});
