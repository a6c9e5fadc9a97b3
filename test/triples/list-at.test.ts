/**
 * list-at.test.ts — the aggregate sparql.list_at(i, v) a load gathers its terms' ids with
 * (dictionary.ts insertBatch): each value at its row's index, holes null, a later row at an
 * index replacing an earlier one, a bad index an error.
 */
import { describe, expect, it } from 'vitest';
import '../../src/algebra/functions/sparql.js';
import { lookupAggregate, lookupFunction } from '../../src/algebra/functions/registry.js';
import type { Value } from '../../src/common/values.js';

function fold(rows: [Value, Value][]): Value {
  const def = lookupAggregate('sparql.list_at');
  let state = def.init();
  for (const r of rows) state = def.step(state, r);
  return def.final(state);
}

describe('sparql.list_at', () => {
  it('places each value at its index, in any order, holes null', () => {
    expect(fold([])).toEqual([]);
    expect(fold([[3, 30], [1, 10], [2, 20]])).toEqual([null, 10, 20, 30]);
    expect(fold([[0, 'a'], [2, 'c'], [0, 'z']])).toEqual(['z', null, 'c']);
  });

  it('rejects an index that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, null, '1', 2 ** 31]) expect(() => fold([[bad, 1]])).toThrow(/list_at: bad index/);
  });
});

describe('sparql.list_item', () => {
  // A load reads a quad's places by the 1-based ordinality of its subject's place: offset -1.
  const list: Value[] = [10, 20, 30];
  const inline = lookupFunction('sparql.list_item').inline!([])!;
  const inlined = (...args: Value[]): Value => new Function(...args.map((_, i) => `a${i}`), `return ${inline(...args.map((_, i) => `a${i}`))};`)(...args);
  const evaluate = (...args: Value[]): Value => (lookupFunction('sparql.list_item').eval as (...a: Value[]) => Value)(...args);

  it('reads position i, or i + offset, as evaluated and as inlined; null past the end or for a non-list', () => {
    for (const f of [evaluate, inlined]) {
      expect(f(list, 0)).toBe(10);
      expect(f(list, 2)).toBe(30);
      expect(f(list, 1, -1)).toBe(10);
      expect(f(list, 3, -1)).toBe(30);
      expect(f(list, 4, -1)).toBe(null);
      expect(f(list, 3)).toBe(null);
      expect(f('x', 0)).toBe(null);
      expect(f(list, null)).toBe(null);
    }
  });
});
