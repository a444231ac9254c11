export { allocate, dtypeOf, promote, type DType, type FloatArray } from './dtype.js';
export { QunlearnError, ShapeError, isQunlearnError } from './errors.js';
export { broadcastShapes, formatShape, shapesEqual, sizeOf, type Shape } from './shape.js';
export {
  full,
  gradBuffer,
  isGradEnabled,
  noGrad,
  ones,
  scalar,
  tensor,
  Tensor,
  withGradMode,
  zeros,
  type BackwardFn,
  type TensorOptions,
} from './tensor.js';
export { Rng } from './random.js';
export { stepScope } from './workspace.js';
export { pytorchDefaultFill, pytorchDefaultInit, uniformParameter } from './init.js';
export { gradcheck, type GradcheckOptions, type GradcheckReport } from './gradcheck.js';
export { add, div, maximum, minimum, mul, sub, where, type Operand } from './ops/binary.js';
export { abs, clamp, elu, exp, log, neg, relu, sigmoid, sqrt, square, tanh } from './ops/unary.js';
export { argmax, max, mean, sum } from './ops/reduce.js';
export { linear, matmul } from './ops/matmul.js';
export { flatten, reshape, transpose } from './ops/shape.js';
export { cast } from './ops/cast.js';
export { concat, indexSelect, slice, stack } from './ops/select.js';
export { conv2d, type Conv2dOptions } from './ops/conv.js';
export { conv2dReluPool, type ConvReluPoolOptions } from './ops/conv-relu-pool.js';
export { maxPool2d } from './ops/pool.js';
export { batchNorm, type BatchNormOptions } from './ops/batchnorm.js';
export { dropout } from './ops/dropout.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { crossEntropy, klDivergence, type Reduction } from './ops/loss.js';
export { Optimizer } from './optim/optimizer.js';
export { Adam, type AdamOptions } from './optim/adam.js';
export { Sgd, type SgdOptions } from './optim/sgd.js';
export { clipGradNorm } from './optim/clip.js';
