/**
 * NumberTable (point-map.ts): a part's values by one number, in an array while the keys are
 * dense non-negative integers and in a Map otherwise. Random sets and deletes — mostly dense
 * keys, some past the array's end, negative, fractional, -0 and NaN — must read as a Map does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberTable } from '../../src/storage/point-map.js';

const key = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 80 }) },
  { weight: 1, arbitrary: fc.integer({ min: 81, max: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -0, 0.5, 3.25, NaN, 2 ** 40, Infinity) },
);
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ set: fc.constant(true), k: key, v: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ set: fc.constant(false), k: key, v: fc.constant(0) }) },
);

describe('NumberTable', () => {
  it('reads as a Map through random sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const table = new NumberTable();
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.set) {
            table.set(o.k, o.v);
            model.set(o.k, o.v);
          } else {
            table.delete(o.k);
            model.delete(o.k);
          }
          expect(table.get(o.k)).toBe(model.get(o.k));
        }
        for (const k of [-1, -0, 0, 1, 0.5, 3.25, NaN, 2 ** 40, Infinity, 79, 80, 81, 400, 401]) expect(table.get(k)).toBe(model.get(k));
        for (const [k, v] of model) expect(table.get(k)).toBe(v);
        expect(table.size).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps dense keys 0, 1, 2, … in its array, and answers absent keys beyond it', () => {
    const table = new NumberTable();
    for (let i = 0; i < 1000; i++) table.set(i, i * 2);
    table.delete(500);
    table.set(1010, 7);
    expect(table.get(999)).toBe(1998);
    expect(table.get(500)).toBeUndefined();
    expect(table.get(1005)).toBeUndefined();
    expect(table.get(1010)).toBe(7);
    expect(table.get(5000)).toBeUndefined();
    expect(table.size).toBe(1000);
    expect((table as unknown as { dense: unknown }).dense).not.toBeNull();
    table.set(-3, 1);
    expect((table as unknown as { dense: unknown }).dense).toBeNull();
    expect(table.get(-3)).toBe(1);
    expect(table.get(999)).toBe(1998);
  });
});
