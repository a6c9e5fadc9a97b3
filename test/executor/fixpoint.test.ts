import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Column } from '../../src/algebra/index.js';
import type { Value } from '../../src/common/values.js';
import { TestTransaction } from './test-store.js';
import { Cols, add, col, filter, fixpoint, hashJoin, lit, lt, project, recRelation, recScan, run, sorted, tableScan, union, values } from './helpers.js';
import type { PhysicalPlan } from '../../src/algebra/index.js';
import type { CodedRows } from '../../src/executor/coded-rows.js';
import { compilePlan, openPlan } from '../../src/executor/execute.js';

/** BFS closure: every (x, y) with a non-empty path from x to y. */
function bfsClosure(edges: [number, number][]): Value[][] {
  const adj = new Map<number, number[]>();
  for (const [a, b] of edges) adj.set(a, [...(adj.get(a) ?? []), b]);
  const out: Value[][] = [];
  for (const start of new Set(edges.map((e) => e[0]))) {
    const seen = new Set<number>();
    const queue = [...(adj.get(start) ?? [])];
    while (queue.length) {
      const n = queue.shift()!;
      if (seen.has(n)) continue;
      seen.add(n);
      out.push([start, n]);
      queue.push(...(adj.get(n) ?? []));
    }
  }
  return out;
}

/** Linear transitive closure: reach = edge ∪ Δreach ⋈ edge. */
function closurePlan(edges: [number, number][], semantics: 'set' | 'bag', maxDepth: number | null = null) {
  const tx = new TestTransaction();
  const edge = tx.define('edge', ['a', 'b'], null, edges);
  const cs = new Cols();
  const [x, y] = cs.make('x', 'y');
  const reach = recRelation(1, 'reach', [x, y]);
  const [ea, eb, ea2, eb2, dx, dy, ox, oy, bx, by] = cs.make('ea', 'eb', 'ea2', 'eb2', 'dx', 'dy', 'ox', 'oy', 'bx', 'by');
  const step = project(hashJoin('inner', recScan(reach, true, [dx, dy]), tableScan(edge, [ea2, eb2]), [col(dy)], [col(ea2)]), [
    { column: ox, expr: col(dx) },
    { column: oy, expr: col(eb2) },
  ]);
  const plan = fixpoint([{ relation: reach, init: tableScan(edge, [ea, eb]), step }], recScan(reach, false, [bx, by]), semantics, maxDepth);
  return { tx, plan };
}

