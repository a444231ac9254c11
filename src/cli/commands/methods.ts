import type { Command } from 'commander';
import { guaranteeLabel } from '../../unlearn/guarantee.js';
import { METHODS, REFERENCE_METHODS } from '../../unlearn/registry.js';
import { runAction } from '../errors.js';
import { renderTable } from '../table.js';

/** `qunlearn methods`: the registered unlearning methods with their defaults. */
export function registerMethodsCommand(program: Command): void {
  program
    .command('methods')
    .description('list the unlearning methods, what they need, and their default settings')
    .option('--json', 'print as JSON')
    .action(
      runAction((flags: { json?: boolean }) => {
        const rows = METHODS.map((m) => ({
          name: m.name,
          label: m.label,
          origin: ['original', 'retrain'].includes(m.name)
            ? 'baseline'
            : REFERENCE_METHODS.includes(m.name)
              ? 'reference'
              : m.mechanism !== undefined
                ? 'mechanism'
                : 'added',
          needs: Object.entries(m.needs)
            .filter(([, v]) => v)
            .map(([k]) => k)
            .join('+'),
          guarantee: m.guarantee(m.defaults('tabular')),
          summary: m.summary,
          tabular: m.defaults('tabular'),
          image: m.defaults('image'),
          reference: m.referenceBehaviour ?? null,
        }));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${renderTable(rows, [
            { header: 'name', value: (r) => r.name, align: 'left' },
            { header: 'origin', value: (r) => r.origin, align: 'left' },
            { header: 'needs', value: (r) => r.needs || '—', align: 'left' },
            { header: 'guarantee', value: (r) => guaranteeLabel(r.guarantee), align: 'left' },
            { header: 'what it does', value: (r) => r.summary, align: 'left' },
          ])}\n\nDefaults (tabular | image) and the reference behaviour enabled by --reference-methods: qunlearn methods --json\n`,
        );
      }),
    );
}
