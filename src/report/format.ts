/** Number formatting shared by the tables, facts and captions of both report formats. */

import type { Cell } from './document.js';

/** A number with `digits` decimals, or '—' when absent or not finite. */
export function fixed(value: unknown, digits = 3): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const text = value.toFixed(digits);
  // A tiny negative value rounds to "-0.000", which reads as a sign where there is none.
  return Number(text) === 0 ? text.replace('-', '') : text;
}

/** A difference with an explicit sign (`+0.033`, `−0.120`, `0.000`), using a true minus sign. */
export function signed(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** Seconds as `0.42 s`, `12.3 s` or `4 min 05 s`. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}
/** `a → b` with the difference b − a underneath; '—' where a run lacks the value. */
export function compareCell(a: number | undefined, b: number | undefined, digits: number, title?: string): Cell {
  const cell: Cell = { text: `${fixed(a, digits)} → ${fixed(b, digits)}` };
  if (a !== undefined && b !== undefined) cell.note = signed(b - a, digits);
  if (title !== undefined) cell.title = title;
  return cell;
}
