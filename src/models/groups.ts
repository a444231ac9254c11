import { QunlearnError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { BlockKind, BlockModel } from './block-model.js';

/** A parameter group: one block's parameters, with its kind and full parameter names. */
export interface ParameterGroup {
  name: string;
  kind: BlockKind;
  params: Array<[string, Tensor]>;
}

/** The model's parameter groups in input-to-output order (blocks without parameters are skipped). */
export function parameterGroups(model: BlockModel): ParameterGroup[] {
  return model.blocks
    .map((b) => ({ name: b.name, kind: b.kind, params: b.module.namedParameters(`${b.name}.`) }))
    .filter((g) => g.params.length > 0);
}

/** The groups of kind `layer` (what CF-k and EU-k count), in input-to-output order. */
export function layerGroups(model: BlockModel): ParameterGroup[] {
  return parameterGroups(model).filter((g) => g.kind === 'layer');
}

/** Looks groups up by name; an unknown name is an error that lists the model's groups. */
export function groupsByName(model: BlockModel, names: readonly string[]): ParameterGroup[] {
  const all = parameterGroups(model);
  return names.map((n) => {
    const g = all.find((x) => x.name === n);
    if (g === undefined) {
      throw new QunlearnError(
        'config',
        `unknown parameter group '${n}'; this model has: ${all.map((x) => x.name).join(', ')}`,
      );
    }
    return g;
  });
}

/** Sets requiresGrad on every parameter of the given groups (false freezes them). */
export function setGroupsTrainable(groups: readonly ParameterGroup[], trainable: boolean): void {
  for (const g of groups) for (const [, p] of g.params) p.requiresGrad = trainable;
}

/** Makes exactly the given groups trainable and freezes every other parameter of the model. */
export function trainOnly(model: BlockModel, groups: readonly ParameterGroup[]): void {
  for (const p of model.parameters()) p.requiresGrad = false;
  setGroupsTrainable(groups, true);
}

/** Re-draws the parameters of the given groups from their initial distributions. */
export function resetGroups(model: BlockModel, groups: readonly ParameterGroup[]): void {
  const names = new Set(groups.map((g) => g.name));
  for (const b of model.blocks) if (names.has(b.name)) b.module.reset();
}

/** The first k or last k groups of a list, with a clear error when k is out of range. */
export function pickGroups(groups: readonly ParameterGroup[], k: number, from: 'first' | 'last'): ParameterGroup[] {
  if (!Number.isInteger(k) || k < 1 || k > groups.length) {
    throw new QunlearnError(
      'config',
      `k must be an integer between 1 and ${groups.length} (the model's layer groups: ${groups.map((g) => g.name).join(', ')}), got ${k}`,
    );
  }
  return from === 'first' ? groups.slice(0, k) : groups.slice(groups.length - k);
}
