/** Minimal timing harness for `npm run bench`: warm up, then time repeated runs and keep the median. */
export interface Timing {
  medianMs: number;
  minMs: number;
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
  while (samples.length < minRuns || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], minMs: samples[0], runs: samples.length };
}

/** One printed benchmark figure. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

/** Prints rows as an aligned table. */
export function printRows(suite: string, rows: BenchRow[]): void {
  console.log(`\n## ${suite}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const value = r.value >= 100 ? r.value.toFixed(0) : r.value >= 1 ? r.value.toFixed(2) : r.value.toPrecision(3);
    const extra = [r.target ? `target ${r.target}` : '', r.note ?? ''].filter(Boolean).join('; ');
    console.log(`${r.name.padEnd(width)}  ${value.padStart(10)} ${r.unit}${extra ? `   (${extra})` : ''}`);
  }
}
