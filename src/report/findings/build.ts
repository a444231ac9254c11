import { comparisonsOf, MARGINS, type Finding, type Test } from '../../experiment/findings/claims.js';
import type { Measure } from '../../experiment/findings/observations.js';
import { FINDINGS_METHODS, FINDINGS_MODELS, FINDINGS_SUBSET_FRACTION, gridOf } from '../../experiment/findings/plan.js';
import type { FindingsRecord } from '../../experiment/findings/run.js';
import type { Verdict } from '../../metrics/paired.js';
import { VERSION } from '../../version.js';
import type { Block, Cell, Chart, ReportDocument, Section, Table } from '../document.js';
import { fixed, signed } from '../format.js';
import { depthChart, MEASURE_TITLES, rankChart, testsChart } from './charts.js';

/** A verdict as the report states it: inconclusive says at how many seeds. */
export function verdictText(verdict: Verdict, seeds: number): string {
  return verdict === 'inconclusive' ? `inconclusive at ${seeds} seeds` : verdict;
}

/** The smallest effect the claim's comparisons could detect (80 % power at their level), as a range over them. */
function detectableRange(tests: readonly Test[]): string {
  const values = tests.map((t) => t.effect.detectable).filter(Number.isFinite);
  if (values.length === 0) return '—';
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? fixed(lo, 3) : `${fixed(lo, 3)} to ${fixed(hi, 3)} (per comparison below)`;
}

function testsTable(tests: readonly Test[], seeds: number): Table {
  const left = (header: string, title?: string) => ({
    header,
    align: 'left' as const,
    ...(title === undefined ? {} : { title }),
  });
  const right = (header: string, title?: string) => ({
    header,
    align: 'right' as const,
    ...(title === undefined ? {} : { title }),
  });
  return {
    columns: [
      left('comparison'),
      left('a → b'),
      left('predicted'),
      right('n', 'seeds with both values'),
      right('mean b − a'),
      right('interval', 'paired t-interval at the adjusted level'),
      right('level'),
      right('detectable', 'smallest true difference detected with 80 % power at this level and number of seeds'),
      left('verdict'),
    ],
    rows: tests.map((t) => ({
      kind: 'method' as const,
      cells: [
        { text: t.label },
        { text: `${t.a} → ${t.b}` },
        { text: t.claimed === 'difference' ? 'a difference' : `${t.claimed} (b − a)` },
        { text: String(t.effect.n) },
        { text: signed(t.effect.mean, 4) },
        { text: `[${signed(t.effect.low, 4)}, ${signed(t.effect.high, 4)}]` },
        { text: `${fixed(t.effect.level * 100, 2)} %` },
        { text: fixed(t.effect.detectable, 4) },
        { text: t.floored ? "inconclusive: both at the audit score's floor" : verdictText(t.verdict, seeds) },
      ] satisfies Cell[],
    })),
  };
}

function ranksTable(finding: Finding, seeds: number): Table {
  return {
    columns: [
      { header: 'scenario', align: 'left' },
      { header: 'measure', align: 'left' },
      { header: 'method', align: 'left' },
      { header: 'mean', align: 'right' },
      { header: 'rank', align: 'right' },
      { header: '95 % interval', align: 'right' },
      { header: 'verdict', align: 'left' },
    ],
    rows: finding.ranks.map((r) => ({
      kind: r.verdict === null ? ('reference' as const) : ('method' as const),
      cells: [
        { text: r.scenario },
        { text: r.measure === 'tow' ? 'Tug-of-War' : 'audit score' },
        { text: r.method },
        { text: fixed(r.rank.mean, 4) },
        { text: fixed(r.rank.rank, 1) },
        { text: `[${fixed(r.rank.low, 1)}, ${fixed(r.rank.high, 1)}]` },
        { text: r.verdict === null ? 'not named' : verdictText(r.verdict, seeds) },
      ],
    })),
  };
}

/** The charts of a claim: its comparisons, its ranks, and for the depth claims the measures against depth. */
function findingCharts(finding: Finding, record: FindingsRecord): Chart[] {
  const charts: Chart[] = [];
  const dataset = record.settings.datasets.find((d) => finding.id.endsWith(`-${d}`));
  if (dataset !== undefined && /^(memorisation|entanglement|quantum)-/.test(finding.id)) {
    const chart = depthChart(`${finding.id}-depth`, record.profiles, dataset, 'subset', 'original', [
      'mia_auc_loss',
      'forget_loss_gap',
      'audit_score',
    ]);
    if (chart) charts.push(chart);
  }
  if (dataset !== undefined && finding.id.startsWith('tradeoffs-')) {
    for (const method of ['eu-k', 'ga']) {
      const chart = depthChart(`${finding.id}-${method}`, record.profiles, dataset, 'class', method, [
        'utility',
        'audit_score',
        'js_test',
      ]);
      if (chart) charts.push(chart);
    }
  }
  if (finding.tests.length > 0) charts.push(testsChart(finding));
  if (finding.ranks.length > 0) charts.push(rankChart(finding));
  return charts;
}

