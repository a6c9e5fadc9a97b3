/**
 * An index join by a whole one-column primary key whose key is a column of the left row reads
 * the stored rows of a whole left batch at once (index-join.ts IndexSource.prepare, the store's
 * getMany) instead of one get per left row. The answers must be those of the row-by-row reads
 * (a transaction without getMany), for inner, left, semi and anti joins, with residuals on the
 * stored row or on both sides, with NULL keys, keys of no row, keys whose equality the read does
 * not decide (bigints), left batches of a few rows, and output batches cut at BATCH_SIZE.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, type Expr } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { compilePlan, executePlan } from '../../src/executor/execute.js';
import { agg, Cols, col, hashAggregate, indexJoin, limit, lit, project, run, sorted, tableScan } from './helpers.js';
import { BatchReadingTransaction, TestTransaction } from './test-store.js';

const key = fc.oneof(fc.constant<Value>(null), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.bigInt({ min: 0n, max: 7n }), fc.constant<Value>('a'));
const leftRows = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 40 });
const rightRows = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.constant<Value>(null), fc.integer({ min: 0, max: 9 }))), { selector: (x) => x[0], maxLength: 6 });

/** The join of l(n, k, b) scanned in batches of `batch` rows with r(id, v) by r's primary key = l.k, in `tx`. */
function setUp(tx: TestTransaction, l: [Value, number][], r: [number, Value][], batch: number) {
  tx.batchSize = batch;
  const lRel = tx.define('l', ['n', 'k', 'b'], [0], l.map((x, i) => [i, ...x]));
  const rRel = tx.define('r', ['id', 'v'], [0], r);
  const cs = new Cols();
  const [n, k, b, id, v] = cs.make('n', 'k', 'b', 'id', 'v');
  return { lRel, rRel, n, k, b, id, v, cs };
}

