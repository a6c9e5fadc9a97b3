/**
 * stats.test.ts — the statistics storage keeps for the optimizer: exact counts per value for
 * columns with few distinct values (RDF's predicate column), dropped once a column has more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelationSketch } from '../../src/storage/stats.js';

describe('RelationSketch counts per value', () => {
  it('counts each value of a column with few distinct values exactly, through adds and removes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', 1, 2)), { maxLength: 200 }), (ops) => {
        const sketch = new RelationSketch(1);
        const model = new Map<string | number, number>();
        for (const [add, v] of ops) {
          if (!add && !model.get(v)) continue; // only rows that exist are removed
          if (add) sketch.add([v]);
          else sketch.remove([v]);
          model.set(v, (model.get(v) ?? 0) + (add ? 1 : -1));
        }
        const frequent = sketch.snapshot().columns[0].frequent;
        for (const [v, n] of model) expect(frequent?.get(v) ?? 0).toBe(n);
      }),
    );
  });

  it('stops counting once a column holds more than 256 distinct values', () => {
    const sketch = new RelationSketch(2);
    for (let i = 0; i < 256; i++) sketch.add([`v${i}`, 'p']);
    expect(sketch.snapshot().columns[0].frequent?.size).toBe(256);
    sketch.add(['v256', 'p']);
    expect(sketch.snapshot().columns[0].frequent).toBeUndefined();
    expect(sketch.snapshot().columns[1].frequent?.get('p')).toBe(257);
  });
});
