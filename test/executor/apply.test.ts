import { describe, expect, it } from 'vitest';
import { PolyglotError } from '../../src/common/errors.js';
import { TestTransaction } from './test-store.js';
import type { Column, Expr } from '../../src/algebra/index.js';
import { Cols, add, agg, apply, col, eq, filter, gt, hashAggregate, lit, range, run, tableScan, values } from './helpers.js';

function orders() {
  const tx = new TestTransaction();
  const rel = tx.define('orders', ['id', 'cust', 'amount'], [0], [
    [1, 'a', 10],
    [2, 'b', 20],
    [3, 'a', 30],
    [4, 'c', 5],
  ]);
  const cs = new Cols();
  const [id, cust, amount] = cs.make('id', 'cust', 'amount');
  const [name] = cs.make('name');
  const customers = values([name], [['a'], ['b'], ['d']]);
  // subquery: orders of the outer customer (correlated on name)
  const sub = filter(tableScan(rel, [id, cust, amount]), eq(col(cust), col(name)));
  return { tx, rel, cs, id, cust, amount, name, customers, sub };
}

describe('apply', () => {
  it('cross and left', () => {
    const { tx, customers, sub } = orders();
    expect(run(apply('cross', customers, sub), {}, tx)).toEqual([
      ['a', 1, 'a', 10],
      ['a', 3, 'a', 30],
      ['b', 2, 'b', 20],
    ]);
    expect(run(apply('left', customers, sub), {}, tx)).toEqual([
      ['a', 1, 'a', 10],
      ['a', 3, 'a', 30],
      ['b', 2, 'b', 20],
      ['d', null, null, null],
    ]);
  });

  it('semi, anti and mark', () => {
    const { tx, cs, customers, sub } = orders();
    const m = cs.one('m');
    expect(run(apply('semi', customers, sub), {}, tx)).toEqual([['a'], ['b']]);
    expect(run(apply('anti', customers, sub), {}, tx)).toEqual([['d']]);
    expect(run(apply('mark', customers, sub, m), {}, tx)).toEqual([
      ['a', true],
      ['b', true],
      ['d', false],
    ]);
  });

  it('scalar: the single value, NULL for no row, an error for two', () => {
    const { tx, cs, amount, customers, sub } = orders();
    const [total, v] = cs.make('total', 'v');
    const sum = hashAggregate(sub, [], [agg(total, 'sql.sum', [col(amount)])]);
    expect(run(apply('scalar', customers, sum, v), {}, tx)).toEqual([
      ['a', 40],
      ['b', 20],
      ['d', null],
    ]);
    const one = filter(values([total], [[1], [2]]), gt(col(total), lit(5)));
    expect(run(apply('scalar', customers, one, v), {}, tx)).toEqual([
      ['a', null],
      ['b', null],
      ['d', null],
    ]);
    try {
      run(apply('scalar', customers, values([total], [[1], [2]]), v), {}, tx);
      throw new Error('expected failure');
    } catch (e) {
      expect((e as PolyglotError).code).toBe('RUNTIME_ERROR');
      expect((e as Error).message).toMatch(/apply \(scalar\): subquery returned more than one row/);
    }
  });

  it('correlated key ranges are evaluated per outer row', () => {
    const { tx, rel, cs, id, cust, amount } = orders();
    const [k] = cs.make('k');
    const sub = tableScan(rel, [id, cust, amount], range([[col(k)], true], null));
    const rows = run(apply('cross', values([k], [[3], [4]]), sub), {}, tx);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [3, 3],
      [3, 4],
      [4, 4],
    ]);
  });

  it('nested apply reads columns of both enclosing rows', () => {
    const cs = new Cols();
    const [x] = cs.make('x');
    const [y] = cs.make('y');
    const [z] = cs.make('z');
    const inner = filter(values([z], [[1], [2], [3], [4], [5], [6]]), call3(z, x, y));
    const middle = apply('cross', values([y], [[1], [2]]), inner);
    const rows = run(apply('cross', values([x], [[2], [3]]), middle));
    // z = x + y
    expect(rows).toEqual([
      [2, 1, 3],
      [2, 2, 4],
      [3, 1, 4],
      [3, 2, 5],
    ]);
  });

  it('cross apply resumes a large subquery across batches', () => {
    const cs = new Cols();
    const [x] = cs.make('x');
    const [y] = cs.make('y');
    const big = values([y], Array.from({ length: 1500 }, (_, i) => [i]));
    const rows = run(apply('cross', values([x], [[1], [2]]), big));
    expect(rows).toHaveLength(3000);
    expect(rows[1500]).toEqual([2, 0]);
  });
});

function call3(z: Column, x: Column, y: Column): Expr {
  return eq(col(z), add(col(x), col(y)));
}
