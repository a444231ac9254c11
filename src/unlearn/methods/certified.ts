import { z } from 'zod';
import { clipGradNorm } from '../../core/optim/clip.js';
import { stepScope } from '../../core/workspace.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * What the reference calls "Certified": fine-tuning on the retain set with the whole-batch gradient clipped to a
 * norm bound and Gaussian noise (σ) added before each Adam step. Honest name: noisy fine-tuning. It carries no
 * guarantee: there is no per-sample clipping, no privacy accounting, Adam rescales the noise, and the forget set
 * is never used.
 */
export const certified = defineMethod({
  name: 'certified',
  label: 'Certified (noisy FT)',
  summary: 'Noisy fine-tuning on the retain set (clipped batch gradient + Gaussian noise); no formal guarantee.',
  needs: { retain: true, forget: false, original: false, validation: false },
  workload: (config, sizes) => config.epochs * sizes.retain,
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, sigma: z.number().nonnegative(), clip: z.number().positive() }).strict(),
  defaults: (family) => ({ ...referenceBudget(5, 12)(family), sigma: 0.05, clip: 1 }),
  run(context, config) {
    const { model, data } = context;
    const noise = context.rng.stream('gradient-noise');
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        epochBatches(context, context.retain, 'retain', epoch).map((rows) =>
          stepScope(() => {
            optimizer.zeroGrad();
            const loss = crossEntropyOn(model, data, rows);
            loss.backward();
            const params = optimizer.params.filter((p) => p.grad !== null);
            clipGradNorm(params, config.clip);
            for (const p of params)
              for (let i = 0; i < p.grad!.length; i++) p.grad![i] += config.sigma * noise.normal();
            optimizer.step();
            return loss.item();
          }),
        ),
      ),
    );
    return { training };
  },
});
