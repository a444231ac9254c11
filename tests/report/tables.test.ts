import { describe, expect, it } from 'vitest';
import { keyNumbers } from '../../src/report/key-numbers.js';
import { BAND_COLOURS, BAND_LIMITS, bandOf, oracleDistance } from '../../src/report/oracle-distance.js';
import { SCENARIO_COLUMNS, scenarioTable } from '../../src/report/scenario-table.js';
import { fixed, signed } from '../../src/report/format.js';
import { REFERENCE_MEANS, syntheticRows } from './helpers.js';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe('colour bands', () => {
  it('puts each distance in the band its limits say, limits inclusive', () => {
    expect(BAND_LIMITS).toEqual([0.02, 0.05, 0.1, 0.2]);
    const cases: [number, number][] = [
      [0, 0],
      [0.02, 0],
      [0.0201, 1],
      [0.05, 1],
      [0.07, 2],
      [0.1, 2],
      [0.15, 3],
      [0.2, 3],
      [0.21, 4],
      [1, 4],
    ];
    for (const [distance, band] of cases) expect(bandOf(distance), String(distance)).toBe(band);
  });

  it('keeps black text readable (contrast at least 4.5:1) on every band', () => {
    for (const colour of BAND_COLOURS) expect((luminance(colour) + 0.05) / 0.05, colour).toBeGreaterThanOrEqual(4.5);
  });

  it('measures each coded metric against the oracle the way the legend says', () => {
    const mean = {
      ...REFERENCE_MEANS,
      forget_acc: 0.9,
      test_acc: 0.8,
      js_test: 0.03,
      tow: 0.8,
      agree_test: 0.75,
      mia_auc_confidence: 0.5,
    };
    expect(oracleDistance('forget_acc', mean)).toBeCloseTo(0.7, 12);
    expect(oracleDistance('test_acc', mean)).toBeCloseTo(0.05, 12);
    expect(oracleDistance('js_test', mean)).toBe(0.03);
    expect(oracleDistance('tow', mean)).toBeCloseTo(0.2, 12);
    expect(oracleDistance('agree_test', mean)).toBeCloseTo(0.25, 12);
    expect(oracleDistance('mia_auc_confidence', mean)).toBeCloseTo(0.05, 12);
    expect(oracleDistance('retain_acc', mean)).toBeUndefined();
    expect(oracleDistance('uqi', { uqi: 0.3 })).toBeUndefined();
  });
});

