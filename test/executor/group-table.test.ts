/**
 * GroupTable (executor/group-table.ts) finds a hash aggregate's groups: keys with an int form
 * through an IntKeyTable, the others through a Map. Whatever the mix of values — ints, -0,
 * doubles, bigints inside and outside int32, NaN, strings, NULL, tuples of them — it must group
 * exactly as a Map on hash keys (hash-key.ts) does, keep groups in the order first seen, and
 * make each group once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { GroupTable } from '../../src/executor/group-table.js';
import { hashKey, tupleKey } from '../../src/executor/hash-key.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0.5, NaN, 2 ** 31, -(2 ** 31), 2 ** 40, 2 ** 31 - 1),
  fc.constantFrom(1n, -2n, 2n ** 31n, 2n ** 40n, 2n ** 70n),
  fc.constantFrom('a', '1', '', null, true),
);

/** expected groups rows by a Map on their hash keys: each group the rows of one key, in first-seen order. */
function expected(rows: readonly Row[], width: number): number[][] {
  const groups = new Map<unknown, number[]>();
  rows.forEach((r, i) => {
    const k = width === 1 ? hashKey(r[0]) : tupleKey(r, width);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.values()];
}

describe('GroupTable', () => {
  for (const width of [1, 2, 3, 5]) {
    it(`groups rows of ${width} value(s) as a Map on hash keys does`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 60 }), fc.nat(100), (rows, expect_) => {
          let made = 0;
          const table = new GroupTable<number[]>(expect_, () => (made++, []));
          rows.forEach((r, i) => (width === 1 ? table.one(r[0], r) : table.tuple(r, width, r)).push(i));
          expect(table.all).toEqual(expected(rows, width));
          expect(made).toBe(table.all.length);
        }),
        { numRuns: 300 },
      );
    });
  }
});
