import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { applyDeletionRequest, verifyModelDir } from '../../experiment/deletion/index.js';
import { modelDirFiles } from '../../experiment/deletion/model-dir.js';
import { guaranteeLabel } from '../../unlearn/guarantee.js';
import { runAction } from '../errors.js';
import { fmt } from '../table.js';

interface ForgetFlags {
  model?: string;
  rows?: string;
  verify?: string;
}

/** One line on what the deletion did to the mechanism (shards retrained, steps run, budget spent, retraining). */
function mechanismLine(
  details: Record<string, unknown>,
  budget: Record<string, number | boolean>,
  retrained: boolean,
  workRedone: number | null,
): string {
  if (retrained)
    return 'the certified budget ran out: the model was retrained from scratch on the remaining rows (fresh noise)';
  const parts: string[] = [];
  if (Array.isArray(details.shardsRetrained))
    parts.push(`retrained shard(s) ${details.shardsRetrained.join(', ')} from their checkpoints`);
  if (typeof details.unlearnSteps === 'number') parts.push(`${details.unlearnSteps} noisy unlearning steps`);
  if (typeof budget.budget_used === 'number')
    parts.push(`${fmt(100 * budget.budget_used, 1)} % of the removal budget spent`);
  if (workRedone !== null) parts.push(`${fmt(100 * workRedone, 1)} % of the training work redone`);
  return parts.join('; ');
}

/** `qunlearn forget`: apply a deletion request to a saved model, or verify its ledger. */
export function registerForgetCommand(program: Command): void {
  program
    .command('forget')
    .description(
      'apply a deletion request to a model saved by `qunlearn train --method sisa|certified-newton|langevin`, or verify its ledger',
    )
    .option('--model <dir>', 'the model directory (written by qunlearn train --method ...); updated in place')
    .option('--rows <file>', 'the deletion request: dataset row ids, one per line (# comments allowed) or a JSON array')
    .option(
      '--verify <dir>',
      "check the model directory's ledger: every record intact, none dropped, the model the last one describes",
    )
    .action(
      runAction((flags: ForgetFlags) => {
        if (flags.verify !== undefined) {
          if (flags.model !== undefined || flags.rows !== undefined)
            throw new QunlearnError('usage', '--verify DIR checks a ledger on its own; drop --model and --rows');
          const check = verifyModelDir(flags.verify);
          if (check.problems.length > 0) {
            throw new QunlearnError(
              'ledger',
              `the ledger of ${flags.verify} does not verify:\n  - ${check.problems.join('\n  - ')}`,
            );
          }
          const deleted = check.records
            .filter((r) => r.event === 'forget')
            .reduce((n, r) => n + Number((r.request as { rows: number }).rows), 0);
          process.stdout.write(
            `${modelDirFiles.ledger(flags.verify)}: ${check.records.length} records intact (1 training, ${check.records.length - 1} deletion request${check.records.length === 2 ? '' : 's'}, ${deleted} rows deleted); the model is the one the last record describes\n`,
          );
          return;
        }
        if (flags.model === undefined || flags.rows === undefined) {
          throw new QunlearnError('usage', 'qunlearn forget needs --model DIR and --rows FILE (or --verify DIR)');
        }
        const s = applyDeletionRequest(flags.model, flags.rows);
        const { before, after } = s.accuracy;
        process.stdout.write(
          `deleted ${s.rows} row(s) from ${s.dir} (${s.method}, guarantee ${guaranteeLabel(s.guarantee)}) in ${fmt(s.seconds, 3)} s\n` +
            `${mechanismLine(s.report.details, s.report.budget, s.report.retrained, s.report.workRedone)}\n` +
            `test accuracy ${fmt(before.test)} → ${fmt(after.test)}; accuracy on the deleted rows ${fmt(before.forget)} → ${fmt(after.forget)}\n` +
            `ledger: ${modelDirFiles.ledger(s.dir)} (record ${s.ledger.seq}, ${s.ledger.hash.slice(0, 16)}…)\n`,
        );
      }),
    );
}
