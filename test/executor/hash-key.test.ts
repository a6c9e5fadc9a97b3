import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Value } from '../../src/common/values.js';
import { hashKey, tupleKey } from '../../src/executor/hash-key.js';
import { compareValues } from '../../src/storage/compare.js';

const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.double({ noDefaultInfinity: false }),
    fc.constantFrom('', 'a', '\u0000', '\u0000s', 'l1:', 'n1;', '1', 's1:a'),
    fc.string({ maxLength: 3 }),
    fc.uint8Array({ maxLength: 3 }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), tie('v')), { maxLength: 3 }).map((es) => new Map(es)),
  ),
})).v;

describe('hash keys', () => {
  it('primitives map to themselves where safe', () => {
    expect(hashKey(1)).toBe(1);
    expect(hashKey('abc')).toBe('abc');
    expect(hashKey(true)).toBe(true);
    expect(hashKey(null)).toBe(null);
    expect(hashKey(5n)).toBe(5);
    expect(hashKey(2n ** 60n)).toBe(2n ** 60n);
  });

  it('equal keys exactly for values equal in the store order (same type class)', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = compareValues(a, b) === 0;
        expect(hashKey(a) === hashKey(b) || (Number.isNaN(hashKey(a)) && Number.isNaN(hashKey(b)))).toBe(same);
        expect(tupleKey([a, b]) === tupleKey([b, a])).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('tuples never collide across component boundaries', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3 }), fc.array(value, { maxLength: 3 }), (a, b) => {
        const equal = a.length === b.length && a.every((x, i) => compareValues(x, b[i]) === 0);
        expect(tupleKey(a) === tupleKey(b)).toBe(equal);
      }),
      { numRuns: 2000 },
    );
  });

  it('a string never equals a structured value or a differently typed one', () => {
    expect(hashKey('\u0000s')).not.toBe(hashKey(['s']));
    expect(new Set([hashKey('1'), hashKey(1), hashKey(true), hashKey([1]), hashKey(new Map([['1', 1]]))]).size).toBe(5);
    expect(new Set([hashKey(-0), hashKey(0)]).size).toBe(1);
    expect(hashKey(new Map([['a', 1], ['b', 2]]))).toBe(hashKey(new Map([['b', 2], ['a', 1]])));
  });
});
