// Horizontal bars drawn with CSS: each row says its label and value in text, the bar only repeats the
// proportion for the eye (aria-hidden), so screen readers and printouts lose nothing.

export interface Bar {
  key: string;
  label: React.ReactNode;
  /** The number behind the bar's length. */
  value: number;
  /** The value as people read it ("1 234,00 zł", "42%"). */
  valueText: React.ReactNode;
  hint?: React.ReactNode;
}

export function BarList({ bars, max, label, "data-testid": testId }: { bars: Bar[]; max?: number; label: string; "data-testid"?: string }) {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value));
  return (
    <ul className="bar-list" aria-label={label} data-testid={testId}>
      {bars.map((bar) => (
        <li key={bar.key}>
          <div className="bar-list__text">
            <span className="bar-list__label">{bar.label}</span>
            <span className="bar-list__value">{bar.valueText}</span>
          </div>
          <div className="bar-list__track" aria-hidden="true">
            <span className="bar-list__bar" style={{ width: `${top > 0 ? Math.max(1, (bar.value / top) * 100) : 0}%` }} />
          </div>
          {bar.hint ? <span className="bar-list__hint">{bar.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** One share against a target: a bar for the share, a marker for the target (e.g. the seed's 75%). */
export function ShareBar({ share, target, shareText, targetText }: { share: number | null; target: number; shareText: string; targetText: string }) {
  return (
    <div className="share-bar">
      <div className="bar-list__track share-bar__track" aria-hidden="true">
        <span
          className={`bar-list__bar ${share !== null && share >= target ? "bar-list__bar--good" : "bar-list__bar--short"}`}
          style={{ width: `${Math.min(100, (share ?? 0) * 100)}%` }}
        />
        <span className="share-bar__target" style={{ left: `${Math.min(100, target * 100)}%` }} />
      </div>
      <div className="share-bar__legend">
        <span>{shareText}</span>
        <span>{targetText}</span>
      </div>
    </div>
  );
}
