import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { call, type Expr, type JoinKind } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { openPlan } from '../../src/executor/execute.js';
import { hashKey } from '../../src/executor/hash-key.js';
import { ProbingTransaction, TestTransaction } from './test-store.js';
import { agg, Cols, col, eq, hashAggregate, hashJoin, indexJoin, lit, nestedLoopJoin, project, run, sorted, tableScan, values } from './helpers.js';

const KINDS: JoinKind[] = ['inner', 'left', 'semi', 'anti', 'mark'];

const L: Value[][] = [
  [1, 'x'],
  [2, 'y'],
  [null, 'z'],
  [3, 'w'],
  [2, 'v'],
];
const R: Value[][] = [
  [1, 'p'],
  [2, 'q'],
  [2, 'r'],
  [null, 's'],
  [4, 't'],
];

const EXPECTED: Record<JoinKind, Value[][]> = {
  inner: [
    [1, 'x', 1, 'p'],
    [2, 'y', 2, 'q'],
    [2, 'y', 2, 'r'],
    [2, 'v', 2, 'q'],
    [2, 'v', 2, 'r'],
  ],
  left: [
    [1, 'x', 1, 'p'],
    [2, 'y', 2, 'q'],
    [2, 'y', 2, 'r'],
    [null, 'z', null, null],
    [3, 'w', null, null],
    [2, 'v', 2, 'q'],
    [2, 'v', 2, 'r'],
  ],
  semi: [
    [1, 'x'],
    [2, 'y'],
    [2, 'v'],
  ],
  anti: [
    [null, 'z'],
    [3, 'w'],
  ],
  // SQL IN: NULL probe against a non-empty side is unknown; a miss against a side holding NULL is unknown.
  mark: [
    [1, 'x', true],
    [2, 'y', true],
    [null, 'z', null],
    [3, 'w', null],
    [2, 'v', true],
  ],
};

function setup() {
  const cs = new Cols();
  const [a, b] = cs.make('a', 'b');
  const [c, d] = cs.make('c', 'd');
  const m = cs.one('m');
  return { a, b, c, d, m };
}

/** The three physical joins of the same logical join a = c [AND residual]. */
function threeJoins(kind: JoinKind, left: Value[][], right: Value[][], residual: ((cols: ReturnType<typeof setup>) => Expr) | null = null, tx = new TestTransaction()) {
  const k = setup();
  const rel = tx.define('r', ['c', 'd'], null, right);
  const relPk = tx.define('rpk', ['id', 'c', 'd'], [0], right.map((r, i) => [i, ...r]), [{ columns: [1] }]);
  const res = residual ? residual(k) : null;
  const lp = values([k.a, k.b], left);
  const mark = kind === 'mark' ? k.m : null;
  const hash = hashJoin(kind, lp, tableScan(rel, [k.c, k.d]), [col(k.a)], [col(k.c)], res, mark);
  const condition = res ? call('sql.and', [eq(col(k.a), col(k.c)), res]) : eq(col(k.a), col(k.c));
  const nl = nestedLoopJoin(kind, lp, tableScan(rel, [k.c, k.d]), condition, mark);
  const id = new Cols().one('id');
  // index join on the secondary index over c; its inner columns are (id, c, d): project them away by comparing only a, b, c, d.
  const ij = indexJoin(kind, lp, relPk, relPk.indexes[0], [col(k.a)], [id, k.c, k.d], res, mark);
  const strip = (rows: Row[]) => rows.map((r) => (kind === 'inner' || kind === 'left' ? [r[0], r[1], r[3], r[4]] : r));
  return {
    hash: run(hash, {}, tx),
    nested: run(nl, {}, tx),
    index: strip(run(ij, {}, tx)),
  };
}

