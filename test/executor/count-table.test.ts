/**
 * A hash aggregate grouped by one value whose aggregates count rows only (COUNT(*)) counts them
 * per group in a CountTable (executor/count-table.ts) and makes group rows only as they are read.
 * Whatever the mix of values — ints, -0, doubles, bigints inside and outside int32, NaN, strings,
 * NULL, booleans — its groups must be GroupTable's: the same groups, each with its first value
 * and its row count, in the order first seen, found by the same values; and an aggregate counting
 * that way must answer as the same aggregate beside one that is not a count (the kernel's path),
 * also when a hash join reads its groups (hash-join.ts GroupSource, off when profiling).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { createProfile } from '../../src/executor/execute.js';
import { CountTable } from '../../src/executor/count-table.js';
import { GroupTable } from '../../src/executor/group-table.js';
import { Cols, agg, col, hashAggregate, hashJoin, project, run, values } from './helpers.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0.5, NaN, 2 ** 31, -(2 ** 31), 2 ** 40, 2 ** 31 - 1),
  fc.constantFrom(1n, -2n, 2n ** 31n, 2n ** 40n, 2n ** 70n),
  fc.constantFrom('a', '1', '', '\u0000s1', null, true, false),
);

/** The rows made by a CountTable: [value, count]. */
const pair = (v: Value, n: number, into: Row | null): Row => {
  const row = into ?? [null, null];
  row[0] = v;
  row[1] = n;
  return row;
};

describe('CountTable', () => {
  it("counts rows into GroupTable's groups, in the order first seen, and finds them by the same values", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), fc.array(value, { maxLength: 20 }), fc.nat(100), fc.integer({ min: 1, max: 9 }), (vals, probes, expected, batch) => {
        const model = new GroupTable<Row>(expected, (r) => [r[0], 0]);
        for (const v of vals) (model.one(v, [v]) as number[])[1]++;
        const table = new CountTable(expected, pair);
        const rows = vals.map((v) => [null, v]);
        // Counted in batches, from a slot other than 0.
        for (let i = 0; i < rows.length; i += batch) table.count(rows, 1, i, Math.min(rows.length, i + batch));
        expect(table.rows()).toEqual(model.all);
        for (const v of [...probes, ...vals]) {
          const want = model.find(v);
          const got = table.find(v);
          expect(got === undefined ? undefined : [...got]).toEqual(want);
        }
        table.release();
      }),
      { numRuns: 1000 },
    );
  });

  it('grows past what it was sized for', () => {
    const table = new CountTable(1, pair);
    const rows: Row[] = [];
    for (let i = 0; i < 50_000; i++) rows.push([(i * 7919) % 20_000]);
    table.count(rows, 0, 0, rows.length);
    const got = table.rows();
    expect(got.length).toBe(20_000);
    expect(got.slice(0, 3)).toEqual([
      [0, 3],
      [7919, 3],
      [15838, 3],
    ]);
    expect(got.reduce((s, r) => s + (r[1] as number), 0)).toBe(50_000);
    const model = new Map<number, number>();
    for (const r of rows) model.set(r[0] as number, (model.get(r[0] as number) ?? 0) + 1);
    expect(got).toEqual([...model].map(([k, n]) => [k, n]));
    expect(table.find(19_999)).toEqual([19_999, model.get(19_999)]);
    expect(table.find(20_000)).toBeUndefined();
  });
});

describe('a hash aggregate counting rows by one value', () => {
  it('answers as the same aggregate beside a non-count one, alone and under a hash join on its groups', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 0, max: 5 })), { maxLength: 60 }), fc.array(value, { maxLength: 20 }), (input, probes) => {
        const cs = new Cols();
        const [g, x, c, c2, m, p] = cs.make('g', 'x', 'c', 'c2', 'm', 'p');
        const rows = values([g, x], input);
        // Two counts (both counted), and the same counts beside a MIN (the kernel's path).
        const counting = hashAggregate(rows, [g], [agg(c, 'sql.count_star', []), agg(c2, 'sql.count_star', [])]);
        const folding = project(hashAggregate(rows, [g], [agg(c, 'sql.count_star', []), agg(c2, 'sql.count_star', []), agg(m, 'sql.min', [col(x)])]), [
          { column: g, expr: col(g) },
          { column: c, expr: col(c) },
          { column: c2, expr: col(c2) },
        ]);
        const want = run(folding);
        expect(run(counting)).toEqual(want);
        expect(want.reduce((s, r) => s + (r[1] as number), 0)).toBe(input.length);
        // A hash join built on the groups: GroupSource reads the counts' rows; profiling joins through a hash table.
        const join = hashJoin('inner', values([p], probes.map((v) => [v])), counting, [col(p)], [col(g)]);
        const joined = run(join);
        expect(joined).toEqual(run(join, { profile: createProfile() }));
        const expectedJoin: Row[] = [];
        for (const v of probes) {
          if (v === null) continue;
          for (const r of want) if (sameGroup(r[0], v)) expectedJoin.push([v, ...r]);
        }
        expect(joined).toEqual(expectedJoin);
      }),
      { numRuns: 500 },
    );
  });
});

/** sameGroup says whether values a and b fall in one group (a GroupTable of a alone finds it by b). */
function sameGroup(a: Value, b: Value): boolean {
  const t = new GroupTable<Row>(1, (r) => r);
  t.one(a, [a]);
  return t.find(b) !== undefined;
}
