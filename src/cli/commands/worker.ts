import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { WorkerEvent } from '../../experiment/sweep/remote-worker.js';
import { QunlearnError } from '../../core/errors.js';
import { runAction } from '../errors.js';
import { parseInteger } from '../parse.js';
import { capThreads } from '../workers.js';

interface WorkerFlags {
  redis: string;
  queue: string;
  concurrency?: number;
  runWorkers: number;
  lockDuration?: number;
  stalledInterval?: number;
  maxStalled: number;
  workDir?: string;
  quiet?: boolean;
  forceWorkers?: boolean;
}

/** One line per event on stdout (errors on stderr), prefixed with the time. */
function printEvent(e: WorkerEvent, quiet: boolean): void {
  const at = new Date().toISOString().slice(11, 19);
  if (e.type === 'error') process.stderr.write(`${at} qunlearn: warning: Redis: ${e.message}\n`);
  else if (e.type === 'failed') process.stderr.write(`${at} FAILED ${e.label} (sweep ${e.sweep}): ${e.message}\n`);
  else if (quiet) return;
  else if (e.type === 'started') process.stdout.write(`${at} started ${e.label} (sweep ${e.sweep})\n`);
  else if (e.type === 'finished')
    process.stdout.write(`${at} finished ${e.label} (sweep ${e.sweep}) in ${e.seconds.toFixed(1)} s\n`);
  else process.stdout.write(`${at} job ${e.jobId} stalled (its worker stopped): queued again\n`);
}

/** `qunlearn worker`: serve sweep queues on this machine until stopped. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'take sweep runs from a Redis queue, execute them on this machine and send the results back; run it on every machine that should help',
    )
    .requiredOption('--redis <url>', 'Redis of the sweep (redis://[:password@]host:port[/db], or rediss:// for TLS)')
    .option('--queue <name>', 'queue name (as given to qunlearn sweep)', 'qunlearn')
    .option(
      '--concurrency <n>',
      `runs at a time (default: the ${availableParallelism()} cores)`,
      parseInteger('--concurrency', 1),
    )
    .option('--run-workers <n>', 'worker threads inside each run', parseInteger('--run-workers', 1), 1)
    .option(
      '--lock-duration <ms>',
      "a run's lock (ms); a killed worker's run is retried elsewhere about this long after it died (default 30000)",
      parseInteger('--lock-duration', 1000),
    )
    .option(
      '--stalled-interval <ms>',
      'how often to look for runs of dead workers (ms, default 30000)',
      parseInteger('--stalled-interval', 500),
    )
    .option(
      '--max-stalled <n>',
      'how often a run may lose its worker before it fails',
      parseInteger('--max-stalled', 0),
      2,
    )
    .option('--work-dir <dir>', 'scratch folder for running jobs (default: the system temporary folder)')
    .option('--force-workers', 'allow --concurrency × --run-workers above the number of cores')
    .option('--quiet', 'only failures and warnings')
    .addHelpText(
      'after',
      `
Stop with Ctrl-C (or SIGTERM): running jobs finish first; a second Ctrl-C stops at once, and the queue hands the
interrupted jobs to another worker. See docs/distributed.md.`,
    )
    .action(
      runAction(async (flags: WorkerFlags) => {
        const { startWorker } = await import('../../experiment/sweep/remote-worker.js');
        const quiet = flags.quiet === true;
        const cores = availableParallelism();
        const force = flags.forceWorkers === true;
        if (force && flags.concurrency === undefined && flags.runWorkers === 1) {
          throw new QunlearnError(
            'usage',
            '--force-workers lets --concurrency and --run-workers exceed the cores; without them it has nothing to do',
          );
        }
        const concurrency =
          flags.concurrency === undefined
            ? cores
            : capThreads(flags.concurrency, `--concurrency ${flags.concurrency}`, force, cores);
        const runWorkers = capThreads(
          flags.runWorkers,
          `--concurrency ${concurrency} × --run-workers ${flags.runWorkers}`,
          force,
          Math.max(1, Math.floor(cores / concurrency)),
        );
        const worker = await startWorker({
          url: flags.redis,
          queue: flags.queue,
          concurrency,
          runWorkers,
          lockDuration: flags.lockDuration,
          stalledInterval: flags.stalledInterval,
          maxStalledCount: flags.maxStalled,
          workDir: flags.workDir,
          onEvent: (e) => printEvent(e, quiet),
        });
        if (!quiet) process.stdout.write(`${worker.description}; Ctrl-C to stop\n`);
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = (): void => {
            if (stopping) {
              process.stderr.write('stopping now\n');
              // Running jobs' threads would keep the process alive; the queue retries those jobs elsewhere.
              void worker.close(true).finally(() => process.exit(130));
              return;
            }
            stopping = true;
            process.stderr.write('stopping: finishing the running jobs (Ctrl-C again to stop now)\n');
            void worker.close(false).finally(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      }),
    );
}