describe('joins: every kind, every algorithm, with NULL keys', () => {
  for (const kind of KINDS) {
    it(`${kind} join`, () => {
      const { hash, nested, index } = threeJoins(kind, L, R);
      expect(hash).toEqual(EXPECTED[kind]);
      expect(nested).toEqual(EXPECTED[kind]);
      expect(index).toEqual(EXPECTED[kind]);
    });
  }

  it('mark join without NULLs on the right: a miss is false, a NULL probe is still unknown', () => {
    const right = [
      [1, 'p'],
      [4, 't'],
    ];
    for (const j of Object.values(threeJoins('mark', L, right))) {
      expect(j.map((r) => r[2])).toEqual([true, false, null, false, false]);
    }
  });

  it('mark join against an empty right side is false even for a NULL probe', () => {
    for (const j of Object.values(threeJoins('mark', L, []))) expect(j.map((r) => r[2])).toEqual([false, false, false, false, false]);
  });

  it('a residual false for every NULL-keyed pair makes the mark false', () => {
    // a = c AND d <> 's': the only NULL-keyed right row has d = 's', so 3 IN (...) is false
    const res = (k: ReturnType<typeof setup>) => call('sql.ne', [col(k.d), lit('s')]);
    for (const j of Object.values(threeJoins('mark', L, R, res))) expect(j.map((r) => r[2])).toEqual([true, true, null, false, true]);
  });

  it('residual checked on key matches for inner, left, semi, anti', () => {
    const res = (k: ReturnType<typeof setup>) => call('sql.ne', [col(k.d), lit('q')]);
    const all = Object.fromEntries(KINDS.filter((k) => k !== 'mark').map((k) => [k, threeJoins(k, L, R, res)]));
    for (const j of Object.values(all.inner)) expect(j).toEqual([[1, 'x', 1, 'p'], [2, 'y', 2, 'r'], [2, 'v', 2, 'r']]);
    for (const j of Object.values(all.left)) expect(j.map((r) => r[3])).toEqual(['p', 'r', null, null, 'r']);
    for (const j of Object.values(all.semi)) expect(j.map((r) => r[1])).toEqual(['x', 'y', 'v']);
    for (const j of Object.values(all.anti)) expect(j.map((r) => r[1])).toEqual(['z', 'w']);
  });

  it('composite keys: a NULL component never matches', () => {
    const cs = new Cols();
    const [a, b] = cs.make('a', 'b');
    const [c, d] = cs.make('c', 'd');
    const m = cs.one('m');
    const lp = values([a, b], [[1, 1], [1, null], [2, 2], [3, 3]]);
    const rp = values([c, d], [[1, 1], [1, null], [2, 2], [null, 3]]);
    expect(run(hashJoin('inner', lp, rp, [col(a), col(b)], [col(c), col(d)]))).toEqual([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
    // (1,NULL) IN {(1,1),(1,NULL),…}: unknown; (3,3) IN {…,(NULL,3)}: unknown; (2,2): true
    expect(run(hashJoin('mark', lp, rp, [col(a), col(b)], [col(c), col(d)], null, m)).map((r) => r[2])).toEqual([true, null, true, null]);
  });

  it('index join on a full primary key uses point reads; on a prefix, range reads', () => {
    const cs = new Cols();
    const [a] = cs.make('a');
    const [k1, k2, v] = cs.make('k1', 'k2', 'v');
    const tx = new TestTransaction();
    const rel = tx.define('kv', ['k1', 'k2', 'v'], [0, 1], [[1, 1, 'a'], [1, 2, 'b'], [2, 1, 'c']]);
    const lp = values([a], [[1], [2], [3], [null]]);
    const prefix = run(indexJoin('inner', lp, rel, null, [col(a)], [k1, k2, v]), {}, tx);
    expect(prefix.map((r) => r[3])).toEqual(['a', 'b', 'c']);
    const gets = tx.stats.gets;
    const point = run(indexJoin('left', lp, rel, null, [col(a), lit(1)], [k1, k2, v]), {}, tx);
    expect(point.map((r) => r[3])).toEqual(['a', 'c', null, null]);
    expect(tx.stats.gets - gets).toBe(3); // the NULL key is not looked up
  });

  it('fan-out is split into batches of at most 1024 rows', () => {
    const cs = new Cols();
    const [a] = cs.make('a');
    const [c, n] = cs.make('c', 'n');
    const lp = values([a], [[1], [2], [1]]);
    const rp = values([c, n], Array.from({ length: 1500 }, (_, i) => [i % 2 === 0 ? 1 : 3, i]));
    for (const kind of ['inner', 'left'] as const) {
      const stream = openPlan(hashJoin(kind, lp, rp, [col(a)], [col(c)]), new TestTransaction());
      const sizes: number[] = [];
      const rows: Row[] = [];
      for (let b = stream.next(); b; b = stream.next()) {
        sizes.push(b.length);
        rows.push(...b);
      }
      expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
      expect(rows.length).toBe(kind === 'inner' ? 1500 : 1501);
      expect(rows.filter((r) => r[0] === 2)).toEqual(kind === 'left' ? [[2, null, null]] : []);
      // order: left rows in order, each with its matches in right order
      expect(rows.slice(0, 750).every((r) => r[0] === 1)).toBe(true);
      expect(rows[1].at(-1)).toBe(2);
    }
  });

  it('nested-loop join without condition is a cross product; mark with NULL condition results', () => {
    const cs = new Cols();
    const [a] = cs.make('a');
    const [c] = cs.make('c');
    const m = cs.one('m');
    const lp = values([a], [[1], [2]]);
    const rp = values([c], [['p'], ['q']]);
    expect(run(nestedLoopJoin('inner', lp, rp, null))).toEqual([[1, 'p'], [1, 'q'], [2, 'p'], [2, 'q']]);
    expect(run(nestedLoopJoin('mark', lp, values([c], []), null, m))).toEqual([[1, false], [2, false]]);
    const lt = call('sql.lt', [col(a), col(c)]);
    expect(run(nestedLoopJoin('mark', values([a], [[1], [5], [null]]), values([c], [[3], [null]]), lt, m)).map((r) => r[1])).toEqual([true, null, null]);
  });

  it('a hash join built on an aggregate grouped by its key reads the groups from the aggregate, and answers as a table of its own would', () => {
    // Mixed values: 2, 2.0 and 2n are one key; '2' is not 2; 2^40 has no int32 form; NULL matches nothing (though it is a group).
    const value = fc.constantFrom<Value>(1, 2, 2.0, 2n, 3, -1, 0.5, 2 ** 40, '2', 'x', true, null);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), fc.array(fc.tuple(value, fc.integer({ min: 0, max: 9 })), { maxLength: 20 }), fc.constantFrom<JoinKind>('inner', 'left', 'semi', 'anti'), (ls, rs, kind) => {
        const cs = new Cols();
        const [a, c, x, n, s] = cs.make('a', 'c', 'x', 'n', 's');
        const [c2, n2, s2] = cs.make('c2', 'n2', 's2');
        const left = values([a], ls.map((v) => [v]));
        const grouped = hashAggregate(values([c, x], rs.map(([v, w]) => [v, w])), [c], [agg(n, 'sql.count_star', []), agg(s, 'sql.sum', [col(x)])]);
        // Under a projection the build side is no aggregate: the join hashes its rows itself.
        const hidden = project(grouped, [{ column: c2, expr: col(c) }, { column: n2, expr: col(n) }, { column: s2, expr: col(s) }]);
        const fromGroups = run(hashJoin(kind, left, grouped, [col(a)], [col(c)]));
        const ownTable = run(hashJoin(kind, left, hidden, [col(a)], [col(c2)]));
        expect(sorted(fromGroups)).toEqual(sorted(ownTable));
        // A residual on the joined row, too.
        const residual = call('sql.gt', [col(n), lit(1)]);
        const residual2 = call('sql.gt', [col(n2), lit(1)]);
        expect(sorted(run(hashJoin(kind, left, grouped, [col(a)], [col(c)], residual)))).toEqual(sorted(run(hashJoin(kind, left, hidden, [col(a)], [col(c2)], residual2))));
      }),
      { numRuns: 300 },
    );
  });

  it('a semi or anti hash join without a condition sieves whole batches (HashSource.sieve) as one asking row by row does', () => {
    // Mixed values: 2, 2.0 and 2n are one key; '2' is not 2; 2^40 and 0.5 have no int32 form; NULL matches nothing.
    // A build side holding a text or 2^40 leaves the int table for a Map; two keys are evaluated, not read from a slot.
    // The condition TRUE sends the same join through the driver's row-by-row loop.
    const value = fc.constantFrom<Value>(1, 2, 2.0, 2n, 3, -1, 0.5, 2 ** 40, '2', 'x', true, null);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 2500 }), fc.array(value, { maxLength: 12 }), fc.constantFrom<JoinKind>('semi', 'anti'), fc.boolean(), (ls, rs, kind, twoKeys) => {
        const cs = new Cols();
        const [a, b, c] = cs.make('a', 'b', 'c');
        const left = values([a, b], ls.map((x, i) => [x, i]));
        const right = values([c], rs.map((x) => [x]));
        const lk = twoKeys ? [col(a), col(a)] : [col(a)];
        const rk = twoKeys ? [col(c), col(c)] : [col(c)];
        const sieved = run(hashJoin(kind, left, right, lk, rk));
        expect(sieved).toEqual(run(hashJoin(kind, left, right, lk, rk, lit(true))));
        const keys = new Set(rs.filter((x) => x !== null).map((x) => hashKey(x)));
        expect(sieved.map((row) => row[1])).toEqual(ls.flatMap((x, i) => ((x !== null && keys.has(hashKey(x))) === (kind === 'semi') ? [i] : [])));
      }),
      { numRuns: 200 },
    );
  });

  it('an empty left side never reads the right side', () => {
    const cs = new Cols();
    const [a] = cs.make('a');
    const [c] = cs.make('c');
    const tx = new TestTransaction();
    const rel = tx.define('r', ['c'], [0], [[1]]);
    run(hashJoin('inner', values([a], []), tableScan(rel, [c]), [col(a)], [col(c)]), {}, tx);
    run(nestedLoopJoin('inner', values([a], []), tableScan(rel, [c]), null), {}, tx);
    expect(tx.stats.cursorsOpened).toBe(0);
  });
});

