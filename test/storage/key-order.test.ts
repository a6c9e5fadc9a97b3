/**
 * keyOrder (key-order.ts) against the order it stands in for: the rows sorted stably by the
 * encoded keys of the chosen columns. For any rows and any column tuple (repeats allowed), it
 * returns that order when every value of those columns is an integer in [0, 2^32), and null
 * otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { keyString } from '../../src/storage/btree.js';
import { encodeKey } from '../../src/storage/keys.js';
import { keyOrder } from '../../src/storage/key-order.js';

/** Integers over every digit of the radix sort, and now and then a value it must refuse. */
const intArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.integer({ min: 0, max: 2 ** 12 }),
  fc.integer({ min: 2 ** 21, max: 2 ** 23 }),
  fc.constantFrom(0, -0, 2 ** 32 - 1, 2 ** 22 - 1, 2 ** 22, 2 ** 11),
);
const otherArb: fc.Arbitrary<Value> = fc.constantFrom(-1, 1.5, 2 ** 32, 'a', null, NaN, true);
const rowArb = (odd: boolean): fc.Arbitrary<Row> => fc.array(odd ? fc.oneof({ arbitrary: intArb, weight: 20 }, { arbitrary: otherArb, weight: 1 }) : intArb, { minLength: 3, maxLength: 3 });

function qualifies(v: Value): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 32;
}

describe('keyOrder', () => {
  it('orders rows as their encoded keys sort, stably, or refuses a value it cannot (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((odd) => fc.array(rowArb(odd), { maxLength: 80 })),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
        (rows, columns) => {
          const got = keyOrder(rows, columns);
          if (!rows.every((r) => columns.every((c) => qualifies(r[c])))) {
            expect(got).toBeNull();
            return;
          }
          const keys = rows.map((r) => keyString(encodeKey(columns.map((c) => r[c]))));
          // Array.prototype.sort is stable: equal keys keep the rows' order.
          const want = rows.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
          expect(got).not.toBeNull();
          expect([...got!]).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shares one order among tuples that differ only in columns holding 0 alone, each still the sorted order (property)', () => {
    // Column 3 is all zeros (a load's default graph) or not; the maps live across the tuples, as
    // a bulk insert's do across its indexes.
    const rowsArb = fc.boolean().chain((zero) => fc.array(fc.tuple(intArb, intArb, intArb, zero ? fc.constant(0) : intArb), { maxLength: 80 }));
    const tupleArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rowsArb, fc.array(tupleArb, { minLength: 1, maxLength: 6 }), (rows, tuples) => {
        const read = new Map();
        const orders = new Map<string, Uint32Array>();
        for (const columns of tuples) {
          const got = keyOrder(rows, columns, read, orders);
          const keys = rows.map((r) => keyString(encodeKey(columns.map((c) => r[c]))));
          const want = rows.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
          expect([...got!]).toEqual(want);
        }
        // Tuples differing only in the zero column were ordered once.
        if (rows.length > 0 && rows.every((r) => r[3] === 0)) expect(keyOrder(rows, [0, 3, 1], read, orders)).toBe(keyOrder(rows, [0, 1], read, orders));
      }),
      { numRuns: 300 },
    );
  });
});
