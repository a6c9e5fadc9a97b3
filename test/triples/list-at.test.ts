/**
 * list-at.test.ts — the aggregate sparql.list_at(i, v) a load gathers its terms' ids with
 * (dictionary.ts insertBatch): each value at its row's index, holes null, a later row at an
 * index replacing an earlier one, a bad index an error.
 */
import { describe, expect, it } from 'vitest';
import '../../src/algebra/functions/sparql.js';
import { lookupAggregate } from '../../src/algebra/functions/registry.js';
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