/** An independent reference: SQL semantics of each join kind over a = c with nested loops and 3-valued logic. */
function reference(kind: JoinKind, left: Value[][], right: Value[][]): Value[][] {
  const cmp = (x: Value, y: Value): boolean | null => (x === null || y === null ? null : x === y);
  const out: Value[][] = [];
  for (const l of left) {
    const matches = right.filter((r) => cmp(l[0], r[0]) === true);
    const unknown = right.some((r) => cmp(l[0], r[0]) === null);
    if (kind === 'inner' || kind === 'left') {
      for (const r of matches) out.push([...l, ...r]);
      if (kind === 'left' && matches.length === 0) out.push([...l, null, null]);
    } else if (kind === 'semi') {
      if (matches.length > 0) out.push(l);
    } else if (kind === 'anti') {
      if (matches.length === 0) out.push(l);
    } else out.push([...l, matches.length > 0 ? true : unknown ? null : false]);
  }
  return out;
}

describe('joins agree with a reference implementation on random data', () => {
  const key = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 5 }));
  const rows = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 99 })), { maxLength: 25 });
  for (const kind of KINDS) {
    it(`${kind}`, () => {
      fc.assert(
        fc.property(rows, rows, (l, r) => {
          const expected = reference(kind, l, r);
          const { hash, nested, index } = threeJoins(kind, l, r);
          expect(hash).toEqual(expected);
          expect(nested).toEqual(expected);
          // the index join reads the right side in index order: compare as bags
          const norm = (x: Value[][]) => x.map((y) => JSON.stringify(y)).sort();
          expect(norm(index)).toEqual(norm(expected));
        }),
        { numRuns: 150 },
      );
    });
  }
});