function findingSection(finding: Finding, record: FindingsRecord): Section {
  const seeds = record.settings.seeds.length;
  const blocks: Block[] = [
    {
      kind: 'facts',
      facts: [
        ['the study claims', finding.claim],
        ['measured', finding.measurement],
        ['rule', finding.rule],
        ['verdict', verdictText(finding.verdict, seeds)],
        ['comparisons', String(comparisonsOf(finding))],
        ...(finding.tests.length > 0
          ? [['smallest detectable effect', detectableRange(finding.tests)] as [string, string]]
          : []),
      ],
    },
  ];
  if (finding.note !== undefined) blocks.push({ kind: 'paragraph', text: finding.note });
  for (const chart of findingCharts(finding, record)) blocks.push({ kind: 'chart', chart });
  if (finding.tests.length > 0) blocks.push({ kind: 'table', table: testsTable(finding.tests, seeds) });
  if (finding.ranks.length > 0) blocks.push({ kind: 'table', table: ranksTable(finding, seeds) });
  if (finding.correlations !== undefined && finding.correlations.length > 0) {
    blocks.push({
      kind: 'table',
      table: {
        columns: [
          { header: 'datasets', align: 'left' },
          { header: 'Spearman ρ', align: 'right' },
          { header: '95 % bootstrap interval', align: 'right' },
          { header: 'verdict', align: 'left' },
        ],
        rows: finding.correlations.map((c) => ({
          kind: 'method' as const,
          cells: [
            { text: `${c.a} vs ${c.b}` },
            { text: fixed(c.rho, 3) },
            { text: `[${fixed(c.low, 3)}, ${fixed(c.high, 3)}]` },
            { text: verdictText(c.verdict, seeds) },
          ],
        })),
      },
    });
  }
  return { id: finding.id, title: finding.title, blocks };
}

/** The findings report: the plan and its verdicts at a glance, then one section per claim with its evidence. */
export function buildFindingsReport(record: FindingsRecord, generatedAt = new Date()): ReportDocument {
  const { settings } = record;
  const seeds = settings.seeds.length;
  const grid = gridOf(settings);
  const overview: Section = {
    id: 'overview',
    title: 'Verdicts',
    blocks: [
      {
        kind: 'facts',
        facts: [
          ['datasets run', settings.datasets.map((d) => `${d} (${FINDINGS_MODELS[d]})`).join(', ')],
          [
            'seeds',
            `${settings.seeds.join(', ')} (paired: every setting of a seed has the same split and forget rows, verified for ${Object.keys(record.pairing.digests).length} dataset × seed)`,
          ],
          [
            'settings',
            `depth ${grid.depths.join(', ')} × entangler ${grid.entanglers.join(', ')}, and the classical twin`,
          ],
          ['methods', FINDINGS_METHODS.join(', ')],
          ['scenarios', `random ${FINDINGS_SUBSET_FRACTION * 100} % subset; class 0`],
          ['audit', `${settings.models} models per population`],
          ['comparisons', `${record.comparisons} in all; intervals are Bonferroni-adjusted within each claim`],
        ],
      },
      {
        kind: 'table',
        table: {
          columns: [
            { header: 'claim', align: 'left' },
            { header: 'verdict', align: 'left' },
            { header: 'comparisons', align: 'right' },
          ],
          rows: record.findings.map((f) => ({
            kind: 'method' as const,
            cells: [{ text: f.title }, { text: verdictText(f.verdict, seeds) }, { text: String(comparisonsOf(f)) }],
          })),
        },
      },
      {
        kind: 'paragraph',
        text: `Verdicts are computed from the intervals, never written by hand: supported when the data show the claimed effect, contradicted when they show its opposite (or, for a claimed difference, equivalence within the smallest effect of interest: ${Object.entries(
          MEASURE_TITLES,
        )
          .map(([k, v]) => `${v} ±${fixed(MARGINS[k as Measure], 2)}`)
          .join('; ')}), inconclusive otherwise. findings.json carries every number behind every verdict.`,
      },
    ],
  };
  return {
    title: "Findings: the study's claims, checked",
    subtitle: `${settings.datasets.join(', ')} · ${seeds} seeds · audits of ${settings.models} models`,
    sections: [overview, ...record.findings.map((f) => findingSection(f, record))],
    footer: `Generated by qunlearn ${VERSION} on ${generatedAt.toISOString()}.`,
  };
}
