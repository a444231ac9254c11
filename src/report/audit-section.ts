import { rankAuditRows, type AuditRow } from '../experiment/audit/rows.js';
import { auditRowLabel, epsilonChart, epsilonResolution, phiHistogramChart } from './charts/audit.js';
import { slug, type Block, type Cell, type Column, type Section, type Table } from './document.js';
import { compareCell, fixed } from './format.js';

/** The columns of an audit table: header, explanation, and the value of a row. */
interface AuditColumn {
  header: string;
  title: string;
  value: (r: AuditRow) => number | null | undefined;
  digits: number;
}

const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

const AUDIT_COLUMNS: readonly AuditColumn[] = [
  {
    header: 'F',
    title: 'forgetting quality: mean points of the per-example ε buckets (1 = no example can be told apart at this N)',
    value: (r) => r.forgetting_quality,
    digits: 3,
  },
  {
    header: 'score',
    title: "F × retain-accuracy ratio × test-accuracy ratio (unlearned / retrained), the competition's final score",
    value: (r) => r.score,
    digits: 3,
  },
  {
    header: 'ε median',
    title: 'median per-example ε over the forget examples',
    value: (r) => r.epsilon_median,
    digits: 2,
  },
  {
    header: 'ε max',
    title: 'largest per-example ε (50 = separated populations)',
    value: (r) => r.epsilon_max,
    digits: 2,
  },
  {
    header: 'attack AUC',
    title: 'ROC-AUC of the leave-one-out likelihood-ratio attack over all (model, example) pairs (0.5 = chance)',
    value: (r) => r.attack_auc,
    digits: 3,
  },
  {
    header: 'bal. acc',
    title: 'balanced accuracy of the attack, predicting "unlearned" for a positive log-likelihood ratio',
    value: (r) => r.attack_balanced_accuracy,
    digits: 3,
  },
  {
    header: 'TPR@1%',
    title: 'true positive rate of the attack at 1 % false positive rate',
    value: (r) => r.attack_tpr_at_1_fpr,
    digits: 3,
  },
  {
    header: 'TPR@5%',
    title: 'true positive rate of the attack at 5 % false positive rate',
    value: (r) => r.attack_tpr_at_5_fpr,
    digits: 3,
  },
  {
    header: 'forget acc',
    title: 'mean forget accuracy of the unlearned models (retrained: see the chance row)',
    value: (r) => r.forget_acc,
    digits: 3,
  },
  {
    header: 'retain ratio',
    title: 'mean retain accuracy, unlearned / retrained',
    value: (r) => ratio(r.retain_acc, r.retain_acc_retrained),
    digits: 3,
  },
  {
    header: 'test ratio',
    title: 'mean test accuracy, unlearned / retrained',
    value: (r) => ratio(r.test_acc, r.test_acc_retrained),
    digits: 3,
  },
];

const HEADER: Column[] = [
  { header: 'rank', align: 'right' },
  { header: 'method', align: 'left' },
  ...AUDIT_COLUMNS.map((c): Column => ({ header: c.header, align: 'right', title: c.title })),
];

/** One scenario's methods ranked by score, the chance level marked as a reference row in its place. */
export function auditTable(rows: readonly AuditRow[]): Table {
  const ranked = rankAuditRows(rows).filter((r) => r.status === 'ok');
  const models = ranked.find((r) => r.role === 'method')?.models;
  let rank = 0;
  return {
    caption: `ranked by score; N = ${models ?? '—'} models per population, original ${rows[0]?.original ?? '—'}; the chance level compares two halves of the retrained pool`,
    columns: HEADER,
    rows: ranked.map((r) => ({
      kind: r.role === 'chance' ? ('reference' as const) : ('method' as const),
      cells: [
        { text: r.role === 'chance' ? '·' : String(++rank) },
        {
          text: auditRowLabel(r),
          title: r.role === 'chance' ? 'retrained vs retrained: what indistinguishable scores at this N' : r.method,
        },
        ...AUDIT_COLUMNS.map((c): Cell => ({ text: fixed(c.value(r), c.digits) })),
      ],
    })),
  };
}

/** What the audit sections say before their tables: how to read them. */
export const AUDIT_EXPLANATION =
  "Each method ran N times (own seeds) and N models were retrained from scratch without the forget set. For every forget example, the NeurIPS 2023 unlearning competition's estimator turns the two populations of φ (logit-scaled confidence) into an ε at δ = 1e-5; F is the mean of the examples' bucket points and the score multiplies F by the utility ratios. The attack fits Gaussians to φ of the other models and scores each held-out model by the likelihood ratio. Figures depend on N: the chance level (two halves of the retrained pool, N/2 models each) is what a method indistinguishable from retraining scores at this N. The estimator takes the largest ε over hundreds of rules, some resting on one or two errors, so even identical distributions score far below F = 1.";

