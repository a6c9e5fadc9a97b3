/**
 * The Fixpoint's fused join steps (fixpoint-join.ts) against the same plans run through the
 * operators (a profiled run — EXPLAIN ANALYZE — never fuses), on random data whose values mix
 * small integers, large integers, strings, NULLs and booleans: every shape the fused loop
 * distinguishes (a relation read as codes or rows on either side; a built side kept, rebuilt
 * or extended; keys of one or two columns; output columns in either order; a residual; a bare
 * join without projection; mutual recursion; an index join switched to a hash table of its
 * relation part-way, with or without the whole relation read by then, as a step or as the init
 * of a nested Fixpoint — where the driving rows are hashed and the relation streamed past them
 * instead, unless it is too large; a chain of joins driven by a relation's codes, in an init of
 * a nested Fixpoint or in a step) must give the same rows. Closures are also checked against a
 * breadth-first search, independent of both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhysicalPlan, RecursiveRelation } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { createProfile } from '../../src/executor/execute.js';
import { Cols, call, col, fixpoint, lit, hashJoin, indexJoin, nestedLoopJoin, project, recRelation, recScan, run, sorted, tableScan, union, values } from './helpers.js';
import { HashedProbingTransaction, ProbingTransaction, TestTransaction } from './test-store.js';

const transactions: [string, () => TestTransaction][] = [
  ['cursors', () => new TestTransaction()],
  ['probes', () => new ProbingTransaction()],
  ['probes answered by hash', () => new HashedProbingTransaction()],
];

const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 7 }) },
  { weight: 1, arbitrary: fc.constantFrom<Value>(5_000_000, -2, 'a', 'b', null, true) },
);
const pairs = fc.array(fc.tuple(value, value), { maxLength: 24 });
const triples = fc.array(fc.tuple(value, value, fc.constantFrom<Value>(0, 1, 'x')), { maxLength: 24 });

/** both runs a plan fused and through the operators and expects the same rows; returns them. */
function both(plan: PhysicalPlan, tx: TestTransaction): Row[] {
  const fused = sorted(run(plan, {}, tx));
  const operators = sorted(run(plan, { profile: createProfile() }, tx));
  expect(fused).toEqual(operators);
  return fused;
}

/** reachable: every (x, y) joined by a non-empty path of `edges` whose keys are not NULL (NULL matches nothing); a search from each source. */
function reachable(edges: readonly (readonly Value[])[]): Row[] {
  const key = (v: Value) => (typeof v === 'string' ? `s${v}` : String(v));
  const next = new Map<string, Value[]>();
  const sources = new Map<string, { x: Value; targets: Value[] }>();
  for (const [a, b] of edges) {
    if (a !== null) next.set(key(a), [...(next.get(key(a)) ?? []), b]);
    const s = sources.get(key(a)) ?? { x: a, targets: [] };
    s.targets.push(b);
    sources.set(key(a), s);
  }
  const out: Row[] = [];
  for (const { x, targets } of sources.values()) {
    const seen = new Map<string, Value>();
    const queue = [...targets];
    while (queue.length > 0) {
      const y = queue.pop() as Value;
      if (seen.has(key(y))) continue;
      seen.set(key(y), y);
      if (y !== null) queue.push(...(next.get(key(y)) ?? []));
    }
    for (const y of seen.values()) out.push([x, y]);
  }
  return sorted(out);
}

function closure(edges: readonly (readonly Value[])[], step: (r: RecursiveRelation, edge: ReturnType<TestTransaction['define']>, cs: Cols) => PhysicalPlan) {
  const tx = new TestTransaction();
  const edge = tx.define('edge', ['a', 'b'], null, edges.map((e) => [...e]));
  const cs = new Cols();
  const [x, y, ea, eb, bx, by] = cs.make('x', 'y', 'ea', 'eb', 'bx', 'by');
  const r = recRelation(1, 'r', [x, y]);
  const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step: step(r, edge, cs) }], recScan(r, false, [bx, by]), 'set');
  return { tx, plan };
}

