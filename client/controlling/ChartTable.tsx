/** Props of {@link ChartTable}. */
interface ChartTableProps {
  /** The chart's title, as the table's caption. */
  caption: string;
  /** Heading of the first column (the labels). */
  labelHeading: string;
  /** One row per label (e.g. years). */
  labels: string[];
  /** One column per series; null where a series has no value. */
  series: { label: string; values: (number | null)[] }[];
  /** Writes a value with its unit. */
  format(value: number): string;
}

/** A chart's numbers as a table, so nobody depends on seeing the chart. */
export function ChartTable({ caption, labelHeading, labels, series, format }: ChartTableProps) {
  return (
    <table className="controlling-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeading}</th>
          {series.map((line) => (
            <th key={line.label} scope="col">
              {line.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, row) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {series.map((line) => {
              const value = line.values[row];
              return (
                <td key={line.label} className="number">
                  {value === null || value === undefined ? "–" : format(value)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
