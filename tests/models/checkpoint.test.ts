import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { Tensor } from '../../src/core/tensor.js';
import { readCheckpoint, saveCheckpoint } from '../../src/models/node/checkpoint.js';
import { buildModel, resolveModelConfig } from '../../src/models/presets.js';
import { restoreState } from '../../src/models/state.js';
import { tempDir } from '../helpers/cli.js';

describe('checkpoint integrity', () => {
  const save = (): string => {
    const config = resolveModelConfig({ model: 'iris-shallow', inputShape: [4], classes: 3 });
    const base = join(tempDir(), 'm');
    saveCheckpoint(base, buildModel(config, new Rng(0)), { model: config });
    return base;
  };
  const dataStart = (bytes: Buffer): number => 8 + Number(bytes.readBigUInt64LE(0));

  it('records the SHA-256 of the tensor data and refuses data that no longer matches it', () => {
    const base = save();
    const bytes = readFileSync(`${base}.safetensors`);
    const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    expect(meta.tensorsSha256).toBe(
      createHash('sha256')
        .update(bytes.subarray(dataStart(bytes)))
        .digest('hex'),
    );
    bytes[dataStart(bytes) + 9] ^= 1;
    writeFileSync(`${base}.safetensors`, bytes);
    expect(() => readCheckpoint(base)).toThrow(
      `${base}.safetensors: its tensor data does not match the SHA-256 recorded in ${base}.json when it was saved`,
    );
  });

  it('refuses NaN and infinite weights, naming the tensor (also in checkpoints without a digest)', () => {
    const base = save();
    const bytes = readFileSync(`${base}.safetensors`);
    bytes.writeDoubleLE(Number.POSITIVE_INFINITY, dataStart(bytes) + 8);
    writeFileSync(`${base}.safetensors`, bytes);
    const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    delete meta.tensorsSha256;
    writeFileSync(`${base}.json`, JSON.stringify(meta));
    const header = JSON.parse(bytes.subarray(8, dataStart(bytes)).toString());
    const first = Object.keys(header)
      .filter((k) => k !== '__metadata__')
      .sort()[0];
    expect(() => readCheckpoint(base)).toThrow(
      `${base}.safetensors: tensor '${first}' holds Infinity at index 1; a checkpoint's weights must be finite numbers`,
    );
  });
});

describe('checkpoints', () => {
  it('save and load a model with its metadata; outputs are identical after loading', () => {
    const config = resolveModelConfig({ model: 'iris-deep', inputShape: [4], classes: 3 });
    const model = buildModel(config, new Rng(0));
    model.namedBuffers()[0][1].data.fill(0.25);
    const base = join(tempDir(), 'teacher');
    const paths = saveCheckpoint(base, model, { model: config, seed: 7, metrics: { test_acc: 0.9 } });
    expect(paths.tensors).toBe(`${base}.safetensors`);
    const { state, metadata } = readCheckpoint(`${base}.safetensors`);
    expect(metadata).toMatchObject({
      format: 'qunlearn-checkpoint/1',
      seed: 7,
      metrics: { test_acc: 0.9 },
      model: config,
    });
    expect(metadata.qunlearnVersion).toMatch(/^\d+\.\d+\.\d+/);
    const copy = buildModel(config, new Rng(99));
    restoreState(copy, state);
    const x = new Tensor(new Rng(1).fillUniform(new Float64Array(6 * 4), -3, 3), [6, 4]);
    model.eval();
    copy.eval();
    expect(Array.from(copy.forward(x).data)).toEqual(Array.from(model.forward(x).data));
    expect(Array.from(copy.namedBuffers()[0][1].data)).toEqual(new Array(32).fill(0.25));
  });

  it('names the missing file and refuses foreign metadata', () => {
    const dir = tempDir();
    expect(() => readCheckpoint(join(dir, 'none'))).toThrow(
      `checkpoint file ${join(dir, 'none')}.safetensors does not exist`,
    );
    const config = resolveModelConfig({ model: 'iris-shallow', inputShape: [4], classes: 3 });
    saveCheckpoint(join(dir, 'm'), buildModel(config, new Rng(0)), { model: config });
    const meta = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ ...meta, format: 'other' }));
    expect(() => readCheckpoint(join(dir, 'm'))).toThrow(/is not qunlearn checkpoint metadata/);
  });

  it('leaves no temporary files behind', () => {
    const dir = tempDir();
    const config = resolveModelConfig({ model: 'iris-shallow', inputShape: [4], classes: 3 });
    saveCheckpoint(join(dir, 'm'), buildModel(config, new Rng(0)), { model: config });
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'm.safetensors']);
  });
});
