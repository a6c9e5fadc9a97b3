/**
 * Reals written as text (CAST AS TEXT, ||, quote) as recent SQLite (sql.js's 3.54) writes them:
 * 15 significant digits, 17 when 15 do not read back, and fixed notation from 1e-4 up to below
 * 1e17 (1e16 is 10000000000000000.0, 1e-5 is 1.0e-05); an integral value of a REAL column is
 * still a real (8.0). Generated reals with up to 11 significant digits, over exponents either
 * side of both edges, checked against sql.js. (Beyond 15 digits SQLite's own decimal
 * conversion sometimes differs from the exact one in the 17th digit; this engine writes the
 * exact digits.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEngines, mismatches, openEngines, Random, valuesTable, type Engines } from './functions-harness.js';

let e: Engines;
beforeAll(async () => {
  const r = new Random(19);
  const rows: unknown[][] = [];
  for (let exp = -7; exp <= 20; exp++) {
    for (let i = 0; i < 4; i++) {
      // Decimal text both engines parse to the same double (SQLite's parsing is not always exact past 15 digits).
      const fraction = Array.from({ length: r.int(0, 10) }, () => r.int(0, 9)).join('');
      rows.push([`${r.chance(0.3) ? '-' : ''}${r.int(1, 9)}${fraction ? `.${fraction}` : ''}e${exp}`]);
    }
  }
  rows.push(...['0.30000000000000004', '0.6666666666666666', '1e16', '1e17', '1e-4', '1e-5', '123456789012345.6'].map((x) => [x]));
  e = await openEngines(valuesTable('t', ['a REAL'], rows));
});
afterAll(async () => closeEngines(e));

describe('reals as text', () => {
  it('agree with SQLite', async () => {
    const exprs = ['CAST(a AS TEXT)', "a || ''", "'<' || a || '>'", 'CAST(-a AS TEXT)', 'quote(a)'];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
});
