import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/infra/remix.server";
import { canAny } from "~/domain/identity/actor";
import { claimMetrics, claimMetricsByYear } from "~/domain/claims/metrics.server";
import { discussionMetrics } from "~/domain/discussions/metrics.server";
import { formatDuration, formatMoney } from "~/lib/format";
import { Alert, DataTable, Field, Icon, Money, PageHeader, Panel, StatTile, useFormatNumber, type Column } from "~/components/ui";
import { BarList, ShareBar } from "~/components/metrics/bar-list";
import { readRange } from "~/components/metrics/range";
import metricsStyles from "~/components/metrics/metrics.css";

export const links = () => [{ rel: "stylesheet", href: metricsStyles }];
export const meta: MetaFunction = () => [{ title: "Metrics · Trust & Safety" }];

/** The seed's figures (seed 000, seed 001), shown next to ours for comparison. */
const SEED = { withoutIntervention: 0.75, averageStandardHours: 5 * 24, averageSmartHours: 12 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireUser(request, context);
  const seesClaims = canAny(actor, "read", "claimMetrics");
  const seesDiscussions = canAny(actor, "read", "discussionMetrics");
  if (!seesClaims && !seesDiscussions) throw json({ code: "FORBIDDEN" }, { status: 403 });
  const range = readRange(new URL(request.url).searchParams, ctx.clock.now());
  const [claims, years, discussions] = await Promise.all([
    seesClaims ? claimMetrics(ctx, { from: range.from, to: range.to }) : null,
    seesClaims ? claimMetricsByYear(ctx, 3) : null,
    seesDiscussions ? discussionMetrics(ctx, { from: range.from, to: range.to }) : null,
  ]);
  return json({
    range: { from: range.fromDay, to: range.toDay, invalid: range.invalid },
    claims: claims ? { ...claims, from: claims.from.toISOString(), to: claims.to.toISOString() } : null,
    years,
    discussions: discussions ? { ...discussions, from: discussions.from.toISOString(), to: discussions.to.toISOString() } : null,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function useFormats() {
  const { t, i18n } = useTranslation();
  const tag = i18n.language === "en" ? "en-GB" : "pl-PL";
  const number = useFormatNumber();
  return {
    number,
    ratio: (value: number | null) => (value === null ? "—" : Math.round(value).toLocaleString(tag)),
    percent: (value: number | null, digits = 1) =>
      value === null ? "—" : new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value),
    /** Small shares need significant digits: 0.0036%. */
    smallPercent: (value: number | null) => (value === null ? "—" : `${new Intl.NumberFormat(tag, { maximumSignificantDigits: 3 }).format(value * 100)}%`),
    permille: (value: number | null) => (value === null ? "—" : `${new Intl.NumberFormat(tag, { maximumSignificantDigits: 3 }).format(value * 1000)}‰`),
    money: (grosze: number) => formatMoney(grosze, "PLN", i18n.language),
    /** A tile-sized amount: whole złoty, and compact from 100 000 zł up ("1,2 mln zł"). */
    shortMoney: (grosze: number) =>
      new Intl.NumberFormat(tag, {
        style: "currency",
        currency: "PLN",
        maximumFractionDigits: grosze >= 10_000_000 ? 1 : 0,
        notation: grosze >= 10_000_000 ? "compact" : "standard",
      }).format(grosze / 100),
    hours: (value: number | null) => (value === null ? "—" : value < 1 ? t("metrics.underAnHour") : formatDuration(value * 3_600_000)),
  };
}

export default function Metrics() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="page">
      <PageHeader title={t("metrics.title")} subtitle={t("metrics.intro")} />
      <Form method="get" className="filters metrics-range" aria-label={t("metrics.range")}>
        <Field label={t("metrics.from")} name="from" type="date" defaultValue={data.range.from} key={`from-${data.range.from}`} />
        <Field label={t("metrics.to")} name="to" type="date" defaultValue={data.range.to} key={`to-${data.range.to}`} />
        <div className="filters__actions">
          <button type="submit" className="button button--primary button--sm" disabled={navigation.state === "loading"}>
            <Icon name="activity" />
            {t("metrics.show")}
          </button>
          <Link to="/metrics" className="button button--ghost button--sm">
            {t("metrics.last12Months")}
          </Link>
        </div>
      </Form>
      {data.range.invalid ? <Alert tone="warning">{t("metrics.invalidRange")}</Alert> : null}
      {data.claims ? <ClaimsPanel claims={data.claims} /> : null}
      {data.years ? <YearsPanel years={data.years} /> : null}
      {data.discussions ? <DiscussionsPanel discussions={data.discussions} /> : null}
    </div>
  );
}

