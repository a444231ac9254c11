import { toCsv, type EpochRecord, type RunEvent } from '../../src/browser.js';
import { REPORT_CSS } from '../../src/report/browser.js';
import { Cancelled, Engine } from './engine.js';
import { reportHtml } from './report.js';
import type { CircuitView, DatasetView, LibraryInfo, StudyView } from './protocol.js';
import {
  defaultSettings,
  isClassical,
  settingsFromHash,
  settingsToConfig,
  settingsToHash,
  settingsToYaml,
  type Settings,
} from './settings.js';
import { PAGE_CSS } from './style.js';
import { drawCircuit } from './views/circuit.js';
import { drawCurves } from './views/curves.js';
import { drawResults } from './views/results.js';
import { drawRowTable, drawScatter } from './views/scatter.js';

/** The page: settings in the URL, data, circuit, teacher, forget set, methods, study and exports, wired to the worker. */

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const engine = new Engine();
let info: LibraryInfo;
let defaults: Settings;
let settings: Settings;
let csvText: string | null = null;
let dataset: DatasetView | null = null;
let circuit: CircuitView | null = null;
let study: StudyView | null = null;
let busy = false;

function setBusy(on: boolean): void {
  busy = on;
  for (const id of ['run', 'train', 'dataset']) ($(id) as HTMLButtonElement).disabled = on;
  ($('cancel') as HTMLButtonElement).disabled = !on;
  document.body.classList.toggle('busy', on);
}

