/**
 * An inner or left index join over a covering index, under a projection fused into it
 * (project.ts, index-join.ts narrowInner): the lookups decode rows of only the stored columns
 * the join reads — for its output or its residual — and a projection that is exactly those
 * columns emits the decoded row itself — except over a store whose covering reads return its
 * stored rows (coveringRowsStored), which is asked for whole rows. The answers must be the unfused join's projected (EXPLAIN
 * ANALYZE's profile runs every node apart), with residuals on the stored row or on both sides,
 * with keys whose equality the lookup does not decide (bigints: their equalities are checked on
 * whole rows), through the store's probe and through cursors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, type Expr, type PhysicalPlan, type PIndexJoin } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { createProfile } from '../../src/executor/execute.js';
import { Cols, col, eq, indexJoin, lit, project, run, values } from './helpers.js';
import { CoveringRowsTransaction, ProbingTransaction, TestTransaction } from './test-store.js';

const key = fc.oneof(fc.constant<Value>(null), fc.integer({ min: 0, max: 5 }), fc.bigInt({ min: 0n, max: 5n }));
const left = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 30 });
const right = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.constant<Value>(null), fc.integer({ min: 0, max: 9 }))), { maxLength: 40 });

describe('an index join reading a covering index under a fused projection', () => {
  it("gives the unfused join's rows projected: inner and left, every residual, probes and cursors", () => {
    fc.assert(
      fc.property(
        left,
        right,
        fc.constantFrom('inner' as const, 'left' as const),
        fc.constantFrom('none', 'stored', 'both', 'key'),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('cursors', 'probes', 'stored rows'),
        (l, r, kind, residualKind, picks, reads) => {
          const tx = reads === 'probes' ? new ProbingTransaction() : reads === 'stored rows' ? new CoveringRowsTransaction() : new TestTransaction();
          // r(id, c, d), primary key id, an index on c: the index covers id and c, not d.
          const rel = tx.define('r', ['id', 'c', 'd'], [0], r.map((x, i) => [i, ...x]), [{ columns: [1] }]);
          const cs = new Cols();
          const [a, b, id, c, d] = cs.make('a', 'b', 'id', 'c', 'd');
          const residuals: Record<string, { expr: Expr | null; keyEqualities?: number[] }> = {
            none: { expr: null },
            stored: { expr: call('sql.ne', [col(id), lit(2)]) },
            both: { expr: call('sql.ne', [col(b), col(id)]) },
            // The planner's restated key equality (skipped for number and text keys, checked for bigints).
            key: { expr: call('sql.and', [eq(col(a), col(c)), call('sql.lt', [col(id), lit(30)])]), keyEqualities: [0] },
          };
          const res = residuals[residualKind];
          const join: PhysicalPlan = {
            ...(indexJoin(kind, values([a, b], l), rel, rel.indexes[0], [col(a)], [id, c, d], res.expr, null, res.keyEqualities) as PIndexJoin),
            covering: true,
          };
          // Outputs from the left row and the covered stored columns (id, c).
          const readable = [a, b, id, c];
          const outputs = picks.map((i) => ({ column: cs.one(`o${i}`), expr: col(readable[i]) }));
          const plan = project(join, outputs);
          const fused = run(plan, {}, tx);
          const unfused = run(plan, { profile: createProfile() }, tx);
          expect(fused).toEqual(unfused);
          // And the same as projecting the join's whole rows.
          const layout = [a, b, id, c, d];
          expect(fused).toEqual(run(join, {}, tx).map((row: Row) => picks.map((i) => row[layout.indexOf(readable[i])])));
          // A store returning its stored rows for covering reads is never asked for columns.
          if (tx instanceof CoveringRowsTransaction) expect(tx.probedColumns.every((cols) => cols === undefined)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('emits the decoded rows themselves when the output is exactly the stored columns read, each once', () => {
    const got = idsByC(new ProbingTransaction());
    expect(got).toEqual([[1], [2], [3], [1], [2]]);
    // Every output row is an array of its own, even for the same stored row read twice.
    expect(new Set(got).size).toBe(got.length);
    expect(got[0]).not.toBe(got[3]);
  });

  it('reads whole stored rows, asking for no columns, where covering reads return the stored rows (coveringRowsStored)', () => {
    const tx = new CoveringRowsTransaction();
    expect(tx.coveringRowsStored).toBe(true);
    const got = idsByC(tx);
    expect(got).toEqual([[1], [2], [3], [1], [2]]);
    expect(tx.probedColumns).toEqual([undefined, undefined, undefined]);
    // The output rows are the join's own, not the stored rows.
    expect(new Set(got).size).toBe(got.length);
    expect(got.every((row) => row.length === 1)).toBe(true);
  });
});

/** idsByC joins the keys 7, 8, 7 with r(id, c, d) by its index on c, covering, under a projection onto id. */
function idsByC(tx: ProbingTransaction): Row[] {
  const rel = tx.define('r', ['id', 'c', 'd'], [0], [[1, 7, 'x'], [2, 7, 'y'], [3, 8, 'z']], [{ columns: [1] }]);
  const cs = new Cols();
  const [a, id, c, d] = cs.make('a', 'id', 'c', 'd');
  const join: PhysicalPlan = { ...(indexJoin('inner', values([a], [[7], [8], [7]]), rel, rel.indexes[0], [col(a)], [id, c, d]) as PIndexJoin), covering: true };
  return run(project(join, [{ column: cs.one('o'), expr: col(id) }]), {}, tx);
}
