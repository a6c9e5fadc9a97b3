import { describe, expect, it } from 'vitest';
import { openPlan } from '../../src/executor/execute.js';
import { PolyglotError } from '../../src/common/errors.js';
import { TestTransaction } from './test-store.js';
import { Cols, add, col, eq, filter, gt, indexScan, lit, param, project, range, run, tableScan, values } from './helpers.js';

function people() {
  const tx = new TestTransaction();
  const rel = tx.define(
    'people',
    ['id', 'name', 'age'],
    [0],
    [
      [3, 'carol', 41],
      [1, 'alice', 30],
      [2, 'bob', null],
      [5, 'eve', 25],
      [4, 'dave', 30],
    ],
    [{ columns: [2] }, { columns: [1], descending: [true] }],
  );
  return { tx, rel };
}

describe('table-scan', () => {
  it('reads every row in key order, handing out the stored row arrays', () => {
    const { tx, rel } = people();
    const c = new Cols().make('id', 'name', 'age');
    const rows = run(tableScan(rel, c), {}, tx);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    const stored = tx.get(rel, [1]);
    expect(rows[0]).toBe(stored);
  });

  it('honours ranges (inclusive, exclusive, parameters) and reverse', () => {
    const { tx, rel } = people();
    const c = new Cols().make('id', 'name', 'age');
    const ids = (p: Parameters<typeof tableScan>[2], rev = false, params?: unknown[]) =>
      run(tableScan(rel, c, p, rev), { params: params as never }, tx).map((r) => r[0]);
    expect(ids(range([[lit(2)], true], [[lit(4)], false]))).toEqual([2, 3]);
    expect(ids(range([[lit(2)], false], null))).toEqual([3, 4, 5]);
    expect(ids(range(null, [[param(1)], true]), false, [3])).toEqual([1, 2, 3]);
    expect(ids(range([[lit(2)], true], [[lit(4)], true]), true)).toEqual([4, 3, 2]);
  });

  it('emits store batches as they come, across batch boundaries', () => {
    const tx = new TestTransaction();
    tx.batchSize = 7;
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 30 }, (_, i) => [i]));
    const c = new Cols().make('x');
    const stream = openPlan(tableScan(rel, c), tx);
    const sizes: number[] = [];
    for (let b = stream.next(); b; b = stream.next()) sizes.push(b.length);
    stream.close();
    expect(sizes).toEqual([7, 7, 7, 7, 2]);
    expect(tx.stats.cursorsClosed).toBe(tx.stats.cursorsOpened);
  });
});

describe('index-scan', () => {
  it('reads in index order within a range over the index columns', () => {
    const { tx, rel } = people();
    const c = new Cols().make('id', 'name', 'age');
    const byAge = run(indexScan(rel, rel.indexes[0], c, range([[lit(25)], true], [[lit(30)], true])), {}, tx);
    expect(byAge.map((r) => r[0])).toEqual([5, 1, 4]);
    const byNameDesc = run(indexScan(rel, rel.indexes[1], c), {}, tx);
    expect(byNameDesc.map((r) => r[1])).toEqual(['eve', 'dave', 'carol', 'bob', 'alice']);
    const reversed = run(indexScan(rel, rel.indexes[1], c, null, true), {}, tx);
    expect(reversed.map((r) => r[1])).toEqual(['alice', 'bob', 'carol', 'dave', 'eve']);
  });
});

describe('values, filter, project', () => {
  it('values evaluates its expressions (with parameters) once per open', () => {
    const [x, y] = new Cols().make('x', 'y');
    const plan = { kind: 'values' as const, schema: [x, y], estimatedRows: 2, rows: [[lit(1), param('p')], [add(lit(1), lit(2)), lit(null)]] };
    expect(run(plan, { params: { p: 'hi' } })).toEqual([
      [1, 'hi'],
      [3, null],
    ]);
  });

  it('filter keeps rows whose predicate is exactly true (not null, not truthy)', () => {
    const [x] = new Cols().make('x');
    const input = values([x], [[1], [5], [null], [10], [0]]);
    expect(run(filter(input, gt(col(x), lit(3))))).toEqual([[5], [10]]);
    // a truthy non-boolean value is not `true`
    expect(run(filter(input, col(x)))).toEqual([]);
    expect(run(filter(values([x], [[true], [false], [null]]), col(x)))).toEqual([[true]]);
  });

  it('filter passes through batches where every row qualifies and drops empty batches', () => {
    const tx = new TestTransaction();
    tx.batchSize = 10;
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 50 }, (_, i) => [i]));
    const [x] = new Cols().make('x');
    const stream = openPlan(filter(tableScan(rel, [x]), gt(col(x), lit(34))), tx);
    const sizes: number[] = [];
    for (let b = stream.next(); b; b = stream.next()) sizes.push(b.length);
    expect(sizes).toEqual([5, 10]);
  });

  it('project computes expressions and copies column slots', () => {
    const cs = new Cols();
    const [x, y] = cs.make('x', 'y');
    const [s, yy, xx] = cs.make('s', 'yy', 'xx');
    const input = values([x, y], [[1, 2], [3, null]]);
    expect(run(project(input, [{ column: s, expr: add(col(x), col(y)) }, { column: yy, expr: col(y) }]))).toEqual([
      [3, 2],
      [null, null],
    ]);
    expect(run(project(input, [{ column: yy, expr: col(y) }, { column: xx, expr: col(x) }, { column: s, expr: col(x) }]))).toEqual([
      [2, 1, 1],
      [null, 3, 3],
    ]);
  });
});

describe('parameters', () => {
  it('positional parameters are 1-based, named ones are own properties', () => {
    const [x] = new Cols().make('x');
    const p = (k: number | string) => ({ kind: 'values' as const, schema: [x], estimatedRows: 1, rows: [[param(k)]] });
    expect(run(p(2), { params: ['a', 'b'] })).toEqual([['b']]);
    expect(run(p('__proto__'), { params: JSON.parse('{"__proto__": 7}') })).toEqual([[7]]);
    expect(run(p('v'), { params: { v: null } })).toEqual([[null]]);
  });

  it('a missing parameter is INVALID_ARGUMENT naming it', () => {
    const [x] = new Cols().make('x');
    const p = (k: number | string) => ({ kind: 'values' as const, schema: [x], estimatedRows: 1, rows: [[param(k)]] });
    const fail = (k: number | string, params: unknown) => {
      try {
        run(p(k), { params: params as never });
      } catch (e) {
        expect(e).toBeInstanceOf(PolyglotError);
        expect((e as PolyglotError).code).toBe('INVALID_ARGUMENT');
        return (e as Error).message;
      }
      throw new Error('expected failure');
    };
    expect(fail(3, ['a'])).toContain('$3');
    expect(fail('toString', {})).toContain(':toString');
    expect(fail('__proto__', {})).toContain('__proto__');
    expect(fail('x', undefined)).toContain(':x');
  });

  it('parameters in filter predicates are captured once', () => {
    const [x] = new Cols().make('x');
    expect(run(filter(values([x], [[1], [2], [3]]), eq(col(x), param('v'))), { params: { v: 2 } })).toEqual([[2]]);
  });
});
