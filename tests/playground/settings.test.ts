import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseExperimentConfig, resolveExperiment } from '../../src/experiment/config.js';
import {
  defaultSettings,
  settingsFromHash,
  settingsToConfig,
  settingsToHash,
  settingsToYaml,
} from '../../playground/src/settings.js';

const defaults = defaultSettings(['original', 'retrain', 'ga']);

describe('the playground settings', () => {
  it('round-trip through the URL hash, which holds only what differs from the defaults', () => {
    expect(settingsToHash(defaults, defaults)).toBe('');
    const changed = { ...defaults, layers: 4, noise: 0.02, rows: [3, 17], forgetClass: null, methods: ['ga'] };
    const hash = settingsToHash(changed, defaults);
    expect(JSON.parse(decodeURIComponent(hash.slice(1)))).toEqual({
      layers: 4,
      noise: 0.02,
      rows: [3, 17],
      forgetClass: null,
      methods: ['ga'],
    });
    expect(settingsFromHash(hash, defaults)).toEqual(changed);
  });

  it('ignore a malformed hash and keys of the wrong type', () => {
    expect(settingsFromHash('#%7Bnot json', defaults)).toEqual(defaults);
    expect(
      settingsFromHash(`#${encodeURIComponent(JSON.stringify({ seed: 'x', bogus: 1, layers: 3 }))}`, defaults),
    ).toEqual({ ...defaults, layers: 3 });
  });

  it("default to the CLI's default study: the same resolved experiment as `qunlearn run --methods …`", () => {
    expect(resolveExperiment(settingsToConfig(defaults))).toEqual(
      resolveExperiment({ methods: ['original', 'retrain', 'ga'] }),
    );
  });

  it('export YAML that `qunlearn run --config` accepts, with picked rows as a deletion request', () => {
    const s = {
      ...defaults,
      dataset: 'csv' as const,
      csvName: 'mine.csv',
      labelColumn: 'kind',
      subset: 0.1,
      forgetClass: 2,
      rows: [9, 4],
      layers: 3,
      model: 'iris-deep-classical',
      epochs: 20,
    };
    const config = parseExperimentConfig(parse(settingsToYaml(s)), 'study.yaml');
    expect(config).toEqual({
      dataset: 'csv',
      data: { path: 'mine.csv', labelColumn: 'kind' },
      model: 'iris-deep-classical',
      preset: 'sound',
      methods: ['original', 'retrain', 'ga'],
      scenarios: [
        { kind: 'subset', fraction: 0.1 },
        { kind: 'class', classes: [2] },
        { kind: 'indices', ids: [4, 9] },
      ],
      seeds: [0],
      training: { epochs: 20 },
    });
  });
});
