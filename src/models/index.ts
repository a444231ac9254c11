/** Models: modules with named parameter groups, the reference's hybrid presets and their classical twins, checkpoints. */
export { Module, type ModuleBuffer } from './module.js';
export { BlockModel, type Block, type BlockKind } from './block-model.js';
export { Linear } from './layers/linear.js';
export { Conv2d } from './layers/conv2d.js';
export { BatchNorm1d } from './layers/batchnorm1d.js';
export { Dropout, ELU, Flatten, MaxPool2d, ReLU, Tanh } from './layers/parameter-free.js';
export { Sequential } from './layers/sequential.js';
export { QuantumLayer } from './layers/quantum-layer.js';
export {
  groupsByName,
  layerGroups,
  parameterGroups,
  pickGroups,
  resetGroups,
  setGroupsTrainable,
  trainOnly,
  type ParameterGroup,
} from './groups.js';
export { inEvalMode, withMode } from './mode.js';
export { captureState, restoreState, type ModelState } from './state.js';
export {
  buildModel,
  describeModel,
  modelNames,
  parseModelName,
  PRESET_NAMES,
  resolveModelConfig,
  type ModelConfig,
  type PresetName,
} from './presets.js';
export { decodeSafetensors, encodeSafetensors, type StoredTensor } from './safetensors.js';