describe('scenario table', () => {
  it('puts the teacher and the oracle first, then each method by its label, with values, bands and distances', () => {
    const table = scenarioTable(syntheticRows());
    expect(table.columns.map((c) => c.header)).toEqual([
      'method',
      'forget acc',
      'retain acc',
      'test acc',
      'UQI',
      'ToW',
      'JS→oracle',
      'agree',
      'MIA AUC',
      'target',
      'epoch',
      'time (s)',
      'guarantee',
    ]);
    expect(table.rows.map((r) => r.cells[0].text)).toEqual(['Teacher', 'Oracle', 'Original', 'GA', 'Fine-tune']);
    expect(table.rows.map((r) => r.kind)).toEqual(['reference', 'reference', 'method', 'method', 'method']);
    const [teacher, oracle, original, ga, ft] = table.rows.map((r) => r.cells.map((c) => c.text));
    expect(teacher.slice(1, 5)).toEqual(['1.000', '0.950', '0.900', '0.000']);
    expect(oracle.slice(1, 4)).toEqual(['0.200', '0.930', '0.850']);
    expect(oracle[5]).toBe('1.000');
    expect(oracle[6]).toBe('0.0000');
    expect(oracle[8]).toBe('0.550');
    expect(oracle[11]).toBe('2.00');
    expect(original[1]).toBe('1.000');
    expect(ga[8]).toBe('0.560');
    expect(ft[11]).toBe('0.50');
    const forget = table.rows.slice(2).map((r) => r.cells[1]);
    // |1 − 0.2| = 0.8, |0.21 − 0.2| = 0.01, |0.6 − 0.2| = 0.4.
    expect(forget.map((c) => c.band)).toEqual([4, 0, 4]);
    expect(forget.map((c) => c.note)).toEqual(['Δ0.800', 'Δ0.010', 'Δ0.400']);
    // Test accuracy of Fine-tune: |0.7 − 0.85| = 0.15 → band 3.
    expect(table.rows[4].cells[3].band).toBe(3);
    // JS divergence is its own distance: coloured, no Δ repeating it. UQI and time are not coded.
    expect(table.rows[3].cells[6]).toMatchObject({ text: '0.0100', band: 0 });
    expect(table.rows[3].cells[6].note).toBeUndefined();
    for (const i of [4, 11]) expect(table.rows[3].cells[i].band).toBeUndefined();
    expect(table.caption).toBe('one seed');
    expect(table.rows.every((r) => r.cells.every((c) => c.spread === undefined))).toBe(true);
  });

  it('shows ± the 95 % t-interval only when several seeds ran', () => {
    const table = scenarioTable(syntheticRows(3));
    expect(table.caption).toBe('mean ± half-width of the 95 % t-interval over 3 seeds');
    expect(table.rows[2].cells[1]).toMatchObject({ text: '1.000', spread: '±0.020', note: 'Δ0.800' });
    expect(table.rows[1].cells[1].spread).toBe('±0.020');
  });

  it('shows how many seeds reached the forget target, stars low-confidence AUCs and marks censored means as lower bounds', () => {
    const [row] = syntheticRows(3)
      .slice(1, 2)
      .map((r) => ({
        ...r,
        n: { ...r.n, target_reached: 3, relearn_steps: 3 },
        mean: { ...r.mean, target_reached: 2 / 3, mia_low_confidence: 1 / 3, relearn_steps: 80 },
        censored: { relearn_steps: 1 },
      }));
    const table = scenarioTable(
      [row],
      [
        ...SCENARIO_COLUMNS.filter((c) => ['target_reached', 'mia_auc_confidence'].includes(c.key)),
        { key: 'relearn_steps', header: 'relearn', digits: 0 },
      ],
    );
    const cells = table.rows[2].cells;
    expect(cells[1].text).toBe('0.560*');
    expect(cells[1].title).toMatch(/fewer than 10 members or non-members/);
    expect(cells[2]).toMatchObject({ text: '2/3' });
    expect(cells[3].text).toBe('≥80');
    expect(table.caption).toMatch(/\* membership-inference AUC on fewer than 10 members or non-members/);
  });

  it('is empty (no reference rows) for a scenario where every method failed', () => {
    expect(scenarioTable([]).rows).toEqual([]);
  });
});

describe('key numbers', () => {
  it('names the teacher → oracle accuracies, the methods closest by Tug-of-War and the fastest matching method', () => {
    const lines = keyNumbers(syntheticRows());
    expect(lines[0]).toBe('Teacher → oracle accuracy: forget 1.000 → 0.200, retain 0.950 → 0.930, test 0.900 → 0.850.');
    expect(lines[1]).toBe('Closest to the oracle by Tug-of-War: GA 0.970, Fine-tune 0.500, Original 0.200.');
    expect(lines[2]).toBe('Membership-inference AUC of the oracle: 0.550; closest: GA 0.560.');
    expect(lines[3]).toBe(
      '1 of 3 methods are within 0.05 of the oracle on all three accuracies; the fastest is GA (0.05 s; retraining the oracle took 2.00 s).',
    );
  });
});

describe('number formatting', () => {
  it('never prints a negative zero and signs differences with a true minus', () => {
    expect(fixed(-0.0001)).toBe('0.000');
    expect(fixed(-0.25, 2)).toBe('-0.25');
    expect(fixed(undefined)).toBe('—');
    expect(signed(0.0333)).toBe('+0.033');
    expect(signed(-0.12)).toBe('−0.120');
    expect(signed(0.0001)).toBe('0.000');
  });
});
