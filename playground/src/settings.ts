import { stringify } from 'yaml';
import type { ExperimentConfig } from '../../src/browser.js';

/**
 * Everything the page lets a user choose, with `null` for "the CLI's default". The settings are the page's state:
 * they live in the URL (so a configuration can be shared as a link) and become the `qunlearn run --config` YAML.
 */
export interface Settings {
  dataset: 'iris' | 'csv' | 'mnist';
  /** The dropped CSV file's name (the YAML's data.path: keep the file beside it). */
  csvName: string;
  labelColumn: string;
  model: string | null;
  preset: 'sound' | 'paper';
  qubits: number | null;
  layers: number | null;
  entangler: string | null;
  encoding: string | null;
  reupload: boolean | null;
  noise: number | null;
  shots: number | null;
  epochs: number | null;
  seed: number;
  /** The random-subset scenario's fraction of the training rows, or null for none. */
  subset: number | null;
  /** The class scenario's class, or null for none. */
  forgetClass: number | null;
  /** Rows picked by hand (a deletion request), or empty for none. */
  rows: number[];
  methods: string[];
}

/** The CLI's default study on Iris: every listed method on the 2 % subset and on class 0. */
export function defaultSettings(methods: string[]): Settings {
  return {
    dataset: 'iris',
    csvName: '',
    labelColumn: '',
    model: null,
    preset: 'sound',
    qubits: null,
    layers: null,
    entangler: null,
    encoding: null,
    reupload: null,
    noise: null,
    shots: null,
    epochs: null,
    seed: 0,
    subset: 0.02,
    forgetClass: 0,
    rows: [],
    methods,
  };
}

/** The settings as the URL's hash: only what differs from the defaults, as JSON. */
export function settingsToHash(s: Settings, defaults: Settings): string {
  const diff = Object.fromEntries(
    Object.entries(s).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k as keyof Settings])),
  );
  return Object.keys(diff).length === 0 ? '' : `#${encodeURIComponent(JSON.stringify(diff))}`;
}

/** Settings from a URL hash written by {@link settingsToHash}; unknown keys and a malformed hash are ignored. */
export function settingsFromHash(hash: string, defaults: Settings): Settings {
  if (hash.length <= 1) return { ...defaults };
  try {
    const parsed = JSON.parse(decodeURIComponent(hash.slice(1))) as Partial<Settings>;
    const known = Object.entries(parsed).filter(
      ([k, v]) =>
        k in defaults &&
        (v === null || typeof v === typeof defaults[k as keyof Settings] || defaults[k as keyof Settings] === null),
    );
    return { ...defaults, ...Object.fromEntries(known) };
  } catch {
    return { ...defaults };
  }
}

/** The scenarios the settings ask for, in the CLI's order (subset, class, then the picked rows). */
function scenarios(s: Settings): NonNullable<ExperimentConfig['scenarios']> {
  const out: NonNullable<ExperimentConfig['scenarios']> = [];
  if (s.subset !== null) out.push(s.subset === 0.02 ? 'subset' : { kind: 'subset', fraction: s.subset });
  if (s.forgetClass !== null) out.push(s.forgetClass === 0 ? 'class' : { kind: 'class', classes: [s.forgetClass] });
  if (s.rows.length > 0) out.push({ kind: 'indices', ids: [...s.rows].sort((a, b) => a - b) });
  return out;
}

/** True when the chosen model is a classical twin (which has no circuit settings). */
export function isClassical(s: Settings): boolean {
  return s.model?.endsWith('-classical') ?? false;
}

/** The experiment configuration of the settings: what the page runs and what the exported YAML holds. */
export function settingsToConfig(s: Settings): ExperimentConfig {
  const circuit = Object.fromEntries(
    Object.entries({
      qubits: s.qubits,
      layers: s.layers,
      entangler: s.entangler,
      encoding: s.encoding,
      reupload: s.reupload,
      noise: s.noise,
      shots: s.shots,
    }).filter(([, v]) => v !== null),
  );
  const data =
    s.dataset === 'csv'
      ? { path: s.csvName, ...(s.labelColumn === '' ? {} : { labelColumn: s.labelColumn }) }
      : s.dataset === 'mnist'
        ? { perClass: 100 }
        : undefined;
  return {
    dataset: s.dataset,
    ...(data === undefined ? {} : { data }),
    ...(s.model === null ? {} : { model: s.model }),
    preset: s.preset,
    methods: s.methods,
    scenarios: scenarios(s),
    seeds: [s.seed],
    ...(isClassical(s) || Object.keys(circuit).length === 0 ? {} : { circuit: circuit as ExperimentConfig['circuit'] }),
    ...(s.epochs === null ? {} : { training: { epochs: s.epochs } }),
  };
}

/** The YAML file that reproduces the page's run with `qunlearn run --config FILE`. */
export function settingsToYaml(s: Settings): string {
  const head = [
    '# qunlearn study exported from the playground.',
    `# Reproduce it: npx qunlearn run --config ${s.dataset === 'csv' ? `this-file.yaml   (with ${s.csvName} in the working folder)` : 'this-file.yaml'}`,
  ];
  return `${head.join('\n')}\n${stringify(settingsToConfig(s))}`;
}
