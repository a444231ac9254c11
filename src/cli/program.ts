import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerCircuitCommand } from './commands/circuit.js';
import { registerDataCommand } from './commands/data.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerFindingsCommand } from './commands/findings.js';
import { registerForgetCommand } from './commands/forget.js';
import { registerMethodsCommand } from './commands/methods.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerTrainCommand } from './commands/train.js';
import { registerWorkerCommand } from './commands/worker.js';
import { rejectRepeatedOptions } from './repeated-flags.js';

/** Builds the `qunlearn` command with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('qunlearn')
    .description('Machine unlearning for hybrid quantum-classical neural networks: train, unlearn, evaluate, report.')
    .version(VERSION, '-V, --version', 'print the qunlearn version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(`qunlearn: ${text.replace(/^error: /, 'error: ')}`) });
  registerRunCommand(program);
  registerAuditCommand(program);
  registerSweepCommands(program);
  registerFindingsCommand(program);
  registerWorkerCommand(program);
  registerReportCommand(program);
  registerTrainCommand(program);
  registerEvalCommand(program);
  registerForgetCommand(program);
  registerMethodsCommand(program);
  registerCircuitCommand(program);
  registerDataCommand(program);
  rejectRepeatedOptions(program);
  return program;
}
