import { describe, expect, test } from "vitest";
import { memoizeFor } from "~/infra/memo.server";

describe("memoizeFor", () => {
  test("computes once per period; concurrent callers share the computation; a failure is not kept", async () => {
    let time = 0;
    let calls = 0;
    const memo = memoizeFor<number>(60_000, () => time);
    const compute = async () => ++calls;
    expect(await Promise.all([memo(compute), memo(compute), memo(compute)])).toEqual([1, 1, 1]);
    time = 59_999;
    expect(await memo(compute)).toBe(1);
    time = 60_000;
    expect(await memo(compute)).toBe(2);
    time = 200_000;
    await expect(memo(async () => Promise.reject(new Error("database away")))).rejects.toThrow("database away");
    expect(await memo(compute)).toBe(3);
  });
});
