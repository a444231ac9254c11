import { basename } from 'node:path';
import type { SummaryRow } from '../experiment/results.js';
import { VERSION } from '../version.js';
import { auditComparisonSections } from './audit-section.js';
import { accuracyChart } from './charts/accuracy.js';
import type { Series } from './charts/common.js';
import { divergenceChart } from './charts/divergence.js';
import { miaChart } from './charts/mia.js';
import { qualityChart } from './charts/quality.js';
import { tradeoffChart } from './charts/tradeoff.js';
import { differingSettings, runLabels } from './compare-settings.js';
import { slug, type Block, type ReportDocument, type Section, type Table } from './document.js';
import { compareCell, fixed } from './format.js';
import { accuracyGap, MATCH_TOLERANCE } from './key-numbers.js';
import type { LoadedRun } from './load-run.js';
import { referenceTable, runSettings } from './run-facts.js';
import { scenarioNames } from './run-report.js';
import { columnTitle, SCENARIO_COLUMNS, type MetricColumn } from './scenario-table.js';

/** The metrics a comparison puts side by side. */
export const COMPARE_KEYS = [
  'forget_acc',
  'retain_acc',
  'test_acc',
  'tow',
  'js_test',
  'mia_auc_confidence',
  'seconds',
] as const;

const compareColumns = (): MetricColumn[] => COMPARE_KEYS.map((k) => SCENARIO_COLUMNS.find((c) => c.key === k)!);

function spreadTitle(
  labels: [string, string],
  rows: [SummaryRow | undefined, SummaryRow | undefined],
  key: string,
  digits: number,
): string | undefined {
  if (!rows.some((r) => r !== undefined && r.seeds > 1)) return undefined;
  return rows
    .map(
      (r, i) =>
        `${labels[i]}: ${r === undefined ? '—' : `${fixed(r.mean[key], digits)} ± ${fixed(r.ci95[key], digits)} (95 % t-interval, ${r.seeds} seeds)`}`,
    )
    .join('; ');
}

/** A reference value (teacher or oracle) of a column, from a run's first row of the scenario. */
function referenceValue(row: SummaryRow | undefined, source: string | number | undefined): number | undefined {
  if (typeof source === 'number') return source;
  return source === undefined || row === undefined ? undefined : row.mean[source];
}

/** Per method, both runs' key metrics (A → B) and their difference; the teacher and oracle of each run on top. */
export function comparisonTable(labels: [string, string], a: readonly SummaryRow[], b: readonly SummaryRow[]): Table {
  const columns = compareColumns();
  const table: Table = {
    caption: `each cell: ${labels[0]} → ${labels[1]}, with the difference (${labels[1]} − ${labels[0]}) below; means over seeds (hover for the 95 % t-intervals)`,
    columns: [
      { header: 'method', align: 'left' },
      ...columns.map((c) => ({
        header: c.header,
        align: 'right' as const,
        ...(columnTitle(c.key) ? { title: columnTitle(c.key) } : {}),
      })),
    ],
    rows: [],
  };
  for (const who of ['teacher', 'oracle'] as const) {
    table.rows.push({
      kind: 'reference',
      cells: [
        { text: who === 'teacher' ? 'Teacher' : 'Oracle' },
        ...columns.map((c) => compareCell(referenceValue(a[0], c[who]), referenceValue(b[0], c[who]), c.digits)),
      ],
    });
  }
  const methods = [...new Map([...a, ...b].map((r) => [r.method, r.method_label]))];
  for (const [method, label] of methods) {
    const ra = a.find((r) => r.method === method);
    const rb = b.find((r) => r.method === method);
    table.rows.push({
      kind: 'method',
      cells: [
        { text: label, title: method },
        ...columns.map((c) =>
          compareCell(ra?.mean[c.key], rb?.mean[c.key], c.digits, spreadTitle(labels, [ra, rb], c.key, c.digits)),
        ),
      ],
    });
  }
  return table;
}

/** The headline differences of one scenario, one sentence each. */
function compareKeyNumbers(labels: [string, string], a: readonly SummaryRow[], b: readonly SummaryRow[]): string[] {
  const both = (f: (rows: readonly SummaryRow[]) => string): string => `${labels[0]} ${f(a)}, ${labels[1]} ${f(b)}`;
  const meanOf = (rows: readonly SummaryRow[], key: string): string => {
    const values = rows.map((r) => r.mean[key]).filter((v) => v !== undefined && Number.isFinite(v));
    return values.length === 0 ? '—' : fixed(values.reduce((s, v) => s + v, 0) / values.length);
  };
  return [
    `Oracle test accuracy: ${both((rows) => fixed(rows[0]?.mean.oracle_test_acc))}; teacher test accuracy: ${both((rows) => fixed(rows[0]?.mean.teacher_test_acc))}.`,
    `Mean Tug-of-War over methods: ${both((rows) => meanOf(rows, 'tow'))}.`,
    `Methods within ${MATCH_TOLERANCE} of their oracle on all three accuracies: ${both((rows) => `${rows.filter((r) => (accuracyGap(r) ?? Infinity) <= MATCH_TOLERANCE).length} of ${rows.length}`)}.`,
  ];
}

