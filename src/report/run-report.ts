import type { SummaryRow } from '../experiment/results.js';
import { VERSION } from '../version.js';
import { auditSections } from './audit-section.js';
import { accuracyChart } from './charts/accuracy.js';
import { methodCurvesChart, referenceCurvesChart } from './charts/curves.js';
import { divergenceChart } from './charts/divergence.js';
import { miaChart } from './charts/mia.js';
import { qualityChart } from './charts/quality.js';
import { tradeoffChart } from './charts/tradeoff.js';
import type { Block, ReportDocument, Section } from './document.js';
import { slug } from './document.js';
import { fixed } from './format.js';
import { keyNumbers } from './key-numbers.js';
import { mechanismBlocks } from './mechanism-table.js';
import type { LoadedRun } from './run-data.js';
import { COLOUR_EXPLANATION } from './oracle-distance.js';
import { modelSentence, referenceTable, runFacts, runSettings } from './run-facts.js';
import { columnTitle, SCENARIO_COLUMNS, scenarioTable } from './scenario-table.js';

/** Scenario names in the order the run produced them. */
export function scenarioNames(run: LoadedRun): string[] {
  return [...new Set(run.rows.map((r) => String(r.scenario)))];
}

/** Failed rows of a scenario as list items (they are listed, never plotted). */
function failedItems(run: LoadedRun, scenario: string): string[] {
  // A failed row has no label of its own; the method's other rows (or the summary) have it.
  const labels = new Map(run.summary.map((s) => [s.method, s.method_label]));
  return run.rows
    .filter((r) => r.scenario === scenario && r.status !== 'ok')
    .map(
      (r) =>
        `${labels.get(String(r.method)) ?? String(r.method)} (seed ${String(r.seed)}): ${String(r.error ?? 'failed')}`,
    );
}

/** The section of one scenario: sizes, key numbers, the colour-coded table, the charts and the failed rows. */
function scenarioSection(run: LoadedRun, scenario: string, rows: readonly SummaryRow[]): Section {
  const id = `scenario-${slug(scenario)}`;
  const kind = String(run.rows.find((r) => r.scenario === scenario)?.scenario_kind ?? '');
  const sizes =
    rows[0] === undefined
      ? ''
      : ` It forgets ${fixed(rows[0].mean.n_forget, 0)} rows, retains ${fixed(rows[0].mean.n_retain, 0)} and tests on ${fixed(rows[0].mean.n_test, 0)}.`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: `Forget scenario '${scenario}'${kind ? ` (${kind})` : ''}.${sizes}` },
  ];
  if (rows.length > 0) {
    const series = [{ run: run.record.experiment.model, rows }];
    const labels = new Map(rows.map((r) => [r.method, r.method_label]));
    blocks.push(
      { kind: 'legend' },
      { kind: 'table', table: scenarioTable(rows) },
      ...mechanismBlocks(rows),
      { kind: 'chart', chart: accuracyChart(`${id}-accuracy`, series) },
      { kind: 'chart', chart: tradeoffChart(`${id}-tradeoff`, series) },
      { kind: 'chart', chart: qualityChart(`${id}-quality`, series) },
      { kind: 'chart', chart: divergenceChart(`${id}-divergence`, series) },
      { kind: 'chart', chart: miaChart(`${id}-mia`, series) },
    );
    const curves = run.curves.filter((c) => c.scenario === scenario);
    if (curves.some((c) => c.kind === 'method' && c.log.some((e) => e.selectScore !== null))) {
      blocks.push({
        kind: 'chart',
        chart: methodCurvesChart(`${id}-curves`, curves, labels, run.record.experiment.protocol),
      });
    }
  }
  const failed = failedItems(run, scenario);
  if (failed.length > 0)
    blocks.push(
      { kind: 'paragraph', text: 'Failed, so neither tabulated nor plotted:' },
      { kind: 'list', items: failed },
    );
  return { id, title: `Scenario ${scenario}`, blocks };
}

/**
 * The report of one run: an overview of what ran (data, model and circuit, preset, seeds, versions), the teacher
 * and oracles, how to read the colour code, then per scenario its key numbers, table and charts, and the failures.
 */
export function buildRunReport(run: LoadedRun, generatedAt = new Date()): ReportDocument {
  const { experiment } = run.record;
  const scenarios = scenarioNames(run);
  const sections: Section[] = [
    {
      id: 'overview',
      title: 'Overview',
      blocks: [
        { kind: 'facts', facts: [...runSettings(run)] },
        { kind: 'facts', facts: runFacts(run) },
      ],
    },
    {
      id: 'key-numbers',
      title: 'Key numbers',
      blocks: scenarios.flatMap((s): Block[] => [
        { kind: 'paragraph', text: `Scenario ${s}:` },
        { kind: 'list', items: keyNumbers(run.summary.filter((r) => r.scenario === s)) },
      ]),
    },
    {
      id: 'references',
      title: 'Teacher and oracles',
      blocks: [
        {
          kind: 'paragraph',
          text: "The teacher is the model before unlearning; each scenario's oracle is retrained from scratch without that scenario's forget set, and is what every method is measured against.",
        },
        { kind: 'table', table: referenceTable(run) },
        ...(run.curves.some((c) => c.kind !== 'method')
          ? [
              {
                kind: 'chart' as const,
                chart: referenceCurvesChart('training-curves', run.curves, experiment.protocol),
              },
            ]
          : []),
      ],
    },
    {
      id: 'reading',
      title: 'Reading the tables',
      blocks: [
        { kind: 'legend' },
        { kind: 'paragraph', text: COLOUR_EXPLANATION },
        { kind: 'list', items: SCENARIO_COLUMNS.map((c) => `${c.header}: ${columnTitle(c.key) ?? c.key}`) },
      ],
    },
    ...scenarios.map((s) =>
      scenarioSection(
        run,
        s,
        run.summary.filter((r) => r.scenario === s),
      ),
    ),
    ...(run.audit === null ? [] : auditSections(run.audit)),
  ];
  const failures = run.record.failures ?? [];
  if (failures.length > 0) {
    sections.push({
      id: 'failures',
      title: 'Failures',
      blocks: [
        { kind: 'list', items: failures.map((f) => `${f.job}: ${f.message}`) },
        {
          kind: 'paragraph',
          text: `Fix the cause and continue the run with \`qunlearn run --resume ${run.dir}\`; finished jobs are not redone.`,
        },
      ],
    });
  }
  return {
    title: `Unlearning report: ${experiment.dataset} · ${experiment.model} · ${experiment.preset} preset`,
    subtitle: `${modelSentence(run)}; ${experiment.seeds.length} seed${experiment.seeds.length > 1 ? 's' : ''}, ${experiment.methods.length} methods, ${scenarios.length} scenario${scenarios.length > 1 ? 's' : ''}.`,
    sections,
    footer: `Generated by qunlearn ${VERSION} on ${generatedAt.toISOString()}.`,
  };
}