describe('composite-key mark joins follow row-value IN semantics', () => {
  // (a1, a2) IN (SELECT c1, c2 …): a pair is false if some component pair differs, else unknown
  // if some component is NULL, else true.
  function refMark(left: Value[][], right: Value[][]): (boolean | null)[] {
    const pair = (l: Value[], r: Value[]): boolean | null => {
      let unknown = false;
      for (let i = 0; i < 2; i++) {
        if (l[i] === null || r[i] === null) unknown = true;
        else if (l[i] !== r[i]) return false;
      }
      return unknown ? null : true;
    };
    return left.map((l) => {
      const results = right.map((r) => pair(l, r));
      return results.includes(true) ? true : results.includes(null) ? null : false;
    });
  }
  const cell = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 }));
  const rows = fc.array(fc.tuple(cell, cell), { maxLength: 12 });
  it('hash, nested-loop and index joins agree with the reference', () => {
    fc.assert(
      fc.property(rows, rows, (l, r) => {
        const cs = new Cols();
        const [a1, a2, c1, c2, id, m] = cs.make('a1', 'a2', 'c1', 'c2', 'id', 'm');
        const tx = new TestTransaction();
        const rel = tx.define('r', ['id', 'c1', 'c2'], [0], r.map((x, i) => [i, ...x]), [{ columns: [1, 2] }]);
        const lp = values([a1, a2], l);
        const rp = tableScan(rel, [id, c1, c2]);
        const expected = refMark(l, r);
        const marks = (rows: Row[]) => rows.map((x) => x[2]);
        expect(marks(run(hashJoin('mark', lp, rp, [col(a1), col(a2)], [col(c1), col(c2)], null, m), {}, tx))).toEqual(expected);
        const cond = call('sql.and', [eq(col(a1), col(c1)), eq(col(a2), col(c2))]);
        expect(marks(run(nestedLoopJoin('mark', lp, rp, cond, m), {}, tx))).toEqual(expected);
        expect(marks(run(indexJoin('mark', lp, rel, rel.indexes[0], [col(a1), col(a2)], [id, c1, c2], null, m), {}, tx))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('an index join residual that reads only the stored row', () => {
  const norm = (x: Value[][]) => x.map((y) => JSON.stringify(y)).sort();
  const left = fc.array(fc.tuple(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 5 })), fc.integer({ min: 0, max: 99 })), { maxLength: 20 });
  const right = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 99 }))), { maxLength: 20 });
  it("is tested on each row read: the nested-loop join's answers, every kind, prefix and point reads, with and without the store's probe", () => {
    fc.assert(
      fc.property(left, right, fc.constantFrom(...KINDS), fc.integer({ min: 0, max: 99 }), fc.boolean(), (l, r, kind, bound, probing) => {
        const newTx = () => (probing ? new ProbingTransaction() : new TestTransaction());
        // Prefix reads (an index over c): d > bound, unknown for a NULL d.
        const { nested, index } = threeJoins(kind, l, r, (k) => call('sql.gt', [col(k.d), lit(bound)]), newTx());
        expect(norm(index)).toEqual(norm(nested));
        // Point reads (c the primary key: the first row of each c).
        const tx = newTx();
        const byKey = r.filter((row, i) => r.findIndex((x) => x[0] === row[0]) === i);
        const rel = tx.define('pt', ['c', 'd'], [0], byKey);
        const k = setup();
        const lp = values([k.a, k.b], l);
        const mark = kind === 'mark' ? k.m : null;
        const residual = call('sql.gt', [col(k.d), lit(bound)]);
        const point = run(indexJoin(kind, lp, rel, null, [col(k.a)], [k.c, k.d], residual, mark), {}, tx);
        const loop = run(nestedLoopJoin(kind, lp, tableScan(rel, [k.c, k.d]), call('sql.and', [eq(col(k.a), col(k.c)), residual]), mark), {}, tx);
        expect(norm(point)).toEqual(norm(loop));
      }),
      { numRuns: 300 },
    );
  });
});
