/**
 * An index join whose residual reads only the stored row's columns tests it on each candidate
 * as the join driver reads it (join-driver.ts rightTest), and the lookups hand over the store's
 * own arrays (StoreTransaction.prober) instead of a filtered copy per lookup; an output of one
 * stored column under that test is made by one generated loop (codegen.ts PickKernel). The
 * answers must be those computed here from the rows themselves: inner, left, semi and anti
 * joins, prefix reads of a primary key and of an index, point reads (batched and row by row),
 * fan-outs past an output batch, through cursors, probes and probers, with code generation on
 * and off; and the store's arrays must come out of the join as they went in.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Expr, type PhysicalPlan } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { useCodegen } from '../../src/executor/codegen.js';
import { Cols, col, indexJoin, lit, project, run, values } from './helpers.js';
import { BatchReadingTransaction, CoveringRowsTransaction, ProbingTransaction, TestTransaction } from './test-store.js';

const key = fc.oneof(fc.constant<Value>(null), fc.integer({ min: 0, max: 4 }));
const leftRows = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 12 });
// Groups of up to 700 stored rows per key: a left row's candidates may span two output batches of 1,024.
const groups = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 700 })), { maxLength: 4 });

/** byKey orders stored rows r(k, id, d) by their primary key. */
const byKey = (p: Row, q: Row): number => (p[0] as number) - (q[0] as number) || (p[1] as number) - (q[1] as number);

/** sqlNe is SQL's <>: NULL when either side is. */
const sqlNe = (x: Value, y: Value): boolean | null => (x === null || y === null ? null : x !== y);

afterEach(() => {
  useCodegen(true);
});

describe('an index join testing a residual on the stored row as it reads it', () => {
  for (const reads of ['cursors', 'probes', 'covering rows'] as const) {
    it(`answers as the rows say: every join kind, primary-key and index prefixes, one column or all (${reads})`, () => {
      fc.assert(
        fc.property(
          leftRows,
          groups,
          fc.constantFrom('inner' as const, 'left' as const, 'semi' as const, 'anti' as const),
          fc.constantFrom('pk', 'index'),
          fc.constantFrom('one', 'all'),
          fc.integer({ min: 0, max: 9 }),
          fc.boolean(),
          (l, gs, kind, by, shape, skip, codegen) => {
            useCodegen(codegen);
            const tx = reads === 'cursors' ? new TestTransaction() : reads === 'probes' ? new ProbingTransaction() : new CoveringRowsTransaction();
            // r(k, id, d), primary key (k, id), an index on d; d is NULL in every seventh row.
            const stored: Row[] = [];
            let id = 0;
            for (const [k, n] of gs) for (let i = 0; i < n; i++, id++) stored.push([k, id, id % 7 === 3 ? null : id % 10]);
            const rel = tx.define('r', ['k', 'id', 'd'], [0, 1], stored, [{ columns: [2] }]);
            const cs = new Cols();
            const [a, b, rk, rid, rd] = cs.make('a', 'b', 'k', 'id', 'd');
            // The residual reads the stored row alone: d <> skip.
            const residual: Expr = call('sql.ne', [col(rd), lit(skip)]);
            const lookup = by === 'pk' ? { index: null, keyOf: (r: Row) => r[0] } : { index: rel.indexes[0], keyOf: (r: Row) => r[2] };
            const join = indexJoin(kind, values([a, b], l as Value[][]), rel, lookup.index, [col(a)], [rk, rid, rd], residual);
            const plan: PhysicalPlan = shape === 'one' && (kind === 'inner' || kind === 'left') ? project(join, [{ column: cs.one('o'), expr: col(rd) }]) : join;
            // Candidates in key order: the primary key (k, id), or the index (d, then the primary key).
            const expected: Row[] = [];
            for (const [x, y] of l) {
              const matches = x === null ? [] : stored.filter((r) => lookup.keyOf(r) === x && sqlNe(r[2], skip) === true).sort(byKey);
              if (kind === 'semi' || kind === 'anti') {
                if ((matches.length > 0) === (kind === 'semi')) expected.push([x, y]);
                continue;
              }
              const out = shape === 'one' ? matches.map((r) => [r[2]]) : matches.map((r) => [x, y, ...r]);
              if (out.length === 0 && kind === 'left') out.push(shape === 'one' ? [null] : [x, y, null, null, null]);
              expected.push(...out);
            }
            const before = stored.map((r) => [...r]);
            const got = run(plan, {}, tx);
            expect(got).toEqual(expected);
            // The store's own rows and arrays, lent to the join, are as they were.
            expect(stored).toEqual(before);
            if (shape === 'one' && plan !== join) expect(new Set(got).size).toBe(got.length);
          },
        ),
        { numRuns: 120 },
      );
    });
  }

  it('tests the stored row of a point read, batched or row by row', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 30 }),
        fc.constantFrom('inner' as const, 'left' as const, 'semi' as const, 'anti' as const),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        fc.boolean(),
        (l, kind, skip, batched, codegen) => {
          useCodegen(codegen);
          const tx = batched ? new BatchReadingTransaction() : new TestTransaction();
          const stored: Row[] = [0, 1, 2, 3].map((id) => [id, id === 2 ? null : (id * 3) % 10]);
          const rel = tx.define('r', ['id', 'v'], [0], stored);
          const cs = new Cols();
          const [a, b, rid, rv] = cs.make('a', 'b', 'id', 'v');
          const join = indexJoin(kind, values([a, b], l as Value[][]), rel, null, [col(a)], [rid, rv], call('sql.ne', [col(rv), lit(skip)]));
          const one = kind === 'inner' || kind === 'left';
          const plan: PhysicalPlan = one ? project(join, [{ column: cs.one('o'), expr: col(rv) }]) : join;
          const expected: Row[] = [];
          for (const [x, y] of l) {
            const r = stored.find((s) => s[0] === x);
            const match = r !== undefined && sqlNe(r[1], skip) === true;
            if (kind === 'semi' || kind === 'anti') {
              if (match === (kind === 'semi')) expected.push([x, y]);
            } else if (match) expected.push([(r as Row)[1]]);
            else if (kind === 'left') expected.push([null]);
          }
          expect(run(plan, {}, tx)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
