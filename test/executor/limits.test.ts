import { describe, expect, it } from 'vitest';
import { LimitError, PolyglotError } from '../../src/common/errors.js';
import type { Row } from '../../src/common/values.js';
import { createProfile, executePlan, openPlan } from '../../src/executor/execute.js';
import { TestTransaction } from './test-store.js';
import {
  Cols,
  agg,
  col,
  filter,
  fixpoint,
  gt,
  hashAggregate,
  hashJoin,
  lit,
  project,
  recRelation,
  recScan,
  run,
  tableScan,
  values,
  add,
  apply,
  eq,
} from './helpers.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LimitError);
    return `${(e as PolyglotError).code}: ${(e as Error).message}`;
  }
  throw new Error('expected a LimitError');
}

/** counting(n) = 0, 1, 2, … forever under bag semantics (no maxDepth): only a limit stops it. */
function endless() {
  const cs = new Cols();
  const [n, i, m, o, b] = cs.make('n', 'i', 'm', 'o', 'b');
  const r = recRelation(1, 'r', [n]);
  const step = project(recScan(r, true, [m]), [{ column: o, expr: add(col(m), lit(1)) }]);
  return fixpoint([{ relation: r, init: values([i], [[0]]), step }], recScan(r, false, [b]), 'bag');
}

describe('limits', () => {
  it('maxRows: one row more than allowed raises LIMIT_EXCEEDED', () => {
    const [x] = new Cols().make('x');
    const input = values([x], Array.from({ length: 10 }, (_, i) => [i]));
    expect(run(input, { maxRows: 10 })).toHaveLength(10);
    expect(code(() => run(input, { maxRows: 9 }))).toMatch(/LIMIT_EXCEEDED: .*maxRows 9/);
  });

  it('timeoutMs stops a long fixpoint', () => {
    const t0 = performance.now();
    expect(code(() => run(endless(), { timeoutMs: 50 }))).toMatch(/LIMIT_EXCEEDED: .*timeoutMs 50/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('an aborted signal cancels, before or during execution', () => {
    const ac = new AbortController();
    ac.abort();
    expect(code(() => run(endless(), { signal: ac.signal }))).toMatch(/CANCELLED/);

    const tx = new TestTransaction();
    tx.batchSize = 10;
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 100 }, (_, i) => [i]));
    const [x] = new Cols().make('x');
    const ac2 = new AbortController();
    const stream = openPlan(tableScan(rel, [x]), tx, { signal: ac2.signal });
    expect(stream.next()).toHaveLength(10);
    ac2.abort();
    expect(code(() => stream.next())).toMatch(/CANCELLED/);
    expect(tx.stats.cursorsClosed).toBe(tx.stats.cursorsOpened);
  });

  it('errors close every open cursor', () => {
    const tx = new TestTransaction();
    const rel = tx.define('t', ['x'], [0], Array.from({ length: 100 }, (_, i) => [i]));
    const [x] = new Cols().make('x');
    expect(code(() => executePlan(tableScan(rel, [x]), tx, { maxRows: 5 }))).toMatch(/maxRows/);
    expect(tx.stats.cursorsClosed).toBe(tx.stats.cursorsOpened);
  });
});

describe('profile', () => {
  it('counts rows, batches and loops per node; nothing when not asked', () => {
    const tx = new TestTransaction();
    tx.batchSize = 100;
    const rel = tx.define('t', ['x', 'g'], [0], Array.from({ length: 1000 }, (_, i) => [i, i % 4]));
    const cs = new Cols();
    const [x, g] = cs.make('x', 'g');
    const [n] = cs.make('n');
    const scan = tableScan(rel, [x, g]);
    const filt = filter(scan, gt(col(x), lit(899)));
    const aggr = hashAggregate(filt, [g], [agg(n, 'sql.count_star', [])]);
    const profile = createProfile();
    const rows = executePlan(aggr, tx, { profile });
    expect(rows).toHaveLength(4);
    // Scan batches grow from 64 rows (table-scan.ts), capped here at 100: 64, 9 × 100, then 36.
    expect(profile.get(scan)).toMatchObject({ rows: 1000, batches: 11, loops: 1 });
    // x > 899 spans the batches 864–963 and 964–999.
    expect(profile.get(filt)).toMatchObject({ rows: 100, batches: 2, loops: 1 });
    expect(profile.get(aggr)).toMatchObject({ rows: 4, batches: 1, loops: 1 });
    expect(profile.get(aggr)!.timeMs).toBeGreaterThanOrEqual(profile.get(scan)!.timeMs);
  });

  it('loops count re-opens under apply and per fixpoint iteration', () => {
    const cs = new Cols();
    const [k] = cs.make('k');
    const [y] = cs.make('y');
    const sub = filter(values([y], [[1], [2], [3]]), eq(col(y), col(k)));
    const plan = apply('semi', values([k], [[1], [5], [3]]), sub);
    const profile = createProfile();
    expect(executePlan(plan, new TestTransaction(), { profile })).toEqual([[1], [3]]);
    expect(profile.get(sub)).toMatchObject({ loops: 3, rows: 2 });
    expect(profile.get(plan)).toMatchObject({ loops: 1, rows: 2 });

    const [n, i, m, o, b] = cs.make('n', 'i', 'm', 'o', 'b');
    const r = recRelation(1, 'r', [n]);
    const step = project(filter(recScan(r, true, [m]), gt(lit(5), col(m))), [{ column: o, expr: add(col(m), lit(1)) }]);
    const fp = fixpoint([{ relation: r, init: values([i], [[0]]), step }], recScan(r, false, [b]), 'set');
    const p2 = createProfile();
    expect(executePlan(fp, new TestTransaction(), { profile: p2 })).toHaveLength(6);
    expect(p2.get(step)).toMatchObject({ loops: 6, rows: 5 });
  });

  it('a hash join profile sees both inputs', () => {
    const cs = new Cols();
    const [a] = cs.make('a');
    const [c] = cs.make('c');
    const l = values([a], [[1], [2]]);
    const r = values([c], [[2], [3], [2]]);
    const j = hashJoin('inner', l, r, [col(a)], [col(c)]);
    const profile = createProfile();
    const rows: Row[] = executePlan(j, new TestTransaction(), { profile });
    expect(rows).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(profile.get(l)!.rows).toBe(2);
    expect(profile.get(r)!.rows).toBe(3);
    expect(profile.get(j)!.rows).toBe(2);
  });
});
