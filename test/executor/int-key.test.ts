/**
 * intKey (hash-key.ts) and IntKeyTable (int-key-table.ts), the hash join's fast path: two
 * tuples with int keys get the same key exactly when tupleKey calls them equal, a tuple
 * without one never equals a tuple with one, and the table numbers keys like a Map would —
 * as does KeyNumbering (key-numbering.ts), across its move from int keys to a Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { intKey, tupleKey } from '../../src/executor/hash-key.js';
import { IntKeyTable } from '../../src/executor/int-key-table.js';
import { KeyNumbering } from '../../src/executor/key-numbering.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: 0, max: 40_000 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 0.5, -0, Number.NaN, 2 ** 53, null, true, '1', ''),
  fc.bigInt({ min: -5n, max: 40_000n }),
);

describe('intKey', () => {
  for (const width of [1, 2, 3, 4, 5]) {
    it(`agrees with tupleKey on tuples of width ${width}`, () => {
      const tuple = fc.array(value, { minLength: width, maxLength: width });
      fc.assert(
        fc.property(tuple, tuple, (a, b) => {
          const ka = intKey(a, width);
          const kb = intKey(b, width);
          const equal = tupleKey(a) === tupleKey(b);
          if (ka !== undefined && kb !== undefined) expect(ka === kb).toBe(equal);
          else if (ka !== undefined || kb !== undefined) expect(equal).toBe(false);
          if (ka !== undefined) expect(ka | 0).toBe(ka);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('gives id pairs an int key and leaves strings and fractions without one', () => {
    expect(intKey([3, 4], 2)).toBeTypeOf('number');
    expect(intKey([-7], 1)).toBe(-7);
    expect(intKey([3, 'x'], 2)).toBeUndefined();
    expect(intKey([1.5], 1)).toBeUndefined();
    expect(intKey([40_000, 1], 2)).toBeUndefined();
  });
});

describe('IntKeyTable', () => {
  it('numbers distinct keys in first-seen order, as a Map would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 3000 }), fc.array(fc.integer(), { maxLength: 200 }), (keys, probes) => {
        const table = new IntKeyTable();
        const map = new Map<number, number>();
        for (const k of keys) {
          if (!map.has(k)) map.set(k, map.size);
          expect(table.add(k)).toBe(map.get(k));
        }
        expect(table.size).toBe(map.size);
        for (const k of [...keys, ...probes]) expect(table.get(k)).toBe(map.get(k) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers keys as a Map would whatever it was sized for, up to and past its fill limit (sequential ids, as tables of ids get)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 6000 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 7 }), (expected, n, start, step) => {
        const table = new IntKeyTable(expected);
        for (let i = 0; i < n; i++) expect(table.add(start + i * step)).toBe(i);
        for (let i = 0; i < n; i++) expect(table.add(start + i * step)).toBe(i);
        expect(table.size).toBe(n);
        for (let i = 0; i < n; i++) expect(table.get(start + i * step)).toBe(i);
        expect(table.get(start + n * step)).toBe(-1);
        expect(table.get(start - step)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('IntKeyTable memory (scratch.ts)', () => {
  it('a table made with the memory another gave back holds none of its keys, and a released table is empty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.uniqueArray(fc.integer({ min: -50_000, max: 50_000 }), { maxLength: 2000 }), fc.uniqueArray(fc.integer({ min: -50_000, max: 50_000 }), { maxLength: 2000 }), (expected, first, second) => {
        const a = new IntKeyTable(expected);
        for (const k of first) a.add(k);
        a.release();
        expect(a.size).toBe(0);
        for (const k of first.slice(0, 20)) expect(a.get(k)).toBe(-1);
        // Same size class: b reuses a's memory.
        const b = new IntKeyTable(expected);
        const map = new Map<number, number>();
        for (const k of second) {
          if (!map.has(k)) map.set(k, map.size);
          expect(b.add(k)).toBe(map.get(k));
        }
        for (const k of [...first, ...second]) expect(b.get(k)).toBe(map.get(k) ?? -1);
        b.release();
      }),
      { numRuns: 200 },
    );
  });
});

describe('KeyNumbering', () => {
  for (const width of [1, 2, 3]) {
    it(`numbers key tuples of width ${width} as a Map on tupleKey would, int-keyed or not`, () => {
      const tuple = fc.array(value, { minLength: width, maxLength: width });
      fc.assert(
        fc.property(fc.array(tuple, { maxLength: 300 }), fc.array(tuple, { maxLength: 50 }), (keys, probes) => {
          const numbering = new KeyNumbering(width);
          const map = new Map<string, number>();
          for (const k of keys) {
            const t = tupleKey(k, width);
            if (!map.has(t)) map.set(t, map.size);
            expect(numbering.add(k)).toBe(map.get(t));
          }
          expect(numbering.size).toBe(map.size);
          for (const k of [...keys, ...probes]) expect(numbering.get(k)).toBe(map.get(tupleKey(k, width)) ?? -1);
        }),
        { numRuns: 300 },
      );
    });
  }
});
