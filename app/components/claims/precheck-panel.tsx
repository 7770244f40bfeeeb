import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "~/lib/format";
import { Alert, Badge, Icon, Money, Panel } from "~/components/ui";
import { decisionTime, type PrecheckView } from "./precheck-data";

// The precheck as people read it: covered or not and why (one line per rule), the most the program pays
// and how that number was reached, the terms version and the decision time. The machine only advises:
// the title says so, and agents are reminded that the decision is theirs.

type Check = PrecheckView["checks"][number];

type Settlement = PrecheckView["settlements"][number];

/** A settled refund as words: outcome, amount, who decided, when. */
export function useSettlementText() {
  const { t, i18n } = useTranslation();
  return (s: { number?: string | number; settledNumber?: string | number; outcome?: string | number; amount?: string | number; decidedBy?: string | number; decidedAt?: string | number }) => ({
    number: s.settledNumber ?? s.number ?? "",
    outcome: t(`discussions.outcomes.${s.outcome}`, { defaultValue: String(s.outcome ?? "") }),
    amount: formatMoney(Number(s.amount ?? 0), "PLN", i18n.language),
    who: s.decidedBy === "SELLER" ? t("claims.precheck.checks.decidedBySeller") : t("claims.precheck.checks.decidedByAgent"),
    date: typeof s.decidedAt === "string" ? formatDate(s.decidedAt, i18n.language) : "",
  });
}

function useCheckText() {
  const { t, i18n } = useTranslation();
  const settlementText = useSettlementText();
  return (check: Check) => {
    const p = check.params;
    const method = typeof p.method === "string" ? t(`orders.${p.method}`, { defaultValue: p.method }) : "";
    const date = typeof p.until === "string" ? formatDate(p.until, i18n.language) : "";
    switch (check.code) {
      case "ORDER_PAID":
        return check.ok ? t("claims.precheck.checks.paidOk") : t("claims.precheck.checks.paidFail");
      case "PAYMENT_METHOD":
        return check.ok ? t("claims.precheck.checks.methodOk", { method }) : t("claims.precheck.checks.methodFail", { method });
      case "WINDOW":
        return check.ok ? t("claims.precheck.checks.windowOk", { date }) : t("claims.precheck.checks.windowFail", { date });
      case "DISCUSSION":
        if (!check.ok) return t("claims.precheck.checks.discussionFail");
        // A discussion that ended with a refund is not described as "without agreement".
        if (p.outcome) return t("claims.precheck.checks.discussionSettled", { ...settlementText(p), number: p.number ?? "" });
        return t("claims.precheck.checks.discussionOk", { number: p.number ?? "" });
      case "SETTLED": {
        const words = settlementText(p);
        if (Number(p.notReceived) === 1) return t("claims.precheck.checks.settledNotReceived", words);
        if (!check.ok) return t("claims.precheck.checks.settledAll", words);
        return t("claims.precheck.checks.settledDeducted", { ...words, deducted: formatMoney(Number(p.deducted ?? 0), "PLN", i18n.language) });
      }
      case "LINES":
        if (check.ok) return t("claims.precheck.checks.linesOk");
        if (check.errorCode === "CLAIM_LINES_ALREADY_CLAIMED") {
          return t("claims.precheck.checks.linesClaimed", { position: p.position ?? "", count: Number(p.claimable ?? 0) });
        }
        if (check.errorCode === "CLAIM_LINE_NOT_IN_ORDER") return t("claims.precheck.checks.linesNotInOrder");
        return t("claims.precheck.checks.linesNone");
      default:
        return check.code;
    }
  };
}

