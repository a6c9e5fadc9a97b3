/**
 * TRUE and FALSE as SQLite reads them: literals for 1 and 0, except after IS and IS NOT, where
 * `x IS TRUE` tests x's truth (2 IS TRUE, 0.5 IS TRUE, 'a' IS FALSE) and never answers NULL.
 * Checked against sql.js over values of every type (a blob counts as the number its text spells).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEngines, mismatches, openEngines, valuesTable, type Engines } from './functions-harness.js';

let e: Engines;
beforeAll(async () => {
  const values = [[0], [1], [2], [-1], [0.5], [0.0], ['a'], ['1'], ['0.0'], [''], [null], [new Uint8Array([0x31])], [9007199254740993n]];
  e = await openEngines(valuesTable('t', ['a'], values));
});
afterAll(async () => closeEngines(e));

describe('TRUE and FALSE', () => {
  it('test truth after IS and IS NOT, and compare as 1 and 0 elsewhere', async () => {
    const exprs = [
      'a IS TRUE', 'a IS FALSE', 'a IS NOT TRUE', 'a IS NOT FALSE', 'NOT a IS TRUE', '(a > 0) IS TRUE', '(a IS TRUE) + 0',
      'a = TRUE', 'a = FALSE', 'a IS 1', 'a <> TRUE', 'a + TRUE', 'typeof(TRUE)', 'CASE WHEN a IS TRUE THEN 1 ELSE 0 END',
      // A blob is true or false by the number its bytes spell as text, as in arithmetic.
      'a * 2', "printf('%d', a)", 'NOT a',
    ];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });

  it('filter by truth', async () => {
    const ids = async (w: string) => (await e.ours.sql(`SELECT id FROM t WHERE ${w} ORDER BY id`)).rows.map((r) => Number(r[0]));
    const sqliteIds = (w: string) => (e.sqlite.exec(`SELECT id FROM t WHERE ${w} ORDER BY id`)[0]?.values ?? []).map((r) => Number(r[0]));
    for (const w of ['a IS TRUE', 'a IS NOT TRUE', 'a IS FALSE', 'a IS NOT FALSE']) expect(await ids(w), w).toEqual(sqliteIds(w));
  });
});
