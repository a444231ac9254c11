import { QunlearnError } from '../core/errors.js';
import type { DataFamily } from './context.js';
import type { UnlearningMethod } from './method.js';
import { advUniform } from './methods/adv-uniform.js';
import { badTeacher } from './methods/bad-teacher.js';
import { certified } from './methods/certified.js';
import { certifiedNewton } from './methods/certified-newton.js';
import { cfK } from './methods/cf-k.js';
import { euK } from './methods/eu-k.js';
import { fisher } from './methods/fisher.js';
import { fisherForgetting } from './methods/fisher-forgetting.js';
import { ft } from './methods/ft.js';
import { ga } from './methods/ga.js';
import { langevin } from './methods/langevin.js';
import { langevinAll } from './methods/langevin-all.js';
import { lca } from './methods/lca.js';
import { neggradPlus } from './methods/neggrad-plus.js';
import { original } from './methods/original.js';
import { qmul } from './methods/qmul.js';
import { retrain } from './methods/retrain.js';
import { rl } from './methods/rl.js';
import { salun } from './methods/salun.js';
import { scrub, scrubR } from './methods/scrub.js';
import { sisa } from './methods/sisa.js';

/**
 * Every method, in table order: the two baselines, the reference's eleven, the standard baselines the reference
 * lacks, then the methods with a guarantee (and Langevin on all parameters, their no-guarantee twin). Adding a method
 * means adding one file and one entry here; nothing else changes.
 */
export const METHODS: readonly UnlearningMethod[] = [
  original,
  retrain,
  ga,
  fisher,
  neggradPlus,
  cfK,
  euK,
  scrub,
  scrubR,
  certified,
  qmul,
  lca,
  advUniform,
  ft,
  rl,
  badTeacher,
  salun,
  fisherForgetting,
  sisa,
  certifiedNewton,
  langevin,
  langevinAll,
];

/** Names of the reference study's eleven methods. */
export const REFERENCE_METHODS: readonly string[] = [
  'ga',
  'fisher',
  'neggrad-plus',
  'cf-k',
  'eu-k',
  'scrub',
  'scrub-r',
  'certified',
  'qmul',
  'lca',
  'adv-uniform',
];

/** Looks a method up by name; unknown names are an error listing the known ones. */
export function getMethod(name: string): UnlearningMethod {
  const m = METHODS.find((x) => x.name === name);
  if (m === undefined) {
    throw new QunlearnError(
      'config',
      `unknown unlearning method '${name}'; known methods: ${METHODS.map((x) => x.name).join(', ')}`,
    );
  }
  return m;
}

/**
 * The method's final config: its defaults for the data family, then the reference behaviour if requested, then
 * the user's overrides — validated by the method's schema, so unknown keys and bad values name the key.
 */
export function resolveMethodConfig(
  method: UnlearningMethod,
  family: DataFamily,
  overrides: Record<string, unknown> = {},
  referenceBehaviour = false,
): Record<string, unknown> {
  const merged = {
    ...method.defaults(family),
    ...(referenceBehaviour ? (method.referenceBehaviour ?? {}) : {}),
    ...overrides,
  };
  const parsed = method.schema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
    throw new QunlearnError('config', `method '${method.name}': invalid settings (${issues})`);
  }
  return parsed.data;
}
