/**
 * drainInto (operator.ts) reads an operator whole through the run protocol when it offers it
 * (a scan lending its leaves, a filter its runs) and through batches otherwise: either way the
 * rows, in order, are those the operator's batches give (executePlan pulls the batches).
 * drainAll, which makes room for an expected count first, gives the same rows whatever the
 * count: too low, too high, none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhysicalPlan } from '../../src/algebra/index.js';
import { PlanCompiler } from '../../src/executor/compile-plan.js';
import { executePlan } from '../../src/executor/execute.js';
import { ParamFrame, paramLookup } from '../../src/executor/compile-expr.js';
import { drainAll, drainInto, Limits } from '../../src/executor/operator.js';
import { TestTransaction } from './test-store.js';
import { Cols, col, filter, gt, lit, project, tableScan } from './helpers.js';

function drained(plan: PhysicalPlan, tx: TestTransaction, expected: number | null = null) {
  const ctx = { tx, params: paramLookup(undefined), limits: new Limits(undefined, undefined), frame: new ParamFrame() };
  const open = new PlanCompiler(ctx, undefined).compile(plan, { outer: null, recursive: new Map() });
  const op = open();
  return { offersRuns: op.visit !== undefined, rows: expected === null ? drainInto(op, []) : drainAll(op, expected) };
}

describe('drainInto', () => {
  it('gives the rows the batches give, through runs or batches', () => {
    let table = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.oneof(fc.constant(null), fc.integer({ min: -9, max: 9 }))), { maxLength: 3000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: -10, max: 10 }), (pairs, batchSize, bound) => {
        const tx = new TestTransaction();
        tx.batchSize = batchSize;
        const unique = [...new Map(pairs.map(([k, v]) => [k, [k, v]])).values()];
        const rel = tx.define(`t${table++}`, ['k', 'v'], [0], unique);
        const [k, v] = new Cols().make('k', 'v');
        const cs = new Cols();
        const scan = tableScan(rel, [k, v]);
        const plans: [PhysicalPlan, boolean][] = [
          [scan, true],
          [filter(scan, gt(col(v), lit(bound))), true],
          [project(scan, [{ column: cs.one('v'), expr: col(v) }]), false],
        ];
        for (const [plan, runs] of plans) {
          const got = drained(plan, tx);
          expect(got.offersRuns).toBe(runs);
          const want = executePlan(plan, tx);
          expect(got.rows).toEqual(want);
          for (const expected of [0, want.length >> 1, want.length, want.length * 3 + 7, NaN]) {
            const all = drained(plan, tx, expected).rows;
            expect(all).toEqual(want);
            expect(all.length).toBe(want.length);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
