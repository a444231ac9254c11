/**
 * Minimal timing harness for `npm run bench`: warm up, then time repeated runs. The machine this project is measured
 * on is shared, so rows report the minimum wall time (the least disturbed run), the run-to-run range, and the mean
 * CPU time of this process per run (time-slicing by other processes does not count in it; cache sharing still does).
 */
export interface Timing {
  minMs: number;
  medianMs: number;
  maxMs: number;
  cpuMs: number;
  runs: number;
}

/** Times `fn` after `warmup` calls; repeats until `minRuns` runs and at least `minTimeMs` have passed. */
export function time(fn: () => void, options: { warmup?: number; minRuns?: number; minTimeMs?: number } = {}): Timing {
  const warmup = options.warmup ?? 3;
  const minRuns = options.minRuns ?? 10;
  const minTimeMs = options.minTimeMs ?? 1000;
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (samples.length < minRuns || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return {
    minMs: samples[0],
    medianMs: samples[Math.floor(samples.length / 2)],
    maxMs: samples[samples.length - 1],
    cpuMs: (used.user + used.system) / 1000 / samples.length,
    runs: samples.length,
  };
}

/** One printed benchmark figure. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

/** A timing as a row: the minimum, scaled (e.g. per sample), with the median and range in the note. */
export function timingRow(name: string, t: Timing, unit: string, scale = 1, extra: Partial<BenchRow> = {}): BenchRow {
  const f = (ms: number): string => format(ms * scale);
  const range = `median ${f(t.medianMs)}, range ${f(t.minMs)}–${f(t.maxMs)} over ${t.runs} runs, CPU ${f(t.cpuMs)}`;
  return { name, value: t.minMs * scale, unit, ...extra, note: [extra.note, range].filter(Boolean).join('; ') };
}

function format(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** Prints rows as an aligned table. */
export function printRows(suite: string, rows: BenchRow[]): void {
  console.log(`\n## ${suite}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const extra = [r.target ? `target ${r.target}` : '', r.note ?? ''].filter(Boolean).join('; ');
    console.log(`${r.name.padEnd(width)}  ${format(r.value).padStart(10)} ${r.unit}${extra ? `   (${extra})` : ''}`);
  }
}
