import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { BlockModel } from '../../src/models/block-model.js';
import {
  groupsByName,
  layerGroups,
  parameterGroups,
  pickGroups,
  resetGroups,
  trainOnly,
} from '../../src/models/groups.js';
import { BatchNorm1d } from '../../src/models/layers/batchnorm1d.js';
import { Linear } from '../../src/models/layers/linear.js';
import { ReLU } from '../../src/models/layers/parameter-free.js';
import { captureState, restoreState } from '../../src/models/state.js';

function tinyModel(seed = 0): BlockModel {
  const rng = new Rng(seed);
  return new BlockModel([
    { name: 'head.0', kind: 'layer', module: new Linear(4, 8, rng.stream('head.0')) },
    { name: 'norm.0', kind: 'norm', module: new BatchNorm1d(8) },
    { name: 'act', kind: 'op', module: new ReLU() },
    { name: 'head.1', kind: 'layer', module: new Linear(8, 3, rng.stream('head.1')) },
  ]);
}

describe('parameter groups', () => {
  it('lists groups in input-to-output order with dotted parameter names', () => {
    const m = tinyModel();
    expect(parameterGroups(m).map((g) => g.name)).toEqual(['head.0', 'norm.0', 'head.1']);
    expect(layerGroups(m).map((g) => g.name)).toEqual(['head.0', 'head.1']);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'head.0.weight',
      'head.0.bias',
      'norm.0.weight',
      'norm.0.bias',
      'head.1.weight',
      'head.1.bias',
    ]);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['norm.0.running_mean', 'norm.0.running_var']);
  });

  it('freezes all but chosen groups and re-initialises by name', () => {
    const m = tinyModel();
    trainOnly(m, pickGroups(layerGroups(m), 1, 'last'));
    expect(
      m
        .namedParameters()
        .filter(([, p]) => p.requiresGrad)
        .map(([n]) => n),
    ).toEqual(['head.1.weight', 'head.1.bias']);
    const before = Float64Array.from(m.namedParameters()[4][1].data);
    const untouched = Float64Array.from(m.namedParameters()[0][1].data);
    resetGroups(m, groupsByName(m, ['head.1']));
    expect(Array.from(m.namedParameters()[4][1].data)).not.toEqual(Array.from(before));
    expect(Array.from(m.namedParameters()[0][1].data)).toEqual(Array.from(untouched));
    const bound = 1 / Math.sqrt(8);
    for (const v of m.namedParameters()[4][1].data) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
  });

  it('rejects unknown groups and out-of-range k with the known names', () => {
    const m = tinyModel();
    expect(() => groupsByName(m, ['fc9'])).toThrow(
      "unknown parameter group 'fc9'; this model has: head.0, norm.0, head.1",
    );
    expect(() => pickGroups(layerGroups(m), 3, 'first')).toThrow(/between 1 and 2/);
  });
});

describe('model state', () => {
  it('restores a captured state exactly and reports mismatches by name', () => {
    const a = tinyModel(1);
    const b = tinyModel(2);
    restoreState(b, captureState(a));
    expect(b.namedParameters().map(([, p]) => Array.from(p.data))).toEqual(
      a.namedParameters().map(([, p]) => Array.from(p.data)),
    );
    const other = new BlockModel([{ name: 'head.0', kind: 'layer', module: new Linear(5, 8, new Rng(0)) }]);
    expect(() => restoreState(other, captureState(a), 'teacher.safetensors')).toThrow(
      /teacher.safetensors does not fit this model \(unexpected: norm.0.weight.*head.0.weight is \[8, 4\] in teacher.safetensors but \[8, 5\] in the model/,
    );
  });
});
