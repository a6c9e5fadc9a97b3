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
import { compilePlan, createProfile, executePlan, type BatchStream } from '../../src/executor/execute.js';
import { agg, Cols, col, hashAggregate, hashJoin, indexJoin, project, run, sorted, tableScan, values } from './helpers.js';
import { TestTransaction } from './test-store.js';
import { call } from '../../src/algebra/index.js';

/** drain reads a stream's rows to its end. */
function drain(stream: BatchStream): Row[] {
  const out: Row[] = [];
  for (let b = stream.next(); b !== null; b = stream.next()) out.push(...b);
  stream.close();
  return out;
}

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

  it('one column of the right rows (made in a loop of its own): the unfused rows projected, across batches, with left padding', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant<Value>(null));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, cell), { maxLength: 12 }),
        fc.array(fc.tuple(key, fc.integer({ min: 1, max: 400 })), { maxLength: 8 }),
        fc.constantFrom('inner' as const, 'left' as const),
        (left, groups, kind) => {
          // Fan-outs of up to 400 rows per key: a left row's candidates may span two output batches.
          const right = groups.flatMap(([k, n]) => Array.from({ length: n }, (_, i) => [k, i]));
          const cs = new Cols();
          const [a, b, c, d] = cs.make('a', 'b', 'c', 'd');
          const join = hashJoin(kind, values([a, b], left as Value[][]), values([c, d], right), [col(a)], [col(c)]);
          const outputs = [{ column: cs.one('o'), expr: col(d) }];
          const fused = run(project(join, outputs));
          expect(fused).toEqual(run(join).map((r: Row) => [r[3]]));
          expect(new Set(fused).size).toBe(fused.length);
        },
      ),
      { numRuns: 100 },
    );
  });

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

describe('a projected join folded by a hash aggregate', () => {
  it('answers as the aggregate of the join\'s rows made one by one, though its rows are reused from batch to batch (hash and index joins, inner and left)', () => {
    // Fan-outs of up to 400 rows per key: the joins' output crosses several batches of 1,024.
    const key = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant<Value>(null));
    const side = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 80 });
    fc.assert(
      fc.property(side, side, fc.integer({ min: 1, max: 30 }), fc.constantFrom('inner' as const, 'left' as const), fc.boolean(), (left, right, copies, kind, byIndex) => {
        const cs = new Cols();
        const [a, b, c, d, g, n, s, m] = cs.make('a', 'b', 'c', 'd', 'g', 'n', 's', 'm');
        const tx = new TestTransaction();
        const wide = Array.from({ length: copies }, () => right).flat();
        const rel = tx.define('r', ['id', 'c', 'd'], [0], wide.map((r, i) => [i, ...r]), [{ columns: [1] }]);
        const id = cs.one('id');
        const lp = values([a, b], left as Value[][]);
        const join = byIndex ? indexJoin(kind, lp, rel, rel.indexes[0], [col(a)], [id, c, d]) : hashJoin(kind, lp, values([c, d], wide as Value[][]), [col(a)], [col(c)]);
        const projected = project(join, [{ column: g, expr: col(b) }, { column: s, expr: col(d) }]);
        const aggregates = [agg(n, 'sql.count_star', []), agg(m, 'sql.sum', [col(s)]), agg(cs.one('mx'), 'sql.max', [col(s)])];
        const folded = run(hashAggregate(projected, [g], aggregates), {}, tx);
        // The reference folds rows made one by one: the projected join's rows, read out first.
        const made = run(projected, {}, tx);
        const reference = run(hashAggregate(values([g, s], made as Value[][]), [g], aggregates), {}, tx);
        expect(sorted(folded)).toEqual(sorted(reference));
        expect(made.length).toBe(run(join, {}, tx).length);
      }),
      { numRuns: 120 },
    );
  });

  it('answers as a fresh plan when one compiled plan runs again and again, though its reused rows are kept from run to run (runs stopped early, two streams open)', () => {
    // The compiled join lends its reused rows to one open join at a time (join-driver.ts ReusedRows).
    const key = fc.integer({ min: 0, max: 5 });
    const side = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 60 });
    fc.assert(
      fc.property(side, side, fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 }), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), (left, right, steps, copies, byIndex) => {
        const cs = new Cols();
        const [a, b, c, d, g, n, s, m, id] = cs.make('a', 'b', 'c', 'd', 'g', 'n', 's', 'm', 'id');
        const tx = new TestTransaction();
        const wide = Array.from({ length: copies }, () => right).flat();
        const rel = tx.define('r', ['id', 'c', 'd'], [0], wide.map((r, i) => [i, ...r]), [{ columns: [1] }]);
        const lRel = tx.define('l', ['a', 'b'], null, left, []);
        const lp = tableScan(lRel, [a, b]);
        const join = byIndex ? indexJoin('inner', lp, rel, rel.indexes[0], [col(a)], [id, c, d]) : hashJoin('inner', lp, tableScan(rel, [id, c, d]), [col(a)], [col(c)]);
        const projected = project(join, [{ column: g, expr: col(b) }, { column: s, expr: col(d) }]);
        const plan = hashAggregate(projected, [g], [agg(n, 'sql.count_star', []), agg(m, 'sql.sum', [col(s)])]);
        const compiled = compilePlan(plan, tx);
        for (const [k, v, stop] of steps) {
          if (stop) {
            const stream = compiled.open(tx);
            stream.next();
            stream.close();
          }
          // A second stream while the first is open: each answers whole.
          const first = compiled.open(tx);
          const second = compiled.open(tx);
          const expected = sorted(executePlan(plan, tx));
          expect(sorted(drain(second))).toEqual(expected);
          expect(sorted(drain(first))).toEqual(expected);
          expect(sorted(compiled.collect(tx) as Row[])).toEqual(expected);
          tx.insert(lRel, [k, v]);
        }
      }),
      { numRuns: 100 },
    );
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

