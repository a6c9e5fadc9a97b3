/**
 * A compiled plan that reads one row by its full primary key runs as one function
 * (point-plan.ts) instead of the operator tree: for every shape it takes — a bare get, filters,
 * a projection of slots or of expressions, keys that are not plain values — its rows must be
 * the operators' rows (EXPLAIN ANALYZE profiles every node, so it always runs the operators).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, PFilter, PhysicalPlan } from '../../src/algebra/index.js';
import type { Value } from '../../src/common/values.js';
import { compilePlan, createProfile, executePlan } from '../../src/executor/execute.js';
import { PlanCompiler } from '../../src/executor/compile-plan.js';
import { Limits } from '../../src/executor/operator.js';
import { ParamFrame, paramLookup } from '../../src/executor/compile-expr.js';
import { compilePointPlan } from '../../src/executor/point-plan.js';
import { TestTransaction } from './test-store.js';
import { Cols, add, call, col, eq, filter, gt, lit, param, project, range, tableScan } from './helpers.js';

function people() {
  const tx = new TestTransaction();
  const rel = tx.define(
    'people',
    ['id', 'name', 'age'],
    [0],
    [
      [1, 'alice', 30],
      [2, 'bob', null],
      [3, 'carol', 41],
      [4, 'dave', 30],
    ],
  );
  const pairs = tx.define('pairs', ['a', 'b', 'w'], [0, 1], [
    [1, 'x', 10],
    [1, 'y', 11],
    [2, 'x', 20],
  ]);
  const grid = tx.define('grid', ['a', 'b', 'w'], [0, 1], [
    [1, 1, 10],
    [1, 2, 11],
    [2, 1, 20],
  ]);
  return { tx, rel, pairs, grid };
}

/** Whether the point form takes `plan` (compiled against `tx`). */
function takes(plan: PhysicalPlan, tx: TestTransaction): boolean {
  const ctx = { tx, params: paramLookup(undefined), limits: new Limits(undefined, undefined), frame: new ParamFrame() };
  return compilePointPlan(plan, new PlanCompiler(ctx, undefined), { outer: null, recursive: new Map() }) !== null;
}

describe('a point lookup compiled to one function', () => {
  const { tx, rel, pairs, grid } = people();
  const [id, name, age] = new Cols().make('id', 'name', 'age');
  const [a, b, w] = new Cols().make('a', 'b', 'w');
  const cs = new Cols();
  const at = (key: Expr) => range([[key], true], [[key], true]);
  const byId = tableScan(rel, [id, name, age], at(param(1)));
  // The exact-for-keys filter a SQL front end puts over a key range (PFilter.exactForKeys).
  const byPair = tableScan(grid, [a, b, w], range([[param(1), param(2)], true], [[param(1), param(2)], true]));
  const exactFilter: PFilter = { ...(filter(byId, eq(col(id), param(1))) as PFilter), exactForKeys: [param(1)] };
  const shapes: [string, PhysicalPlan][] = [
    ['a bare get', byId],
    ['slots of the row', project(byId, [{ column: cs.one('n'), expr: col(name) }, { column: cs.one('i'), expr: col(id) }])],
    ['expressions of the row', project(byId, [{ column: cs.one('older'), expr: add(col(age), lit(1)) }])],
    ['a filter', project(filter(byId, gt(col(age), param(2))), [{ column: cs.one('n'), expr: col(name) }])],
    ['an exact-for-keys filter', project(exactFilter, [{ column: cs.one('n'), expr: col(name) }])],
    ['an exact-for-keys filter under another', project(filter(exactFilter, gt(col(age), lit(29))), [{ column: cs.one('n'), expr: col(name) }])],
    ['a composite key', project(tableScan(pairs, [a, b, w], range([[param(1), param(2)], true], [[param(1), param(2)], true])), [{ column: cs.one('w'), expr: col(w) }])],
    // Exact for the get's key values, read where the key holds them (in another order here).
    [
      'an exact-for-keys filter over a composite key',
      project(
        {
          ...(filter(byPair, call('sql.and', [eq(col(a), param(1)), eq(col(b), param(2))])) as PFilter),
          exactForKeys: [param(2), param(1)],
        },
        [{ column: cs.one('w'), expr: col(w) }],
      ),
    ],
    // Exact for values that are not the get's key: evaluated, as the operators do.
    ['an exact-for-keys filter on other values', project({ ...(filter(byId, eq(col(id), param(1))) as PFilter), exactForKeys: [param(2)] }, [{ column: cs.one('n'), expr: col(name) }])],
  ];
  const keyValue = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom<Value>(null, 'x', 'y', '2', 2.5, Number.NaN, true, 1n));

  for (const [label, plan] of shapes) {
    it(`${label}: takes the point form and answers as the operators do, run after run`, () => {
      expect(takes(plan, tx)).toBe(true);
      const compiled = compilePlan(plan, tx);
      fc.assert(
        fc.property(fc.array(fc.tuple(keyValue, keyValue), { minLength: 1, maxLength: 8 }), (runs) => {
          for (const params of runs) {
            const operators = executePlan(plan, tx, { params, profile: createProfile() });
            expect(compiled.collect(tx, { params })).toEqual(operators);
          }
        }),
        { numRuns: 100 },
      );
    });
  }

  it('tests an exact-for-keys filter where the key is not a plain value', () => {
    const plan = project(exactFilter, [{ column: cs.one('n'), expr: col(name) }]);
    const compiled = compilePlan(plan, tx);
    expect(compiled.collect(tx, { params: [1] })).toEqual([['alice']]);
    // true finds the key 1 in the store's order of values only if the filter is skipped.
    for (const v of [true, 1n, '1', 1.0]) expect(compiled.collect(tx, { params: [v] }), String(v)).toEqual(executePlan(plan, tx, { params: [v], profile: createProfile() }));
  });

  it('keeps its row limit', () => {
    const compiled = compilePlan(byId, tx);
    expect(compiled.collect(tx, { params: [1], maxRows: 1 })).toHaveLength(1);
    expect(() => compiled.collect(tx, { params: [1], maxRows: 0 })).toThrow(/row limit/);
  });

  it('is not taken by ranges, key lists or other nodes', () => {
    expect(takes(tableScan(rel, [id, name, age], range([[lit(1)], true], [[lit(3)], true])), tx)).toBe(false);
    expect(takes(tableScan(rel, [id, name, age]), tx)).toBe(false);
    expect(takes(tableScan(pairs, [a, b, w], range([[lit(1)], true], [[lit(1)], true])), tx)).toBe(false);
    expect(takes(project(project(byId, [{ column: cs.one('x'), expr: col(id) }]), []), tx)).toBe(false);
  });
});
