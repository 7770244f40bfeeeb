export interface DescriptionItem {
  term: React.ReactNode;
  value: React.ReactNode;
  /** React key; defaults to the term when it is a string. */
  id?: string;
}

/**
 * Label/value pairs. "rows" puts terms in a left column (detail pages); "columns" lays pairs out as a
 * responsive grid of small blocks (summaries). Empty values show an em dash.
 */
export function DescriptionList({ items, variant = "rows" }: { items: DescriptionItem[]; variant?: "rows" | "columns" }) {
  const value = (item: DescriptionItem) => (item.value === null || item.value === undefined || item.value === "" ? "—" : item.value);
  if (variant === "columns") {
    return (
      <dl className="dl dl--columns">
        {items.map((item, i) => (
          <div key={item.id ?? (typeof item.term === "string" ? item.term : i)}>
            <dt>{item.term}</dt>
            <dd>{value(item)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <dl className="dl">
      {items.map((item, i) => (
        <DescriptionRow key={item.id ?? (typeof item.term === "string" ? item.term : i)} term={item.term} value={value(item)} />
      ))}
    </dl>
  );
}

function DescriptionRow({ term, value }: { term: React.ReactNode; value: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
