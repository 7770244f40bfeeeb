export interface Column<T> {
  key: string;
  /** Column heading; on a phone it labels the value inside the row's card. */
  header: string;
  cell: (row: T) => React.ReactNode;
  /** Right-aligned, tabular figures (amounts, counts). */
  numeric?: boolean;
  /** On a phone: the card's title (top left), shown without a label. */
  primary?: boolean;
  /** On a phone: top right of the card, without a label (a status pill). */
  badge?: boolean;
  /** Row actions: right-aligned, heading read by screen readers only. */
  actions?: boolean;
  className?: string;
}

interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** Names the table for screen readers (visually hidden unless `showCaption`). */
  caption: string;
  showCaption?: boolean;
  /** Shown instead of the table when there are no rows. */
  empty?: React.ReactNode;
  /** Tighter rows for agents' queues. */
  dense?: boolean;
  /** Turn rows into stacked cards on a phone (default). */
  stack?: boolean;
  rowClassName?: (row: T) => string | undefined;
  "data-testid"?: string;
}

/**
 * A list table: compact rows and a sticky header on a desktop; on a phone (stack) each row becomes a
 * card whose cells carry their column's name. Numeric columns are right-aligned.
 */
export function DataTable<T>({ columns, rows, rowKey, caption, showCaption, empty, dense, stack = true, rowClassName, ...rest }: DataTableProps<T>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  const className = ["table", dense ? "table--dense" : "", stack ? "table--stack" : ""].filter(Boolean).join(" ");
  const cellClass = (column: Column<T>) =>
    [column.numeric ? "num" : "", column.actions ? "actions" : "", column.className ?? ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="table-wrap">
      <table className={className} data-testid={rest["data-testid"]}>
        <caption className={showCaption ? undefined : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cellClass(column)}>
                {column.actions ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={cellClass(column)}
                  data-label={column.header}
                  data-primary={column.primary ? "" : undefined}
                  data-badge={column.badge ? "" : undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