export function PrecheckPanel({
  precheck,
  audience,
  loading,
  noLines,
  className,
}: {
  precheck: PrecheckView;
  audience: "buyer" | "agent";
  /** A newer precheck is on its way (the buyer changed the items). */
  loading?: boolean;
  /** The buyer has not ticked any item yet. */
  noLines?: boolean;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const checkText = useCheckText();
  const c = precheck.compensation;
  const time = decisionTime(precheck.decisionHours);
  const shippingNote = (() => {
    if (precheck.orderShipping === 0) return null;
    if (!precheck.terms.shippingCoveredPaymentMethods.includes(precheck.paymentMethod)) return t("claims.precheck.shippingNotForMethod");
    if (c.shippingCapApplied) return t("claims.precheck.shippingCapped", { cap: formatAmount(precheck.terms.shippingCap, i18n.language) });
    if (c.shippingAmount === 0 && c.covered) return t("claims.precheck.shippingAlreadyClaimed");
    return null;
  })();
  const failed = precheck.checks.filter((check) => !check.ok);
  return (
    <Panel
      title={t("claims.precheck.title")}
      subtitle={audience === "agent" ? t("claims.precheck.agentIntro") : t("claims.precheck.buyerIntro")}
      className={["precheck", loading ? "precheck--loading" : "", className ?? ""].filter(Boolean).join(" ")}
      data-testid="precheck"
    >
      <div className="stack" aria-live="polite" aria-busy={loading || undefined}>
        {audience === "agent" && precheck.refundNotReceived && precheck.settlements.length ? (
          <RefundWarning settlement={precheck.settlements[precheck.settlements.length - 1]} />
        ) : null}
        {noLines ? (
          <Alert tone="info">{t("claims.precheck.chooseItems")}</Alert>
        ) : precheck.eligible ? (
          <Alert tone="success" title={t("claims.precheck.covered")} data-testid="precheck-verdict">
            {audience === "agent" ? t("claims.precheck.coveredAgent") : t("claims.precheck.coveredBuyer")}
          </Alert>
        ) : (
          <Alert tone="warning" title={t("claims.precheck.notCovered")} data-testid="precheck-verdict">
            {failed.length ? checkText(failed[0]) : t("claims.precheck.nothingToCompensate")}
          </Alert>
        )}
        <ul className="check-list" aria-label={t("claims.precheck.rules")}>
          {precheck.checks
            .filter((check) => !(noLines && check.code === "LINES"))
            .map((check) => (
              <li key={check.code} className={check.ok ? "check-list__ok" : "check-list__fail"} data-check={check.code} data-ok={check.ok ? "true" : "false"}>
                <Icon name={check.ok ? "checkCircle" : "x"} />
                <span>
                  <span className="visually-hidden">{check.ok ? t("claims.precheck.met") : t("claims.precheck.notMet")}: </span>
                  {checkText(check)}
                </span>
              </li>
            ))}
        </ul>
        {noLines ? null : (
          <div className="stack stack--sm">
            <h3 className="subsection-title">{t("claims.precheck.breakdown")}</h3>
            <dl className="totals totals--full" data-testid="precheck-breakdown">
              <div>
                <dt>{t("claims.precheck.items")}</dt>
                <dd>
                  <Money amount={c.itemsAmount} currency={precheck.currency} />
                </dd>
              </div>
              <div>
                <dt>
                  {t("claims.precheck.shipping")}
                  {shippingNote ? <span className="totals__note">{shippingNote}</span> : null}
                </dt>
                <dd>
                  <Money amount={c.shippingAmount} currency={precheck.currency} />
                </dd>
              </div>
              <div>
                <dt>
                  {t("claims.precheck.claimCap")}
                  <span className="totals__note">{c.claimCapApplied ? t("claims.precheck.capApplied") : t("claims.precheck.capNotReached")}</span>
                </dt>
                <dd>
                  <Money amount={precheck.terms.perClaimCap} currency={precheck.currency} />
                </dd>
              </div>
              {precheck.terms.perPersonCap !== null ? (
                <div>
                  <dt>
                    {t("claims.precheck.personCap", { days: precheck.terms.perPersonCapWindowDays ?? 0 })}
                    <span className="totals__note">{c.personCapApplied ? t("claims.precheck.personCapApplied") : t("claims.precheck.capNotReached")}</span>
                  </dt>
                  <dd>
                    <Money amount={precheck.terms.perPersonCap} currency={precheck.currency} />
                  </dd>
                </div>
              ) : null}
              {precheck.settlements.length ? (
                <div data-testid="precheck-settled">
                  <dt>
                    {t("claims.precheck.settledRow")}
                    {precheck.refundNotReceived ? <span className="totals__note">{t("claims.precheck.settledNotDeducted")}</span> : null}
                  </dt>
                  <dd>
                    {c.settledDeducted > 0 ? "− " : ""}
                    <Money amount={c.settledDeducted} currency={precheck.currency} />
                  </dd>
                </div>
              ) : null}
              <div className="totals__grand">
                <dt>{t("claims.precheck.maximum")}</dt>
                <dd data-testid="precheck-max">
                  <Money amount={c.maxAmount} currency={precheck.currency} />
                </dd>
              </div>
            </dl>
          </div>
        )}
        <ul className="fact-list">
          <li>
            <Icon name="clock" />
            <span>
              {time.unit === "days" ? t("claims.precheck.decisionDays", { count: time.count }) : t("claims.precheck.decisionHours", { count: time.count })}{" "}
              {precheck.smart ? <Badge tone="accent">SMART</Badge> : null}
            </span>
          </li>
          <li>
            <Icon name="file" />
            <span>
              {t("claims.precheck.terms", {
                name: precheck.terms.name,
                version: precheck.terms.version,
                date: formatDate(precheck.terms.effectiveFrom, i18n.language),
              })}
            </span>
          </li>
        </ul>
        {audience === "agent" ? <p className="subtle">{t("claims.precheck.agentNote")}</p> : null}
      </div>
    </Panel>
  );
}

/** For agents: the buyer says the refund settled in the discussion did not arrive — check it before approving. */
export function RefundWarning({ settlement }: { settlement: Settlement }) {
  const { t } = useTranslation();
  const settlementText = useSettlementText();
  return (
    <Alert tone="warning" title={t("claims.precheck.refundWarningTitle")} data-testid="refund-not-received-warning">
      {t("claims.precheck.refundWarning", settlementText(settlement))}
    </Alert>
  );
}

function formatAmount(grosze: number, locale: string) {
  return new Intl.NumberFormat(locale === "en" ? "en-GB" : "pl-PL", { style: "currency", currency: "PLN", maximumFractionDigits: 0 }).format(grosze / 100);
}
