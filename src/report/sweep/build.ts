import type { AxisLabel } from '../../experiment/sweep/spec.js';
import { VERSION } from '../../version.js';
import {
  slug,
  type Block,
  type Cell,
  type Column,
  type ReportDocument,
  type Section,
  type Table,
} from '../document.js';
import { duration, fixed } from '../format.js';
import { chartLayout, metricChart, type ChartAxis, type ChartLayout } from './charts.js';
import { metricPoints, scenariosOf, SWEEP_METRICS, type LoadedSweep, type SweepPoint } from './data.js';

/** Every combination of the values of some axes (one empty combination for none). */
function combinations(axes: readonly ChartAxis[]): Record<string, AxisLabel>[] {
  let out: Record<string, AxisLabel>[] = [{}];
  for (const axis of axes) out = out.flatMap((c) => axis.labels.map((l) => ({ ...c, [axis.key]: l })));
  return out;
}

const matches = (p: SweepPoint, fixedAxes: Record<string, AxisLabel>): boolean =>
  Object.entries(fixedAxes).every(([k, v]) => p.axes[k] === v);
const describe = (c: Record<string, AxisLabel>): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

/** The charts of one scenario: every metric against the axes, split by the axes that do not fit into panels. */
function scenarioCharts(sweep: LoadedSweep, scenario: string, layout: ChartLayout): Block[] {
  const blocks: Block[] = [];
  for (const metric of SWEEP_METRICS) {
    const points = metricPoints(sweep, metric).filter((p) => p.scenario === scenario);
    for (const combo of combinations(layout.rest)) {
      const selected = points.filter((p) => matches(p, combo));
      if (selected.length === 0) continue;
      const suffix = layout.rest.length > 0 ? ` (${describe(combo)})` : '';
      const id = slug(`${scenario}-${metric.key}${suffix}`);
      blocks.push({ kind: 'chart', chart: metricChart(id, `${metric.title}${suffix}`, metric, selected, layout) });
    }
  }
  return blocks;
}

/** The metrics tabulated per setting and method (the per-run one is in the charts). */
const TABLE_METRICS = SWEEP_METRICS.filter((m) => !m.perRun);

/** One scenario's numbers: per axis setting and method, each metric's mean ± its 95 % t-interval over seeds. */
function scenarioTable(sweep: LoadedSweep, scenario: string): Table {
  const axes = sweep.plan.axes;
  const byMetric = TABLE_METRICS.map(
    (m) =>
      new Map(
        metricPoints(sweep, m)
          .filter((p) => p.scenario === scenario && p.kind === 'method')
          .map((p) => [JSON.stringify([p.series, axes.map((a) => p.axes[a.key])]), p]),
      ),
  );
  const methods = [
    ...new Set(
      sweep.rows
        .filter((r) => r.scenario === scenario && r.status === 'ok')
        .map((r) => String(r.method_label ?? r.method)),
    ),
  ];
  const columns: Column[] = [
    ...axes.map((a): Column => ({ header: a.key, align: 'left' })),
    { header: 'method', align: 'left' },
    ...TABLE_METRICS.map((m): Column => ({ header: m.key, title: `${m.title}: ${m.reading}`, align: 'right' })),
  ];
  const rows: Table['rows'] = [];
  for (const combo of combinations(axes)) {
    for (const method of methods) {
      const id = JSON.stringify([method, axes.map((a) => combo[a.key])]);
      const points = byMetric.map((m) => m.get(id));
      if (points.every((p) => p === undefined)) continue;
      const cells: Cell[] = points.map((p) =>
        p === undefined
          ? { text: '—' }
          : p.seeds > 1
            ? { text: fixed(p.mean), spread: `±${fixed(p.half)}` }
            : { text: fixed(p.mean) },
      );
      rows.push({
        kind: 'method',
        cells: [...axes.map((a) => ({ text: String(combo[a.key]) })), { text: method }, ...cells],
      });
    }
  }
  return {
    caption: `Scenario ${scenario}: mean${sweep.plan.seeds.length > 1 ? ' ± half-width of the 95 % t-interval' : ''} over seeds per setting and method.`,
    columns,
    rows,
  };
}

