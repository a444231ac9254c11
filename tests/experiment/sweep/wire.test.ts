import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobDataSchema, packFiles, parseWire, unpackFiles, WIRE_FORMAT } from '../../../src/experiment/sweep/wire.js';
import { tempDir } from '../../helpers/cli.js';

function sampleRun(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'seed-0', 'subset'), { recursive: true });
  writeFileSync(join(dir, 'run.json'), '{"status":"complete"}');
  writeFileSync(join(dir, 'results.json'), '[]');
  writeFileSync(join(dir, 'seed-0', 'subset', 'ga.result.json'), '{"kind":"method"}');
  writeFileSync(join(dir, 'seed-0', 'subset', 'ga.json'), '{"format":"qunlearn-checkpoint/1"}');
  writeFileSync(join(dir, 'seed-0', 'subset', 'ga.safetensors'), Buffer.from([0, 1, 2, 250, 255]));
  writeFileSync(join(dir, 'seed-0', 'subset', 'ga.safetensors.tmp-12-abc'), 'half');
  return dir;
}

describe('the sweep wire format', () => {
  it('packs a folder (checkpoints only when asked, never temporaries) and unpacks it byte for byte', () => {
    const dir = sampleRun();
    expect(packFiles(dir, { checkpoints: false }).map((f) => f.path)).toEqual([
      'results.json',
      'run.json',
      'seed-0/subset/ga.result.json',
    ]);
    const all = packFiles(dir, { checkpoints: true });
    expect(all.map((f) => [f.path, f.encoding])).toEqual([
      ['results.json', 'utf8'],
      ['run.json', 'utf8'],
      ['seed-0/subset/ga.json', 'utf8'],
      ['seed-0/subset/ga.result.json', 'utf8'],
      ['seed-0/subset/ga.safetensors', 'base64'],
    ]);
    const copy = tempDir();
    unpackFiles(copy, JSON.parse(JSON.stringify(all)));
    expect([...readFileSync(join(copy, 'seed-0', 'subset', 'ga.safetensors'))]).toEqual([0, 1, 2, 250, 255]);
    expect(readFileSync(join(copy, 'run.json'), 'utf8')).toBe('{"status":"complete"}');
  });

  it('refuses paths that would leave the folder', () => {
    const dir = tempDir();
    for (const path of ['../evil', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b']) {
      expect(() => unpackFiles(dir, [{ path, encoding: 'utf8', data: 'x' }]), path).toThrow(/refusing to write/);
    }
  });

  it('rejects job data that is not a qunlearn message, naming what is wrong', () => {
    expect(() => parseWire(jobDataSchema, { format: 'other/1', kind: 'run' }, 'job 7')).toThrow(
      /^job 7 is not a qunlearn qunlearn-sweep-wire\/1 message \(format "other\/1"\)/,
    );
    const ok = {
      format: WIRE_FORMAT,
      qunlearnVersion: '0.1.0',
      sweepId: 's',
      resultKey: 'k',
      kind: 'references',
      key: '0123abcd',
      seed: 0,
      scenarios: ['subset'],
      experiment: {},
    };
    expect(parseWire(jobDataSchema, ok, 'job').kind).toBe('references');
    expect(() => parseWire(jobDataSchema, { ...ok, extra: 1 }, 'job')).toThrow(/Unrecognized key/i);
    expect(() => parseWire(jobDataSchema, { ...ok, key: '../../etc' }, 'job')).toThrow(/key/);
  });
});
