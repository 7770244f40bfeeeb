import type { DomainContext } from "../context";
import { authorize } from "../identity/actor";
import { DAY } from "../shared/time";

// What the business reports about buyer protection (seed 001, the 2019/2020 table; seed 000): transactions
// per reimbursement, reimbursements as a share of transactions, average time to refund (5 days; 12 h for
// SMART), plus approval rate, p90 time to refund and the amount paid by reason. Computed from the data.

export interface ClaimMetrics {
  from: Date;
  to: Date;
  transactions: number;
  reimbursements: number;
  transactionsPerReimbursement: number | null;
  reimbursementShare: number | null;
  amountPaid: number;
  averageHoursToRefund: { standard: number | null; smart: number | null };
  p90HoursToRefund: { standard: number | null; smart: number | null };
  decided: number;
  approved: number;
  approvalRate: number | null;
  amountPaidByReason: { reason: string; amount: number; count: number }[];
}

export interface ClaimMetricsYear {
  year: number;
  transactions: number;
  reimbursements: number;
  transactionsPerReimbursement: number | null;
  averageHoursToRefund: { standard: number | null; smart: number | null };
}

export async function claimMetrics(ctx: DomainContext, range: { from?: Date; to?: Date } = {}): Promise<ClaimMetrics> {
  authorize(ctx.actor, "read", "claimMetrics");
  const to = range.to ?? new Date(ctx.clock.now().getTime() + 1);
  const from = range.from ?? new Date(to.getTime() - 365 * DAY);
  const [[orders], [paid], [decisions], byReason] = await Promise.all([
    ctx.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Order" WHERE "placedAt" >= ${from} AND "placedAt" < ${to}`,
    ctx.db.$queryRaw<Record<string, number | bigint | null>[]>`
      SELECT count(*) AS n, coalesce(sum(p.amount), 0) AS amount,
             avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling") AS avg_standard,
             avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling") AS avg_smart,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling") AS p90_standard,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling") AS p90_smart
      FROM "Payout" p JOIN "Claim" c ON c.id = p."claimId"
      WHERE p.status = 'EXECUTED' AND p."executedAt" >= ${from} AND p."executedAt" < ${to}`,
    ctx.db.$queryRaw<{ decided: bigint; approved: bigint }[]>`
      SELECT count(*) AS decided, count(*) FILTER (WHERE status IN ('APPROVED', 'PAID')) AS approved
      FROM "Claim" WHERE status IN ('APPROVED', 'PAID', 'REJECTED') AND "decidedAt" >= ${from} AND "decidedAt" < ${to}`,
    ctx.db.$queryRaw<{ reason: string; amount: bigint; n: bigint }[]>`
      SELECT c.reason::text AS reason, sum(p.amount) AS amount, count(*) AS n
      FROM "Payout" p JOIN "Claim" c ON c.id = p."claimId"
      WHERE p.status = 'EXECUTED' AND p."executedAt" >= ${from} AND p."executedAt" < ${to}
      GROUP BY c.reason ORDER BY sum(p.amount) DESC`,
  ]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const transactions = Number(orders.n);
  const reimbursements = Number(paid.n);
  const decided = Number(decisions.decided);
  const approved = Number(decisions.approved);
  return {
    from,
    to,
    transactions,
    reimbursements,
    transactionsPerReimbursement: reimbursements ? transactions / reimbursements : null,
    reimbursementShare: transactions ? reimbursements / transactions : null,
    amountPaid: Number(paid.amount),
    averageHoursToRefund: { standard: num(paid.avg_standard), smart: num(paid.avg_smart) },
    p90HoursToRefund: { standard: num(paid.p90_standard), smart: num(paid.p90_smart) },
    decided,
    approved,
    approvalRate: decided ? approved / decided : null,
    amountPaidByReason: byReason.map((r) => ({ reason: r.reason, amount: Number(r.amount), count: Number(r.n) })),
  };
}

/** The seed's yearly table: transactions per reimbursement and average time to refund, per calendar year (Warsaw time). */
export async function claimMetricsByYear(ctx: DomainContext, years = 3): Promise<ClaimMetricsYear[]> {
  authorize(ctx.actor, "read", "claimMetrics");
  const now = ctx.clock.now();
  const firstYear = Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Warsaw", year: "numeric" }).format(now)) - years + 1;
  const since = new Date(`${firstYear}-01-01T00:00:00+01:00`);
  const [orders, paid] = await Promise.all([
    // One range count per Warsaw calendar year: the placedAt index answers each, where extracting the year
    // of every order would read and convert the whole table.
    ctx.db.$queryRaw<{ year: number; n: bigint }[]>`
      SELECT y.year, (SELECT count(*) FROM "Order"
                      WHERE "placedAt" >= make_timestamptz(y.year, 1, 1, 0, 0, 0, 'Europe/Warsaw')
                        AND "placedAt" < make_timestamptz(y.year + 1, 1, 1, 0, 0, 0, 'Europe/Warsaw')) AS n
      FROM generate_series(${firstYear}::int, ${firstYear + years - 1}::int) AS y(year)`,
    ctx.db.$queryRaw<{ year: number; n: bigint; avg_standard: number | null; avg_smart: number | null }[]>`
      SELECT extract(year FROM p."executedAt" AT TIME ZONE 'Europe/Warsaw')::int AS year, count(*) AS n,
             avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE NOT c."smartAtFiling") AS avg_standard,
             avg(extract(epoch FROM p."executedAt" - c."filedAt") / 3600) FILTER (WHERE c."smartAtFiling") AS avg_smart
      FROM "Payout" p JOIN "Claim" c ON c.id = p."claimId"
      WHERE p.status = 'EXECUTED' AND p."executedAt" >= ${since} GROUP BY 1`,
  ]);
  const rows: ClaimMetricsYear[] = [];
  for (let year = firstYear; year < firstYear + years; year++) {
    const o = orders.find((r) => Number(r.year) === year);
    const p = paid.find((r) => Number(r.year) === year);
    const transactions = Number(o?.n ?? 0);
    const reimbursements = Number(p?.n ?? 0);
    rows.push({
      year,
      transactions,
      reimbursements,
      transactionsPerReimbursement: reimbursements ? transactions / reimbursements : null,
      averageHoursToRefund: {
        standard: p?.avg_standard === null || p?.avg_standard === undefined ? null : Number(p.avg_standard),
        smart: p?.avg_smart === null || p?.avg_smart === undefined ? null : Number(p.avg_smart),
      },
    });
  }
  return rows;
}
