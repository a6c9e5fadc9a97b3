/**
 * A projection keeping only columns of an inner or left hash join is fused into the join
 * (project.ts, join-driver.ts): the output must be the unfused join's rows projected, in the
 * same order, with and without a residual condition, including left joins' NULL padding and
 * batches split mid-fan-out.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { PlanCompiler } from '../../src/executor/compile-plan.js';
import type { Row, Value } from '../../src/common/values.js';
import { createProfile } from '../../src/executor/execute.js';
import { Cols, col, hashJoin, project, run, values } from './helpers.js';
import { call } from '../../src/algebra/index.js';

const cell = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant<Value>(null));
const rows = fc.array(fc.tuple(cell, cell), { maxLength: 60 });

describe('projection fused into a hash join', () => {
  for (const kind of ['inner', 'left'] as const) {
    for (const withResidual of [false, true]) {
      it(`${kind} join${withResidual ? ' with a residual' : ''}: rows equal the projected unfused join`, () => {
        fc.assert(
          fc.property(rows, rows, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }), (left, right, picks) => {
            const cs = new Cols();
            const [a, b, c, d] = cs.make('a', 'b', 'c', 'd');
            const residual = withResidual ? call('sql.ne', [col(b), col(d)]) : null;
            const join = hashJoin(kind, values([a, b], left as Value[][]), values([c, d], right as Value[][]), [col(a)], [col(c)], residual);
            const inputs = [a, b, c, d];
            const outputs = picks.map((i) => ({ column: cs.one(`o${i}`), expr: col(inputs[i]) }));
            const fused = run(project(join, outputs));
            const unfused = run(join).map((r: Row) => picks.map((i) => r[i]));
            expect(fused).toEqual(unfused);
            // EXPLAIN ANALYZE profiles every node, so it runs the join and the projection apart.
            expect(run(project(join, outputs), { profile: createProfile() })).toEqual(unfused);
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  it('a fan-out larger than a batch resumes inside a left row', () => {
    const cs = new Cols();
    const [a, b, c, d] = cs.make('a', 'b', 'c', 'd');
    const left = [[1, 'x'], [1, 'y']];
    const right = Array.from({ length: 1500 }, (_, i) => [1, i]);
    const out = cs.one('out');
    const got = run(project(hashJoin('inner', values([a, b], left), values([c, d], right), [col(a)], [col(c)]), [{ column: out, expr: col(d) }]));
    expect(got).toEqual([...right, ...right].map((r) => [r[1]]));
  });
});

describe('a chain of projections over joins', () => {
  it('compiles each node once (a fused join compiles its own inputs)', () => {
    const cs = new Cols();
    const depth = 14;
    const [k0] = cs.make('k0');
    let plan = values([k0], [[1], [2]]);
    let key = k0;
    for (let i = 1; i <= depth; i++) {
      const [k] = cs.make(`k${i}`);
      const join = hashJoin('inner', plan, values([k], [[1], [2]]), [col(key)], [col(k)], null);
      plan = project(join, [{ column: cs.one(`p${i}`), expr: col(k) }]);
      key = plan.schema[0];
    }
    const spy = vi.spyOn(PlanCompiler.prototype, 'compile');
    try {
      expect(run(plan)).toEqual([[1], [2]]);
      // 3 nodes per level and the leaf; compiling each fused join's input twice would be 2^depth.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3 * depth + 1);
    } finally {
      spy.mockRestore();
    }
  });
});