/** Facts about the sweep: size, axes, seeds, the shared references, how it ran and how it ended. */
function overview(sweep: LoadedSweep): [string, string][] {
  const { plan, status } = sweep;
  const states = Object.values(status?.runs ?? {});
  const count = (s: string): number => states.filter((x) => x.state === s).length;
  const first = plan.runs[0]?.experiment;
  const facts: [string, string][] = [
    [
      'runs',
      `${plan.runs.length} (${count('complete')} complete, ${count('failed')} failed, ${plan.runs.length - count('complete') - count('failed')} not finished)`,
    ],
    [
      'axes',
      plan.axes.length === 0
        ? 'none (seeds only)'
        : plan.axes.map((a) => `${a.key} ∈ {${a.labels.join(', ')}}`).join('; '),
    ],
    ['seeds', plan.seeds.join(', ')],
    [
      'shared references',
      `${plan.references.length} teacher-and-oracles sets, each trained once and shared by the runs with the same data, model, circuit, protocol, training, split, scenarios and seed`,
    ],
  ];
  if (first !== undefined) {
    facts.push([
      'base',
      `${first.dataset} · ${first.model} · ${first.preset} preset · methods ${first.methods.map((m) => m.name).join(', ')}`,
    ]);
  }
  if (status !== null) facts.push(['executed', `${status.executor}; ${duration(status.seconds)} in total`]);
  facts.push(['sweep', `${plan.id}, planned ${plan.createdAt} with qunlearn ${plan.qunlearnVersion}`]);
  return facts;
}

/** The failed runs and reference sets, from the sweep status. */
function failures(sweep: LoadedSweep): string[] {
  const all = [
    ...Object.entries(sweep.status?.references ?? {}).map(([id, s]) => ({ id: `references ${id}`, s })),
    ...Object.entries(sweep.status?.runs ?? {}).map(([id, s]) => ({ id: `run ${id}`, s })),
  ];
  return all.filter(({ s }) => s.state === 'failed').map(({ id, s }) => `${id}: ${s.error ?? 'failed'}`);
}

/**
 * The report of a sweep: what was swept and how it ran, the failures, then per scenario each metric against the
 * swept axes (one line per method, panels for the other axes, spread over seeds) and a table of the numbers.
 */
export function buildSweepReport(sweep: LoadedSweep, generatedAt = new Date()): ReportDocument {
  const layout = chartLayout(sweep.plan.axes);
  const placement = [
    layout.x ? `${layout.x.key} along x` : 'methods along x',
    layout.column ? `${layout.column.key} across the panels` : '',
    layout.row ? `${layout.row.key} down the panels` : '',
    layout.rest.length > 0 ? `one chart per ${layout.rest.map((a) => a.key).join(' × ')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const sections: Section[] = [
    { id: 'overview', title: 'Overview', blocks: [{ kind: 'facts', facts: overview(sweep) }] },
  ];
  const failed = failures(sweep);
  if (failed.length > 0) {
    sections.push({
      id: 'failures',
      title: 'Failures',
      blocks: [
        { kind: 'list', items: failed },
        {
          kind: 'paragraph',
          text: `Fix the cause and continue with \`qunlearn sweep --resume ${sweep.dir}\`; finished runs are not redone.`,
        },
      ],
    });
  }
  for (const scenario of scenariosOf(sweep)) {
    sections.push({
      id: `scenario-${slug(scenario)}`,
      title: `Scenario ${scenario}`,
      blocks: [
        {
          kind: 'paragraph',
          text: `Forget scenario '${scenario}'. Charts: ${placement}; methods are coloured lines, the oracle (retrained without the forget set) is dashed.`,
        },
        ...scenarioCharts(sweep, scenario, layout),
        { kind: 'table', table: scenarioTable(sweep, scenario) },
      ],
    });
  }
  const first = sweep.plan.runs[0]?.experiment;
  return {
    title: `Sweep report: ${first ? `${first.dataset} · ` : ''}${sweep.plan.axes.map((a) => a.key).join(' × ') || 'seeds'}`,
    subtitle: `${sweep.plan.runs.length} runs over ${sweep.plan.axes.length} axes and ${sweep.plan.seeds.length} seed${sweep.plan.seeds.length > 1 ? 's' : ''}; ${sweep.rows.length} result rows.`,
    sections,
    footer: `Generated by qunlearn ${VERSION} on ${generatedAt.toISOString()}.`,
  };
}