function showError(id: string, error: unknown): void {
  const el = $(id);
  el.hidden = error === null;
  el.textContent = error === null ? '' : error instanceof Error ? error.message : String(error);
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Writes the settings into the URL (replacing the entry, so the back button leaves the page as usual). */
function saveSettings(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${settingsToHash(settings, defaults)}`);
}

// ---- controls <-> settings ----

const numberOrNull = (id: string): number | null =>
  ($(id) as HTMLInputElement).value === '' ? null : Number(($(id) as HTMLInputElement).value);
const textOrNull = (id: string): string | null =>
  ($(id) as HTMLInputElement).value === '' ? null : ($(id) as HTMLInputElement).value;

function writeControls(): void {
  const set = (id: string, v: unknown): void => {
    ($(id) as HTMLInputElement).value = v === null || v === undefined ? '' : String(v);
  };
  set('dataset', settings.dataset);
  set('labelColumn', settings.labelColumn);
  set('seed', settings.seed);
  set('model', settings.model ?? '');
  set('preset', settings.preset);
  for (const k of ['qubits', 'layers', 'entangler', 'encoding', 'reupload', 'noise', 'shots', 'epochs'] as const)
    set(k, settings[k]);
  ($('use-subset') as HTMLInputElement).checked = settings.subset !== null;
  set('subset', settings.subset ?? 0.02);
  ($('use-class') as HTMLInputElement).checked = settings.forgetClass !== null;
  set('forgetClass', settings.forgetClass ?? 0);
  $('picked-count').textContent = String(settings.rows.length);
  for (const box of document.querySelectorAll<HTMLInputElement>('#methods input'))
    box.checked = settings.methods.includes(box.value);
  for (const id of ['qubits', 'layers', 'entangler', 'encoding', 'reupload', 'noise', 'shots'])
    ($(id) as HTMLInputElement).disabled = isClassical(settings);
}

function readControls(): void {
  const reupload = textOrNull('reupload');
  settings = {
    ...settings,
    dataset: ($('dataset') as HTMLSelectElement).value as Settings['dataset'],
    labelColumn: ($('labelColumn') as HTMLInputElement).value.trim(),
    seed: Math.max(0, Math.floor(numberOrNull('seed') ?? 0)),
    model: textOrNull('model'),
    preset: ($('preset') as HTMLSelectElement).value as Settings['preset'],
    qubits: numberOrNull('qubits'),
    layers: numberOrNull('layers'),
    entangler: textOrNull('entangler'),
    encoding: textOrNull('encoding'),
    reupload: reupload === null ? null : reupload === 'true',
    noise: numberOrNull('noise'),
    shots: numberOrNull('shots'),
    epochs: numberOrNull('epochs'),
    subset: ($('use-subset') as HTMLInputElement).checked ? (numberOrNull('subset') ?? 0.02) : null,
    forgetClass: ($('use-class') as HTMLInputElement).checked
      ? Number(($('forgetClass') as HTMLSelectElement).value)
      : null,
    methods: [...document.querySelectorAll<HTMLInputElement>('#methods input:checked')].map((b) => b.value),
  };
}

// ---- data ----

function drawPick(): void {
  if (dataset === null) return;
  const picked = new Set(settings.rows);
  const onChange = (next: Set<number>): void => {
    settings = { ...settings, rows: [...next].sort((a, b) => a - b) };
    $('picked-count').textContent = String(settings.rows.length);
    saveSettings();
    drawPick();
  };
  drawScatter($('scatter'), dataset, picked, onChange);
  drawRowTable($('row-table'), dataset, picked, onChange);
}

async function loadData(): Promise<void> {
  showError('data-error', null);
  dataset = null;
  $('scatter').replaceChildren();
  $('row-table').replaceChildren();
  if (settings.dataset === 'csv' && csvText === null) {
    $('data-status').textContent = 'Drop a CSV file to use it.';
    return;
  }
  const source =
    settings.dataset === 'csv'
      ? { kind: 'csv' as const, name: settings.csvName, text: csvText! }
      : { kind: settings.dataset };
  $('data-status').textContent = 'Loading…';
  try {
    const config = settingsToConfig({ ...settings, rows: [] });
    dataset = await engine.request<DatasetView>({ type: 'load', source, config });
  } catch (e) {
    if (e instanceof Cancelled) return;
    $('data-status').textContent = '';
    showError('data-error', e);
    return;
  }
  const classes = $('forgetClass') as HTMLSelectElement;
  classes.replaceChildren(
    ...dataset.classNames.map((name, i) =>
      Object.assign(document.createElement('option'), { value: String(i), textContent: `${i}: ${name}` }),
    ),
  );
  classes.value = String(Math.min(settings.forgetClass ?? 0, dataset.classNames.length - 1));
  settings.rows = settings.rows.filter((r) => r < dataset!.rows);
  $('data-status').textContent =
    `${dataset.name}: ${dataset.rows} rows, ${dataset.features} features, ${dataset.classNames.length} classes (${dataset.classNames.join(', ')}); ${dataset.train.length} training rows.${settings.dataset === 'mnist' ? " The MNIST subset is the CLI's draw for seed 0 (--dataset mnist --per-class 100)." : ''}`;
  drawPick();
  await refreshCircuit();
}

async function refreshCircuit(): Promise<void> {
  if (dataset === null) return;
  try {
    circuit = await engine.request<CircuitView>({ type: 'circuit', config: settingsToConfig(settings) });
    $('model-description').textContent = `${circuit.model}: ${circuit.description}`;
    drawCircuit($('circuit'), circuit);
    showError('run-error', null);
  } catch (e) {
    if (!(e instanceof Cancelled)) showError('run-error', e);
  }
}

// ---- runs ----

/** Live progress of a request: the running job, its epoch and loss, the share done and an estimated time left. */
function progressReporter(onEpoch?: (log: EpochRecord[], maxEpochs: number) => void): {
  onEvent: (event: RunEvent) => void;
  stop: () => void;
} {
  const started = performance.now();
  let total = 1;
  let done = 0;
  let current = '';
  let epoch: { record: EpochRecord; max: number } | null = null;
  const log: EpochRecord[] = [];
  let teacherEpochs = 0;
  let teacherChanged = false;
  let scheduled = false;
  let stopped = false;
  const paint = (): void => {
    scheduled = false;
    if (stopped) return;
    const fraction = Math.min(1, (done + (epoch === null ? 0 : epoch.record.epoch / Math.max(1, epoch.max))) / total);
    ($('progress') as HTMLProgressElement).value = fraction;
    const elapsed = (performance.now() - started) / 1000;
    const eta =
      fraction > 0.02 ? ` · about ${Math.max(0, (elapsed * (1 - fraction)) / fraction).toFixed(0)} s left` : '';
    const where =
      epoch === null
        ? current
        : `${current} · epoch ${epoch.record.epoch}/${epoch.max} · loss ${epoch.record.loss.toFixed(4)}`;
    $('run-status').textContent = `${done}/${total} jobs · ${where}${eta}`;
    if (onEpoch !== undefined && teacherChanged) onEpoch(log, teacherEpochs);
    teacherChanged = false;
  };
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'planned') {
      total = event.total;
      done = event.done;
    } else if (event.type === 'started') {
      current =
        event.job.kind === 'method'
          ? `${event.job.scenario} · ${event.job.method}`
          : event.job.kind === 'oracle'
            ? `${event.job.scenario} · oracle`
            : 'teacher';
      epoch = null;
    } else if (event.type === 'progress') {
      epoch = { record: event.progress.epoch, max: event.progress.maxEpochs };
      if (event.progress.job.kind === 'teacher') {
        log.push(event.progress.epoch);
        teacherEpochs = event.progress.maxEpochs;
        teacherChanged = true;
      }
    } else if (event.type === 'finished' || event.type === 'failed') {
      done++;
    }
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(paint);
    }
  };
  return { onEvent, stop: () => (stopped = true) };
}

async function run<T>(
  kind: 'teacher' | 'study',
  onEpoch?: (log: EpochRecord[], max: number) => void,
): Promise<T | null> {
  readControls();
  saveSettings();
  showError('run-error', null);
  setBusy(true);
  const progress = progressReporter(onEpoch);
  try {
    return await engine.request<T>({ type: kind, config: settingsToConfig(settings) }, progress.onEvent);
  } catch (e) {
    if (e instanceof Cancelled) $('run-status').textContent = 'Cancelled. The page is ready for another run.';
    else showError('run-error', e);
    return null;
  } finally {
    progress.stop();
    setBusy(false);
  }
}

async function trainTeacher(): Promise<void> {
  const references = await run<
    { testAccuracy: number; trainAccuracy: number; bestEpoch: number; epochs: number; seconds: number }[]
  >('teacher', (log, max) => drawCurves($('curves'), log, max));
  if (references === null) return;
  $('teacher-status').textContent = teacherLine(references[0]);
}

/** The teacher's accuracies as the page states them. */
function teacherLine(t: {
  testAccuracy: number;
  trainAccuracy: number;
  bestEpoch: number;
  epochs: number;
  seconds: number;
}): string {
  return `Teacher: test accuracy ${t.testAccuracy.toFixed(3)}, train ${t.trainAccuracy.toFixed(3)}, best epoch ${t.bestEpoch}/${t.epochs}, ${t.seconds.toFixed(2)} s.`;
}

async function runStudy(): Promise<void> {
  const result = await run<StudyView>('study', (log, max) => drawCurves($('curves'), log, max));
  if (result === null) return;
  performance.mark('study-computed');
  study = result;
  const teacher = result.references.find((r) => r.kind === 'teacher');
  if (teacher !== undefined) $('teacher-status').textContent = teacherLine(teacher);
  $('run-status').textContent = `Done: ${result.rows.length} method runs in ${result.seconds.toFixed(1)} s.`;
  ($('progress') as HTMLProgressElement).value = 1;
  await new Promise((resolve) => setTimeout(resolve, 0));
  $('results-section').hidden = false;
  await drawResults($('results'), result, circuit?.model ?? settings.model ?? '');
  document.body.dataset.study = 'done';
}

// ---- wiring ----

function wire(): void {
  const onSettings = (reload: boolean) => async (): Promise<void> => {
    readControls();
    writeControls();
    saveSettings();
    if (reload) await loadData();
    else await refreshCircuit();
  };
  $('dataset').addEventListener('change', onSettings(true));
  $('seed').addEventListener('change', onSettings(true));
  $('labelColumn').addEventListener('change', onSettings(true));
  for (const id of [
    'model',
    'preset',
    'qubits',
    'layers',
    'entangler',
    'encoding',
    'reupload',
    'noise',
    'shots',
    'epochs',
  ])
    $(id).addEventListener('change', onSettings(false));
  for (const id of ['use-subset', 'subset', 'use-class', 'forgetClass'])
    $(id).addEventListener('change', () => {
      readControls();
      saveSettings();
    });
  $('methods').addEventListener('change', () => {
    readControls();
    saveSettings();
  });
  $('all-methods').addEventListener('click', () => {
    settings.methods = info.methods.map((m) => m.name);
    writeControls();
    saveSettings();
  });
  $('no-methods').addEventListener('click', () => {
    settings.methods = [];
    writeControls();
    saveSettings();
  });
  $('clear-rows').addEventListener('click', () => {
    settings.rows = [];
    writeControls();
    saveSettings();
    drawPick();
  });
  $('train').addEventListener('click', () => void trainTeacher());
  $('run').addEventListener('click', () => void runStudy());
  $('cancel').addEventListener('click', () => void engine.cancel());
  $('qasm').addEventListener(
    'click',
    () => circuit !== null && circuit.qasm !== '' && download(`${circuit.model}.qasm`, circuit.qasm, 'text/plain'),
  );
  $('export-csv').addEventListener(
    'click',
    () => study !== null && download('results.csv', toCsv(study.rows), 'text/csv'),
  );
  $('export-json').addEventListener(
    'click',
    () => study !== null && download('results.json', `${JSON.stringify(study.rows, null, 2)}\n`, 'application/json'),
  );
  $('export-yaml').addEventListener('click', () =>
    download('study.yaml', settingsToYaml(settings), 'application/yaml'),
  );
  $('export-html').addEventListener(
    'click',
    () => void (study !== null && reportHtml(study).then((html) => download('report.html', html, 'text/html'))),
  );
  const drop = $('drop');
  const takeFile = async (file: File | undefined): Promise<void> => {
    if (file === undefined || busy) return;
    csvText = await file.text();
    settings = { ...settings, dataset: 'csv', csvName: file.name, rows: [] };
    writeControls();
    saveSettings();
    await loadData();
  };
  drop.addEventListener('click', () => $('file').click());
  drop.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && $('file').click());
  $('file').addEventListener('change', () => void takeFile(($('file') as HTMLInputElement).files?.[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void takeFile(e.dataTransfer?.files[0]);
  });
}

async function start(): Promise<void> {
  const style = document.createElement('style');
  style.textContent = `${REPORT_CSS}\n${PAGE_CSS}`;
  document.head.append(style);
  info = await engine.request<LibraryInfo>({ type: 'info' });
  defaults = defaultSettings(info.methods.map((m) => m.name));
  settings = settingsFromHash(location.hash, defaults);
  if (settings.dataset === 'csv') settings.dataset = 'iris';
  ($('model') as HTMLSelectElement).replaceChildren(
    Object.assign(document.createElement('option'), { value: '', textContent: 'default for the data' }),
    ...info.models.map((m) => Object.assign(document.createElement('option'), { value: m, textContent: m })),
  );
  $('methods').replaceChildren(
    ...info.methods.map((m) => {
      const label = document.createElement('label');
      label.innerHTML = `<input type="checkbox" value="${m.name}"> ${m.label} <code>${m.name}</code>`;
      return label;
    }),
  );
  writeControls();
  wire();
  await loadData();
  document.body.dataset.ready = 'true';
}

void start();
