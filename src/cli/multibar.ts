import cliProgress from 'cli-progress';

/** The multi-bar display shared by `run` and `sweep`: labelled bars with an info field, cleared when done. */
export function newMultiBar(stream: NodeJS.WriteStream): cliProgress.MultiBar {
  return new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: true,
      hideCursor: true,
      format: '{label} {bar} {value}/{total} {info}',
      barsize: 24,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
}