describe('fixpoint fused joins', () => {
  // Linear closures: which side is the relation, which join columns, which output order.
  const linear: [string, (r: RecursiveRelation, edge: ReturnType<TestTransaction['define']>, cs: Cols) => PhysicalPlan][] = [
    [
      'Δr(x, z) ⋈ edge(z, y) → (x, y): the relation read as codes, the table kept',
      (r, edge, cs) => {
        const [dx, dz, ea, eb, ox, oy] = cs.make('dx', 'dz', 'ea', 'eb', 'ox', 'oy');
        return project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(edge, [ea, eb]), [col(dz)], [col(ea)]), [
          { column: ox, expr: col(dx) },
          { column: oy, expr: col(eb) },
        ]);
      },
    ],
    [
      'edge(x, z) ⋈ Δr(z, y) → (x, y): output taken right-first, probes read through operators, Δ rebuilt',
      (r, edge, cs) => {
        const [dz, dy, ea, eb, ox, oy] = cs.make('dz', 'dy', 'ea', 'eb', 'ox', 'oy');
        return project(hashJoin('inner', tableScan(edge, [ea, eb]), recScan(r, true, [dz, dy]), [col(eb)], [col(dz)]), [
          { column: ox, expr: col(ea) },
          { column: oy, expr: col(dy) },
        ]);
      },
    ],
    [
      'Δr(z, y) ⋈ edge(x, z) → (x, y): the left relation contributes the second column',
      (r, edge, cs) => {
        const [dz, dy, ea, eb, ox, oy] = cs.make('dz', 'dy', 'ea', 'eb', 'ox', 'oy');
        return project(hashJoin('inner', recScan(r, true, [dz, dy]), tableScan(edge, [ea, eb]), [col(dz)], [col(eb)]), [
          { column: ox, expr: col(ea) },
          { column: oy, expr: col(dy) },
        ]);
      },
    ],
  ];
  for (const [name, step] of linear) {
    it(name, () => {
      fc.assert(
        fc.property(pairs, (edges) => {
          const { tx, plan } = closure(edges, step);
          expect(both(plan, tx)).toEqual(reachable(edges));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('non-linear ΔT ⋈ T ∪ T ⋈ ΔT: a full read built once and extended each iteration', () => {
    fc.assert(
      fc.property(pairs, (edges) => {
        const { tx, plan } = closure(edges, (r, _edge, cs) => {
          const half = (leftDelta: boolean): PhysicalPlan => {
            const [lx, ly, rx, ry, ox, oy] = cs.make('lx', 'ly', 'rx', 'ry', 'ox', 'oy');
            return project(hashJoin('inner', recScan(r, leftDelta, [lx, ly]), recScan(r, !leftDelta, [rx, ry]), [col(ly)], [col(rx)]), [
              { column: ox, expr: col(lx) },
              { column: oy, expr: col(ry) },
            ]);
          };
          const [u, v] = cs.make('u', 'v');
          return union([u, v], half(true), half(false));
        });
        expect(both(plan, tx)).toEqual(reachable(edges));
      }),
      { numRuns: 150 },
    );
  });

  it('a full read of another relation, empty when first built, sees the rows it gains', () => {
    fc.assert(
      fc.property(pairs, (edges) => {
        const tx = new TestTransaction();
        const edge = tx.define('edge', ['a', 'b'], null, edges.map((e) => [...e]));
        const cs = new Cols();
        const c = cs.make('ax', 'ay', 'bx', 'by', 'cx', 'cy', 'ea', 'eb', 'fa', 'fb', 'd1', 'd2', 'o1', 'o2', 'g1', 'g2', 'h1', 'h2', 'z1', 'z2', 'p1', 'p2', 'i0', 'i1', 'j0', 'j1', 'r1', 'r2');
        const [ax, ay, bx, by, cx, cy, ea, eb, fa, fb, d1, d2, o1, o2, g1, g2, h1, h2, z1, z2, p1, p2, i0, i1, j0, j1, r1, r2] = c;
        const a = recRelation(1, 'a', [ax, ay]);
        const b = recRelation(2, 'b', [bx, by]);
        const k = recRelation(3, 'k', [cx, cy]);
        // a: the closure of edge.  b(x, y) :- Δa(x, y) (b lags a by one iteration, empty at first).
        // k(x, y) :- Δa(x, z), b(z, y): its built side (b in full) is first built empty and
        // must take in b's new rows every iteration.
        const aStep = project(hashJoin('inner', recScan(a, true, [d1, d2]), tableScan(edge, [fa, fb]), [col(d2)], [col(fa)]), [
          { column: o1, expr: col(d1) },
          { column: o2, expr: col(fb) },
        ]);
        const kStep = project(hashJoin('inner', recScan(a, true, [g1, g2]), recScan(b, false, [h1, h2]), [col(g2)], [col(h1)]), [
          { column: z1, expr: col(g1) },
          { column: z2, expr: col(h2) },
        ]);
        const plan = fixpoint(
          [
            { relation: a, init: tableScan(edge, [ea, eb]), step: aStep },
            { relation: b, init: values([i0, i1], []), step: recScan(a, true, [p1, p2]) },
            { relation: k, init: values([j0, j1], []), step: kStep },
          ],
          recScan(k, false, [r1, r2]),
          'set',
        );
        both(plan, tx);
      }),
      { numRuns: 150 },
    );
  });

  it('a residual condition is checked on every candidate', () => {
    fc.assert(
      fc.property(pairs, (edges) => {
        const { tx, plan } = closure(edges, (r, edge, cs) => {
          const [dx, dz, ea, eb, ox, oy] = cs.make('dx', 'dz', 'ea', 'eb', 'ox', 'oy');
          // Extend only to a different node than the path's start (NULL comparisons reject).
          const residual = call('sql.ne', [col(dx), col(eb)]);
          return project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(edge, [ea, eb]), [col(dz)], [col(ea)], residual), [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(eb) },
          ]);
        });
        both(plan, tx);
      }),
      { numRuns: 150 },
    );
  });

  it('keys of two columns and rows of three: labelled paths', () => {
    fc.assert(
      fc.property(triples, (edges) => {
        const tx = new TestTransaction();
        const edge = tx.define('edge', ['a', 'b', 'l'], null, edges.map((e) => [...e]));
        const cs = new Cols();
        const [x, y, l, ea, eb, el, dx, dz, dl, fa, fb, fl, ox, oy, ol, bx, by, bl] = cs.make('x', 'y', 'l', 'ea', 'eb', 'el', 'dx', 'dz', 'dl', 'fa', 'fb', 'fl', 'ox', 'oy', 'ol', 'bx', 'by', 'bl');
        const p = recRelation(3, 'p', [x, y, l]);
        // p(x, y, l) :- edge(x, y, l).   p(x, y, l) :- Δp(x, z, l), edge(z, y, l).
        const step = project(hashJoin('inner', recScan(p, true, [dx, dz, dl]), tableScan(edge, [fa, fb, fl]), [col(dz), col(dl)], [col(fa), col(fl)]), [
          { column: ox, expr: col(dx) },
          { column: oy, expr: col(fb) },
          { column: ol, expr: col(dl) },
        ]);
        const plan = fixpoint([{ relation: p, init: tableScan(edge, [ea, eb, el]), step }], recScan(p, false, [bx, by, bl]), 'set');
        const rows = both(plan, tx);
        // Per label, the paths are the closure of that label's edges.
        const labels = [...new Set(edges.map((e) => e[2]))];
        const want = labels.flatMap((lab) => reachable(edges.filter((e) => e[2] === lab)).map(([a, b]) => [a, b, lab]));
        expect(rows).toEqual(sorted(want));
      }),
      { numRuns: 150 },
    );
  });

  it('mutual recursion with a bare join step (no projection) reading the other relation as codes', () => {
    fc.assert(
      fc.property(pairs, fc.array(value, { maxLength: 3 }), (edges, starts) => {
        const tx = new TestTransaction();
        const edge = tx.define('edge', ['a', 'b'], null, edges.map((e) => [...e]));
        const start = tx.define('start', ['n'], null, starts.map((s) => [s]));
        const cs = new Cols();
        const [n, a, m, b, sn, ea, eb, pa, pm, pb, on, ba, bm, bb] = cs.make('n', 'a', 'm', 'b', 'sn', 'ea', 'eb', 'pa', 'pm', 'pb', 'on', 'ba', 'bm', 'bb');
        const s = recRelation(1, 's', [n]);
        const steps = recRelation(2, 'steps', [a, m, b]);
        // s(n) :- start(n).   s(b) :- Δsteps(_, _, b).   steps(a, a', b) :- Δs(a), edge(a', b), a = a'.
        const sStep = project(recScan(steps, true, [pa, pm, pb]), [{ column: on, expr: col(pb) }]);
        const [dn] = cs.make('dn');
        const stepsStep = hashJoin('inner', recScan(s, true, [dn]), tableScan(edge, [ea, eb]), [col(dn)], [col(ea)]);
        const [i0, i1, i2] = cs.make('i0', 'i1', 'i2');
        const plan = fixpoint(
          [
            { relation: s, init: tableScan(start, [sn]), step: sStep },
            { relation: steps, init: values([i0, i1, i2], []), step: stepsStep },
          ],
          recScan(steps, false, [ba, bm, bb]),
          'set',
        );
        const rows = both(plan, tx);
        // Every edge leaving a node reachable from a start (or a start itself).
        const reach = reachable(edges);
        const nodes = new Set([...starts, ...reach.filter(([x]) => x !== null && starts.includes(x)).map(([, y]) => y)].filter((v) => v !== null).map((v) => JSON.stringify(v)));
        const want = edges.filter(([x]) => nodes.has(JSON.stringify(x))).map(([x, y]) => [x, x, y]);
        expect(rows).toEqual(sorted([...new Map(want.map((w) => [JSON.stringify(w), w])).values()]));
      }),
      { numRuns: 150 },
    );
  });

  // An index join's lookups turn into a hash table of the looked-up relation once a few hundred
  // were made (fixpoint-join.ts): a chain of 24–40 nodes makes 300–800 of them, so the switch
  // happens mid-run; thousands of unrelated edges keep the relation from being read whole at
  // once, so some iterations run on lookups while a part of it is hashed.
  const chained = fc.record({
    random: pairs,
    chain: fc.integer({ min: 24, max: 40 }),
    filler: fc.constantFrom(0, 3000),
    byIndex: fc.boolean(),
  });
  /** edgesOf: the random edges, a chain 100 → 101 → …, and `filler` edges among other nodes. */
  const edgesOf = (e: { random: [Value, Value][]; chain: number; filler: number }): Value[][] => [
    ...e.random.map((p) => [...p]),
    ...Array.from({ length: e.chain }, (_, i) => [100 + i, 101 + i]),
    ...Array.from({ length: e.filler }, (_, i) => [10_000 + i, 20_000 + (i % 7)]),
  ];

  // Each through cursors (a transaction without probe: the lookups run IndexJoin's operators)
  // and through the store's probes (the fused lookups of fixpoint-lookups.ts).
  for (const [how, makeTx] of transactions) {
    it(`an index join step: lookups, then a hash table of the relation read a slice per iteration (${how})`, () => {
      fc.assert(
        fc.property(chained, (e) => {
          // Looked up by an index on a, or by the primary key's prefix (a, b) (which holds no NULL).
          const edges = e.byIndex ? edgesOf(e) : dedupe(edgesOf(e).filter((r) => !r.includes(null)));
          const tx = makeTx();
          const edge = e.byIndex ? tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]) : tx.define('edge', ['a', 'b'], [0, 1], edges);
          const cs = new Cols();
          const [x, y, ea, eb, bx, by, dx, dz, fa, fb, ox, oy] = cs.make('x', 'y', 'ea', 'eb', 'bx', 'by', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy');
          const r = recRelation(1, 'r', [x, y]);
          const join = indexJoin('inner', recScan(r, true, [dx, dz]), edge, e.byIndex ? edge.indexes[0] : null, [col(dz)], [fa, fb], call('sql.eq', [col(fa), col(dz)]));
          const step = project(join, [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(fb) },
          ]);
          const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step }], recScan(r, false, [bx, by]), 'set');
          expect(both(plan, tx)).toEqual(reachable(edges));
        }),
        { numRuns: 60 },
      );
    });

    // The residual re-checks the join condition on each found row; one that only restates the
    // key equality (either function, either order) is passed by rows identical to the key.
    it(`an index join step whose residual restates its key, or adds a condition (${how})`, () => {
      fc.assert(
        fc.property(chained, fc.constantFrom('sql.eq', 'eq mirrored', 'and another'), (e, how_) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]);
          const cs = new Cols();
          const [x, y, ea, eb, bx, by, dx, dz, fa, fb, ox, oy] = cs.make('x', 'y', 'ea', 'eb', 'bx', 'by', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy');
          const r = recRelation(1, 'r', [x, y]);
          const residual =
            how_ === 'sql.eq'
              ? call('sql.eq', [col(fa), col(dz)])
              : how_ === 'eq mirrored'
                ? call('eq', [col(dz), col(fa)])
                : call('and', [call('sql.eq', [col(fa), col(dz)]), call('sql.ne', [col(fb), lit(103)])]);
          const join = indexJoin('inner', recScan(r, true, [dx, dz]), edge, edge.indexes[0], [col(dz)], [fa, fb], residual, null, [0]);
          const step = project(join, [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(fb) },
          ]);
          const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step }], recScan(r, false, [bx, by]), 'set');
          const rows = both(plan, tx);
          if (how_ !== 'and another') expect(rows).toEqual(reachable(edges));
        }),
        { numRuns: 40 },
      );
    });

    it(`an index join whose leading key comes from a plan fixed for the run (a constant predicate): one, none or several rows of it, or a NULL (${how})`, () => {
      const fixedRows = fc.constantFrom<Value[][]>([[1]], [[2]], [], [[1], [2]], [[null]]);
      fc.assert(
        fc.property(chained, fixedRows, (e, fixed) => {
          // Triples (p, a, b), looked up by an index on (p, a): predicate 1 holds the chain, 2 the
          // random edges, 3 the filler (never under a fixed key: skipped when hashing).
          const predicate = (i: number) => (i < e.random.length ? 2 : i < e.random.length + e.chain ? 1 : 3);
          const triples = edgesOf(e).map(([a, b], i) => [predicate(i), a, b]);
          const tx = makeTx();
          const triple = tx.define('triple', ['p', 'a', 'b'], null, triples, [{ columns: [0, 1] }]);
          const cs = new Cols();
          const [x, y, k, dx, dz, tp, ta, tb, ox, oy, bx, by] = cs.make('x', 'y', 'k', 'dx', 'dz', 'tp', 'ta', 'tb', 'ox', 'oy', 'bx', 'by');
          const r = recRelation(1, 'r', [x, y]);
          const start = triples.filter(([p]) => p !== 3).map(([, a, b]) => [a, b]);
          const driving = nestedLoopJoin('inner', recScan(r, true, [dx, dz]), values([k], fixed), null);
          const join = indexJoin('inner', driving, triple, triple.indexes[0], [col(k), col(dz)], [tp, ta, tb], call('sql.eq', [col(ta), col(dz)]));
          const step = project(join, [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(tb) },
          ]);
          const plan = fixpoint([{ relation: r, init: values([x, y], start), step }], recScan(r, false, [bx, by]), 'set');
          const keys = new Set(fixed.map(([v]) => v));
          const followed = triples.filter(([p]) => keys.has(p)).map(([, a, b]) => [a, b]);
          expect(both(plan, tx)).toEqual(closureFrom(start, followed));
        }),
        { numRuns: 60 },
      );
    });

    it(`an index join as the init of a nested Fixpoint, driven by the enclosing relation; strings coded when first joined (${how})`, () => {
      fc.assert(
        fc.property(chained, (e) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges);
          // A name per node (strings, some NULL), looked up by node.
          const nodes = [...new Set(edges.flat().filter((v): v is number => typeof v === 'number'))];
          const name = tx.define('name', ['n', 's'], [0], nodes.map((n) => [n, n % 5 === 0 ? null : `node ${n % 50}`]));
          const cs = new Cols();
          const [x, y, ea, eb, dx, dz, fa, fb, ox, oy] = cs.make('x', 'y', 'ea', 'eb', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy');
          const [qx, qs, rx, ry, na, ns, o1, o2, bx, bs, i0, i1] = cs.make('qx', 'qs', 'rx', 'ry', 'na', 'ns', 'o1', 'o2', 'bx', 'bs', 'i0', 'i1');
          const r = recRelation(1, 'r', [x, y]);
          const q = recRelation(2, 'q', [qx, qs]);
          const rStep = project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(edge, [fa, fb]), [col(dz)], [col(fa)]), [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(fb) },
          ]);
          // q(x, s) :- r(x, y), name(y, s): every r row is a lookup.
          const qInit = project(indexJoin('inner', recScan(r, false, [rx, ry]), name, null, [col(ry)], [na, ns], call('sql.eq', [col(na), col(ry)])), [
            { column: o1, expr: col(rx) },
            { column: o2, expr: col(ns) },
          ]);
          const inner = fixpoint([{ relation: q, init: qInit, step: values([i0, i1], []) }], recScan(q, false, [bx, bs]), 'set');
          const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step: rStep }], inner, 'set');
          const names = new Map(nodes.map((n) => [n, n % 5 === 0 ? null : `node ${n % 50}`]));
          const want = reachable(edges).flatMap(([a, b]) => (typeof b === 'number' && names.has(b) ? [[a, names.get(b) as Value]] : []));
          expect(both(plan, tx)).toEqual(sorted([...new Map(want.map((w) => [JSON.stringify(w), w])).values()]));
        }),
        { numRuns: 40 },
      );
    });

    // A chain of joins (a rule body of several atoms): the left side of the last join is itself
    // a join driven by a relation held as codes, run fused into a relation of codes first.
    const marks = fc.array(fc.oneof(fc.integer({ min: 0, max: 7 }), fc.constantFrom<Value>(100, 110, 120, 'a', null, true)), { maxLength: 6 });
    it(`a chain as the init of a nested Fixpoint: the enclosing relation (codes in the shared dictionary) joined with a table, then looked up (${how})`, () => {
      fc.assert(
        fc.property(chained, marks, (e, marked) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges);
          const mark = tx.define('mark', ['m'], null, marked.map((m) => [m]));
          const nodes = [...new Set(edges.flat().filter((v): v is number => typeof v === 'number'))];
          const nameOf = (n: number): Value => (n % 5 === 0 ? null : `node ${n % 50}`);
          const name = tx.define('name', ['n', 's'], [0], nodes.map((n) => [n, nameOf(n)]));
          const cs = new Cols();
          const [x, y, ea, eb, dx, dz, fa, fb, ox, oy] = cs.make('x', 'y', 'ea', 'eb', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy');
          const [qx, qs, rx, ry, mm, px, py, na, ns, o1, o2, bx, bs, i0, i1] = cs.make('qx', 'qs', 'rx', 'ry', 'mm', 'px', 'py', 'na', 'ns', 'o1', 'o2', 'bx', 'bs', 'i0', 'i1');
          const r = recRelation(1, 'r', [x, y]);
          const q = recRelation(2, 'q', [qx, qs]);
          const rStep = project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(edge, [fa, fb]), [col(dz)], [col(fa)]), [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(fb) },
          ]);
          // q(x, s) :- r(x, y), mark(x), name(y, s).
          const marked_ = project(hashJoin('inner', recScan(r, false, [rx, ry]), tableScan(mark, [mm]), [col(rx)], [col(mm)]), [
            { column: px, expr: col(rx) },
            { column: py, expr: col(ry) },
          ]);
          const qInit = project(indexJoin('inner', marked_, name, null, [col(py)], [na, ns], call('sql.eq', [col(na), col(py)])), [
            { column: o1, expr: col(px) },
            { column: o2, expr: col(ns) },
          ]);
          const inner = fixpoint([{ relation: q, init: qInit, step: values([i0, i1], []) }], recScan(q, false, [bx, bs]), 'set');
          const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step: rStep }], inner, 'set');
          const isMarked = new Set(marked.filter((m) => m !== null).map((m) => JSON.stringify(m)));
          const want = reachable(edges).flatMap(([a, b]) => (isMarked.has(JSON.stringify(a)) && typeof b === 'number' && nodes.includes(b) ? [[a, nameOf(b)]] : []));
          expect(both(plan, tx)).toEqual(sorted(dedupe(want)));
        }),
        { numRuns: 40 },
      );
    });

    it(`a chain as a step: the delta joined with a table, then an index join, switched to a hash table part-way (${how})`, () => {
      fc.assert(
        fc.property(chained, marks, (e, allowed) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]);
          // Every chain node may be passed through, besides the random ones allowed.
          const through = [...allowed, ...Array.from({ length: e.chain }, (_, i) => 100 + i)];
          const pass = tx.define('pass', ['m'], null, through.map((m) => [m]));
          const cs = new Cols();
          const [x, y, dx, dz, mm, px, pz, fa, fb, ox, oy, bx, by] = cs.make('x', 'y', 'dx', 'dz', 'mm', 'px', 'pz', 'fa', 'fb', 'ox', 'oy', 'bx', 'by');
          const r = recRelation(1, 'r', [x, y]);
          // r(x, y) :- r(x, z), pass(z), edge(z, y).
          const passed = project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(pass, [mm]), [col(dz)], [col(mm)]), [
            { column: px, expr: col(dx) },
            { column: pz, expr: col(dz) },
          ]);
          const step = project(indexJoin('inner', passed, edge, edge.indexes[0], [col(pz)], [fa, fb], call('sql.eq', [col(fa), col(pz)])), [
            { column: ox, expr: col(px) },
            { column: oy, expr: col(fb) },
          ]);
          const start: Value[][] = [[100, 100], [0, 1], ['a', 2]];
          const plan = fixpoint([{ relation: r, init: values([x, y], start), step }], recScan(r, false, [bx, by]), 'set');
          const isPassed = new Set(through.filter((m) => m !== null).map((m) => JSON.stringify(m)));
          expect(both(plan, tx)).toEqual(closureFrom(start, edges.filter(([a]) => isPassed.has(JSON.stringify(a)))));
        }),
        { numRuns: 40 },
      );
    });

    // The residual restates both keys (a stored row identical to its key's values passes it
    // unevaluated, also when streamed), or adds a condition (evaluated on the driving row, built
    // from its codes).
    it(`an index join of two keys as the init of a nested Fixpoint: the driving rows hashed and the relation streamed past them, or its lookups when it is too large (${how})`, () => {
      fc.assert(
        fc.property(chained, fc.constantFrom(0, 5000), fc.boolean(), (e, extra, another) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges);
          // label(n, k, s): a label of node n as seen from node k (strings, some NULL), looked up by (n, k) — the primary key.
          const labels: Value[][] = [];
          for (let n = 100; n <= 100 + e.chain; n++) for (let k = 98; k <= 100 + e.chain; k += 3) labels.push([n, k, (n + k) % 4 === 0 ? null : `l${(n * k) % 9}`]);
          for (let i = 0; i < extra; i++) labels.push([30_000 + i, i % 5, 'far']);
          const label = tx.define('label', ['n', 'k', 's'], [0, 1], labels);
          const cs = new Cols();
          const [x, y, ea, eb, dx, dz, fa, fb, ox, oy] = cs.make('x', 'y', 'ea', 'eb', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy');
          const [qx, qs, rx, ry, ln, lk, ls, o1, o2, bx, bs, i0, i1] = cs.make('qx', 'qs', 'rx', 'ry', 'ln', 'lk', 'ls', 'o1', 'o2', 'bx', 'bs', 'i0', 'i1');
          const r = recRelation(1, 'r', [x, y]);
          const q = recRelation(2, 'q', [qx, qs]);
          const rStep = project(hashJoin('inner', recScan(r, true, [dx, dz]), tableScan(edge, [fa, fb]), [col(dz)], [col(fa)]), [
            { column: ox, expr: col(dx) },
            { column: oy, expr: col(fb) },
          ]);
          // q(x, s) :- r(x, y), label(y, x, s).
          const keys = [call('sql.eq', [col(ln), col(ry)]), call('sql.eq', [col(lk), col(rx)])];
          const residual = call('and', another ? [...keys, call('sql.ne', [col(ls), col(rx)])] : keys);
          const qInit = project(indexJoin('inner', recScan(r, false, [rx, ry]), label, null, [col(ry), col(rx)], [ln, lk, ls], residual, null, [0, 1]), [
            { column: o1, expr: col(rx) },
            { column: o2, expr: col(ls) },
          ]);
          const inner = fixpoint([{ relation: q, init: qInit, step: values([i0, i1], []) }], recScan(q, false, [bx, bs]), 'set');
          const plan = fixpoint([{ relation: r, init: tableScan(edge, [ea, eb]), step: rStep }], inner, 'set');
          const byKey = new Map(labels.map(([n, k, s]) => [`${String(n)},${String(k)}`, s]));
          const want = reachable(edges).flatMap(([a, b]) => {
            const s = byKey.get(`${String(b)},${String(a)}`);
            // sql.ne of a label (a string or NULL) and a number: true for a string, NULL for NULL.
            if (another && s === null) return [];
            return typeof a === 'number' && typeof b === 'number' && s !== undefined ? [[a, s]] : [];
          });
          expect(both(plan, tx)).toEqual(sorted([...new Map(want.map((w) => [JSON.stringify(w), w])).values()]));
        }),
        { numRuns: 40 },
      );
    });

    // The bound-bound closure of a magic-set rewrite, s(x, a) :- m(x, a), edge(x, z), s(z, a), with
    // m an enclosing Fixpoint's relation: the chain m ⋈ edge reads no relation of s's Fixpoint.
    it(`a chain that reads no relation of its Fixpoint, in a nested one's step: run once per run, joined with the delta every iteration (${how})`, () => {
      fc.assert(
        fc.property(chained, fc.array(fc.tuple(value, value), { maxLength: 6 }), (e, seeds) => {
          const edges = edgesOf(e);
          const tx = makeTx();
          const edge = tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]);
          const { plan, m } = boundClosure(edge, seeds.map((r) => [...r]));
          const below = m(edges);
          const reach = new Set(reachable(edges).map((r) => JSON.stringify(r)));
          const want = below.filter(([x, a]) => x !== null && a !== null && reach.has(JSON.stringify([x, a])));
          expect(both(plan, tx)).toEqual(sorted(want));
        }),
        { numRuns: 40 },
      );
    });
  }

  it('a chain that reads no relation of its Fixpoint makes its lookups once per run, not once per iteration', () => {
    // A chain 100 → 101 → … → 140 and the seed (100, 140): m holds 41 rows, s gains one row per iteration for 39 iterations.
    const edges = Array.from({ length: 40 }, (_, i) => [100 + i, 101 + i]);
    const tx = new ProbingTransaction();
    const edge = tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]);
    const { plan } = boundClosure(edge, [[100, 140]]);
    expect(sorted(run(plan, {}, tx))).toEqual(sorted(Array.from({ length: 40 }, (_, i) => [100 + i, 140])));
    // One lookup per row of m: run once per iteration, the chain made 41 lookups 39 times over (or 256 before hashing edge).
    expect(tx.stats.probes).toBe(41);
  });

  it('an index join step over a relation the store counts: lookups through its probes, the relation hashed only once they would cost more, never read in part', () => {
    // r(100, y) along a chain 100 → 101 → … → 400: one lookup per iteration, 300 in all.
    const walk = (filler: number, tx = new ProbingTransaction()) => {
      const edges = [...Array.from({ length: 300 }, (_, i) => [100 + i, 101 + i]), ...Array.from({ length: filler }, (_, i) => [10_000 + i, i % 9])];
      const edge = tx.define('edge', ['a', 'b'], null, edges, [{ columns: [0] }]);
      const cs = new Cols();
      const [x, y, dx, dz, fa, fb, ox, oy, bx, by] = cs.make('x', 'y', 'dx', 'dz', 'fa', 'fb', 'ox', 'oy', 'bx', 'by');
      const r = recRelation(1, 'r', [x, y]);
      const join = indexJoin('inner', recScan(r, true, [dx, dz]), edge, edge.indexes[0], [col(dz)], [fa, fb], call('sql.eq', [col(fa), col(dz)]));
      const step = project(join, [
        { column: ox, expr: col(dx) },
        { column: oy, expr: col(fb) },
      ]);
      const plan = fixpoint([{ relation: r, init: values([x, y], [[100, 101]]), step }], recScan(r, false, [bx, by]), 'set');
      const rows = sorted(run(plan, {}, tx));
      expect(rows).toEqual(closureFrom([[100, 101]], edges));
      return tx.stats;
    };
    // 20,000 rows: more than the 300 lookups are worth reading (SCAN_ROWS_PER_PROBE each), so
    // no cursor reads any part of it — reading a slice per iteration would open one.
    const large = walk(20_000);
    expect(large.cursorsOpened).toBe(0);
    expect(large.probes).toBe(300);
    // 300 rows: hashed once the lookups reach PROBES_BEFORE_SCAN, then probed no more.
    const small = walk(0);
    expect(small.cursorsOpened).toBe(1);
    expect(small.probes).toBeLessThan(300);
    // 1,300 rows: worth the 300 lookups through the tree, not those the store answers by hash (a few rows' reads each).
    const walked = walk(1000);
    expect(walked.cursorsOpened).toBe(1);
    expect(walked.probes).toBeLessThan(300);
    const hashed = walk(1000, new HashedProbingTransaction());
    expect(hashed.cursorsOpened).toBe(0);
    expect(hashed.probes).toBe(300);
    // Past a few rows per lookup the relation is read all the same.
    const hashedSmall = walk(0, new HashedProbingTransaction());
    expect(hashedSmall.cursorsOpened).toBe(1);
  });
});

