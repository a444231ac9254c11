/** A column of a text table: header, how to format a row's value, alignment. */
export interface Column<R> {
  header: string;
  value: (row: R) => string;
  align?: 'left' | 'right';
}

/** Renders rows as an aligned plain-text table (headers, a rule, rows). */
export function renderTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const pad = (s: string, i: number): string =>
    columns[i].align === 'left' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
  const lines = [columns.map((c, i) => pad(c.header, i)).join('  '), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells) lines.push(row.map((s, i) => pad(s, i)).join('  '));
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** Formats a number with `digits` decimals, or '—' when absent. */
export function fmt(value: unknown, digits = 3): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}
