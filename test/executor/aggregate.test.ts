import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { Cols, agg, col, gt, hashAggregate, lit, run, values } from './helpers.js';

function data() {
  const cs = new Cols();
  const [g, x] = cs.make('g', 'x');
  const input = values(
    [g, x],
    [
      ['a', 1],
      ['b', 2],
      ['a', 1],
      [null, 5],
      ['a', null],
      ['b', 3],
      [null, 7],
    ],
  );
  return { cs, g, x, input };
}

describe('hash-aggregate', () => {
  it('groups in order of first appearance, NULLs forming one group', () => {
    const { cs, g, x, input } = data();
    const [n, s, c, mn, mx] = cs.make('n', 's', 'c', 'mn', 'mx');
    const rows = run(
      hashAggregate(input, [g], [
        agg(n, 'sql.count_star', []),
        agg(s, 'sql.sum', [col(x)]),
        agg(c, 'sql.count', [col(x)]),
        agg(mn, 'sql.min', [col(x)]),
        agg(mx, 'sql.max', [col(x)]),
      ]),
    );
    expect(rows).toEqual([
      ['a', 3, 2, 2, 1, 1],
      ['b', 2, 5, 2, 2, 3],
      [null, 2, 12, 2, 5, 7],
    ]);
  });

  it('DISTINCT folds each argument value once per group', () => {
    const { cs, g, x, input } = data();
    const [c, s] = cs.make('c', 's');
    const rows = run(hashAggregate(input, [g], [agg(c, 'sql.count', [col(x)], { distinct: true }), agg(s, 'sql.sum', [col(x)], { distinct: true })]));
    expect(rows).toEqual([
      ['a', 1, 1],
      ['b', 2, 5],
      [null, 2, 12],
    ]);
  });

  it('FILTER keeps rows whose predicate is exactly true', () => {
    const { cs, g, x, input } = data();
    const [c, s] = cs.make('c', 's');
    const rows = run(hashAggregate(input, [g], [agg(c, 'sql.count_star', [], { filter: gt(col(x), lit(1)) }), agg(s, 'sql.sum', [col(x)], { filter: gt(col(x), lit(2)) })]));
    // NULL x: the filter is unknown, the row does not count even for count(*)
    expect(rows).toEqual([
      ['a', 0, null],
      ['b', 2, 3],
      [null, 2, 12],
    ]);
  });

  it('no groupBy: exactly one row, even on empty input', () => {
    const cs = new Cols();
    const [x] = cs.make('x');
    const [n, s, c, a] = cs.make('n', 's', 'c', 'a');
    const aggs = [agg(n, 'sql.count_star', []), agg(s, 'sql.sum', [col(x)]), agg(c, 'sql.count', [col(x)], { distinct: true }), agg(a, 'sql.avg', [col(x)])];
    expect(run(hashAggregate(values([x], []), [], aggs))).toEqual([[0, null, 0, null]]);
    expect(run(hashAggregate(values([x], [[1], [3], [3], [null]]), [], aggs))).toEqual([[4, 7, 2, 7 / 3]]);
    expect(run(hashAggregate(values([x], [[1]]), [], []))).toEqual([[]]);
  });

  it('with groupBy, empty input gives no rows', () => {
    const { cs, g, x } = data();
    const [n] = cs.make('n');
    expect(run(hashAggregate(values([g, x], []), [g], [agg(n, 'sql.count_star', [])]))).toEqual([]);
  });

  it('groups by several columns, including list and NULL values', () => {
    const cs = new Cols();
    const [a, b] = cs.make('a', 'b');
    const [n] = cs.make('n');
    const rows: Value[][] = [
      [1, 'x'],
      [1, 'x'],
      [1, null],
      [null, null],
      [[1, 2], 'x'],
      [[1, 2], 'x'],
      ['1', 'x'],
    ];
    expect(run(hashAggregate(values([a, b], rows), [a, b], [agg(n, 'sql.count_star', [])]))).toEqual([
      [1, 'x', 2],
      [1, null, 1],
      [null, null, 1],
      [[1, 2], 'x', 2],
      ['1', 'x', 1],
    ]);
    expect(run(hashAggregate(values([a, b], rows), [b], [agg(n, 'sql.count_star', [])]))).toEqual([
      ['x', 5],
      [null, 2],
    ]);
  });

  it('group_concat with DISTINCT over two arguments', () => {
    const cs = new Cols();
    const [x] = cs.make('x');
    const [s] = cs.make('s');
    const rows = run(hashAggregate(values([x], [['a'], ['b'], ['a'], [null]]), [], [agg(s, 'sql.group_concat', [col(x), lit('|')], { distinct: true })]));
    expect(rows).toEqual([['a|b']]);
  });

  it('keeps each of thousands of groups apart: its own row and its own states (groups are copies of one blank row)', () => {
    // Seeded: integer keys and text keys, with sum, avg (an object state) and group_concat beside count.
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const cs = new Cols();
    const [k, x] = cs.make('k', 'x');
    const [n, s, a, c] = cs.make('n', 's', 'a', 'c');
    const data: Value[][] = Array.from({ length: 6000 }, (_, i) => [i % 3 === 0 ? `t${next(500)}` : next(2500), next(100)]);
    const rows = run(
      hashAggregate(values([k, x], data), [k], [agg(n, 'sql.count_star', []), agg(s, 'sql.sum', [col(x)]), agg(a, 'sql.avg', [col(x)]), agg(c, 'sql.group_concat', [col(x), lit(',')])]),
    );
    const expected = new Map<Value, number[]>();
    for (const [key, v] of data) {
      const xs = expected.get(key) ?? [];
      xs.push(v as number);
      expected.set(key, xs);
    }
    expect(rows.map((r) => r[0])).toEqual([...expected.keys()]);
    expect(new Set(rows).size).toBe(rows.length);
    for (const r of rows) {
      const xs = expected.get(r[0]) as number[];
      const sum = xs.reduce((t, v) => t + v, 0);
      expect(r.slice(1)).toEqual([xs.length, sum, sum / xs.length, xs.join(',')]);
    }
  });
});