function ClaimsPanel({ claims }: { claims: NonNullable<Data["claims"]> }) {
  const { t } = useTranslation();
  const f = useFormats();
  const byReason = claims.amountPaidByReason;
  return (
    <Panel title={t("metrics.claims.title")} subtitle={t("metrics.claims.intro")} data-testid="claim-metrics">
      <div className="stack stack--lg">
        <div className="grid grid--tiles">
          <StatTile
            icon="shieldCheck"
            label={t("metrics.claims.perReimbursement")}
            value={f.ratio(claims.transactionsPerReimbursement)}
            hint={t("metrics.claims.perReimbursementHint", { transactions: f.number(claims.transactions), reimbursements: f.number(claims.reimbursements) })}
            tone="info"
            data-testid="metric-per-reimbursement"
          />
          <StatTile
            icon="activity"
            label={t("metrics.claims.share")}
            value={f.smallPercent(claims.reimbursementShare)}
            hint={t("metrics.claims.shareHint", { permille: f.permille(claims.reimbursementShare) })}
            tone="info"
            data-testid="metric-share"
          />
          <StatTile
            icon="check"
            label={t("metrics.claims.approvalRate")}
            value={f.percent(claims.approvalRate)}
            hint={t("metrics.claims.approvalRateHint", { approved: f.number(claims.approved), decided: f.number(claims.decided) })}
            tone="success"
          />
          <StatTile
            icon="creditCard"
            label={t("metrics.claims.amountPaid")}
            value={f.shortMoney(claims.amountPaid)}
            hint={t("metrics.claims.amountPaidHint", { amount: f.money(claims.amountPaid) })}
            tone="success"
            data-testid="metric-amount-paid"
          />
        </div>
        <div className="metrics-grid">
          <section className="stack stack--sm" aria-labelledby="refund-times">
            <h3 className="subsection-title" id="refund-times">
              {t("metrics.claims.refundTime")}
            </h3>
            <div className="table-wrap">
              <table className="table table--dense" data-testid="refund-times">
                <caption className="visually-hidden">{t("metrics.claims.refundTime")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("metrics.claims.tier")}</th>
                    <th scope="col" className="num">
                      {t("metrics.claims.average")}
                    </th>
                    <th scope="col" className="num">
                      {t("metrics.claims.p90")}
                    </th>
                    <th scope="col" className="num">
                      {t("metrics.claims.seedTarget")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t("metrics.claims.standard")}</th>
                    <td className="num">{f.hours(claims.averageHoursToRefund.standard)}</td>
                    <td className="num">{f.hours(claims.p90HoursToRefund.standard)}</td>
                    <td className="num">{f.hours(SEED.averageStandardHours)}</td>
                  </tr>
                  <tr>
                    <th scope="row">SMART</th>
                    <td className="num">{f.hours(claims.averageHoursToRefund.smart)}</td>
                    <td className="num">{f.hours(claims.p90HoursToRefund.smart)}</td>
                    <td className="num">{f.hours(SEED.averageSmartHours)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p className="metric-note">{t("metrics.claims.refundTimeNote")}</p>
          </section>
          <section className="stack stack--sm" aria-labelledby="paid-by-reason">
            <h3 className="subsection-title" id="paid-by-reason">
              {t("metrics.claims.byReason")}
            </h3>
            {byReason.length ? (
              <BarList
                label={t("metrics.claims.byReason")}
                data-testid="paid-by-reason"
                bars={byReason.map((r) => ({
                  key: r.reason,
                  label: t(`claims.reasons.${r.reason}`, { defaultValue: r.reason }),
                  value: r.amount,
                  valueText: <Money amount={r.amount} />,
                  hint: t("metrics.claims.payouts", { count: r.count }),
                }))}
              />
            ) : (
              <p className="subtle">{t("metrics.claims.noPayouts")}</p>
            )}
          </section>
        </div>
      </div>
    </Panel>
  );
}

function YearsPanel({ years }: { years: NonNullable<Data["years"]> }) {
  const { t } = useTranslation();
  const f = useFormats();
  type Row = (typeof years)[number];
  const columns: Column<Row>[] = [
    { key: "year", header: t("metrics.years.year"), primary: true, cell: (y) => <strong>{y.year}</strong> },
    { key: "transactions", header: t("metrics.years.transactions"), numeric: true, cell: (y) => f.number(y.transactions) },
    { key: "reimbursements", header: t("metrics.years.reimbursements"), numeric: true, cell: (y) => f.number(y.reimbursements) },
    { key: "ratio", header: t("metrics.years.perReimbursement"), numeric: true, cell: (y) => f.ratio(y.transactionsPerReimbursement) },
    { key: "standard", header: t("metrics.years.averageRefund"), numeric: true, cell: (y) => f.hours(y.averageHoursToRefund.standard) },
    { key: "smart", header: t("metrics.years.averageRefundSmart"), numeric: true, cell: (y) => f.hours(y.averageHoursToRefund.smart) },
  ];
  return (
    <Panel title={t("metrics.years.title")} subtitle={t("metrics.years.intro")} flush footer={<p className="metric-note">{t("metrics.years.seed")}</p>}>
      <DataTable caption={t("metrics.years.title")} columns={columns} rows={[...years].reverse()} rowKey={(y) => String(y.year)} data-testid="metrics-years" />
    </Panel>
  );
}

function DiscussionsPanel({ discussions }: { discussions: NonNullable<Data["discussions"]> }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <Panel title={t("metrics.discussions.title")} subtitle={t("metrics.discussions.intro")} data-testid="discussion-metrics">
      <div className="stack stack--lg">
        <div className="metrics-grid">
          <section className="stack stack--sm" aria-labelledby="without-intervention">
            <h3 className="subsection-title" id="without-intervention">
              {t("metrics.discussions.withoutIntervention")}
            </h3>
            <p className="stat-inline" data-testid="metric-without-intervention">
              <strong>{f.percent(discussions.withoutInterventionShare)}</strong>{" "}
              <span className="subtle">
                {t("metrics.discussions.ofClosed", { closed: f.number(discussions.closed), count: discussions.closedWithoutIntervention })}
              </span>
            </p>
            <ShareBar
              share={discussions.withoutInterventionShare}
              target={SEED.withoutIntervention}
              shareText={t("metrics.discussions.ours", { value: f.percent(discussions.withoutInterventionShare) })}
              targetText={t("metrics.discussions.seedTarget", { value: f.percent(SEED.withoutIntervention, 0) })}
            />
          </section>
          <section className="stack stack--sm" aria-labelledby="seller-on-time">
            <h3 className="subsection-title" id="seller-on-time">
              {t("metrics.discussions.onTime")}
            </h3>
            <p className="stat-inline" data-testid="metric-on-time">
              <strong>{f.percent(discussions.sellerOnTimeRate)}</strong>{" "}
              <span className="subtle">
                {t("metrics.discussions.onTimeOf", { due: f.number(discussions.sellerDue), count: discussions.sellerAnsweredOnTime })}
              </span>
            </p>
            <ShareBar
              share={discussions.sellerOnTimeRate}
              target={1}
              shareText={t("metrics.discussions.ours", { value: f.percent(discussions.sellerOnTimeRate) })}
              targetText={t("metrics.discussions.rule24h")}
            />
          </section>
        </div>
        <div className="grid grid--tiles">
          <StatTile icon="message" label={t("metrics.discussions.opened")} value={f.number(discussions.opened)} />
          <StatTile icon="clock" label={t("metrics.discussions.open")} value={f.number(discussions.open)} />
          <StatTile icon="shield" label={t("metrics.discussions.escalatedOpen")} value={f.number(discussions.escalatedOpen)} tone="warning" />
          <StatTile icon="alert" label={t("metrics.discussions.overdue")} value={f.number(discussions.overdue)} tone="danger" />
        </div>
      </div>
    </Panel>
  );
}