/** The settings of both runs side by side, with the differing ones marked. */
function settingsTable(labels: [string, string], a: LoadedRun, b: LoadedRun): Table {
  const sa = runSettings(a);
  const sb = runSettings(b);
  const keys = [...new Set([...sa.keys(), ...sb.keys()])];
  return {
    columns: [
      { header: 'setting', align: 'left' },
      { header: labels[0], align: 'left' },
      { header: labels[1], align: 'left' },
      { header: 'same?', align: 'left' },
    ],
    rows: keys.map((k) => ({
      kind: 'method' as const,
      cells: [
        { text: k },
        { text: sa.get(k) ?? '—' },
        { text: sb.get(k) ?? '—' },
        { text: sa.get(k) === sb.get(k) ? 'same' : 'differs' },
      ],
    })),
  };
}

function scenarioSection(
  labels: [string, string],
  scenario: string,
  a: readonly SummaryRow[],
  b: readonly SummaryRow[],
): Section {
  const id = `scenario-${slug(scenario)}`;
  const series: Series[] = [
    { run: labels[0], rows: a },
    { run: labels[1], rows: b },
  ];
  const blocks: Block[] = [
    { kind: 'table', table: comparisonTable(labels, a, b) },
    { kind: 'chart', chart: accuracyChart(`${id}-accuracy`, series) },
    { kind: 'chart', chart: tradeoffChart(`${id}-tradeoff`, series) },
    { kind: 'chart', chart: qualityChart(`${id}-quality`, series) },
    { kind: 'chart', chart: divergenceChart(`${id}-divergence`, series) },
    { kind: 'chart', chart: miaChart(`${id}-mia`, series) },
  ];
  return { id, title: `Scenario ${scenario}`, blocks };
}

/**
 * Two runs side by side (e.g. a quantum model and its classical twin, or two circuit depths): what differs between
 * them, their teachers and oracles, and per scenario both runs' key metrics with their differences and charts that
 * colour each run. Scenarios that only one run has are named, not compared.
 */
export function buildComparisonReport(a: LoadedRun, b: LoadedRun, generatedAt = new Date()): ReportDocument {
  const labels = runLabels(a, b);
  const differing = differingSettings(a, b);
  const scenariosA = scenarioNames(a);
  const scenariosB = scenarioNames(b);
  const common = scenariosA.filter((s) => scenariosB.includes(s));
  const only = [
    ...scenariosA.filter((s) => !common.includes(s)).map((s) => `${s} (only in ${labels[0]})`),
    ...scenariosB.filter((s) => !common.includes(s)).map((s) => `${s} (only in ${labels[1]})`),
  ];
  const ok = (run: LoadedRun, scenario: string): SummaryRow[] => run.summary.filter((r) => r.scenario === scenario);
  const runBlocks: Block[] = [
    {
      kind: 'facts',
      facts: [
        [labels[0], a.dir],
        [labels[1], b.dir],
      ],
    },
    {
      kind: 'paragraph',
      text:
        differing.length > 0
          ? `What differs: ${differing.map(([k, va, vb]) => `${k} ${va} → ${vb}`).join('; ')}.`
          : 'The two runs have the same settings; they differ only in where they ran.',
    },
    { kind: 'table', table: settingsTable(labels, a, b) },
  ];
  if (only.length > 0)
    runBlocks.push({ kind: 'paragraph', text: `Not compared (in one run only): ${only.join(', ')}.` });
  const sections: Section[] = [
    { id: 'runs', title: 'Runs compared', blocks: runBlocks },
    {
      id: 'key-numbers',
      title: 'Key numbers',
      blocks: common.flatMap((s): Block[] => [
        { kind: 'paragraph', text: `Scenario ${s}:` },
        { kind: 'list', items: compareKeyNumbers(labels, ok(a, s), ok(b, s)) },
      ]),
    },
    {
      id: 'references',
      title: 'Teacher and oracles',
      blocks: [
        { kind: 'paragraph', text: `${labels[0]}:` },
        { kind: 'table', table: referenceTable(a) },
        { kind: 'paragraph', text: `${labels[1]}:` },
        { kind: 'table', table: referenceTable(b) },
      ],
    },
    ...common.map((s) => scenarioSection(labels, s, ok(a, s), ok(b, s))),
    ...(a.audit !== null && b.audit !== null ? auditComparisonSections(labels, a.audit, b.audit) : []),
  ];
  return {
    title: `Comparison: ${labels[0]} vs ${labels[1]}`,
    subtitle: `${basename(a.dir)} (${labels[0]}) against ${basename(b.dir)} (${labels[1]}), ${a.record.experiment.dataset}; ${common.length} scenario${common.length === 1 ? '' : 's'} in common.`,
    sections,
    footer: `Generated by qunlearn ${VERSION} on ${generatedAt.toISOString()}.`,
  };
}