/**
 * The audit's sections of a report: per scenario, the ranked table, the ε distribution and the φ histograms of the
 * best method; with `intro`, first a section on how to read them.
 */
export function auditSections(rows: readonly AuditRow[], options: { intro?: boolean } = {}): Section[] {
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const intro: Section[] =
    options.intro === false
      ? []
      : [
          {
            id: 'audit',
            title: 'Audit against retrained models',
            blocks: [{ kind: 'paragraph', text: AUDIT_EXPLANATION }],
          },
        ];
  return [
    ...intro,
    ...scenarios.map((scenario) => {
      const id = `audit-${slug(scenario)}`;
      const scenarioRows = rows.filter((r) => r.scenario === scenario);
      const ranked = rankAuditRows(scenarioRows);
      const models = ranked.find((r) => r.role === 'method')?.models ?? 0;
      const blocks: Block[] = [
        {
          kind: 'paragraph',
          text: `Scenario '${scenario}': ${scenarioRows[0]?.n_forget ?? 0} forget examples, N = ${models} models per population (original ${scenarioRows[0]?.original ?? '—'}, data seed ${scenarioRows[0]?.seed ?? '—'}); ε cannot be resolved beyond ${models > 2 ? epsilonResolution(models) : '—'} at this N.`,
        },
        { kind: 'table', table: auditTable(scenarioRows) },
      ];
      if (ranked.some((r) => r.status === 'ok'))
        blocks.push({ kind: 'chart', chart: epsilonChart(`${id}-epsilon`, ranked) });
      const best = ranked.find((r) => r.status === 'ok' && r.role === 'method' && (r.exposed?.length ?? 0) > 0);
      if (best !== undefined) blocks.push({ kind: 'chart', chart: phiHistogramChart(`${id}-phi`, best) });
      const failed = ranked.filter((r) => r.status !== 'ok').map((r) => `${auditRowLabel(r)}: ${r.error ?? 'failed'}`);
      if (failed.length > 0) blocks.push({ kind: 'paragraph', text: 'Not scored:' }, { kind: 'list', items: failed });
      return { id, title: `Audit: scenario ${scenario}`, blocks };
    }),
  ];
}

/** Two audits of one scenario side by side: per method (and the chance level) F, score, ε median and attack AUC, A → B. */
export function auditComparisonTable(labels: [string, string], a: readonly AuditRow[], b: readonly AuditRow[]): Table {
  const keys = AUDIT_COLUMNS.filter((c) => ['F', 'score', 'ε median', 'attack AUC', 'TPR@5%'].includes(c.header));
  const methods = [...new Map([...rankAuditRows(a), ...b].map((r) => [r.method, r]))];
  const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    caption: `each cell: ${labels[0]} → ${labels[1]}, with the difference below; N: ${a.find((r) => r.role === 'method')?.models ?? '—'} → ${b.find((r) => r.role === 'method')?.models ?? '—'}`,
    columns: [
      { header: 'method', align: 'left' },
      ...keys.map((c): Column => ({ header: c.header, align: 'right', title: c.title })),
    ],
    rows: methods.map(([method, first]) => {
      const ra = a.find((r) => r.method === method && r.status === 'ok');
      const rb = b.find((r) => r.method === method && r.status === 'ok');
      return {
        kind: first.role === 'chance' ? ('reference' as const) : ('method' as const),
        cells: [
          { text: first.role === 'chance' ? 'chance level' : first.method_label, title: method },
          ...keys.map((c) => compareCell(num(ra && c.value(ra)), num(rb && c.value(rb)), c.digits)),
        ],
      };
    }),
  };
}

/** The comparison's audit sections: one per scenario both audits have. */
export function auditComparisonSections(
  labels: [string, string],
  a: readonly AuditRow[],
  b: readonly AuditRow[],
): Section[] {
  const scenarios = [...new Set(a.map((r) => r.scenario))].filter((s) => b.some((r) => r.scenario === s));
  return scenarios.map((s) => ({
    id: `audit-${slug(s)}`,
    title: `Audit: scenario ${s}`,
    blocks: [
      {
        kind: 'paragraph',
        text: "Both audits' populations against retrained models; compare each method with its run's chance level, which depends on N.",
      },
      {
        kind: 'table',
        table: auditComparisonTable(
          labels,
          a.filter((r) => r.scenario === s),
          b.filter((r) => r.scenario === s),
        ),
      },
    ],
  }));
}
