/**
 * RowSet (the Fixpoint's dedupe) against a Set of tuple keys: `add` reports a row as new
 * exactly when no equal row was added before, whichever representation the set is in —
 * a bitmap over value codes while they are few, a hash table after it outgrows that — and
 * across the switch between the two.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { tupleKey } from '../../src/executor/hash-key.js';
import { RowSet } from '../../src/executor/row-set.js';
import { ValueCodes } from '../../src/executor/value-codes.js';

const small = fc.integer({ min: 0, max: 40 });
const mixed = fc.oneof(
  small,
  fc.integer({ min: 0, max: 5_000_000 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom<Value>(0.5, -0, 2 ** 31, 2 ** 53, Number.NaN, null, true, false, '1', '', 'a', '\u0000x', 7n),
);

function agreesWithKeys(width: number, rows: Value[][]): void {
  const set = new RowSet(width);
  const keys = new Set<string>();
  for (const row of rows) {
    const k = tupleKey(row, width);
    const fresh = !keys.has(k);
    keys.add(k);
    expect(set.add(row)).toBe(fresh);
  }
  expect(set.size).toBe(keys.size);
}

describe('RowSet', () => {
  for (const width of [0, 1, 2, 3, 5, 9]) {
    it(`width ${width}: add is true exactly for rows not added before (mixed values)`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(mixed, { minLength: width, maxLength: width }), { maxLength: 200 }), (rows) => agreesWithKeys(width, rows)),
        { numRuns: 150 },
      );
    });
  }

  it('pairs of small integers, many rows: repeated rows are found after the bitmap widens', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { maxLength: 2000 }), (rows) => {
        agreesWithKeys(2, [...rows, ...rows]);
      }),
      { numRuns: 50 },
    );
  });

  it('a set that outgrows the bitmap moves to the hash table and keeps every row', () => {
    const set = new RowSet(3);
    const rows: Value[][] = [];
    for (let i = 0; i < 20_000; i++) rows.push([i % 97, (i * 7) % 1009, i]);
    for (const r of rows) expect(set.add(r)).toBe(true);
    for (const r of rows) expect(set.add([...r])).toBe(false);
    expect(set.size).toBe(rows.length);
  });
});

describe('RowSet over codes', () => {
  it('addPair agrees with add, and sets sharing a dictionary agree on codes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(mixed, mixed), { maxLength: 400 }), (rows) => {
        const dictionary = new ValueCodes();
        const byRow = new RowSet(2, dictionary);
        const byPair = new RowSet(2, dictionary);
        for (const [a, b] of [...rows, ...rows]) {
          const fresh = byRow.add([a, b]);
          expect(byPair.addPair(dictionary.code(a), dictionary.code(b))).toBe(fresh);
        }
        expect(byPair.size).toBe(byRow.size);
      }),
      { numRuns: 150 },
    );
  });

  it('a dictionary that coded many values first: the bitmap widens to all its codes at once and keeps every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), fc.array(fc.tuple(small, fc.integer({ min: 0, max: 70_000 })), { maxLength: 300 }), (coded, rows) => {
        const dictionary = new ValueCodes();
        for (let v = 0; v < coded; v++) dictionary.code(v * 3);
        const set = new RowSet(2, dictionary);
        const keys = new Set<string>();
        for (const [a, b] of [...rows, ...rows]) {
          const k = `${a},${b}`;
          expect(set.addPair(dictionary.code(a), dictionary.code(b))).toBe(!keys.has(k));
          keys.add(k);
        }
        expect(set.size).toBe(keys.size);
      }),
      { numRuns: 60 },
    );
  });

  it('few rows over many codes stay in the hash table; once dense enough they move to the bitmap and keep every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 1500 }), fc.integer({ min: 0, max: 2 ** 30 }), (side, seed) => {
        const set = new RowSet(2);
        const codes = set.codes;
        for (let i = 0; i < side; i++) codes.code(i);
        const seen = new Set<number>();
        let wrong = 0;
        const add = (a: number, b: number) => {
          if (set.addPair(a, b) !== !seen.has(a * side + b)) wrong++;
          seen.add(a * side + b);
        };
        let x = seed;
        const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % side;
        // A few hundred pairs over `side` codes: a bitmap would take side² bits (over 2^16), far more than 64 per row.
        for (let i = 0; i < 300; i++) add(next(), next());
        expect(set.representation).toBe('hash');
        // Dense: every pair of the first 300 codes, 90,000 rows: past side² / 64 (at most 2^22 / 64 = 65,536 for side ≤ 2048).
        for (let a = 0; a < 300; a++) for (let b = 0; b < 300; b++) add(a, b);
        expect(set.representation).toBe('bits');
        for (const k of seen) if (set.addPair(Math.floor(k / side), k % side)) wrong++;
        expect(wrong).toBe(0);
        expect(set.size).toBe(seen.size);
      }),
      { numRuns: 5 },
    );
  });

  it('addPair keeps every pair while the bitmap widens and after it moves to the hash table', () => {
    const set = new RowSet(2);
    const codes = set.codes;
    for (let i = 0; i < 3000; i++) codes.code(i);
    const pairs: [number, number][] = [];
    for (let i = 0; i < 60_000; i++) pairs.push([(i * 7919) % 3000, i % 5 === 0 ? (i % 3000) : (i * 31) % 2999]);
    const seen = new Set(pairs.map(([a, b]) => a * 3000 + b));
    let added = 0;
    for (const [a, b] of pairs) if (set.addPair(a, b)) added++;
    expect(added).toBe(seen.size);
    for (const [a, b] of pairs) expect(set.addPair(a, b)).toBe(false);
  });
});
