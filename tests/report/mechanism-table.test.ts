import { describe, expect, it } from 'vitest';
import { mechanismBlocks } from '../../src/report/mechanism-table.js';
import { summaryRow, syntheticRows } from './helpers.js';

describe('the table of methods that train their own mechanism', () => {
  it('lists only those methods, with the teacher for reference and the guarantee', () => {
    const sisa = {
      ...summaryRow('sisa', 'SISA', {
        mechanism_test_acc: 0.8,
        mechanism_cost: 0.1,
        work_redone: 0.15,
        mechanism_speedup: 6.2,
        mechanism_retrained: 0,
      }),
      guarantee: 'exact',
    };
    const blocks = mechanismBlocks([...syntheticRows(), sisa]);
    const table = blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.table.columns.map((c) => c.header)).toEqual([
      'method',
      'mechanism test acc',
      'cost vs teacher',
      'work redone',
      'speed-up vs mechanism',
      'budget used',
      'retrained',
      'guarantee',
    ]);
    expect(table.table.rows.map((r) => r.cells[0].text)).toEqual(['Teacher', 'Oracle', 'SISA']);
    expect(table.table.rows[0].cells[1].text).toBe('0.900');
    expect(table.table.rows[2].cells.map((c) => c.text)).toEqual([
      'SISA',
      '0.800',
      '0.100',
      '0.150',
      '6.2',
      '—',
      '0.00',
      'exact',
    ]);
    expect(mechanismBlocks(syntheticRows())).toEqual([]);
  });
});