/**
 * boundClosure: m(x, a) seeded with `seeds` and extended down the edges (m(y, a) :- m(x, a),
 * edge(x, y)), and nested in its body s(x, a) :- m(x, a), edge(x, a). s(x, a) :- m(x, a),
 * edge(x, z), s(z, a) — planned as the chain (m ⋈ edge by an index lookup) joined with Δs.
 * `m` computes m's rows by a search.
 */
function boundClosure(edge: ReturnType<TestTransaction['define']>, seeds: Value[][]) {
  const cs = new Cols();
  const [mx, ma, dx, da, ea, eb, o1, o2, sx, sa, fx, fa, ga, gb, i1, i2] = cs.make('mx', 'ma', 'dx', 'da', 'ea', 'eb', 'o1', 'o2', 'sx', 'sa', 'fx', 'fa', 'ga', 'gb', 'i1', 'i2');
  const [hx, ha, ja, jb, px, pa, pz, qz, qa, u1, u2, bx, ba] = cs.make('hx', 'ha', 'ja', 'jb', 'px', 'pa', 'pz', 'qz', 'qa', 'u1', 'u2', 'bx', 'ba');
  const m = recRelation(1, 'm', [mx, ma]);
  const s = recRelation(2, 's', [sx, sa]);
  const mStep = project(hashJoin('inner', recScan(m, true, [dx, da]), tableScan(edge, [ea, eb]), [col(dx)], [col(ea)]), [
    { column: o1, expr: col(eb) },
    { column: o2, expr: col(da) },
  ]);
  const sInit = project(hashJoin('inner', recScan(m, false, [fx, fa]), tableScan(edge, [ga, gb]), [col(fx), col(fa)], [col(ga), col(gb)]), [
    { column: i1, expr: col(fx) },
    { column: i2, expr: col(fa) },
  ]);
  const walked = project(indexJoin('inner', recScan(m, false, [hx, ha]), edge, edge.indexes[0], [col(hx)], [ja, jb], call('sql.eq', [col(ja), col(hx)])), [
    { column: px, expr: col(hx) },
    { column: pa, expr: col(ha) },
    { column: pz, expr: col(jb) },
  ]);
  const sStep = project(hashJoin('inner', walked, recScan(s, true, [qz, qa]), [col(pz), col(pa)], [col(qz), col(qa)]), [
    { column: u1, expr: col(px) },
    { column: u2, expr: col(pa) },
  ]);
  const inner = fixpoint([{ relation: s, init: sInit, step: sStep }], recScan(s, false, [bx, ba]), 'set');
  const plan = fixpoint([{ relation: m, init: values([mx, ma], seeds), step: mStep }], inner, 'set');
  // m's rows: closureFrom extends a row's second column, so the search runs on (a, x).
  const rowsOfM = (edges: readonly Value[][]): Row[] => closureFrom(seeds.map(([x, a]) => [a, x]), edges).map(([a, x]) => [x, a]);
  return { plan, m: rowsOfM };
}

/** closureFrom: the rows `start` extended by `edges` — (x, y) for (x, z) reached and an edge z → y (a NULL z follows none) — by a search. */
function closureFrom(start: readonly Value[][], edges: readonly Value[][]): Row[] {
  const key = (v: unknown) => JSON.stringify(v);
  const next = new Map<string, Value[]>();
  for (const [a, b] of edges) if (a !== null) next.set(key(a), [...(next.get(key(a)) ?? []), b]);
  const seen = new Map<string, Row>();
  const queue = start.map(([a, b]) => [a, b]);
  while (queue.length > 0) {
    const [x, z] = queue.pop() as Value[];
    if (seen.has(key([x, z]))) continue;
    seen.set(key([x, z]), [x, z]);
    if (z !== null) for (const y of next.get(key(z)) ?? []) queue.push([x, y]);
  }
  return sorted([...seen.values()]);
}

/** dedupe drops repeated rows (a primary key over every column holds each once). */
function dedupe(rows: Value[][]): Value[][] {
  return [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
}