describe('an index join reading a left batch by primary key at once', () => {
  it('answers as row-by-row reads: every join kind, residual and batch size', () => {
    fc.assert(
      fc.property(
        leftRows,
        rightRows,
        fc.constantFrom('inner' as const, 'left' as const, 'semi' as const, 'anti' as const),
        fc.constantFrom('none', 'stored', 'both'),
        fc.integer({ min: 1, max: 9 }),
        (l, r, kind, residualKind, batch) => {
          const answers = [new BatchReadingTransaction(), new TestTransaction()].map((tx) => {
            const { lRel, rRel, n, k, b, id, v } = setUp(tx, l, r, batch);
            const residuals: Record<string, Expr | null> = {
              none: null,
              stored: call('sql.ne', [col(v), lit(2)]),
              both: call('sql.ne', [col(b), col(v)]),
            };
            const plan = indexJoin(kind, tableScan(lRel, [n, k, b]), rRel, null, [col(k)], [id, v], residuals[residualKind]);
            return { rows: run(plan, {}, tx), stats: tx.stats };
          });
          const [batched, plain] = answers;
          expect(batched.rows).toEqual(plain.rows);
          // The plain transaction has no getMany; the batched one used it wherever a left batch's keys were all numbers or texts.
          expect(plain.stats.batchReads).toBe(0);
          const exact = (x: Value) => typeof x === 'number' || typeof x === 'string';
          let readable = 0;
          for (let i = 0; i < l.length; i += batch) if (l.slice(i, i + batch).every((x) => exact(x[0]))) readable++;
          expect(batched.stats.batchReads).toBe(readable);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('under a fused projection (the row read for each left row found by its position in the batch) answers as row-by-row reads projected', () => {
    fc.assert(
      fc.property(
        leftRows,
        rightRows,
        fc.constantFrom('inner' as const, 'left' as const),
        fc.constantFrom('none', 'stored', 'both'),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
        (l, r, kind, residualKind, batch, picks) => {
          const answers = [new BatchReadingTransaction(), new TestTransaction()].map((tx) => {
            const { lRel, rRel, n, k, b, id, v, cs } = setUp(tx, l, r, batch);
            const residuals: Record<string, Expr | null> = {
              none: null,
              stored: call('sql.ne', [col(v), lit(2)]),
              both: call('sql.ne', [col(b), col(v)]),
            };
            const join = indexJoin(kind, tableScan(lRel, [n, k, b]), rRel, null, [col(k)], [id, v], residuals[residualKind]);
            const inputs = [n, k, b, id, v];
            const fused = run(project(join, picks.map((i) => ({ column: cs.one(`o${i}`), expr: col(inputs[i]) }))), {}, tx);
            // Under a hash aggregate the projection writes rows reused batch to batch (JoinOperator reuseRows).
            const [g, c, t] = [cs.one('g'), cs.one('c'), cs.one('t')];
            const folded = hashAggregate(project(join, [{ column: g, expr: col(inputs[picks[0]]) }, { column: t, expr: col(n) }]), [g], [agg(c, 'sql.count_star', []), agg(cs.one('s'), 'sql.sum', [col(t)])]);
            return { fused, unfused: run(join, {}, tx).map((row: Row) => picks.map((i) => row[i])), grouped: sorted(run(folded, {}, tx)) };
          });
          expect(answers[0].fused).toEqual(answers[1].unfused);
          expect(answers[1].fused).toEqual(answers[1].unfused);
          expect(answers[0].grouped).toEqual(answers[1].grouped);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('resumes in the middle of a left batch when the output fills a batch, and under a Limit', () => {
    const l: [Value, number][] = Array.from({ length: 3000 }, (_, i) => [i % 7, i % 10]);
    const r: [number, Value][] = [0, 1, 2, 3, 5].map((i) => [i, i * 10]);
    for (const count of [null, 1500, 3]) {
      const answers = [new BatchReadingTransaction(), new TestTransaction()].map((tx) => {
        const { lRel, rRel, n, k, b, id, v } = setUp(tx, l, r, 1024);
        const join = indexJoin('inner', tableScan(lRel, [n, k, b]), rRel, null, [col(k)], [id, v]);
        return run(count === null ? join : limit(join, lit(count)), {}, tx);
      });
      expect(answers[0]).toEqual(answers[1]);
      const matched = l.filter((x) => [0, 1, 2, 3, 5].includes(x[0] as number)).length;
      expect(answers[0].length).toBe(count === null ? matched : count);
      expect(answers[0].slice(0, 3)).toEqual([
        [0, 0, 0, 0, 0],
        [1, 1, 1, 1, 10],
        [2, 2, 2, 2, 20],
      ]);
      // The same under a fused projection, inner and left (padded rows where key 4 or 6 finds none).
      for (const kind of ['inner', 'left'] as const) {
        const projected = [new BatchReadingTransaction(), new TestTransaction()].map((tx) => {
          const { lRel, rRel, n, k, b, id, v, cs } = setUp(tx, l, r, 1024);
          const join = indexJoin(kind, tableScan(lRel, [n, k, b]), rRel, null, [col(k)], [id, v]);
          const p = project(join, [{ column: cs.one('v'), expr: col(v) }, { column: cs.one('n'), expr: col(n) }]);
          return { rows: run(count === null ? p : limit(p, lit(count)), {}, tx), stats: tx.stats };
        });
        expect(projected[0].rows).toEqual(projected[1].rows);
        expect(projected[0].stats.batchReads).toBeGreaterThan(0);
        const all = kind === 'inner' ? matched : l.length;
        expect(projected[0].rows.length).toBe(count === null ? all : Math.min(count, all));
      }
    }
  });

  it('answers as a fresh plan when one compiled plan runs again and again: writes between runs, runs stopped early', () => {
    // The compiled join keeps the arrays its batched reads fill from run to run (index-join.ts BatchScratch):
    // nothing of a run may show in the next.
    fc.assert(
      fc.property(leftRows, rightRows, fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 9 }), (l, r, steps, batch) => {
        const tx = new BatchReadingTransaction();
        const { lRel, rRel, n, k, b, id, v } = setUp(tx, l, r, batch);
        const plan = indexJoin('left', tableScan(lRel, [n, k, b]), rRel, null, [col(k)], [id, v]);
        const compiled = compilePlan(plan, tx);
        let next = l.length;
        const ids = new Set(r.map((x) => x[0]));
        for (const [key, stop, write] of steps) {
          if (stop > 0) {
            // Stopped after its first batch: the next run starts clean.
            const stream = compiled.open(tx);
            stream.next();
            stream.close();
          }
          expect(compiled.collect(tx) as Row[]).toEqual(executePlan(plan, tx));
          if (write) {
            tx.insert(lRel, [next++, key, stop]);
            if (!ids.has(key)) {
              ids.add(key);
              tx.insert(rRel, [key, key * 10]);
            }
          }
        }
        expect(compiled.collect(tx) as Row[]).toEqual(executePlan(plan, tx));
      }),
      { numRuns: 200 },
    );
  });
});
