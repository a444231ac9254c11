import cliProgress from 'cli-progress';
import type { EpochRecord } from '../train/epoch-loop.js';

/** A progress bar over epochs on a terminal, one line per epoch otherwise, nothing when quiet. */
export function epochProgress(
  quiet: boolean,
  maxEpochs: number,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { onEpoch: (r: EpochRecord) => void; finish: () => void } {
  if (quiet) return { onEpoch: () => {}, finish: () => {} };
  const describe = (r: EpochRecord): string =>
    `loss ${r.loss.toFixed(4)}${r.trainAccuracy === undefined ? '' : ` · train acc ${r.trainAccuracy.toFixed(3)}`}${r.selectScore === null ? '' : ` · selection ${r.selectScore.toFixed(4)}`}${r.improved ? ' *' : ''}`;
  if (!stream.isTTY) {
    return {
      onEpoch: (r) => stream.write(`${label} epoch ${r.epoch}/${maxEpochs}: ${describe(r)}\n`),
      finish: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} {bar} {value}/{total} epochs · ETA {eta_formatted} · {info}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(maxEpochs, 0, { info: '' });
  return { onEpoch: (r) => bar.update(r.epoch, { info: describe(r) }), finish: () => bar.stop() };
}
