/**
 * RecursiveRows (recursive-rows.ts), a Fixpoint relation: under set semantics it holds each
 * row once, whether added as a row or as codes, numbers rows in the order added, exposes the
 * rows of the last iteration as [from, to), and builds from codes a row equal to the one
 * added; under bag semantics it keeps every row as given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { tupleKey } from '../../src/executor/hash-key.js';
import { RecursiveRows } from '../../src/executor/recursive-rows.js';
import { ValueCodes } from '../../src/executor/value-codes.js';

const value = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom<Value>('a', null, 2 ** 40, -1, true));
const width = 3;
const iterations = fc.array(fc.array(fc.tuple(fc.array(value, { minLength: width, maxLength: width }), fc.boolean()), { maxLength: 30 }), { maxLength: 6 });

describe('RecursiveRows', () => {
  it('set semantics: each row once, iterations as [from, to), rows rebuilt equal', () => {
    fc.assert(
      fc.property(iterations, (batches) => {
        const dictionary = new ValueCodes();
        const rows = new RecursiveRows(width, dictionary);
        const held: string[] = [];
        const tuple = new Int32Array(width);
        for (const batch of batches) {
          const before = held.length;
          for (const [row, asCodes] of batch) {
            const k = tupleKey(row);
            const fresh = !held.includes(k);
            if (fresh) held.push(k);
            if (asCodes) {
              row.forEach((v, i) => (tuple[i] = dictionary.code(v)));
              expect(rows.addCodes(tuple)).toBe(fresh);
            } else expect(rows.addRow(row)).toBe(fresh);
          }
          // Rows added during an iteration are not visible until it ends.
          expect(rows.to).toBe(before);
          rows.advance();
          expect([rows.from, rows.to]).toEqual([before, held.length]);
        }
        const read = (i: number) => tupleKey(rows.row(i));
        expect(Array.from({ length: rows.to }, (_, i) => read(i))).toEqual(held);
        rows.keepBuilt = false;
        expect(Array.from({ length: rows.to }, (_, i) => read(i))).toEqual(held);
      }),
      { numRuns: 200 },
    );
  });

  it('bag semantics: every row kept, as given', () => {
    const rows = new RecursiveRows(2, null);
    const given: Row[] = [[1, 2], [1, 2], ['x', null]];
    for (const r of given) expect(rows.addRow(r)).toBe(true);
    rows.advance();
    expect([rows.from, rows.to]).toEqual([0, 3]);
    given.forEach((r, i) => expect(rows.row(i)).toBe(r));
  });
});