describe('fixpoint', () => {
  it('transitive closure of a chain (set semantics) equals BFS', () => {
    const edges = Array.from({ length: 40 }, (_, i) => [i, i + 1] as [number, number]);
    const { tx, plan } = closurePlan(edges, 'set');
    const rows = run(plan, {}, tx);
    expect(rows).toHaveLength((40 * 41) / 2);
    expect(sorted(rows)).toEqual(sorted(bfsClosure(edges)));
  });

  it('transitive closure of random cyclic graphs (set semantics) equals BFS', () => {
    const edge = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }));
    fc.assert(
      fc.property(fc.uniqueArray(edge, { maxLength: 20, selector: (e) => `${e[0]},${e[1]}` }), (edges) => {
        const { tx, plan } = closurePlan(edges, 'set');
        expect(sorted(run(plan, {}, tx))).toEqual(sorted(bfsClosure(edges)));
      }),
      { numRuns: 100 },
    );
  });

  it('non-linear closure T(x,z) :- T(x,y), T(y,z) with ΔT⋈T ∪ T⋈ΔT', () => {
    const edge = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.uniqueArray(edge, { maxLength: 25, selector: (e) => `${e[0]},${e[1]}` }), (edges) => {
        const tx = new TestTransaction();
        const rel = tx.define('edge', ['a', 'b'], null, edges);
        const cs = new Cols();
        const [x, y] = cs.make('x', 'y');
        const t = recRelation(7, 't', [x, y]);
        const half = (leftDelta: boolean): PhysicalPlan => {
          const [lx, ly, rx, ry, ox, oy] = cs.make('lx', 'ly', 'rx', 'ry', 'ox', 'oy');
          return project(hashJoin('inner', recScan(t, leftDelta, [lx, ly]), recScan(t, !leftDelta, [rx, ry]), [col(ly)], [col(rx)]), [
            { column: ox, expr: col(lx) },
            { column: oy, expr: col(ry) },
          ]);
        };
        const [u, v, ea, eb, bx, by] = cs.make('u', 'v', 'ea', 'eb', 'bx', 'by');
        const plan = fixpoint([{ relation: t, init: tableScan(rel, [ea, eb]), step: union([u, v], half(true), half(false)) }], recScan(t, false, [bx, by]), 'set');
        expect(sorted(run(plan, {}, tx))).toEqual(sorted(bfsClosure(edges)));
      }),
      { numRuns: 100 },
    );
  });

  it('mutual recursion: even and odd numbers below 20', () => {
    const cs = new Cols();
    const [n] = cs.make('n');
    const even = recRelation(1, 'even', [n]);
    const odd = recRelation(2, 'odd', [n]);
    const next = (from: typeof even): PhysicalPlan => {
      const [m, o] = cs.make('m', 'o');
      return project(filter(recScan(from, true, [m]), lt(col(m), lit(19))), [{ column: o, expr: add(col(m), lit(1)) }]);
    };
    const [i0, i1, e, o] = cs.make('i0', 'i1', 'e', 'o');
    const bindings = [
      { relation: even, init: values([i0], [[0]]), step: next(odd) },
      { relation: odd, init: values([i1], []), step: next(even) },
    ];
    const evens = run(fixpoint(bindings, recScan(even, false, [e]), 'set'));
    const odds = run(fixpoint(bindings, recScan(odd, false, [o]), 'set'));
    expect(evens.map((r) => r[0])).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(odds.map((r) => r[0])).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
  });

  it('within an iteration every step sees the previous iteration (not rows derived in this one)', () => {
    // a: init {0}; step a(n+1) :- Δa(n), n < 3.   b: init {}; step b(n) :- a(n) (full a).
    // Iteration k: a derives k (k <= 3) while b reads full a as of the end of k-1, i.e.
    // {0..k-1}: b lags a by one iteration. Iteration 4 derives nothing for a but b reads 3;
    // iteration 5 derives nothing (Δb = {3} kept it going) and the fixpoint stops.
    const cs = new Cols();
    const [n] = cs.make('n');
    const a = recRelation(1, 'a', [n]);
    const b = recRelation(2, 'b', [n]);
    const [m, o, p, i0, i1, out] = cs.make('m', 'o', 'p', 'i0', 'i1', 'out');
    const stepA = project(filter(recScan(a, true, [m]), lt(col(m), lit(3))), [{ column: o, expr: add(col(m), lit(1)) }]);
    const stepB = recScan(a, false, [p]);
    const bindings = [
      { relation: a, init: values([i0], [[0]]), step: stepA },
      { relation: b, init: values([i1], []), step: stepB },
    ];
    expect(run(fixpoint(bindings, recScan(b, false, [out]), 'set')).map((r) => r[0])).toEqual([0, 1, 2, 3]);
    // maxDepth 1: b's single step saw only a's init
    expect(run(fixpoint(bindings, recScan(b, false, [out]), 'set', 1)).map((r) => r[0])).toEqual([0]);
    // the body's delta read sees the last iteration's new rows
    expect(run(fixpoint(bindings, recScan(a, true, [out]), 'set', 2)).map((r) => r[0])).toEqual([2]);
  });

  it('bag semantics keeps duplicates and stops at maxDepth (cycle)', () => {
    const { tx, plan } = closurePlan(
      [
        [1, 2],
        [2, 1],
      ],
      'bag',
      3,
    );
    const rows = run(plan, {}, tx);
    // init 2 rows, then each iteration extends each path by one edge: 2 + 2 + 2 + 2
    expect(rows).toHaveLength(8);
    expect(sorted(rows)).toEqual(sorted([[1, 2], [2, 1], [1, 1], [2, 2], [1, 2], [2, 1], [1, 1], [2, 2]]));
  });

  it('bag semantics stops when the delta is empty (diamond: duplicate paths kept)', () => {
    const { tx, plan } = closurePlan(
      [
        [1, 2],
        [1, 3],
        [2, 4],
        [3, 4],
      ],
      'bag',
    );
    expect(sorted(run(plan, {}, tx))).toEqual(sorted([[1, 2], [1, 3], [2, 4], [3, 4], [1, 4], [1, 4]]));
  });

  it('maxDepth 0 evaluates only the inits; set semantics dedupes the init', () => {
    const { tx, plan } = closurePlan(
      [
        [1, 2],
        [2, 3],
        [1, 2],
      ],
      'set',
      0,
    );
    expect(run(plan, {}, tx)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('a plan compiled once (a prepared statement) derives the same rows from scratch at every run', () => {
    const edges = randomEdges(25, 50);
    const { tx, plan: whole } = closurePlan(edges, 'set');
    const plan = whole as Extract<PhysicalPlan, { kind: 'fixpoint' }>;
    const filtered: PhysicalPlan = { ...plan, body: filter(plan.body, lt(col(plan.body.schema[0]), lit(12))) };
    const want = sorted(bfsClosure(edges));
    for (const p of [plan, filtered]) {
      const compiled = compilePlan(p, tx);
      const expected = p === plan ? want : want.filter((r) => (r[0] as number) < 12);
      // Coded hand-over (collect), batches (open), and again: each run starts from empty relations.
      for (let i = 0; i < 3; i++) {
        const coded = compiled.collect(tx, {}, true);
        expect(sorted(Array.isArray(coded) ? coded : coded.rows())).toEqual(expected);
        const stream = compiled.open(tx);
        const rows = [];
        for (let b = stream.next(); b !== null; b = stream.next()) rows.push(...b);
        stream.close();
        expect(sorted(rows)).toEqual(expected);
      }
    }
  });

  it('a fixpoint can be re-opened (under apply) and starts from scratch', () => {
    const { tx, plan } = closurePlan(
      Array.from({ length: 5 }, (_, i) => [i, i + 1] as [number, number]),
      'set',
    );
    const cs = new Cols();
    const [k] = cs.make('k');
    const appl = { kind: 'apply' as const, schema: [k, ...plan.schema], estimatedRows: 0, mode: 'cross' as const, input: values([k], [[1], [2]]), subquery: plan, column: null };
    expect(run(appl, {}, tx)).toHaveLength(30);
  });
});

describe('fixpoint: the coded hand-over of a relation read whole', () => {
  const edges = randomEdges(30, 60);

  it('a body that reads the relation whole hands every row over as codes, the rows its batches would hold', () => {
    const { tx, plan } = closurePlan(edges, 'set');
    const stream = openPlan(plan, tx);
    const coded = stream.codes?.() ?? null;
    expect(coded).not.toBeNull();
    expect(stream.next()).toBeNull();
    const rows = (coded as CodedRows).rows();
    expect(coded?.count).toBe(rows.length);
    expect(sorted(rows)).toEqual(sorted(bfsClosure(edges)));
    expect(rows).toEqual(run(plan, {}, tx));
  });

  it('rows handed over as codes stay as derived while later runs reuse the arrays each run gives back to the pool', () => {
    // Each run's relations, sets, chains and dictionary arrays go back to scratch.ts at close,
    // except the codes handed over: the caller reads them after the run, and after others.
    const { tx, plan } = closurePlan(edges, 'set');
    const compiled = compilePlan(plan, tx);
    const held = compiled.collect(tx, {}, true);
    const other = randomEdges(30, 60).map(([a, b]) => [b + 100, a + 100] as [number, number]);
    const { tx: otherTx, plan: otherPlan } = closurePlan(other, 'set');
    const otherCompiled = compilePlan(otherPlan, otherTx);
    for (let i = 0; i < 4; i++) {
      const got = otherCompiled.collect(otherTx, {}, true);
      expect(sorted(Array.isArray(got) ? got : got.rows())).toEqual(sorted(bfsClosure(other)));
      const again = compiled.collect(tx, {}, true);
      expect(sorted(Array.isArray(again) ? again : again.rows())).toEqual(sorted(bfsClosure(edges)));
    }
    expect(Array.isArray(held)).toBe(false);
    expect(sorted((held as CodedRows).rows())).toEqual(sorted(bfsClosure(edges)));
  });

  it('a body that filters the relation is served in batches', () => {
    const { tx, plan } = closurePlan(edges, 'set');
    const [bx] = plan.schema;
    const whole = plan as Extract<PhysicalPlan, { kind: 'fixpoint' }>;
    const filtered: PhysicalPlan = { ...whole, body: filter(whole.body, lt(col(bx), lit(10))) };
    const stream = openPlan(filtered, tx);
    expect(stream.codes?.() ?? null).toBeNull();
    const rows: Value[][] = [];
    for (let b = stream.next(); b !== null; b = stream.next()) rows.push(...b);
    expect(sorted(rows)).toEqual(sorted(bfsClosure(edges).filter((r) => (r[0] as number) < 10)));
  });

  it('bag semantics keeps no codes: served in batches', () => {
    const { tx, plan } = closurePlan(edges.slice(0, 10), 'bag', 3);
    expect(openPlan(plan, tx).codes?.() ?? null).toBeNull();
  });

  /** nested wraps `inner` as the body of an enclosing set Fixpoint (one binding of a single row, no step), as Datalog nests its components. */
  function nested(inner: PhysicalPlan): PhysicalPlan {
    const cs = new Cols();
    const [s, si] = cs.make('s', 'si');
    const seed = recRelation(9, 'seed', [s]);
    return fixpoint([{ relation: seed, init: values([si], [[1]]), step: union([cs.make('ss')[0]]) }], inner, 'set');
  }

  it('a nested Fixpoint whose body reads its relation whole: the enclosing one hands its codes over', () => {
    const { tx, plan } = closurePlan(edges, 'set');
    const outer = nested(nested(plan));
    const stream = openPlan(outer, tx);
    const coded = stream.codes?.() ?? null;
    expect(coded).not.toBeNull();
    expect(stream.next()).toBeNull();
    const rows = (coded as CodedRows).rows();
    expect(sorted(rows)).toEqual(sorted(bfsClosure(edges)));
    expect(rows).toEqual(run(outer, {}, tx));
  });

  it('a nested Fixpoint that makes no hand-over: the enclosing one serves its batches, opened once', () => {
    const { tx, plan } = closurePlan(edges, 'set');
    const [bx] = plan.schema;
    const whole = plan as Extract<PhysicalPlan, { kind: 'fixpoint' }>;
    const outer = nested({ ...whole, body: filter(whole.body, lt(col(bx), lit(10))) });
    const stream = openPlan(outer, tx);
    expect(stream.codes?.() ?? null).toBeNull();
    const rows: Value[][] = [];
    for (let b = stream.next(); b !== null; b = stream.next()) rows.push(...b);
    expect(sorted(rows)).toEqual(sorted(bfsClosure(edges).filter((r) => (r[0] as number) < 10)));
  });

  it('maxRows bounds a coded result as it bounds batches', () => {
    const { tx, plan } = closurePlan(edges, 'set');
    const n = bfsClosure(edges).length;
    expect(openPlan(plan, tx, { maxRows: n }).codes?.()?.count).toBe(n);
    expect(() => openPlan(plan, tx, { maxRows: n - 1 }).codes?.()).toThrow(/LIMIT_EXCEEDED|maxRows/);
  });
});

/** randomEdges: `m` distinct random edges over `n` nodes (a fixed seed). */
function randomEdges(n: number, m: number): [number, number][] {
  let s = 7;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const seen = new Set<string>();
  const out: [number, number][] = [];
  while (out.length < m) {
    const e: [number, number] = [next(), next()];
    if (!seen.has(`${e}`)) seen.add(`${e}`), out.push(e);
  }
  return out;
}

export type { Column };
