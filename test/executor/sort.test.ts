import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Row, Value } from '../../src/common/values.js';
import { PolyglotError } from '../../src/common/errors.js';
import { openPlan } from '../../src/executor/execute.js';
import { TestTransaction } from './test-store.js';
import { Cols, col, key, limit, lit, param, run, sort, tableScan, topK, values } from './helpers.js';

describe('sort', () => {
  it('is stable', () => {
    const [k, v] = new Cols().make('k', 'v');
    const rows = Array.from({ length: 3000 }, (_, i) => [i % 3, i]);
    const out = run(sort(values([k, v], rows), [key(col(k))]));
    expect(out.map((r) => r[0])).toEqual([...Array(1000).fill(0), ...Array(1000).fill(1), ...Array(1000).fill(2)]);
    for (let i = 1; i < out.length; i++) if (out[i][0] === out[i - 1][0]) expect(out[i][1] as number).toBeGreaterThan(out[i - 1][1] as number);
  });

  it('orders NULLs first or last whatever the direction', () => {
    const [x] = new Cols().make('x');
    const input = values([x], [[2], [null], [1], [3], [null]]);
    const xs = (desc: boolean, nullsFirst: boolean) => run(sort(input, [key(col(x), { desc, nullsFirst })])).map((r) => r[0]);
    expect(xs(false, false)).toEqual([1, 2, 3, null, null]);
    expect(xs(false, true)).toEqual([null, null, 1, 2, 3]);
    expect(xs(true, false)).toEqual([3, 2, 1, null, null]);
    expect(xs(true, true)).toEqual([null, null, 3, 2, 1]);
  });

  it('uses the SQL ordering on mixed types and several keys', () => {
    const [a, b] = new Cols().make('a', 'b');
    const input = values([a, b], [['b', 1], [2, 1], ['a', 2], [1.5, 2], ['a', 1]]);
    expect(run(sort(input, [key(col(a))])).map((r) => r[0])).toEqual([1.5, 2, 'a', 'a', 'b']);
    expect(run(sort(input, [key(col(b), { desc: true }), key(col(a))]))).toEqual([
      [1.5, 2],
      ['a', 2],
      [2, 1],
      ['a', 1],
      ['b', 1],
    ]);
  });
});

describe('top-k equals sort + limit', () => {
  const cell = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom(-1.5, 0.5, 'a', 'b'));
  it('on random data, keys, offsets and counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell), { maxLength: 60 }),
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 1 }), desc: fc.boolean(), nullsFirst: fc.boolean() }), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 10 }),
        (rows, keySpecs, count, offset) => {
          const cs = new Cols();
          const [a, b] = cs.make('a', 'b');
          const withId = rows.map((r, i) => [...r, i]);
          const id = cs.one('id');
          const input = values([a, b, id], withId);
          const keys = keySpecs.map((k) => key(col(k.c === 0 ? a : b), k));
          const expected = run(limit(sort(input, keys), lit(count), lit(offset)));
          const actual = run(topK(input, keys, lit(count), lit(offset)));
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a row tying the heap top on a numeric first key is decided by the next key, in both directions', () => {
    const [a, b] = new Cols().make('a', 'b');
    const input = values([a, b], [[5, 1], [7, 3], [5, 0], [7, 2], [6, 9]]);
    expect(run(topK(input, [key(col(a), { desc: true }), key(col(b))], lit(1)))).toEqual([[7, 2]]);
    expect(run(topK(input, [key(col(a)), key(col(b))], lit(1)))).toEqual([[5, 0]]);
    expect(run(topK(input, [key(col(a)), key(col(b), { desc: true })], lit(2)))).toEqual([[5, 1], [5, 0]]);
  });

  it('count and offset come from parameters, evaluated once; NULL count means all', () => {
    const [x] = new Cols().make('x');
    const input = values([x], [[5], [1], [4], [2], [3]]);
    expect(run(topK(input, [key(col(x))], param(1), param(2)), { params: [2, 1] })).toEqual([[2], [3]]);
    expect(run(topK(input, [key(col(x))], lit(null), lit(3)))).toEqual([[4], [5]]);
    expect(run(topK(input, [key(col(x))], lit(0)))).toEqual([]);
  });

  it('a non-integer count is a RuntimeError naming the operator and the value', () => {
    const [x] = new Cols().make('x');
    const input = values([x], [[1]]);
    expect(() => run(topK(input, [key(col(x))], lit('ten')))).toThrow(/top-k: count must be an integer, got "ten"/);
    expect(() => run(limit(input, lit(1.5)))).toThrow(/limit: count must be an integer, got 1.5/);
    try {
      run(limit(input, lit(1), lit('x')));
    } catch (e) {
      expect((e as PolyglotError).code).toBe('RUNTIME_ERROR');
    }
  });
});

describe('limit', () => {
  it('skips offset then keeps count, across batches', () => {
    const tx = new TestTransaction();
    tx.batchSize = 4;
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 20 }, (_, i) => [i]));
    const [x] = new Cols().make('x');
    expect(run(limit(tableScan(rel, [x]), lit(5), lit(6)), {}, tx).map((r) => r[0])).toEqual([6, 7, 8, 9, 10]);
    expect(run(limit(tableScan(rel, [x]), null, lit(17)), {}, tx).map((r) => r[0])).toEqual([17, 18, 19]);
    expect(run(limit(tableScan(rel, [x]), lit(-1)), {}, tx)).toHaveLength(20);
  });

  it('stops pulling and closes its input once count is reached', () => {
    const tx = new TestTransaction();
    tx.batchSize = 10;
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 1000 }, (_, i) => [i]));
    const [x] = new Cols().make('x');
    const stream = openPlan(limit(tableScan(rel, [x]), lit(15)), tx);
    const rows: Row[] = [];
    for (let b = stream.next(); b; b = stream.next()) rows.push(...b);
    expect(rows).toHaveLength(15);
    expect(tx.stats.batchesRead).toBe(2);
    expect(tx.stats.cursorsClosed).toBe(1);
    stream.close();
    expect(tx.stats.cursorsClosed).toBe(1);
  });

  it('count 0 reads nothing', () => {
    const tx = new TestTransaction();
    const rel = tx.define('t', ['x'], [0], [[1]]);
    const [x] = new Cols().make('x');
    expect(run(limit(tableScan(rel, [x]), lit(0)), {}, tx)).toEqual([]);
    expect(tx.stats.batchesRead).toBe(0);
  });
});

export type { Value };
