/**
 * rowKeyFn packs rows of small non-negative integers into one number and encodes every other
 * row as a string: two rows get the same key exactly when they are equal, whichever path each
 * takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowKeyFn } from '../../src/executor/hash-key.js';

const value = fc.oneof(
  fc.integer({ min: 0, max: 70_000 }),
  fc.integer({ min: 2 ** 25, max: 2 ** 27 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, 2 ** 53, Number.NaN, null, true, '1', ''),
);

describe('rowKeyFn', () => {
  for (const width of [2, 3, 4, 5]) {
    it(`keys of width ${width} are equal exactly when the rows are`, () => {
      const key = rowKeyFn(width);
      const row = fc.array(value, { minLength: width, maxLength: width });
      fc.assert(
        fc.property(row, row, (a, b) => {
          const same = a.every((x, i) => Object.is(x, b[i]) || (x === 0 && b[i] === 0));
          expect(Object.is(key(a), key(b)) || key(a) === key(b)).toBe(same);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('packs pairs of small integers into numbers', () => {
    expect(typeof rowKeyFn(2)([3, 4])).toBe('number');
    expect(typeof rowKeyFn(2)([3, 'x'])).toBe('string');
  });
});
