/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into `controller.abort()`, so that the command can record where it
 * stopped and say how to continue; a second one exits at once (code 130). Returns a function that removes the
 * handlers.
 */
export function abortOnInterrupt(controller: AbortController, stream: NodeJS.WriteStream = process.stderr): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      stream.write('stopping now\n');
      process.exit(130);
    }
    stream.write(
      `\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping and saving where the work stands (press Ctrl-C again to quit at once)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
