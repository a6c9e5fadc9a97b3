/**
 * Output batches made at their size up front (join-driver.ts: an inner or left join's batch sized
 * from the plan's estimate; semi and anti joins and DISTINCT: one array of the input batch's size,
 * cut to the rows kept, or the input batch itself when every row passes). Whatever the estimate —
 * none, far too low, far too high — and however the rows fall into batches, the answers are the
 * reference's and no batch holds more than BATCH_SIZE rows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { JoinKind, PhysicalPlan } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { openPlan } from '../../src/executor/execute.js';
import { BATCH_SIZE } from '../../src/executor/operator.js';
import { Cols, col, distinct, hashJoin, indexJoin, nestedLoopJoin, eq, project, tableScan, union, values } from './helpers.js';
import { TestTransaction } from './test-store.js';

const estimated = (p: PhysicalPlan, rows: number): PhysicalPlan => ({ ...p, estimatedRows: rows });

/** batches runs `plan` and returns its batches (copied), checking that none is empty or too large. */
function batches(plan: PhysicalPlan, tx = new TestTransaction()): Row[][] {
  const stream = openPlan(plan, tx);
  const out: Row[][] = [];
  try {
    for (let b = stream.next(); b !== null; b = stream.next()) {
      expect(b.length).toBeGreaterThan(0);
      expect(b.length).toBeLessThanOrEqual(BATCH_SIZE);
      out.push([...b]);
    }
  } finally {
    stream.close();
  }
  return out;
}

/** SQL semantics of each join kind over a = c, by nested loops (mark joins left out: their batches are the input's size). */
function reference(kind: JoinKind, left: Value[][], right: Value[][]): Value[][] {
  const out: Value[][] = [];
  for (const l of left) {
    const matches = right.filter((r) => l[0] !== null && r[0] !== null && l[0] === r[0]);
    if (kind === 'inner' || kind === 'left') {
      for (const r of matches) out.push([...l, ...r]);
      if (kind === 'left' && matches.length === 0) out.push([...l, null, null]);
    } else if (kind === 'semi' ? matches.length > 0 : matches.length === 0) out.push(l);
  }
  return out;
}

const norm = (rows: Value[][]) => rows.map((r) => JSON.stringify(r)).sort();

describe('join output batches sized up front', () => {
  const key = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 }));
  // Up to 1,500 left rows against up to 400 right rows of 7 keys: products of several batches.
  const left = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 99 })), { maxLength: 1500 });
  const right = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 99 })), { maxLength: 400 });
  const estimate = fc.constantFrom(0, 0.4, 1, 7, 300, 5000, 1e9);
  for (const kind of ['inner', 'left', 'semi', 'anti'] as const) {
    it(`${kind}: hash, nested-loop and index joins give the reference's rows whatever the estimate`, () => {
      fc.assert(
        fc.property(left, right, estimate, (l, r, est) => {
          const cs = new Cols();
          const [a, b, c, d, id] = cs.make('a', 'b', 'c', 'd', 'id');
          const tx = new TestTransaction();
          const rel = tx.define('r', ['c', 'd'], null, r);
          const relPk = tx.define('rpk', ['id', 'c', 'd'], [0], r.map((x, i) => [i, ...x]), [{ columns: [1] }]);
          const lp = values([a, b], l);
          const expected = reference(kind, l, r);
          const hash = estimated(hashJoin(kind, lp, tableScan(rel, [c, d]), [col(a)], [col(c)]), est);
          const nested = estimated(nestedLoopJoin(kind, lp, tableScan(rel, [c, d]), eq(col(a), col(c))), est);
          const index = estimated(indexJoin(kind, lp, relPk, relPk.indexes[0], [col(a)], [id, c, d]), est);
          const strip = (rows: Row[]) => rows.map((x) => (kind === 'inner' || kind === 'left' ? [x[0], x[1], x[3], x[4]] : x));
          expect(batches(hash, tx).flat()).toEqual(expected);
          expect(batches(nested, tx).flat()).toEqual(expected);
          expect(norm(strip(batches(index, tx).flat()))).toEqual(norm(expected));
          if (kind === 'inner' || kind === 'left') {
            // A projection fused into the join (the join builds only the output row).
            const fused = project(hash, [
              { column: b, expr: col(b) },
              { column: d, expr: col(d) },
            ]);
            expect(batches(fused, tx).flat()).toEqual(expected.map((x) => [x[1], x[3]]));
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('DISTINCT output batches sized up front', () => {
  const cell = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 40 }), fc.constantFrom('x', 'y'));
  const rows = fc.array(fc.tuple(cell), { maxLength: 1400 });
  it('keeps the first of each row, in order, whether a batch has no, some or only new rows', () => {
    fc.assert(
      fc.property(rows, rows, fc.constantFrom(0, 1, 50, 1e9), (x, y, est) => {
        const cs = new Cols();
        const [v] = cs.make('v');
        // Two inputs: the second's batches often hold only rows seen before, or only new ones.
        const plan = estimated(distinct(union([v], values([v], x), values([v], y))), est);
        const seen = new Set<string>();
        const expected: Value[][] = [];
        for (const r of [...x, ...y]) {
          const k = JSON.stringify(r);
          if (!seen.has(k)) {
            seen.add(k);
            expected.push(r);
          }
        }
        expect(batches(plan).flat()).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('hands on a batch of only new rows as it is, and cuts a batch with repeats to the new ones', () => {
    const cs = new Cols();
    const [v] = cs.make('v');
    const plan = distinct(union([v], values([v], [[1], [2], [3]]), values([v], [[2], [4], [4], [1]]), values([v], [[5]])));
    expect(batches(plan)).toEqual([[[1], [2], [3]], [[4]], [[5]]]);
  });
});
