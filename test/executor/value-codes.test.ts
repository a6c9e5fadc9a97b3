/**
 * ValueCodes (value-codes.ts), the Fixpoint's dictionary: two values get the same code
 * exactly when tupleKey calls them equal (the executor's hashing equality), whichever path
 * codes them (the direct-mapped array for small integers, the integer table for other
 * integers and for values hashing as integers such as 7n, or the table before the array grew
 * to reach the integer, the map for the rest); `value` gives back an equal value; `find`
 * never numbers a value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { tupleKey } from '../../src/executor/hash-key.js';
import { ValueCodes } from '../../src/executor/value-codes.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 0, max: 5_000_000 }),
  fc.integer({ min: -3, max: 3 }),
  fc.integer({ min: -5_000_000, max: 0 }),
  fc.constantFrom<Value>(0.5, -0, 2 ** 31, 2 ** 53, Number.NaN, null, true, false, '1', '', 'a', '\u0000x', 7n, 5_000_000n),
);

describe('ValueCodes', () => {
  it('codes values equal under tupleKey alike, others apart, densely from 0; value and find agree', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 400 }), fc.array(value, { maxLength: 40 }), (values, probes) => {
        const codes = new ValueCodes();
        const byKey = new Map<string, number>();
        for (const v of values) {
          const k = tupleKey([v]);
          if (!byKey.has(k)) byKey.set(k, byKey.size);
          const c = codes.code(v);
          expect(c).toBe(byKey.get(k));
          expect(tupleKey([codes.value(c)])).toBe(k);
        }
        expect(codes.size).toBe(byKey.size);
        for (const v of probes) expect(codes.find(v)).toBe(byKey.get(tupleKey([v])) ?? -1);
        expect(codes.size).toBe(byKey.size);
        expect(codes.nullCode).toBe(byKey.get(tupleKey([null])) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('an integer coded through the table before the direct array reaches it keeps its code', () => {
    const codes = new ValueCodes();
    const big = codes.code(100_000);
    for (let i = 0; i < 20_000; i++) codes.code(i);
    expect(codes.code(100_000)).toBe(big);
    expect(codes.find(100_000)).toBe(big);
  });
});
